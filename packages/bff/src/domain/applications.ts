import type { Clock } from '../clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Application, StringMap } from '../model.ts';
import type { ApplicationFilter, ListQuery, Store } from '../store/types.ts';
import { type UpsertPath, uidAt, upsert } from './uids.ts';
import { uniquely } from './unique.ts';

export interface ApplicationInput {
  name: string;
  uid?: string | null;
  throttleRate?: number | null;
  metadata?: StringMap | null;
}

export type ApplicationPatch = Partial<ApplicationInput>;

export const isAppId = (value: string) => value.startsWith('app_');

export type Applications = ReturnType<typeof createApplications>;

/** What a path naming an application is, for a PUT or an on-the-fly create there. */
export const APP_PATH: UpsertPath = { prefix: 'app', param: 'app_id', what: 'Application' };

export function createApplications({ store, clock }: { store: Store; clock: Clock }) {
  async function create(input: ApplicationInput): Promise<Application> {
    const now = clock.now();
    const app: Application = {
      id: newId('app', now.getTime()),
      uid: input.uid ?? null,
      name: input.name,
      throttleRate: input.throttleRate ?? null,
      metadata: input.metadata ?? {},
      createdAt: now,
      updatedAt: now,
    };
    await uniquely(store.applications.insert(app), `An application with uid "${app.uid}"`);
    return app;
  }

  async function get(idOrUid: string): Promise<Application> {
    const app = await store.applications.get(idOrUid);
    if (!app) throw new NotFoundError('Application not found');
    return app;
  }

  async function update(app: Application, changes: ApplicationPatch): Promise<Application> {
    const updated: Application = {
      ...app,
      name: changes.name ?? app.name,
      uid: changes.uid === undefined ? app.uid : changes.uid,
      throttleRate: changes.throttleRate === undefined ? app.throttleRate : changes.throttleRate,
      metadata: changes.metadata === undefined ? app.metadata : (changes.metadata ?? {}),
      updatedAt: clock.now(),
    };
    await uniquely(store.applications.update(updated), `An application with uid "${updated.uid}"`);
    return updated;
  }

  /**
   * The application a path names that does not exist yet, made from `input` with the path as its
   * uid: an id is never made up, and a path that reads as another resource's id is no uid.
   */
  async function createAt(path: string, input: ApplicationInput): Promise<Application> {
    const at = uidAt(path, APP_PATH);
    return create({ ...input, uid: input.uid ?? at });
  }

  return {
    create,
    get,
    update,
    /** `get_if_exists`: a create whose uid is taken answers with that application instead. */
    async createOrGet(input: ApplicationInput): Promise<{ app: Application; created: boolean }> {
      const existing = input.uid ? await store.applications.get(input.uid) : undefined;
      if (existing) return { app: existing, created: false };
      return { app: await create(input), created: true };
    },
    /** PUT: replaces the application, or creates it with the path's uid when there is none. */
    async upsert(idOrUid: string, input: ApplicationInput): Promise<{ app: Application; created: boolean }> {
      const { value, created } = await upsert(idOrUid, APP_PATH, input.uid, {
        find: () => store.applications.get(idOrUid),
        replace: (existing, uid) => update(existing, { throttleRate: null, metadata: null, ...input, uid }),
        create: (uid) => create({ ...input, uid }),
      });
      return { app: value, created };
    },
    /**
     * app-portal-access (Svix): the application the path names; `input`, when given, only makes it
     * when there is none, under the path's uid.
     */
    async getOrCreateAt(idOrUid: string, input: ApplicationInput): Promise<Application> {
      const existing = await store.applications.get(idOrUid);
      if (existing) return existing;
      if (input.uid && input.uid !== idOrUid) {
        throw new ValidationError([
          {
            loc: ['body', 'application', 'uid'],
            msg: "must be the path's uid (or left out): the path names the application to make",
            type: 'value_error.uid_mismatch',
          },
        ]);
      }
      try {
        return await createAt(idOrUid, input);
      } catch (err) {
        // Two first visits at once: the one that lost the race takes the application the other made.
        const made = err instanceof ConflictError && (await store.applications.get(idOrUid));
        if (made) return made;
        throw err;
      }
    },
    list: (query: ListQuery & ApplicationFilter) => store.applications.list(query),
    async delete(app: Application): Promise<void> {
      if (!(await store.applications.delete(app.id))) throw new NotFoundError('Application not found');
    },
  };
}

import type { Clock } from '../clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { type IdPrefix, newId } from '../ids.ts';
import type { Application, StringMap } from '../model.ts';
import type { ListQuery, Store } from '../store/types.ts';
import { uniquely } from './unique.ts';

export interface ApplicationInput {
  name: string;
  uid?: string | null;
  throttleRate?: number | null;
  metadata?: StringMap | null;
}

export type ApplicationPatch = Partial<ApplicationInput>;

/** Every prefix of Patchbay's ids (a record, so that a new prefix cannot be forgotten here). */
const ID_PREFIXES: Record<IdPrefix, true> = { app: true, ep: true, msg: true, atmpt: true, trtmpl: true, qtask: true };
const ID_LIKE = new RegExp(`^(${Object.keys(ID_PREFIXES).join('|')})_`);

/**
 * Whether a value reads as one of Patchbay's ids. Such a value is never a uid (Svix refuses a uid
 * with its id's prefix), so an id or a uid always names exactly one application.
 */
export const looksLikeId = (value: string) => ID_LIKE.test(value);
export const isAppId = (value: string) => value.startsWith('app_');
export const INVALID_UID_PREFIX = 'Uids are not allowed to have the same prefix as an id (app_, ep_, msg_, …)';

export type Applications = ReturnType<typeof createApplications>;

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
    if (isAppId(path)) throw new NotFoundError('Application not found');
    if (looksLikeId(path)) {
      throw new ValidationError([
        { loc: ['path', 'app_id'], msg: INVALID_UID_PREFIX, type: 'value_error.invalid_uid_prefix' },
      ]);
    }
    return create({ ...input, uid: input.uid ?? path });
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
      const existing = await store.applications.get(idOrUid);
      if (existing) {
        const replaced = { uid: null, throttleRate: null, metadata: null, ...input };
        return { app: await update(existing, replaced), created: false };
      }
      return { app: await createAt(idOrUid, input), created: true };
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
    list: (query: ListQuery) => store.applications.list(query),
    async delete(app: Application): Promise<void> {
      if (!(await store.applications.delete(app.id))) throw new NotFoundError('Application not found');
    },
  };
}

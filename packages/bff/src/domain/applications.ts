import type { Clock } from '../clock.ts';
import { NotFoundError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Application, ListQuery, Store, StringMap } from '../store/types.ts';
import { uniquely } from './unique.ts';

export interface ApplicationInput {
  name: string;
  uid?: string | null;
  throttleRate?: number | null;
  metadata?: StringMap | null;
}

export type ApplicationPatch = Partial<ApplicationInput>;

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

  return {
    create,
    get,
    update,
    /** `get_if_exists`: a create whose uid is taken answers with that application instead. */
    async createOrGet(input: ApplicationInput): Promise<{ app: Application; created: boolean }> {
      const existing = input.uid ? await store.applications.get(input.uid) : undefined;
      if (existing && existing.uid === input.uid) return { app: existing, created: false };
      return { app: await create(input), created: true };
    },
    /** PUT: replaces the application, or creates it with the path's uid when there is none. */
    async upsert(idOrUid: string, input: ApplicationInput): Promise<{ app: Application; created: boolean }> {
      const existing = await store.applications.get(idOrUid);
      if (existing) {
        const replaced = { uid: null, throttleRate: null, metadata: null, ...input };
        return { app: await update(existing, replaced), created: false };
      }
      if (idOrUid.startsWith('app_')) throw new NotFoundError('Application not found');
      return { app: await create({ ...input, uid: input.uid ?? idOrUid }), created: true };
    },
    list: (query: ListQuery) => store.applications.list(query),
    async delete(app: Application): Promise<void> {
      if (!(await store.applications.delete(app.id))) throw new NotFoundError('Application not found');
    },
  };
}

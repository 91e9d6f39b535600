import type { Clock } from '../clock.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { newId } from '../ids.ts';
import {
  type Application,
  type BackgroundTask,
  type BackgroundTaskType,
  publicTaskData,
  VENDOR_WIDE,
} from '../model.ts';
import type { BackgroundTaskFilter, ListQuery, Store } from '../store/types.ts';

/**
 * How many background tasks one application may have running at once. Each is done in turns
 * with every other running task, so an application (a hostile portal session) can neither pile
 * up work nor take more than its share of the runner from the others.
 */
export const MAX_RUNNING_PER_APP = 3;

export type BackgroundTasks = ReturnType<typeof createBackgroundTasks>;

/** Background tasks as the API sees them: started here, done by the runner (delivery/background-tasks.ts). */
export function createBackgroundTasks(deps: { store: Store; clock: Clock; wake: () => void }) {
  const { store, clock, wake } = deps;
  return {
    /**
     * A new running task; refused while the application has {@link MAX_RUNNING_PER_APP} running.
     * `null`: a vendor-wide task (statistics), capped the same way, the vendor-wide ones together.
     */
    async start(
      app: Application | null,
      task: BackgroundTaskType,
      data: Record<string, unknown>,
    ): Promise<BackgroundTask> {
      const now = clock.now();
      const created: BackgroundTask = {
        id: newId('qtask', now.getTime()),
        appId: app?.id ?? VENDOR_WIDE,
        task,
        status: 'running',
        data,
        leaseUntil: null,
        createdAt: now,
        updatedAt: now,
      };
      if (!(await store.backgroundTasks.insert(created, MAX_RUNNING_PER_APP))) {
        throw new ConflictError(
          'too_many_background_tasks',
          `${app ? 'This application has' : 'There are'} ${MAX_RUNNING_PER_APP} ${app ? '' : 'vendor-wide '}background tasks running: wait for one to finish`,
        );
      }
      wake();
      return created;
    },

    /** Any application's (the vendor's view), or only `app`'s. */
    async get(id: string, app?: Application): Promise<BackgroundTask> {
      const task = await store.backgroundTasks.get(id);
      if (!task || (app && task.appId !== app.id)) throw new NotFoundError('Background task not found');
      return task;
    },

    list: (query: ListQuery & BackgroundTaskFilter) => store.backgroundTasks.list(query),

    /** What the API shows of a task's data. */
    publicData: (task: BackgroundTask): Record<string, unknown> => publicTaskData(task.data),
  };
}

import { ValidationError } from '../errors.ts';
import type { BackgroundTask } from '../model.ts';
import type { Store } from '../store/types.ts';
import type { BackgroundTasks } from './background-tasks.ts';

export type Statistics = ReturnType<typeof createStatistics>;

/**
 * Svix's statistics operations: each starts a vendor-wide background task (counted in
 * delivery/stats-tasks.ts), capped as an application's are, all vendor-wide tasks together.
 */
export function createStatistics(deps: { store: Store; tasks: BackgroundTasks }) {
  const { store, tasks } = deps;
  return {
    /**
     * Counts every application's messages of the window, or those of `appIds` (ids or uids);
     * answers the task and the names that found no application. None found: 422, as Svix.
     */
    async aggregateAppStats(input: {
      since: Date;
      until: Date;
      appIds?: string[] | null;
    }): Promise<{ task: BackgroundTask; unresolvedAppIds: string[] }> {
      if (input.until.getTime() <= input.since.getTime()) {
        throw new ValidationError([{ loc: ['body', 'until'], msg: 'must be after since', type: 'value_error' }]);
      }
      let appIds: string[] | null = null;
      let unresolvedAppIds: string[] = [];
      if (input.appIds) {
        const found = await store.statistics.applicationsByIdOrUid(input.appIds);
        const named = new Set(found.flatMap((app) => [app.id, app.uid]));
        unresolvedAppIds = input.appIds.filter((name) => !named.has(name));
        if (found.length === 0) {
          throw new ValidationError([
            { loc: ['body', 'appIds'], msg: 'none of these ids or uids names an application', type: 'value_error' },
          ]);
        }
        appIds = found.map((app) => app.id);
      }
      const task = await tasks.start(null, 'application.stats', {
        since: input.since.toISOString(),
        until: input.until.toISOString(),
        appIds,
        appStats: [],
        cursor: null,
      });
      return { task, unresolvedAppIds };
    },

    /** What every application's endpoints subscribe to. */
    aggregateEventTypes: () => tasks.start(null, 'event-type.aggregate', { event_types: [], cursor: null }),
  };
}

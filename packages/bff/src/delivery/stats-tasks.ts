import type { BackgroundTask } from '../model.ts';
import type { Store } from '../store/types.ts';
import type { StepOutcome, TaskKind } from './background-tasks.ts';

/** Applications one batch of a statistics task counts: a few short index reads each, then the batch commits. */
export const STATS_BATCH = 25;

/** One application's line in `application.stats`'s `data.appStats` (Svix's, plus `messages`). */
export type AppStats = { appId: string; appUid: string | null; messageDestinations: number; messages: number };

/** What `application.stats` keeps in its task's `data`. */
export type AppStatsData = {
  since: string;
  until: string;
  /** The applications asked for (resolved to ids, in id order); null: every application. */
  appIds: string[] | null;
  appStats: AppStats[];
  /** The last application counted (not shown by the API). */
  cursor: string | null;
};

/** One application's line in `event-type.aggregate`'s `data.event_types` (Svix's key and shape). */
export type AppEventTypes = { appId: string; explicitlySubscribedEventTypes: string[]; hasCatchAllEndpoint: boolean };

export type EventTypeAggregateData = { event_types: AppEventTypes[]; cursor: string | null };

/**
 * The next batch after `cursor`, of the applications asked for or of all of them, and where it
 * leaves the walk: `cursor` null once it is the last.
 */
async function nextApps(store: Store, after: string | null, only: string[] | null) {
  if (only === null) {
    const apps = await store.statistics.applicationsAfter(after, STATS_BATCH);
    return { apps, cursor: apps.length < STATS_BATCH ? null : (apps.at(-1)?.id ?? null) };
  }
  const ids = only.filter((id) => after === null || id > after).slice(0, STATS_BATCH);
  const last = ids.at(-1) ?? null;
  // An application deleted since the task started is left out.
  const apps = ids.length ? await store.statistics.applicationsByIdOrUid(ids) : [];
  return { apps, cursor: last !== null && only.some((id) => id > last) ? last : null };
}

/**
 * Svix's aggregate-app-stats (`application.stats`): per application, the messages created in the
 * window and the endpoints they were dispatched to (Svix's `messageDestinations`), a batch of
 * applications at a time in id order.
 */
export function appStatsKind(store: Store): TaskKind {
  return {
    task: 'application.stats',
    async step(task: BackgroundTask): Promise<StepOutcome> {
      const data = task.data as unknown as AppStatsData;
      const window = { since: new Date(data.since), until: new Date(data.until) };
      const { apps, cursor } = await nextApps(store, data.cursor, data.appIds);
      const counted: AppStats[] = [];
      for (const app of apps) {
        counted.push({ appId: app.id, appUid: app.uid, ...(await store.statistics.appUsage(app.id, window)) });
      }
      return {
        status: cursor === null ? 'finished' : 'running',
        data: { ...data, appStats: [...data.appStats, ...counted], cursor },
      };
    },
  };
}

/**
 * Svix's aggregate-event-types (`event-type.aggregate`): per application, the event types its
 * endpoints subscribe to by name and whether one of them takes every type.
 */
export function eventTypeAggregateKind(store: Store): TaskKind {
  return {
    task: 'event-type.aggregate',
    async step(task: BackgroundTask): Promise<StepOutcome> {
      const data = task.data as unknown as EventTypeAggregateData;
      const { apps, cursor } = await nextApps(store, data.cursor, null);
      const found: AppEventTypes[] = [];
      for (const app of apps) found.push({ appId: app.id, ...(await store.statistics.subscriptions(app.id)) });
      return {
        status: cursor === null ? 'finished' : 'running',
        data: { ...data, event_types: [...data.event_types, ...found], cursor },
      };
    },
  };
}

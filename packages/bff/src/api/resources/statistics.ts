import { z } from 'zod';
import type { Statistics } from '../../domain/statistics.ts';
import type { RouteTable } from '../route-table.ts';
import { timestamp } from '../schemas.ts';
import { TaskStartedOut, taskStartedOut } from './background-tasks.ts';

/** An application's id or uid, as Svix's AppUsageStatsIn takes them. */
const appIdOrUid = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9\-_.]+$/, 'must be an application id or uid');

/** Svix's AppUsageStatsIn. */
const AppUsageStatsIn = z.object({
  since: timestamp,
  until: timestamp,
  appIds: z
    .array(appIdOrUid)
    .refine((ids) => new Set(ids).size === ids.length, 'must not name an application twice')
    .nullish(),
});

export function statisticsRoutes(routes: RouteTable, statistics: Statistics): void {
  const started = { tag: 'Statistics', access: { kind: 'vendor' }, status: 202 } as const;
  routes.add(
    {
      method: 'post',
      path: '/api/v1/stats/usage/app',
      operationId: 'v1.statistics.aggregate-app-stats',
      summary:
        "Count each application's messages in the window and the endpoints they went to (`messageDestinations`): a background task, whose `data.appStats` holds the counts",
      ...started,
      body: AppUsageStatsIn,
      response: TaskStartedOut.extend({ unresolvedAppIds: z.array(z.string()) }),
    },
    async ({ body }) => {
      const { task, unresolvedAppIds } = await statistics.aggregateAppStats({
        since: new Date(body.since),
        until: new Date(body.until),
        appIds: body.appIds,
      });
      return { ...taskStartedOut(task), unresolvedAppIds };
    },
  );
  routes.add(
    {
      method: 'put',
      path: '/api/v1/stats/usage/event-types',
      operationId: 'v1.statistics.aggregate-event-types',
      summary:
        "List the event types each application's endpoints subscribe to: a background task, whose `data.event_types` holds them",
      ...started,
      response: TaskStartedOut,
    },
    async () => taskStartedOut(await statistics.aggregateEventTypes()),
  );
}

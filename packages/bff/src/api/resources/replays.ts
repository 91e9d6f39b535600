import { z } from 'zod';
import type { Endpoints } from '../../domain/endpoints.ts';
import type { Replays } from '../../domain/replays.ts';
import type { RouteTable } from '../route-table.ts';
import { channels, eventTypeName, queryDate, timestamp } from '../schemas.ts';
import { messageStatus, STATUS_CODE_CLASSES } from './attempts.ts';
import { TaskStartedOut, taskStartedOut } from './background-tasks.ts';

/** Svix's RecoverIn and ReplayIn. */
const WindowIn = z.object({ since: timestamp, until: timestamp.nullish() });
const windowOf = (body: z.output<typeof WindowIn>) => ({
  since: new Date(body.since),
  until: body.until ? new Date(body.until) : null,
});

/** What one count before a recovery or replay takes of the application's `queue` budget. */
export const COUNT_COST = 5;

export function replayRoutes(routes: RouteTable, deps: { replays: Replays; endpoints: Endpoints }): void {
  const { replays, endpoints } = deps;
  const base = '/api/v1/app/{app_id}/endpoint/{endpoint_id}';
  // Each starts a background task (at most a few running per application) on the budget resends spend.
  const started = { access: { kind: 'app', capability: 'CreateAttempts' }, rateLimit: 'queue', status: 202 } as const;

  const windowed = [
    [
      'recover',
      'Send again every message whose delivery to this endpoint failed in the window: a background task, followed with GET background-task',
      replays.recover,
    ],
    [
      'replay-missing',
      'Send the messages of the window that this endpoint subscribes to and never got (say, while it was disabled): a background task',
      replays.replayMissing,
    ],
  ] as const;
  for (const [operation, summary, start] of windowed) {
    routes.add(
      {
        method: 'post',
        path: `${base}/${operation}`,
        operationId: `v1.endpoint.${operation}`,
        summary,
        tag: 'Endpoint',
        ...started,
        body: WindowIn,
        response: TaskStartedOut,
      },
      async ({ app, params, body }) =>
        taskStartedOut(await start(app, await endpoints.get(app, params.endpoint_id as string), windowOf(body))),
    );
  }
  routes.add(
    {
      method: 'post',
      path: `${base}/bulk-replay`,
      operationId: 'v1.endpoint.bulk-replay',
      summary:
        'Send again the messages of the window dispatched to this endpoint, delivered or not, that the filters keep: a background task',
      tag: 'Endpoint',
      ...started,
      body: WindowIn.extend({
        eventTypes: z.array(eventTypeName).max(100).nullish(),
        channel: channels.element.nullish(),
        tag: z
          .string()
          .max(128)
          .regex(/^[a-zA-Z0-9\-_./\\#]+$/, 'may contain only letters, digits and - _ . / \\ #')
          .nullish(),
        status: messageStatus.nullish(),
        statusCodeClass: z
          .number()
          .int()
          .refine((c) => STATUS_CODE_CLASSES.includes(c), 'must be 0, 100, 200, 300, 400 or 500')
          .nullish(),
      }),
      response: TaskStartedOut,
    },
    async ({ app, params, body }) => {
      const endpoint = await endpoints.get(app, params.endpoint_id as string);
      const { eventTypes, channel, tag, status, statusCodeClass } = body;
      const filter = Object.fromEntries(
        Object.entries({ eventTypes, channel, tag, status, statusCodeClass }).filter(([, v]) => v != null),
      );
      return taskStartedOut(await replays.bulkReplay(app, endpoint, windowOf(body), filter));
    },
  );

  // The counts read the endpoint's deliveries (or the application's messages) in the window: as
  // much as a batch of a task for every hundred, so each spends several of the budget the tasks
  // spend (with a 200 000-message window, a count holds SQLite's one connection some 150 ms).
  const counts = [
    ['recover', 'failedCount', 'recover would send again'],
    ['replay-missing', 'missingCount', 'replay-missing would send'],
  ] as const;
  for (const [operation, method, what] of counts) {
    routes.add(
      {
        method: 'get',
        path: `/portal/v1/endpoints/{endpoint_id}/${operation}`,
        operationId: `portal.endpoint.${operation}-count`,
        summary: `How many messages ${what} for the same window (Svix has no dry run): \`until\` is when counted, to pass on to ${operation}`,
        tag: 'Portal',
        access: { kind: 'session', capability: 'ViewBase' },
        rateLimit: 'queue',
        rateCost: COUNT_COST,
        query: z.object({ since: queryDate, until: queryDate.optional() }),
        response: z.object({ messages: z.number(), until: z.string() }),
      },
      async ({ app, params, query }) => {
        const endpoint = await endpoints.get(app, params.endpoint_id as string);
        const counted = await replays[method](endpoint, query.since, query.until);
        return { messages: counted.messages, until: counted.until.toISOString() };
      },
    );
  }
}

import { z } from 'zod';
import type { Dispatches } from '../../domain/dispatches.ts';
import type { Endpoints } from '../../domain/endpoints.ts';
import type { Messages } from '../../domain/messages.ts';
import type { RouteTable } from '../route-table.ts';
import { eventTypeName, queryDate } from '../schemas.ts';
import { MessageOut, messageOut } from './messages.ts';

export function dispatchRoutes(
  routes: RouteTable,
  deps: { dispatches: Dispatches; endpoints: Endpoints; messages: Messages },
): void {
  const { dispatches, endpoints, messages } = deps;
  const base = '/api/v1/app/{app_id}/endpoint/{endpoint_id}';

  routes.add(
    {
      method: 'post',
      path: '/api/v1/app/{app_id}/msg/{msg_id}/endpoint/{endpoint_id}/resend',
      operationId: 'v1.message-attempt.resend',
      summary: 'Send a message to an endpoint again, now',
      tag: 'Message Attempt',
      access: { kind: 'app', capability: 'CreateAttempts' },
      rateLimit: 'queue',
      status: 202,
    },
    async ({ app, params }) => {
      const message = await messages.get(app, params.msg_id as string);
      const endpoint = await endpoints.get(app, params.endpoint_id as string);
      await dispatches.resend(message, endpoint);
      return {};
    },
  );
  routes.add(
    {
      method: 'post',
      path: `${base}/send-example`,
      operationId: 'v1.endpoint.send-example',
      summary: "Send the event type's example payload to this endpoint only",
      tag: 'Endpoint',
      access: { kind: 'app', capability: 'CreateAttempts' },
      rateLimit: 'queue',
      body: z.object({ eventType: eventTypeName, exampleIndex: z.number().int().min(0).max(100).nullish() }),
      response: MessageOut,
      status: 202,
    },
    async ({ app, params, body }) => {
      const endpoint = await endpoints.get(app, params.endpoint_id as string);
      return messageOut(await dispatches.sendExample(app, endpoint, body.eventType, body.exampleIndex ?? 0));
    },
  );
  routes.add(
    {
      method: 'get',
      path: `${base}/stats`,
      operationId: 'v1.endpoint.get-stats',
      summary: "Count this endpoint's deliveries by status",
      tag: 'Endpoint',
      access: { kind: 'app', capability: 'ViewBase' },
      query: z.object({ since: queryDate.nullish(), until: queryDate.nullish() }),
      response: z.object({
        success: z.number(),
        pending: z.number(),
        sending: z.number(),
        fail: z.number(),
        canceled: z.number(),
      }),
    },
    async ({ app, params, query }) =>
      dispatches.stats(await endpoints.get(app, params.endpoint_id as string), query.since, query.until),
  );
  routes.add(
    {
      method: 'get',
      path: '/portal/v1/endpoints/{endpoint_id}/stats/series',
      operationId: 'portal.endpoint.stats-series',
      summary:
        "This endpoint's deliveries of the last 7 days, hour by hour (168 buckets from `start`, the last one the current hour): delivered, failed, pending",
      tag: 'Portal',
      access: { kind: 'session', capability: 'ViewBase' },
      response: z.object({
        start: z.string(),
        bucketSeconds: z.number(),
        buckets: z.array(z.object({ success: z.number(), fail: z.number(), pending: z.number() })),
      }),
    },
    async ({ app, params }) => {
      const series = await dispatches.series(await endpoints.get(app, params.endpoint_id as string));
      return { ...series, start: series.start.toISOString() };
    },
  );
}

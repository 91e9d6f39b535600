import { z } from 'zod';
import type { Attempts } from '../../domain/attempts.ts';
import type { Endpoints } from '../../domain/endpoints.ts';
import type { Messages } from '../../domain/messages.ts';
import { type Application, type Attempt, AttemptStatus } from '../../model.ts';
import type { AttemptFilter, ListQuery } from '../../store/types.ts';
import type { RouteTable } from '../route-table.ts';
import { listQuery, listResponse } from '../schemas.ts';
import { seesSecrets } from './endpoints.ts';
import { messageFilterQuery } from './messages.ts';

const STATUS_TEXT = ['success', 'pending', 'fail', 'sending', 'canceled'] as const;

export const MessageAttemptOut = z.object({
  id: z.string(),
  msgId: z.string(),
  endpointId: z.string(),
  url: z.string(),
  response: z.string(),
  responseStatusCode: z.number(),
  responseDurationMs: z.number(),
  status: z.number(),
  statusText: z.enum(STATUS_TEXT),
  triggerType: z.number(),
  timestamp: z.string(),
});

export const attemptOut = (a: Attempt, url = a.url): z.input<typeof MessageAttemptOut> => ({
  id: a.id,
  msgId: a.msgId,
  endpointId: a.endpointId,
  url,
  response: a.response,
  responseStatusCode: a.responseStatusCode,
  responseDurationMs: a.responseDurationMs,
  status: a.status,
  statusText: STATUS_TEXT[a.status],
  triggerType: a.triggerType,
  timestamp: a.timestamp.toISOString(),
});

const attemptQuery = listQuery('descending').extend({
  ...messageFilterQuery,
  status: z.coerce
    .number()
    .int()
    .refine((s): s is AttemptStatus => Object.values(AttemptStatus).includes(s as AttemptStatus), 'must be 0 to 4')
    .optional(),
});

type AttemptListQuery = ListQuery & AttemptFilter;

export function attemptRoutes(
  routes: RouteTable,
  deps: { attempts: Attempts; endpoints: Endpoints; messages: Messages },
): void {
  const tag = 'Message Attempt';
  const { attempts, endpoints, messages } = deps;
  const lists = [
    {
      path: '/api/v1/app/{app_id}/attempt/endpoint/{endpoint_id}',
      operationId: 'v1.message-attempt.list-by-endpoint',
      summary: 'List delivery attempts to an endpoint, newest first',
      list: async (app: Application, params: Record<string, string>, filter: AttemptListQuery) =>
        attempts.listByEndpoint(await endpoints.get(app, params.endpoint_id as string), filter),
    },
    {
      path: '/api/v1/app/{app_id}/attempt/msg/{msg_id}',
      operationId: 'v1.message-attempt.list-by-msg',
      summary: 'List delivery attempts of a message, newest first',
      list: async (app: Application, params: Record<string, string>, filter: AttemptListQuery) =>
        attempts.listByMessage(await messages.get(app, params.msg_id as string), filter),
    },
  ];
  for (const { list, ...spec } of lists) {
    routes.add(
      {
        ...spec,
        method: 'get',
        tag,
        access: { kind: 'app', capability: 'ViewBase' },
        query: attemptQuery,
        response: listResponse(MessageAttemptOut),
      },
      async ({ app, params, query, principal }) => {
        const page = await list(app, params, { ...query, eventTypes: query.event_types });
        // A URL a transformation wrote may be a secret webhook URL too.
        const url = (a: Attempt) => (seesSecrets(principal) ? a.url : endpoints.shownUrl(a.url));
        return { ...page, data: page.data.map((a) => attemptOut(a, url(a))) };
      },
    );
  }
}

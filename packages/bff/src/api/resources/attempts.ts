import { z } from 'zod';
import type { Attempts, LoggedAttempt } from '../../domain/attempts.ts';
import type { Endpoints } from '../../domain/endpoints.ts';
import type { Messages } from '../../domain/messages.ts';
import { type Application, type Attempt, AttemptStatus } from '../../model.ts';
import { hideUserInfo } from '../../outbound/urls.ts';
import type { AttemptFilter, ListQuery } from '../../store/types.ts';
import type { RouteTable } from '../route-table.ts';
import { listQuery, listResponse, queryBoolean } from '../schemas.ts';
import { seesSecrets } from './endpoints.ts';
import { MessageOut, messageFilterQuery, messageOut } from './messages.ts';

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
  /** Svix: the message, without its payload, when asked for with `with_msg=true`. */
  msg: MessageOut.nullish(),
  /** Patchbay: this attempt's place in its dispatch (1 = the first try); null for attempts logged before it was kept. */
  attempt: z.number().nullable(),
  /** Patchbay: how many attempts the endpoint's retry schedule makes in all. */
  maxAttempts: z.number(),
  /**
   * Patchbay, for failed attempts: `scheduled` (tried again at `nextAttempt`), `retried` (a later
   * attempt followed), `settled` (not retried: a resend delivered the message), `final`.
   */
  retry: z.enum(['scheduled', 'retried', 'settled', 'final']).nullable(),
  /** When the retry of this attempt is due (Svix's name, from its endpoint message); null if none is. */
  nextAttempt: z.string().nullable(),
  /**
   * Patchbay: what went out to `url`, credentials masked (`••••`): method, headers, and the body
   * as sent (after the transformation) up to the log's cap; null when nothing went out (the
   * transformation failed or canceled, the request was refused before sending) and for attempts
   * logged before it was kept.
   */
  method: z.string().nullable(),
  requestHeaders: z.record(z.string(), z.string()).nullable(),
  requestBody: z.string().nullable(),
  /** Whether `requestBody` was cut at the log's cap (20 000 characters). */
  requestBodyTruncated: z.boolean(),
  /** Patchbay: the answer's headers (credential-like values masked); null without an answer. */
  responseHeaders: z.record(z.string(), z.string()).nullable(),
});

/** An attempt as Svix answers it, plus what Patchbay says of its retries; `msg` only when asked for. */
export const attemptOut = (
  { attempt: a, message, maxAttempts, retry, nextAttempt }: LoggedAttempt,
  url = a.url,
  withMsg = false,
): z.input<typeof MessageAttemptOut> => ({
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
  ...(withMsg && message ? { msg: messageOut(message, false) } : {}),
  attempt: a.attemptNumber,
  maxAttempts,
  retry,
  nextAttempt: nextAttempt?.toISOString() ?? null,
  method: a.request?.method ?? null,
  requestHeaders: a.request?.headers ?? null,
  requestBody: a.request?.body ?? null,
  requestBodyTruncated: a.request?.bodyTruncated ?? false,
  responseHeaders: a.responseHeaders,
});

const attemptQuery = listQuery('descending').extend({
  ...messageFilterQuery,
  status: z.coerce
    .number()
    .int()
    .refine((s): s is AttemptStatus => Object.values(AttemptStatus).includes(s as AttemptStatus), 'must be 0 to 4')
    .optional(),
  with_msg: queryBoolean.default(false),
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
        // A URL a transformation wrote may be a secret webhook URL too; user info shows to no one
        // (an attempt logged before it was masked may hold some).
        const url = (a: Attempt) => (seesSecrets(principal) ? hideUserInfo(a.url) : endpoints.shownUrl(a.url));
        return { ...page, data: page.data.map((l) => attemptOut(l, url(l.attempt), query.with_msg)) };
      },
    );
  }
}

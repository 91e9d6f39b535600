import { z } from 'zod';
import type { Attempts, LoggedAttempt } from '../../domain/attempts.ts';
import type { Endpoints } from '../../domain/endpoints.ts';
import type { Messages } from '../../domain/messages.ts';
import type { Principal } from '../../domain/principal.ts';
import { type Application, type Attempt, AttemptStatus } from '../../model.ts';
import { hideUserInfo } from '../../outbound/urls.ts';
import type { AttemptFilter, ListQuery } from '../../store/types.ts';
import type { RouteTable } from '../route-table.ts';
import { listQuery, listResponse, queryBoolean, uid } from '../schemas.ts';
import { EndpointOut, endpointAnswer, seesSecrets } from './endpoints.ts';
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

/**
 * An attempt as Svix answers it, plus what Patchbay says of its retries; `msg` only when asked
 * for; the bodies and headers that went and came back only with `withContent` (Svix's
 * `with_content`, true unless said).
 */
export const attemptOut = (
  { attempt: a, message, maxAttempts, retry, nextAttempt }: LoggedAttempt,
  url = a.url,
  { withMsg = false, withContent = true }: { withMsg?: boolean; withContent?: boolean } = {},
): z.input<typeof MessageAttemptOut> => ({
  id: a.id,
  msgId: a.msgId,
  endpointId: a.endpointId,
  url,
  response: withContent ? a.response : '',
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
  requestHeaders: withContent ? (a.request?.headers ?? null) : null,
  requestBody: withContent ? (a.request?.body ?? null) : null,
  requestBodyTruncated: withContent ? (a.request?.bodyTruncated ?? false) : false,
  responseHeaders: withContent ? a.responseHeaders : null,
});

/** Svix's `StatusCodeClass`: 0 (no answer), 100, 200, 300, 400, 500. */
export const STATUS_CODE_CLASSES = [0, 100, 200, 300, 400, 500];

export const messageStatus = z.coerce
  .number()
  .int()
  .refine((s): s is AttemptStatus => Object.values(AttemptStatus).includes(s as AttemptStatus), 'must be 0 to 4');

const attemptQuery = listQuery('descending').extend({
  ...messageFilterQuery,
  status: messageStatus.optional(),
  status_code_class: z.coerce
    .number()
    .int()
    .refine((c) => STATUS_CODE_CLASSES.includes(c), 'must be 0, 100, 200, 300, 400 or 500')
    .optional(),
  with_content: queryBoolean.default(true),
  with_msg: queryBoolean.default(false),
});

/** Svix's `MessageEndpointOut`: an endpoint a message was dispatched to, and how its latest dispatch stands. */
const MessageEndpointOut = EndpointOut.extend({
  status: z.number(),
  statusText: z.enum(STATUS_TEXT),
  nextAttempt: z.string().nullable(),
});

/** Svix's `EndpointMessageOut`: a message dispatched to the endpoint, and how its latest dispatch there stands. */
const EndpointMessageOut = MessageOut.omit({ status: true }).extend({
  status: z.number(),
  statusText: z.enum(STATUS_TEXT),
  nextAttempt: z.string().nullable(),
  deliverAt: z.string().nullable(),
});

const deliveryOut = (status: AttemptStatus, nextAttempt: Date | null) => ({
  status,
  statusText: STATUS_TEXT[status],
  nextAttempt: nextAttempt?.toISOString() ?? null,
});

type AttemptListQuery = ListQuery & AttemptFilter;

export function attemptRoutes(
  routes: RouteTable,
  deps: { attempts: Attempts; endpoints: Endpoints; messages: Messages },
): void {
  const tag = 'Message Attempt';
  const { attempts, endpoints, messages } = deps;
  const access = { kind: 'app', capability: 'ViewBase' } as const;
  // A URL a transformation wrote may be a secret webhook URL too; user info shows to no one
  // (an attempt logged before it was masked may hold some).
  const shownUrl = (principal: Principal, a: Attempt) =>
    seesSecrets(principal) ? hideUserInfo(a.url) : endpoints.shownUrl(a.url);
  const lists = [
    {
      path: '/api/v1/app/{app_id}/attempt/endpoint/{endpoint_id}',
      operationId: 'v1.message-attempt.list-by-endpoint',
      summary: 'List delivery attempts to an endpoint, newest first',
      query: attemptQuery,
      list: async (app: Application, params: Record<string, string>, filter: AttemptListQuery) =>
        attempts.listByEndpoint(await endpoints.get(app, params.endpoint_id as string), filter),
    },
    {
      path: '/api/v1/app/{app_id}/attempt/msg/{msg_id}',
      operationId: 'v1.message-attempt.list-by-msg',
      summary: 'List delivery attempts of a message, newest first',
      query: attemptQuery.extend({ endpoint_id: uid.optional() }),
      list: async (app: Application, params: Record<string, string>, filter: AttemptListQuery) =>
        attempts.listByMessage(await messages.get(app, params.msg_id as string), {
          ...filter,
          endpointId: filter.endpointId && (await endpoints.get(app, filter.endpointId)).id,
        }),
    },
  ];
  for (const { list, ...spec } of lists) {
    routes.add(
      { ...spec, method: 'get', tag, access, response: listResponse(MessageAttemptOut) },
      async ({ app, params, query, principal }) => {
        const page = await list(app, params, {
          ...query,
          eventTypes: query.event_types,
          statusCodeClass: query.status_code_class,
          endpointId: 'endpoint_id' in query ? (query.endpoint_id as string | undefined) : undefined,
        });
        const options = { withMsg: query.with_msg, withContent: query.with_content };
        return { ...page, data: page.data.map((l) => attemptOut(l, shownUrl(principal, l.attempt), options)) };
      },
    );
  }
  routes.add(
    {
      method: 'get',
      path: '/api/v1/app/{app_id}/msg/{msg_id}/attempt/{attempt_id}',
      operationId: 'v1.message-attempt.get',
      summary: 'Get one delivery attempt of a message',
      tag,
      access,
      response: MessageAttemptOut,
    },
    async ({ app, params, principal }) => {
      const message = await messages.get(app, params.msg_id as string);
      const logged = await attempts.get(message, params.attempt_id as string);
      return attemptOut(logged, shownUrl(principal, logged.attempt));
    },
  );
  routes.add(
    {
      method: 'delete',
      path: '/api/v1/app/{app_id}/msg/{msg_id}/attempt/{attempt_id}/content',
      operationId: 'v1.message-attempt.expunge-content',
      summary: "Delete what an attempt sent and received: the response's body and headers, the request",
      tag,
      // The answer came from the customer's own endpoint, which ManageEndpoint may delete outright.
      access: { kind: 'app', capability: 'ManageEndpoint' },
      // Each one empties the WAL (SQLite), holding up every write meanwhile: a session's are counted.
      rateLimit: 'queue',
      status: 204,
    },
    async ({ app, params }) => {
      await attempts.expungeContent(await messages.get(app, params.msg_id as string), params.attempt_id as string);
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/api/v1/app/{app_id}/msg/{msg_id}/endpoint',
      operationId: 'v1.message-attempt.list-attempted-destinations',
      summary: 'List the endpoints a message was dispatched to, with the status of the latest dispatch to each',
      tag,
      access,
      query: listQuery('ascending'),
      response: listResponse(MessageEndpointOut),
    },
    async ({ app, params, query, principal }) => {
      const page = await messages.destinations(await messages.get(app, params.msg_id as string), query);
      const data = await Promise.all(
        page.data.map(async (d) => ({
          ...(await endpointAnswer(endpoints, d.endpoint, principal)),
          ...deliveryOut(d.status, d.nextAttempt),
        })),
      );
      return { ...page, data };
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/api/v1/app/{app_id}/endpoint/{endpoint_id}/msg',
      operationId: 'v1.message-attempt.list-attempted-messages',
      summary:
        'List the messages dispatched to an endpoint, newest first, with the status of the latest dispatch of each',
      tag,
      access,
      query: listQuery('descending').extend({
        ...messageFilterQuery,
        status: messageStatus.optional(),
        with_content: queryBoolean.default(true),
      }),
      response: listResponse(EndpointMessageOut),
    },
    async ({ app, params, query }) => {
      const endpoint = await endpoints.get(app, params.endpoint_id as string);
      const page = await messages.sentTo(endpoint, { ...query, eventTypes: query.event_types });
      // Each was dispatched to the endpoint, so each has the status of that dispatch.
      const data = page.data.map(({ message, status, nextAttempt }) => ({
        ...messageOut(message, query.with_content),
        ...deliveryOut(status as AttemptStatus, nextAttempt),
        deliverAt: null,
      }));
      return { ...page, data };
    },
  );
}

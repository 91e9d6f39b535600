import { z } from 'zod';
import type { Endpoints } from '../../domain/endpoints.ts';
import type { DeliveryState, Messages } from '../../domain/messages.ts';
import { EXPIRED_PAYLOAD, type Message } from '../../model.ts';
import type { RouteTable } from '../route-table.ts';
import {
  channels,
  csv,
  eventTypeName,
  listQuery,
  listResponse,
  queryBoolean,
  queryDate,
  timestamp,
  uid,
} from '../schemas.ts';
import { ApplicationIn } from './applications.ts';
import { TaskStartedOut, taskStartedOut } from './background-tasks.ts';

const tag = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9\-_./\\#]+$/, 'may contain only letters, digits and - _ . / \\ #');

export const MessageIn = z
  .object({
    eventType: eventTypeName,
    payload: z.record(z.string(), z.unknown()),
    eventId: eventTypeName.nullish(),
    channels: channels.nullish(),
    tags: z.array(tag).max(5).nullish(),
    transformationsParams: z.record(z.string(), z.unknown()).nullish(),
    application: ApplicationIn.nullish(),
    /** Svix's scheduled messages: one minute to 24 hours ahead (the service checks it against its clock). */
    deliverAt: timestamp.transform((value) => new Date(value)).nullish(),
    /** Days to keep the payload; default: the deployment's `PATCHBAY_RETENTION_DAYS` (Svix's 90). */
    payloadRetentionPeriod: z.number().int().min(1).max(90).nullish(),
    payloadRetentionHours: z.number().int().min(1).max(2160).nullish(),
  })
  .superRefine((m, ctx) => {
    if (m.payloadRetentionPeriod != null && m.payloadRetentionHours != null)
      ctx.addIssue({
        code: 'custom',
        path: ['payloadRetentionHours'],
        message: 'payloadRetentionPeriod and payloadRetentionHours are mutually exclusive: give one',
      });
  });

export const MessageOut = z.object({
  id: z.string(),
  eventId: z.string().nullable(),
  eventType: z.string(),
  payload: z.record(z.string(), z.unknown()),
  channels: z.array(z.string()).nullable(),
  tags: z.array(z.string()).nullable(),
  timestamp: z.string(),
  /** When it is to be delivered, for a scheduled message; null when sent at once. */
  deliverAt: z.string().nullable(),
  /**
   * Patchbay, in the message list: where its deliveries stand, the worst of every endpoint's latest
   * dispatch (with `endpoint_id`, that endpoint's): 0 success, 1 pending (being sent or waiting for
   * a retry), 2 failed; null when it went to no endpoint.
   */
  status: z.union([z.literal(0), z.literal(1), z.literal(2)]).nullish(),
});

export const messageOut = (m: Message, withContent = true): z.input<typeof MessageOut> => ({
  id: m.id,
  eventId: m.eventId,
  eventType: m.eventType,
  payload: !withContent ? {} : m.payload === null ? { ...EXPIRED_PAYLOAD } : JSON.parse(m.payload),
  channels: m.channels,
  tags: m.tags,
  timestamp: m.timestamp.toISOString(),
  deliverAt: m.deliverAt?.toISOString() ?? null,
});

const MessagePrecheckIn = z.object({ eventType: eventTypeName, channels: channels.nullish() });
const MessagePrecheckOut = z.object({ active: z.boolean() });

/** Svix's message filters as query parameters. */
export const messageFilterQuery = {
  event_types: csv(eventTypeName).optional(),
  channel: z.string().max(128).optional(),
  tag: z.string().max(128).optional(),
  before: queryDate.optional(),
  after: queryDate.optional(),
};

/** Patchbay's filters of the message list, beside Svix's. */
const messageListQuery = listQuery('descending').extend({
  ...messageFilterQuery,
  with_content: queryBoolean.default(true),
  status: z.coerce
    .number()
    .int()
    .refine((s): s is DeliveryState => s === 0 || s === 1 || s === 2, 'must be 0 (success), 1 (pending) or 2 (failed)')
    .optional(),
  endpoint_id: uid.optional(),
});

export function messageRoutes(routes: RouteTable, deps: { messages: Messages; endpoints: Endpoints }): void {
  const { messages, endpoints } = deps;
  const tagName = 'Message';
  routes.add(
    {
      method: 'post',
      path: '/api/v1/app/{app_id}/msg',
      operationId: 'v1.message.create',
      summary: 'Send a message to the application (answered once stored)',
      tag: tagName,
      access: { kind: 'vendor' },
      body: MessageIn,
      query: z.object({ with_content: queryBoolean.default(true) }),
      response: MessageOut,
      status: 202,
      plainAnswer: true,
    },
    async ({ params, body, query }) =>
      messageOut(await messages.create(params.app_id as string, body), query.with_content),
  );
  routes.add(
    {
      method: 'post',
      path: '/api/v1/app/{app_id}/msg/precheck/active',
      operationId: 'v1.message.precheck',
      summary: 'Whether a message of this event type and channels would reach at least one endpoint',
      tag: tagName,
      // As message create: sending is the vendor's.
      access: { kind: 'vendor' },
      body: MessagePrecheckIn,
      response: MessagePrecheckOut,
    },
    async ({ params, body }) => ({
      active: await messages.precheck(params.app_id as string, body.eventType, body.channels ?? null),
    }),
  );
  routes.add(
    {
      method: 'get',
      path: '/api/v1/app/{app_id}/msg',
      operationId: 'v1.message.list',
      summary: 'List the messages of an application, newest first',
      tag: tagName,
      access: { kind: 'app', capability: 'ViewBase' },
      query: messageListQuery,
      response: listResponse(MessageOut),
    },
    async ({ app, query }) => {
      const endpoint = query.endpoint_id ? await endpoints.get(app, query.endpoint_id) : undefined;
      const page = await messages.list(app, { ...query, eventTypes: query.event_types, state: query.status }, endpoint);
      return {
        ...page,
        data: page.data.map((d) => ({ ...messageOut(d.message, query.with_content), status: d.state })),
      };
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/api/v1/app/{app_id}/msg/{msg_id}',
      operationId: 'v1.message.get',
      summary: 'Get a message by id or eventId',
      tag: tagName,
      access: { kind: 'app', capability: 'ViewBase' },
      query: z.object({ with_content: queryBoolean.default(true) }),
      response: MessageOut,
    },
    async ({ app, params, query }) => messageOut(await messages.get(app, params.msg_id as string), query.with_content),
  );
  expungeRoutes(routes, messages);
}

/** Svix's `BulkExpungeContentsIn`: messages by id or eventId. */
const BulkExpungeContentsIn = z.object({
  ids: z
    .array(uid)
    .max(1000)
    .refine((ids) => new Set(ids).size === ids.length, 'must not name a message twice')
    .default([]),
});

const BulkExpungeContentsOut = z.object({ results: z.record(z.string(), z.enum(['expunged', 'not-found'])) });

/**
 * Svix's expunge routes: the vendor's only, as a message's payload is the vendor's record. Each
 * answers once the content is gone from the database (see docs/api.md, "Retention and expunge").
 */
function expungeRoutes(routes: RouteTable, messages: Messages): void {
  const tag = 'Message';
  routes.add(
    {
      method: 'delete',
      path: '/api/v1/app/{app_id}/msg/{msg_id}/content',
      operationId: 'v1.message.expunge-content',
      summary: "Delete a message's payload and its attempts' bodies",
      tag,
      access: { kind: 'vendor' },
      status: 204,
    },
    async ({ params }) => {
      await messages.expungeContent(params.app_id as string, params.msg_id as string);
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/v1/app/{app_id}/msg/bulk-expunge',
      operationId: 'v1.message.bulk-expunge-content',
      summary: "Delete the payloads of the messages named, and their attempts' bodies",
      tag,
      access: { kind: 'vendor' },
      body: BulkExpungeContentsIn,
      response: BulkExpungeContentsOut,
    },
    async ({ params, body }) => ({
      results: await messages.bulkExpungeContent(params.app_id as string, body.ids),
    }),
  );
  routes.add(
    {
      method: 'post',
      path: '/api/v1/app/{app_id}/msg/expunge-all-contents',
      operationId: 'v1.message.expunge-all-contents',
      summary:
        "Delete the payloads of every message of the application sent until now, and their attempts' bodies: a background task (`data.messagesExpunged`)",
      tag,
      access: { kind: 'vendor' },
      response: TaskStartedOut,
      status: 202,
    },
    async ({ params }) => taskStartedOut(await messages.expungeAllContents(params.app_id as string)),
  );
}

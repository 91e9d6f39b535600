import { z } from 'zod';
import type { Messages } from '../../domain/messages.ts';
import type { Message } from '../../model.ts';
import type { RouteTable } from '../route-table.ts';
import { channels, csv, eventTypeName, listQuery, listResponse, queryBoolean, queryDate } from '../schemas.ts';
import { ApplicationIn } from './applications.ts';

const tag = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9\-_./\\#]+$/, 'may contain only letters, digits and - _ . / \\ #');

export const MessageIn = z.object({
  eventType: eventTypeName,
  payload: z.record(z.string(), z.unknown()),
  eventId: eventTypeName.nullish(),
  channels: channels.nullish(),
  tags: z.array(tag).max(5).nullish(),
  transformationsParams: z.record(z.string(), z.unknown()).nullish(),
  application: ApplicationIn.nullish(),
});

export const MessageOut = z.object({
  id: z.string(),
  eventId: z.string().nullable(),
  eventType: z.string(),
  payload: z.record(z.string(), z.unknown()),
  channels: z.array(z.string()).nullable(),
  tags: z.array(z.string()).nullable(),
  timestamp: z.string(),
});

export const messageOut = (m: Message, withContent = true): z.input<typeof MessageOut> => ({
  id: m.id,
  eventId: m.eventId,
  eventType: m.eventType,
  payload: withContent ? JSON.parse(m.payload) : {},
  channels: m.channels,
  tags: m.tags,
  timestamp: m.timestamp.toISOString(),
});

/** Svix's message filters as query parameters. */
export const messageFilterQuery = {
  event_types: csv(eventTypeName).optional(),
  channel: z.string().max(128).optional(),
  tag: z.string().max(128).optional(),
  before: queryDate.optional(),
  after: queryDate.optional(),
};

export function messageRoutes(routes: RouteTable, messages: Messages): void {
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
    },
    async ({ params, body, query }) =>
      messageOut(await messages.create(params.app_id as string, body), query.with_content),
  );
  routes.add(
    {
      method: 'get',
      path: '/api/v1/app/{app_id}/msg',
      operationId: 'v1.message.list',
      summary: 'List the messages of an application, newest first',
      tag: tagName,
      access: { kind: 'app', capability: 'ViewBase' },
      query: listQuery('descending').extend({ ...messageFilterQuery, with_content: queryBoolean.default(true) }),
      response: listResponse(MessageOut),
    },
    async ({ app, query }) => {
      const page = await messages.list(app, { ...query, eventTypes: query.event_types });
      return { ...page, data: page.data.map((m) => messageOut(m, query.with_content)) };
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
}

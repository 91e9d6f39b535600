import { z } from 'zod';
import type { EventTypeInput, EventTypes } from '../../domain/event-types.ts';
import { eventTypesFromSpec, specOf } from '../../domain/openapi-import.ts';
import { ValidationError } from '../../errors.ts';
import type { EventType } from '../../model.ts';
import type { RouteTable } from '../route-table.ts';
import { eventTypeName, featureFlags, listQuery, listResponse, pathParam, queryBoolean } from '../schemas.ts';

const jsonSchemas = z
  .record(z.string().max(32), z.record(z.string(), z.unknown()))
  .refine((s) => Object.keys(s).length <= 50, 'may hold at most 50 schema versions');

export const EventTypeIn = z.object({
  name: eventTypeName,
  description: z.string().max(4096),
  archived: z.boolean().nullish(),
  deprecated: z.boolean().nullish(),
  schemas: jsonSchemas.nullish(),
  groupName: z.string().max(256).nullish(),
  featureFlags: featureFlags.nullish(),
});

const EventTypeUpdate = EventTypeIn.omit({ name: true });
const EventTypePatch = EventTypeUpdate.partial();

export const EventTypeOut = z.object({
  name: z.string(),
  description: z.string(),
  archived: z.boolean(),
  deprecated: z.boolean(),
  schemas: z.record(z.string(), z.unknown()).nullable(),
  groupName: z.string().nullable(),
  featureFlags: z.array(z.string()).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const eventTypeOut = (e: EventType, withContent = true): z.input<typeof EventTypeOut> => ({
  name: e.name,
  description: e.description,
  archived: e.archived,
  deprecated: e.deprecated,
  schemas: withContent ? e.schemas : null,
  groupName: e.groupName,
  featureFlags: e.featureFlags,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

const EventTypeImportOpenApiIn = z.object({
  spec: z.record(z.string(), z.unknown()).nullish(),
  specRaw: z.string().nullish(),
  dryRun: z.boolean().default(false),
  replaceAll: z.boolean().default(false),
});

const EventTypeFromOpenApi = EventTypeOut.pick({
  name: true,
  description: true,
  deprecated: true,
  schemas: true,
  groupName: true,
  featureFlags: true,
});

const EventTypeImportOpenApiOut = z.object({
  data: z.object({ modified: z.array(z.string()), to_modify: z.array(EventTypeFromOpenApi).nullish() }),
});

/** Validates a value the body carries inside another document (a spec's webhook) as the route table does a body, at `loc`. */
function validatedAt<T extends z.ZodType>(schema: T, value: unknown, loc: (string | number)[]): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      loc: [...loc, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
      msg: issue.message,
      type: `value_error.${issue.code}`,
    })),
  );
}

export function eventTypeRoutes(routes: RouteTable, eventTypes: EventTypes): void {
  const tag = 'Event Type';
  const access = { kind: 'vendor' } as const;
  const name = (params: Record<string, string>) => params.event_type_name as string;
  routes.add(
    {
      method: 'get',
      path: '/api/v1/event-type',
      operationId: 'v1.event-type.list',
      summary: 'List event types (a portal session: the live ones its feature flags allow)',
      tag,
      // As in Svix, a portal token lists them too (svix-react's useEventTypes does).
      access: { kind: 'shared', capability: 'ViewBase' },
      query: listQuery('ascending').extend({
        include_archived: queryBoolean.default(false),
        with_content: queryBoolean.default(true),
      }),
      response: listResponse(EventTypeOut),
    },
    async ({ query, principal }) => {
      const page =
        principal.kind === 'portal'
          ? await eventTypes.listFor(principal.featureFlags, query)
          : await eventTypes.list({ ...query, includeArchived: query.include_archived });
      return { ...page, data: page.data.map((e) => eventTypeOut(e, query.with_content)) };
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/v1/event-type',
      operationId: 'v1.event-type.create',
      summary: 'Create an event type',
      tag,
      access,
      body: EventTypeIn,
      response: EventTypeOut,
      status: 201,
    },
    async ({ body }) => eventTypeOut(await eventTypes.create(body)),
  );
  routes.add(
    {
      method: 'post',
      path: '/api/v1/event-type/import/openapi',
      operationId: 'v1.event-type.import-openapi',
      summary: "Create or update event types from an OpenAPI document's webhooks (specRaw: JSON only)",
      tag,
      access,
      body: EventTypeImportOpenApiIn,
      response: EventTypeImportOpenApiOut,
    },
    async ({ body }) => {
      const spec = specOf(body.spec, body.specRaw);
      const at = body.spec != null ? ['body', 'spec'] : ['body', 'specRaw'];
      const inputs: EventTypeInput[] = eventTypesFromSpec(spec, at).map(({ fields, loc }) =>
        validatedAt(EventTypeIn, fields, loc),
      );
      const modified = await eventTypes.importAll(inputs, body);
      if (!body.dryRun) return { data: { modified } };
      const changing = new Set(modified);
      const toModify = inputs
        .filter((i) => changing.has(i.name))
        .map((i) => ({
          name: i.name,
          description: i.description,
          deprecated: i.deprecated ?? false,
          schemas: i.schemas ?? null,
          groupName: i.groupName ?? null,
          featureFlags: i.featureFlags ?? null,
        }));
      return { data: { modified, to_modify: toModify } };
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/api/v1/event-type/{event_type_name}',
      operationId: 'v1.event-type.get',
      summary: 'Get an event type',
      tag,
      access,
      response: EventTypeOut,
    },
    async ({ params }) => eventTypeOut(await eventTypes.get(name(params))),
  );
  routes.add(
    {
      method: 'put',
      path: '/api/v1/event-type/{event_type_name}',
      operationId: 'v1.event-type.upsert',
      summary: 'Replace an event type, creating it if it does not exist',
      tag,
      access,
      body: EventTypeUpdate,
      response: EventTypeOut,
    },
    async ({ params, body, setStatus }) => {
      const { eventType, created } = await eventTypes.upsert(pathParam(eventTypeName, params, 'event_type_name'), body);
      if (created) setStatus(201);
      return eventTypeOut(eventType);
    },
  );
  routes.add(
    {
      method: 'patch',
      path: '/api/v1/event-type/{event_type_name}',
      operationId: 'v1.event-type.patch',
      summary: 'Change some fields of an event type',
      tag,
      access,
      body: EventTypePatch,
      response: EventTypeOut,
    },
    async ({ params, body }) => eventTypeOut(await eventTypes.update(await eventTypes.get(name(params)), body)),
  );
  routes.add(
    {
      method: 'delete',
      path: '/api/v1/event-type/{event_type_name}',
      operationId: 'v1.event-type.delete',
      summary: 'Archive an event type (or remove it for good with expunge=true)',
      tag,
      access,
      query: z.object({ expunge: queryBoolean.default(false) }),
      status: 204,
    },
    async ({ params, query }) => {
      await eventTypes.delete(name(params), query.expunge);
    },
  );
}

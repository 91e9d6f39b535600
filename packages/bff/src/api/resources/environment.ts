import { z } from 'zod';
import { type Environment, MAX_IMPORTED_CONNECTORS } from '../../domain/environment.ts';
import { MAX_IMPORTED_EVENT_TYPES } from '../../domain/openapi-import.ts';
import type { RouteTable } from '../route-table.ts';
import { ConnectorIn, ConnectorOut, connectorOut } from './connectors.ts';
import { EventTypeIn, EventTypeOut, eventTypeOut } from './event-types.ts';

/** The document's version: Svix's EnvironmentOut says 1. */
const VERSION = 1;

const EnvironmentIn = z.object({
  eventTypes: z
    .array(EventTypeIn)
    .max(MAX_IMPORTED_EVENT_TYPES)
    .refine((list) => new Set(list.map((e) => e.name)).size === list.length, 'must not name an event type twice')
    .nullish(),
  connectors: z
    .array(ConnectorIn)
    .max(MAX_IMPORTED_CONNECTORS)
    .refine((list) => {
      const uids = list.flatMap((c) => (c.uid ? [c.uid] : []));
      return new Set(uids).size === uids.length;
    }, 'must not give a connector uid twice')
    .nullish(),
  settings: z.record(z.string(), z.unknown()).nullish(),
});

const EnvironmentOut = z.object({
  version: z.number().int(),
  createdAt: z.string(),
  eventTypes: z.array(EventTypeOut),
  connectors: z.array(ConnectorOut),
  settings: z.record(z.string(), z.unknown()).nullable(),
});

export function environmentRoutes(routes: RouteTable, environment: Environment): void {
  const tag = 'Environment';
  const access = { kind: 'vendor' } as const;
  routes.add(
    {
      method: 'post',
      path: '/api/v1/environment/export',
      operationId: 'v1.environment.export',
      summary: 'Export the event types (archived included) and connectors',
      tag,
      access,
      response: EnvironmentOut,
    },
    async () => {
      const out = await environment.export();
      return {
        version: VERSION,
        createdAt: out.createdAt.toISOString(),
        eventTypes: out.eventTypes.map((e) => eventTypeOut(e)),
        connectors: out.connectors.map(connectorOut),
        // The deployment's settings are environment variables, not the API's (docs/api.md).
        settings: null,
      };
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/v1/environment/import',
      operationId: 'v1.environment.import',
      summary: 'Import event types and connectors: an upsert by name and uid, all or nothing',
      tag,
      access,
      body: EnvironmentIn,
      status: 204,
    },
    async ({ body }) => {
      await environment.import(body);
    },
  );
}

import { z } from 'zod';
import type { Applications } from '../../domain/applications.ts';
import type { Integrations } from '../../domain/integrations.ts';
import type { Integration } from '../../model.ts';
import type { RouteTable } from '../route-table.ts';
import { featureFlags, listQuery, listResponse } from '../schemas.ts';

/** Svix's IntegrationIn and IntegrationUpdate: the same two fields. */
const IntegrationIn = z.object({
  name: z.string().min(1).max(256),
  featureFlags: featureFlags.nullish(),
});

const IntegrationOut = z.object({
  id: z.string(),
  name: z.string(),
  featureFlags: z.array(z.string()).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const integrationOut = (i: Integration): z.input<typeof IntegrationOut> => ({
  id: i.id,
  name: i.name,
  // Svix's schema holds at least one flag or none at all (minItems 1): no flags, no field.
  ...(i.featureFlags.length > 0 ? { featureFlags: i.featureFlags } : {}),
  createdAt: i.createdAt.toISOString(),
  updatedAt: i.updatedAt.toISOString(),
});

/**
 * `/api/v1/app/{app_id}/integration`: the vendor's only. Svix's App Portal has no integrations
 * page, and an integration key acts for the whole application, so no portal session reads,
 * changes or rotates one, not even its own application's.
 */
export function integrationRoutes(
  routes: RouteTable,
  deps: { integrations: Integrations; applications: Applications },
): void {
  const { integrations, applications } = deps;
  const tag = 'Integration';
  const access = { kind: 'vendor' } as const;
  const base = '/api/v1/app/{app_id}/integration';
  const app = (params: Record<string, string>) => applications.get(params.app_id as string);
  const id = (params: Record<string, string>) => params.integ_id as string;
  routes.add(
    {
      method: 'get',
      path: base,
      operationId: 'v1.integration.list',
      summary: "List the application's integrations",
      tag,
      access,
      query: listQuery('ascending'),
      response: listResponse(IntegrationOut),
    },
    async ({ params, query }) => {
      const page = await integrations.list(await app(params), query);
      return { ...page, data: page.data.map(integrationOut) };
    },
  );
  routes.add(
    {
      method: 'post',
      path: base,
      operationId: 'v1.integration.create',
      summary: 'Create an integration (its key is answered by rotate-key)',
      tag,
      access,
      body: IntegrationIn,
      response: IntegrationOut,
      status: 201,
    },
    async ({ params, body }) => integrationOut(await integrations.create(await app(params), body)),
  );
  routes.add(
    {
      method: 'get',
      path: `${base}/{integ_id}`,
      operationId: 'v1.integration.get',
      summary: 'Get an integration',
      tag,
      access,
      response: IntegrationOut,
    },
    async ({ params }) => integrationOut(await integrations.get(await app(params), id(params))),
  );
  routes.add(
    {
      method: 'put',
      path: `${base}/{integ_id}`,
      operationId: 'v1.integration.update',
      summary: 'Update an integration',
      tag,
      access,
      body: IntegrationIn,
      response: IntegrationOut,
    },
    async ({ params, body }) => integrationOut(await integrations.update(await app(params), id(params), body)),
  );
  routes.add(
    {
      method: 'delete',
      path: `${base}/{integ_id}`,
      operationId: 'v1.integration.delete',
      summary: 'Delete an integration',
      tag,
      access,
      status: 204,
    },
    async ({ params }) => {
      await integrations.delete(await app(params), id(params));
    },
  );
  routes.add(
    {
      method: 'post',
      path: `${base}/{integ_id}/key/rotate`,
      operationId: 'v1.integration.rotate-key',
      summary: "Rotate the integration's key: the new one is answered once, the previous one is revoked at once",
      tag,
      access,
      response: z.object({ key: z.string() }),
    },
    async ({ params }) => ({ key: await integrations.rotateKey(await app(params), id(params)) }),
  );
}

import { z } from 'zod';
import { KIND_NAMES } from '../../catalog/catalog.ts';
import { LOCALES } from '../../catalog/locales.ts';
import { CONNECTOR_PRODUCTS, type ConnectorProduct, type Connectors, ORG_ID } from '../../domain/connectors.ts';
import type { Connector } from '../../model.ts';
import type { RouteTable } from '../route-table.ts';
import {
  eventTypeName,
  featureFlags,
  httpUrl,
  listQuery,
  listResponse,
  pathParam,
  transformationCode,
  uid,
  unique,
} from '../schemas.ts';

/**
 * A Patchbay addition (the Svix SDKs pass it through): the connector's texts in other languages,
 * shown to portal sessions in that locale. Only the locales the catalog speaks, and only these texts.
 */
const ConnectorTranslations = z.partialRecord(
  z.enum(LOCALES),
  z.strictObject({
    name: z.string().min(1).max(256).optional(),
    description: z.string().max(4096).optional(),
    instructions: z.string().max(65_536).optional(),
  }),
);

export const ConnectorIn = z.object({
  name: z.string().min(1).max(256),
  uid: uid.nullish(),
  logo: httpUrl.max(2048).nullish(),
  description: z.string().max(4096).nullish(),
  kind: z.enum(KIND_NAMES).nullish(),
  instructions: z.string().max(65_536).nullish(),
  allowedEventTypes: z.array(eventTypeName).min(1).max(1000).refine(unique, 'must not repeat a value').nullish(),
  transformation: transformationCode,
  featureFlags: featureFlags.nullish(),
  productType: z.enum(CONNECTOR_PRODUCTS).nullish(),
  defaultUrl: httpUrl.nullish(),
  authenticationMethod: z.enum(['HttpBasic', 'HttpBearer']).nullish(),
  translations: ConnectorTranslations.nullish(),
});

const ConnectorPatch = ConnectorIn.partial();

export const ConnectorOut = z.object({
  id: z.string(),
  orgId: z.string(),
  uid: z.string().nullable(),
  name: z.string(),
  logo: z.string().nullable(),
  description: z.string(),
  kind: z.string(),
  instructions: z.string(),
  allowedEventTypes: z.array(z.string()).nullable(),
  transformation: z.string(),
  featureFlags: z.array(z.string()).nullable(),
  productType: z.enum(CONNECTOR_PRODUCTS),
  defaultUrl: z.string().nullable(),
  authenticationMethod: z.string().nullable(),
  translations: ConnectorTranslations.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  transformationUpdatedAt: z.string(),
});

export const connectorOut = (c: Connector): z.input<typeof ConnectorOut> => ({
  id: c.id,
  orgId: ORG_ID,
  uid: c.uid,
  name: c.name,
  logo: c.logo,
  description: c.description,
  kind: c.kind,
  instructions: c.instructions,
  allowedEventTypes: c.allowedEventTypes,
  transformation: c.transformation,
  featureFlags: c.featureFlags,
  // Stored null when none was given: Svix's answer always names one, and Dispatch is its default.
  productType: (c.productType ?? 'Dispatch') as ConnectorProduct,
  defaultUrl: c.defaultUrl,
  authenticationMethod: c.authenticationMethod,
  translations: c.translations,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
  transformationUpdatedAt: c.transformationUpdatedAt.toISOString(),
});

export function connectorRoutes(routes: RouteTable, connectors: Connectors): void {
  const tag = 'Connector';
  const access = { kind: 'vendor' } as const;
  const id = (params: Record<string, string>) => params.connector_id as string;
  routes.add(
    {
      method: 'get',
      path: '/api/v1/connector',
      operationId: 'v1.connector.list',
      summary:
        'List connectors, all of them or those of one product type (`product_type`: a connector given none is Dispatch)',
      tag,
      access,
      query: listQuery('ascending').extend({ product_type: z.enum(CONNECTOR_PRODUCTS).nullish() }),
      response: listResponse(ConnectorOut),
    },
    async ({ query }) => {
      const { product_type: productType, ...list } = query;
      const page = await connectors.list({ ...list, productType });
      return { ...page, data: page.data.map(connectorOut) };
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/v1/connector',
      operationId: 'v1.connector.create',
      summary: 'Create a connector',
      tag,
      access,
      body: ConnectorIn,
      response: ConnectorOut,
      status: 201,
    },
    async ({ body }) => connectorOut(await connectors.create(body)),
  );
  routes.add(
    {
      method: 'get',
      path: '/api/v1/connector/{connector_id}',
      operationId: 'v1.connector.get',
      summary: 'Get a connector',
      tag,
      access,
      response: ConnectorOut,
    },
    async ({ params }) => connectorOut(await connectors.get(id(params))),
  );
  routes.add(
    {
      method: 'put',
      path: '/api/v1/connector/{connector_id}',
      operationId: 'v1.connector.upsert',
      summary: 'Replace a connector, creating it under the uid in the path if it does not exist (201)',
      tag,
      access,
      body: ConnectorIn,
      response: ConnectorOut,
    },
    async ({ params, body, setStatus }) => {
      const { value, created } = await connectors.upsert(pathParam(uid, params, 'connector_id'), body);
      if (created) setStatus(201);
      return connectorOut(value);
    },
  );
  routes.add(
    {
      method: 'patch',
      path: '/api/v1/connector/{connector_id}',
      operationId: 'v1.connector.patch',
      summary: 'Change some fields of a connector',
      tag,
      access,
      body: ConnectorPatch,
      response: ConnectorOut,
    },
    async ({ params, body }) => connectorOut(await connectors.update(await connectors.get(id(params)), body)),
  );
  routes.add(
    {
      method: 'delete',
      path: '/api/v1/connector/{connector_id}',
      operationId: 'v1.connector.delete',
      summary: 'Delete a connector (endpoints made from it keep working)',
      tag,
      access,
      status: 204,
    },
    async ({ params }) => {
      await connectors.delete(id(params));
    },
  );
}

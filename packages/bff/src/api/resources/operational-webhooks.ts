import { z } from 'zod';
import { OPERATIONAL_EVENT_TYPES } from '../../delivery/operational-events.ts';
import type { OperationalWebhooks } from '../../domain/operational-webhooks.ts';
import type { Endpoint } from '../../model.ts';
import type { RouteTable } from '../route-table.ts';
import { httpUrl, listQuery, listResponse, pathParam, stringMap, throttleRate, uid, unique } from '../schemas.ts';
import { EndpointOut, headerMap, headersOut, secret } from './endpoints.ts';

const eventTypes = z
  .array(z.enum(OPERATIONAL_EVENT_TYPES, { error: `must be one of ${OPERATIONAL_EVENT_TYPES.join(', ')}` }))
  .min(1)
  .refine(unique, 'must not repeat a value');

const upsertFields = {
  url: httpUrl,
  description: z.string().max(4096).nullish(),
  throttleRate: throttleRate.nullish(),
  uid: uid.nullish(),
  disabled: z.boolean().nullish(),
  eventTypes: eventTypes.nullish(),
  metadata: stringMap().nullish(),
};

const OperationalWebhookEndpointIn = z.object({
  ...upsertFields,
  secret: secret.nullish(),
  headers: headerMap.nullish(),
});
const OperationalWebhookEndpointUpsertIn = z.object(upsertFields);

/** Svix's OperationalWebhookEndpointOut: an endpoint's answer without what only customers' endpoints have. */
const OperationalWebhookEndpointOut = EndpointOut.pick({
  id: true,
  uid: true,
  url: true,
  description: true,
  throttleRate: true,
  disabled: true,
  eventTypes: true,
  metadata: true,
  createdAt: true,
  updatedAt: true,
});

const out = (e: Endpoint): z.input<typeof OperationalWebhookEndpointOut> => ({
  id: e.id,
  uid: e.uid,
  url: e.url,
  description: e.description,
  throttleRate: e.throttleRate,
  disabled: e.disabled,
  eventTypes: e.eventTypes,
  metadata: e.metadata,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

/** Svix's `/api/v1/operational-webhook/endpoint…`: the vendor's own endpoints for operational events, vendor key only. */
export function operationalWebhookRoutes(routes: RouteTable, webhooks: OperationalWebhooks): void {
  const tag = 'Webhook Endpoint';
  const base = '/api/v1/operational-webhook/endpoint';
  const access = { kind: 'vendor' } as const;
  const find = (params: Record<string, string>) => webhooks.get(params.endpoint_id as string);

  routes.add(
    {
      method: 'get',
      path: base,
      operationId: 'v1.operational-webhook.endpoint.list',
      summary: 'List the operational webhook endpoints',
      tag,
      access,
      query: listQuery('ascending'),
      response: listResponse(OperationalWebhookEndpointOut),
    },
    async ({ query }) => {
      const page = await webhooks.list(query);
      return { ...page, data: page.data.map(out) };
    },
  );
  routes.add(
    {
      method: 'post',
      path: base,
      operationId: 'v1.operational-webhook.endpoint.create',
      summary: 'Create an operational webhook endpoint',
      tag,
      access,
      body: OperationalWebhookEndpointIn,
      response: OperationalWebhookEndpointOut,
      status: 201,
    },
    async ({ body }) => out(await webhooks.create(body)),
  );
  routes.add(
    {
      method: 'get',
      path: `${base}/{endpoint_id}`,
      operationId: 'v1.operational-webhook.endpoint.get',
      summary: 'Get an operational webhook endpoint',
      tag,
      access,
      response: OperationalWebhookEndpointOut,
    },
    async ({ params }) => out(await find(params)),
  );
  routes.add(
    {
      method: 'put',
      path: `${base}/{endpoint_id}`,
      operationId: 'v1.operational-webhook.endpoint.upsert',
      summary: 'Replace an operational webhook endpoint, creating it under the uid in the path if it does not exist',
      tag,
      access,
      body: OperationalWebhookEndpointUpsertIn,
      response: OperationalWebhookEndpointOut,
    },
    async ({ params, body }) => {
      const { value } = await webhooks.upsert(pathParam(uid, params, 'endpoint_id'), body);
      return out(value);
    },
  );
  routes.add(
    {
      method: 'delete',
      path: `${base}/{endpoint_id}`,
      operationId: 'v1.operational-webhook.endpoint.delete',
      summary: 'Delete an operational webhook endpoint',
      tag,
      access,
      status: 204,
    },
    async ({ params }) => {
      await webhooks.delete(await find(params));
    },
  );
  routes.add(
    {
      method: 'get',
      path: `${base}/{endpoint_id}/secret`,
      operationId: 'v1.operational-webhook.endpoint.get-secret',
      summary: "Get the operational webhook endpoint's signing secret",
      tag,
      access,
      response: z.object({ key: z.string() }),
    },
    async ({ params }) => ({ key: (await find(params)).secret }),
  );
  routes.add(
    {
      method: 'post',
      path: `${base}/{endpoint_id}/secret/rotate`,
      operationId: 'v1.operational-webhook.endpoint.rotate-secret',
      summary: 'Rotate the signing secret; the old one keeps signing for the grace period (default 24 hours)',
      tag,
      access,
      body: z.object({ key: secret.nullish(), gracePeriodSeconds: z.number().int().min(0).max(604_800).nullish() }),
      status: 204,
    },
    async ({ params, body }) => {
      const grace = body.gracePeriodSeconds == null ? undefined : body.gracePeriodSeconds * 1000;
      await webhooks.rotateSecret(await find(params), body.key, grace);
    },
  );
  routes.add(
    {
      method: 'get',
      path: `${base}/{endpoint_id}/headers`,
      operationId: 'v1.operational-webhook.endpoint.get-headers',
      summary: 'Get the custom headers (sensitive values are named, not shown)',
      tag,
      access,
      response: z.object({ headers: z.record(z.string(), z.string()), sensitive: z.array(z.string()) }),
    },
    async ({ params }) => headersOut((await find(params)).headers),
  );
  routes.add(
    {
      method: 'put',
      path: `${base}/{endpoint_id}/headers`,
      operationId: 'v1.operational-webhook.endpoint.set-headers',
      summary: 'Replace the custom headers',
      tag,
      access,
      body: z.object({ headers: headerMap }),
      status: 204,
    },
    async ({ params, body }) => {
      await webhooks.setHeaders(await find(params), body.headers);
    },
  );
}

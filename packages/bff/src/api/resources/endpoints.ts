import { z } from 'zod';
import { SECRET_PATTERN } from '../../crypto/secrets.ts';
import { hasCapability } from '../../domain/capabilities.ts';
import type { Endpoints } from '../../domain/endpoints.ts';
import { flagsOf, type Principal } from '../../domain/principal.ts';
import { authorOf } from '../../domain/transformations.ts';
import type { Endpoint } from '../../model.ts';
import { HEADER_NAME, RESERVED_HEADER, SAFE_HEADER_VALUE, SENSITIVE_HEADER } from '../../outbound/headers.ts';
import type { RouteTable } from '../route-table.ts';
import {
  channels,
  endpointFilter,
  eventTypeName,
  httpUrl,
  listQuery,
  listResponse,
  pathParam,
  stringMap,
  throttleRate,
  transformationCode,
  uid,
  unique,
} from '../schemas.ts';
import { ConnectorOut, connectorOut } from './connectors.ts';

export const headerMap = z
  .record(
    z
      .string()
      .max(256)
      .regex(HEADER_NAME, 'is not a valid HTTP header name')
      .refine((name) => !RESERVED_HEADER.test(name), 'is set by Patchbay and cannot be overridden'),
    z
      .string()
      .max(8192)
      .regex(SAFE_HEADER_VALUE, 'may hold only tab, printable ASCII and Latin-1 characters (no line breaks)'),
  )
  .refine((m) => Object.keys(m).length <= 50, 'may have at most 50 headers');

export const secret = z.string().regex(SECRET_PATTERN, 'must be base64 of 24 to 75 bytes, optionally prefixed whsec_');

const endpointFields = {
  url: httpUrl,
  description: z.string().max(4096).nullish(),
  throttleRate: throttleRate.nullish(),
  uid: uid.nullish(),
  disabled: z.boolean().nullish(),
  eventTypes: z.array(eventTypeName).min(1).max(1000).refine(unique, 'must not repeat a value').nullish(),
  channels: channels.nullish(),
  metadata: stringMap().nullish(),
  connectorId: z.string().max(256).nullish(),
  retrySchedule: z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(7 * 86_400),
    )
    .min(1)
    .max(20)
    .nullish(),
  filter: endpointFilter.nullish(),
};

export const EndpointIn = z.object({ ...endpointFields, secret: secret.nullish(), headers: headerMap.nullish() });
const EndpointUpdate = z.object(endpointFields);
const EndpointPatch = EndpointUpdate.partial();

export const EndpointOut = z.object({
  id: z.string(),
  uid: z.string().nullable(),
  url: z.string(),
  description: z.string(),
  throttleRate: z.number().nullable(),
  disabled: z.boolean(),
  eventTypes: z.array(z.string()).nullable(),
  channels: z.array(z.string()).nullable(),
  metadata: z.record(z.string(), z.string()),
  connectorId: z.string().nullable(),
  retrySchedule: z.array(z.number()).nullable(),
  /** Patchbay: the payload filter (JSON Logic), null when it has none. */
  filter: z.record(z.string(), z.unknown()).nullable(),
  disabledReason: z.string().nullable(),
  failSince: z.string().nullable(),
  /** Patchbay: what the latest failed delivery came to ("401 Unauthorized"), while it is failing. */
  failReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const EndpointHeadersOut = z.object({ headers: z.record(z.string(), z.string()), sensitive: z.array(z.string()) });
const EndpointTransformationOut = z.object({
  code: z.string().nullable(),
  enabled: z.boolean(),
  variables: z.record(z.string(), z.string()),
  updatedAt: z.string().nullable(),
});

/** Whether `principal` may see secrets: a secret webhook URL whole, say (the vendor, or ViewEndpointSecret). */
export const seesSecrets = (principal: Principal) =>
  principal.kind === 'vendor' || hasCapability(principal.capabilities, 'ViewEndpointSecret');

/** The endpoint as answered; `url` is the stored one (a secret URL masked) unless told otherwise. */
export const endpointOut = (e: Endpoint, url = e.url): z.input<typeof EndpointOut> => ({
  id: e.id,
  uid: e.uid,
  url,
  description: e.description,
  throttleRate: e.throttleRate,
  disabled: e.disabled,
  eventTypes: e.eventTypes,
  channels: e.channels,
  metadata: e.metadata,
  connectorId: e.connectorId,
  retrySchedule: e.retrySchedule,
  filter: e.filter,
  disabledReason: e.disabledReason,
  failSince: e.failSince?.toISOString() ?? null,
  failReason: e.failSince ? e.failReason : null,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

/** The endpoint as `principal` may see it: a secret webhook URL whole or masked. */
export async function endpointAnswer(endpoints: Endpoints, endpoint: Endpoint, principal: Principal) {
  return endpointOut(
    endpoint,
    seesSecrets(principal) ? await endpoints.fullUrl(endpoint) : endpoints.shownUrl(endpoint.url),
  );
}

export function headersOut(headers: Record<string, string>): z.input<typeof EndpointHeadersOut> {
  const sensitive = Object.keys(headers).filter((name) => SENSITIVE_HEADER.test(name));
  return {
    headers: Object.fromEntries(Object.entries(headers).filter(([name]) => !sensitive.includes(name))),
    sensitive,
  };
}

export function endpointRoutes(routes: RouteTable, endpoints: Endpoints): void {
  const tag = 'Endpoint';
  const base = '/api/v1/app/{app_id}/endpoint';
  const endpointId = (params: Record<string, string>) => params.endpoint_id as string;
  const out = (endpoint: Endpoint, principal: Principal) => endpointAnswer(endpoints, endpoint, principal);

  routes.add(
    {
      method: 'get',
      path: base,
      operationId: 'v1.endpoint.list',
      summary: 'List the endpoints of an application',
      tag,
      access: { kind: 'app', capability: 'ViewBase' },
      query: listQuery('ascending'),
      response: listResponse(EndpointOut),
    },
    async ({ app, query, principal }) => {
      const page = await endpoints.list(app, query);
      return { ...page, data: await Promise.all(page.data.map((e) => out(e, principal))) };
    },
  );
  routes.add(
    {
      method: 'post',
      path: base,
      operationId: 'v1.endpoint.create',
      summary: 'Create an endpoint',
      tag,
      access: { kind: 'app', capability: 'ManageEndpoint' },
      rateLimit: 'manage',
      body: EndpointIn,
      response: EndpointOut,
      status: 201,
    },
    async ({ app, body, principal }) => out(await endpoints.create(app, body, flagsOf(principal)), principal),
  );
  routes.add(
    {
      method: 'get',
      path: `${base}/{endpoint_id}`,
      operationId: 'v1.endpoint.get',
      summary: 'Get an endpoint',
      tag,
      access: { kind: 'app', capability: 'ViewBase' },
      response: EndpointOut,
    },
    async ({ app, params, principal }) => out(await endpoints.get(app, endpointId(params)), principal),
  );
  routes.add(
    {
      method: 'put',
      path: `${base}/{endpoint_id}`,
      operationId: 'v1.endpoint.upsert',
      summary: 'Replace an endpoint, creating it under the uid in the path if it does not exist (201)',
      tag,
      access: { kind: 'app', capability: 'ManageEndpoint' },
      rateLimit: 'manage',
      body: EndpointUpdate,
      response: EndpointOut,
    },
    async ({ app, params, body, principal, setStatus }) => {
      const path = pathParam(uid, params, 'endpoint_id');
      const { value, created } = await endpoints.upsert(app, path, body, flagsOf(principal));
      if (created) setStatus(201);
      return out(value, principal);
    },
  );
  routes.add(
    {
      method: 'patch',
      path: `${base}/{endpoint_id}`,
      operationId: 'v1.endpoint.patch',
      summary: 'Change some fields of an endpoint',
      tag,
      access: { kind: 'app', capability: 'ManageEndpoint' },
      rateLimit: 'manage',
      body: EndpointPatch,
      response: EndpointOut,
    },
    async ({ app, params, body, principal }) =>
      out(await endpoints.update(await endpoints.get(app, endpointId(params)), body, flagsOf(principal)), principal),
  );
  routes.add(
    {
      method: 'delete',
      path: `${base}/{endpoint_id}`,
      operationId: 'v1.endpoint.delete',
      summary: 'Delete an endpoint',
      tag,
      access: { kind: 'app', capability: 'ManageEndpoint' },
      rateLimit: 'manage',
      status: 204,
    },
    async ({ app, params }) => {
      await endpoints.delete(await endpoints.get(app, endpointId(params)));
    },
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/{endpoint_id}/secret`,
      operationId: 'v1.endpoint.get-secret',
      summary: "Get the endpoint's signing secret",
      tag,
      access: { kind: 'app', capability: 'ViewEndpointSecret' },
      response: z.object({ key: z.string() }),
    },
    async ({ app, params }) => ({ key: (await endpoints.get(app, endpointId(params))).secret }),
  );
  routes.add(
    {
      method: 'post',
      path: `${base}/{endpoint_id}/secret/rotate`,
      operationId: 'v1.endpoint.rotate-secret',
      summary: 'Rotate the signing secret; the old one keeps signing for the grace period (default 24 hours)',
      tag,
      access: { kind: 'app', capability: 'ManageEndpointSecret' },
      rateLimit: 'manage',
      body: z.object({ key: secret.nullish(), gracePeriodSeconds: z.number().int().min(0).max(604_800).nullish() }),
      status: 204,
    },
    async ({ app, params, body }) => {
      const endpoint = await endpoints.get(app, endpointId(params));
      await endpoints.rotateSecret(
        endpoint,
        body.key,
        body.gracePeriodSeconds == null ? undefined : body.gracePeriodSeconds * 1000,
      );
    },
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/{endpoint_id}/headers`,
      operationId: 'v1.endpoint.get-headers',
      summary: 'Get the custom headers (sensitive values are named, not shown)',
      tag,
      access: { kind: 'app', capability: 'ViewBase' },
      response: EndpointHeadersOut,
    },
    async ({ app, params }) => headersOut((await endpoints.get(app, endpointId(params))).headers),
  );
  routes.add(
    {
      method: 'put',
      path: `${base}/{endpoint_id}/headers`,
      operationId: 'v1.endpoint.set-headers',
      summary: 'Replace the custom headers',
      tag,
      access: { kind: 'app', capability: 'ManageEndpoint' },
      rateLimit: 'manage',
      body: z.object({ headers: headerMap }),
      status: 204,
    },
    async ({ app, params, body }) => {
      await endpoints.setHeaders(await endpoints.get(app, endpointId(params)), body.headers, 'replace');
    },
  );
  routes.add(
    {
      method: 'patch',
      path: `${base}/{endpoint_id}/headers`,
      operationId: 'v1.endpoint.patch-headers',
      summary: 'Add, change or remove some custom headers',
      tag,
      access: { kind: 'app', capability: 'ManageEndpoint' },
      rateLimit: 'manage',
      body: z.object({ headers: headerMap, deleteHeaders: z.array(z.string().max(256)).max(50).nullish() }),
      status: 204,
    },
    async ({ app, params, body }) => {
      const endpoint = await endpoints.get(app, endpointId(params));
      await endpoints.setHeaders(endpoint, body.headers, 'merge', body.deleteHeaders ?? []);
    },
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/{endpoint_id}/transformation`,
      operationId: 'v1.endpoint.transformation.get',
      summary: "Get the endpoint's transformation",
      tag,
      access: { kind: 'app', capability: 'ManageTransformations' },
      response: EndpointTransformationOut,
    },
    async ({ app, params }) => {
      const { transformation } = await endpoints.get(app, endpointId(params));
      return { ...transformation, updatedAt: transformation.updatedAt?.toISOString() ?? null };
    },
  );
  routes.add(
    {
      method: 'patch',
      path: `${base}/{endpoint_id}/transformation`,
      operationId: 'v1.endpoint.transformation.patch',
      summary: "Change the endpoint's transformation code, variables or switch",
      tag,
      access: { kind: 'app', capability: 'ManageTransformations' },
      rateLimit: 'manage',
      body: z.object({
        code: transformationCode.nullish(),
        enabled: z.boolean().nullish(),
        variables: stringMap(50).nullish(),
      }),
      status: 204,
    },
    async ({ app, params, body, principal }) => {
      await endpoints.setTransformation(await endpoints.get(app, endpointId(params)), body, authorOf(principal));
    },
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/{endpoint_id}/connector`,
      operationId: 'v1.endpoint.get_connector',
      summary: 'Get the connector the endpoint was made from (204 when none)',
      tag,
      access: { kind: 'app', capability: 'ViewBase' },
      response: ConnectorOut,
    },
    async ({ app, params }) => {
      const connector = await endpoints.connector(await endpoints.get(app, endpointId(params)));
      return connector && connectorOut(connector);
    },
  );
}

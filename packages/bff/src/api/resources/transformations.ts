import { z } from 'zod';
import type { Endpoints } from '../../domain/endpoints.ts';
import type { Transformations } from '../../domain/transformations.ts';
import { hideUserInfo, withoutUserInfo } from '../../outbound/urls.ts';
import type { TransformResult } from '../../transform/contract.ts';
import type { RouteTable } from '../route-table.ts';
import { channels, eventTypeName, httpUrl, stringMap, transformationCode } from '../schemas.ts';

/** Svix's `TransformationSimulateIn`. */
const TransformationSimulateIn = z.object({
  code: transformationCode,
  eventType: eventTypeName,
  payload: z.record(z.string(), z.unknown()),
  channels: channels.nullish(),
  variables: stringMap(50).nullish(),
  transformationsParams: z.record(z.string(), z.unknown()).nullish(),
});

/** Svix's `TransformationSimulateOut`, plus what the test panel shows: headers, console, time. */
const TransformationSimulateOut = z.object({
  url: z.string(),
  method: z.enum(['POST', 'PUT', 'PATCH']),
  payload: z.string(),
  cancel: z.boolean(),
  headers: z.record(z.string(), z.string()),
  console: z.array(z.object({ level: z.string(), message: z.string() })),
  durationMs: z.number(),
});

/** As the test panel shows it: user info the code wrote into the URL masked. */
const simulateOut = (r: TransformResult): z.input<typeof TransformationSimulateOut> => ({
  url: hideUserInfo(r.url),
  method: r.method,
  payload: r.payload,
  cancel: r.cancel,
  headers: r.headers,
  console: r.console,
  durationMs: Math.round(r.durationMs * 1000) / 1000,
});

/** Where a connector's simulation sends, when it has no endpoint yet. */
const PLACEHOLDER_URL = 'https://example.com/webhook';

export function transformationRoutes(
  routes: RouteTable,
  deps: { transformations: Transformations; endpoints: Endpoints },
): void {
  const { transformations, endpoints } = deps;
  routes.add(
    {
      method: 'post',
      path: '/api/v1/app/{app_id}/endpoint/{endpoint_id}/transformation/simulate',
      operationId: 'v1.endpoint.transformation.simulate',
      summary:
        'Run transformation code on a payload, as it would run for this endpoint (a failure is a 422 with the position)',
      tag: 'Endpoint',
      access: { kind: 'app', capability: 'ManageTransformations' },
      rateLimit: 'simulate',
      body: TransformationSimulateIn,
      response: TransformationSimulateOut,
    },
    async ({ app, params, body }) => {
      const endpoint = await endpoints.get(app, params.endpoint_id as string);
      return simulateOut(
        await transformations.simulate({
          ...body,
          // As a delivery runs it: without user info a row may hold from before it was moved into the credentials.
          url: withoutUserInfo(endpoint.url),
          variables: body.variables ?? endpoint.transformation.variables,
          appId: app.id,
        }),
      );
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/v1/connector/simulate',
      operationId: 'v1.connector.simulate',
      summary: "Run a connector's transformation code on a payload (a failure is a 422 with the position)",
      tag: 'Connector',
      access: { kind: 'vendor' },
      body: TransformationSimulateIn.extend({ url: httpUrl.nullish() }),
      response: TransformationSimulateOut,
    },
    async ({ body }) => simulateOut(await transformations.simulate({ ...body, url: body.url ?? PLACEHOLDER_URL })),
  );
}

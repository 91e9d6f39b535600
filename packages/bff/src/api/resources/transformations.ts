import { z } from 'zod';
import type { Endpoints } from '../../domain/endpoints.ts';
import { flagsOf } from '../../domain/principal.ts';
import {
  authorOf,
  DRY_RUN_MAX_RUNS,
  type DryRunOutcome,
  MAX_VERSIONS,
  type Transformations,
} from '../../domain/transformations.ts';
import type { Endpoint } from '../../model.ts';
import { hideUserInfo, withoutUserInfo } from '../../outbound/urls.ts';
import type { TransformationVersion } from '../../store/types.ts';
import type { TransformResult } from '../../transform/contract.ts';
import type { RouteTable } from '../route-table.ts';
import { channels, endpointFilter, eventTypeName, httpUrl, stringMap, transformationCode, unique } from '../schemas.ts';

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

/** One saved code of the endpoint's (Patchbay's extension). */
const TransformationVersionOut = z.object({
  id: z.string(),
  createdAt: z.string(),
  /** Who saved it: the portal session's id, or `vendor` for the API key. */
  author: z.string(),
  /** Whether it is the code the endpoint has now (the newest version with that code). */
  current: z.boolean(),
});
const TransformationVersionWithCodeOut = TransformationVersionOut.extend({ code: z.string() });

/** Which of the versions (newest first) is the endpoint's code now: the newest one with its code. */
const currentOf = (endpoint: Endpoint, versions: readonly TransformationVersion[]) =>
  versions.find((v) => v.code === endpoint.transformation.code)?.id ?? null;

const versionOut = (v: TransformationVersion, current: string | null) => ({
  id: v.id,
  createdAt: v.createdAt.toISOString(),
  author: v.author,
  current: v.id === current,
});

const DryRunOutcomeOut = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    method: z.string(),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    payload: z.string(),
    truncated: z.boolean(),
  }),
  z.object({ status: z.literal('canceled') }),
  z.object({
    status: z.literal('error'),
    kind: z.string(),
    line: z.number().nullable(),
    column: z.number().nullable(),
    reason: z.string(),
  }),
  z.object({ status: z.literal('filtered') }),
  z.object({ status: z.literal('skipped') }),
]);

const DryRunOut = z.object({
  data: z.array(
    z.object({
      source: z.enum(['message', 'example']),
      msgId: z.string().nullable(),
      eventType: z.string(),
      input: z.string(),
      new: DryRunOutcomeOut,
      current: DryRunOutcomeOut,
    }),
  ),
  /** Samples where the new code fails (error) and the current one did not: what saving would break. */
  regressions: z.number(),
});

const fails = (o: DryRunOutcome) => o.status === 'error';

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
  const versions = '/api/v1/app/{app_id}/endpoint/{endpoint_id}/transformation/versions';
  routes.add(
    {
      method: 'get',
      path: versions,
      operationId: 'v1.endpoint.transformation.versions.list',
      summary: `Patchbay extension: the codes the endpoint's transformation was saved with, newest first (the last ${MAX_VERSIONS})`,
      tag: 'Endpoint',
      access: { kind: 'app', capability: 'ManageTransformations' },
      response: z.object({ data: z.array(TransformationVersionOut) }),
    },
    async ({ app, params }) => {
      const endpoint = await endpoints.get(app, params.endpoint_id as string);
      const all = await transformations.versions(endpoint);
      const current = currentOf(endpoint, all);
      return { data: all.map((v) => versionOut(v, current)) };
    },
  );
  routes.add(
    {
      method: 'get',
      path: `${versions}/{version_id}`,
      operationId: 'v1.endpoint.transformation.versions.get',
      summary: "Patchbay extension: one saved code of the endpoint's transformation",
      tag: 'Endpoint',
      access: { kind: 'app', capability: 'ManageTransformations' },
      response: TransformationVersionWithCodeOut,
    },
    async ({ app, params }) => {
      const endpoint = await endpoints.get(app, params.endpoint_id as string);
      const version = await transformations.version(endpoint, params.version_id as string);
      const current = currentOf(endpoint, await transformations.versions(endpoint));
      return { ...versionOut(version, current), code: version.code };
    },
  );
  routes.add(
    {
      method: 'post',
      path: `${versions}/{version_id}/restore`,
      operationId: 'v1.endpoint.transformation.versions.restore',
      summary:
        "Patchbay extension: save an earlier version's code again (checked as any save; it becomes the newest version); answers the version now current",
      tag: 'Endpoint',
      access: { kind: 'app', capability: 'ManageTransformations' },
      rateLimit: 'manage',
      response: TransformationVersionWithCodeOut,
    },
    async ({ app, params, principal }) => {
      const endpoint = await endpoints.get(app, params.endpoint_id as string);
      const restored = await endpoints.restoreVersion(endpoint, params.version_id as string, authorOf(principal));
      const all = await transformations.versions(restored);
      const current = currentOf(restored, all);
      const newest = all.find((v) => v.id === current) as TransformationVersion;
      return { ...versionOut(newest, current), code: newest.code };
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/v1/app/{app_id}/endpoint/{endpoint_id}/transformation/dry-run',
      operationId: 'v1.endpoint.transformation.dry-run',
      summary:
        "Patchbay extension: run new code and the current code on the endpoint's latest messages and its event types' examples, side by side",
      tag: 'Endpoint',
      access: { kind: 'app', capability: 'ManageTransformations' },
      rateLimit: 'simulate',
      // As many runs as it may make: a dry run is that many simulations of the sandbox's time.
      rateCost: DRY_RUN_MAX_RUNS,
      body: z.object({
        code: transformationCode,
        /** The event types chosen in the flow, whose examples are run too; absent: the endpoint's. */
        eventTypes: z.array(eventTypeName).max(1000).refine(unique, 'must not repeat a value').nullish(),
        /** The payload filter as edited in the flow; absent: the endpoint's saved one; null: none. */
        filter: endpointFilter.nullish(),
      }),
      response: DryRunOut,
    },
    async ({ app, params, body, principal }) => {
      const endpoint = await endpoints.get(app, params.endpoint_id as string);
      const t = endpoint.transformation;
      const currentCode = t.enabled ? (t.code ?? (await endpoints.connector(endpoint))?.transformation ?? null) : null;
      const data = await transformations.dryRun({
        appId: app.id,
        endpoint,
        code: body.code,
        currentCode,
        samples: await transformations.samples(endpoint, body.eventTypes, flagsOf(principal)),
        filter: body.filter === undefined ? endpoint.filter : body.filter,
      });
      return { data, regressions: data.filter((r) => fails(r.new) && !fails(r.current)).length };
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

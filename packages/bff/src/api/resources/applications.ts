import { z } from 'zod';
import { type Applications, isAppId } from '../../domain/applications.ts';
import { INVALID_UID_PREFIX, looksLikeId } from '../../domain/uids.ts';
import type { Application } from '../../model.ts';
import type { RouteTable } from '../route-table.ts';
import { listQuery, listResponse, pathParam, queryBoolean, stringMap, throttleRate, uid } from '../schemas.ts';

/** Svix's uid, never with an id's prefix: an id or a uid then names one application. */
const appUid = uid.refine((value) => !looksLikeId(value), INVALID_UID_PREFIX);

/** A path naming an application that may be made there: its id, or the uid to make it under. */
export const appPath = (params: Record<string, string>): string =>
  pathParam(isAppId(params.app_id ?? '') ? z.string() : appUid, params, 'app_id');

export const ApplicationIn = z.object({
  name: z.string().min(1).max(256),
  uid: appUid.nullish(),
  throttleRate: throttleRate.nullish(),
  metadata: stringMap().nullish(),
});

export const ApplicationPatch = ApplicationIn.partial();

export const ApplicationOut = z.object({
  id: z.string(),
  uid: z.string().nullable(),
  name: z.string(),
  throttleRate: z.number().nullable(),
  metadata: z.record(z.string(), z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const applicationOut = (a: Application): z.input<typeof ApplicationOut> => ({
  id: a.id,
  uid: a.uid,
  name: a.name,
  throttleRate: a.throttleRate,
  metadata: a.metadata,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});

export function applicationRoutes(routes: RouteTable, applications: Applications): void {
  const tag = 'Application';
  routes.add(
    {
      method: 'get',
      path: '/api/v1/app',
      operationId: 'v1.application.list',
      summary:
        'List applications, less those without endpoints or with only disabled ones if asked (`exclude_apps_with_svix_play_endpoints` excludes none: there are no Svix Play endpoints here)',
      tag,
      access: { kind: 'vendor' },
      query: listQuery('ascending').extend({
        exclude_apps_with_no_endpoints: queryBoolean.optional(),
        exclude_apps_with_disabled_endpoints: queryBoolean.optional(),
        // Svix's playground endpoints: a self-hosted deployment has none, so no application has only those.
        exclude_apps_with_svix_play_endpoints: queryBoolean.optional(),
      }),
      response: listResponse(ApplicationOut),
    },
    async ({ query }) => {
      const {
        exclude_apps_with_no_endpoints,
        exclude_apps_with_disabled_endpoints,
        exclude_apps_with_svix_play_endpoints,
        ...list
      } = query;
      const page = await applications.list({
        ...list,
        excludeNoEndpoints: exclude_apps_with_no_endpoints ?? false,
        excludeOnlyDisabledEndpoints: exclude_apps_with_disabled_endpoints ?? false,
      });
      return { ...page, data: page.data.map(applicationOut) };
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/v1/app',
      operationId: 'v1.application.create',
      summary: 'Create an application',
      tag,
      access: { kind: 'vendor' },
      body: ApplicationIn,
      query: z.object({ get_if_exists: queryBoolean.optional() }),
      response: ApplicationOut,
      status: 201,
    },
    async ({ body, query, setStatus }) => {
      if (!query.get_if_exists) return applicationOut(await applications.create(body));
      const { app, created } = await applications.createOrGet(body);
      if (!created) setStatus(200);
      return applicationOut(app);
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/api/v1/app/{app_id}',
      operationId: 'v1.application.get',
      summary: 'Get an application',
      tag,
      access: { kind: 'app', capability: 'ViewBase' },
      response: ApplicationOut,
    },
    async ({ app }) => applicationOut(app),
  );
  routes.add(
    {
      method: 'put',
      path: '/api/v1/app/{app_id}',
      operationId: 'v1.application.upsert',
      summary: 'Replace an application, creating it if it does not exist',
      tag,
      access: { kind: 'vendor' },
      body: ApplicationIn,
      response: ApplicationOut,
    },
    async ({ params, body, setStatus }) => {
      const { app, created } = await applications.upsert(appPath(params), body);
      if (created) setStatus(201);
      return applicationOut(app);
    },
  );
  routes.add(
    {
      method: 'patch',
      path: '/api/v1/app/{app_id}',
      operationId: 'v1.application.patch',
      summary: 'Change some fields of an application',
      tag,
      access: { kind: 'vendor' },
      body: ApplicationPatch,
      response: ApplicationOut,
    },
    async ({ params, body }) =>
      applicationOut(await applications.update(await applications.get(params.app_id as string), body)),
  );
  routes.add(
    {
      method: 'delete',
      path: '/api/v1/app/{app_id}',
      operationId: 'v1.application.delete',
      summary: 'Delete an application with its endpoints and messages',
      tag,
      access: { kind: 'vendor' },
      status: 204,
    },
    async ({ params }) => {
      await applications.delete(await applications.get(params.app_id as string));
    },
  );
}

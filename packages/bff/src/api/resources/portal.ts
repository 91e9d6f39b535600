import { Router } from 'express';
import { z } from 'zod';
import { ConnectFieldOut } from '../../catalog/kind.ts';
import { negotiateLocale } from '../../catalog/locales.ts';
import type { CredentialService } from '../../crypto/credentials.ts';
import type { ConnectorCatalog } from '../../domain/connector-catalog.ts';
import type { Endpoints } from '../../domain/endpoints.ts';
import type { EventTypes } from '../../domain/event-types.ts';
import type { FormConnect } from '../../domain/form-connect.ts';
import { flagsOf, type PortalPrincipal } from '../../domain/principal.ts';
import { authorOf } from '../../domain/transformations.ts';
import type { CallbackResult, OAuthFlow } from '../../oauth/flow.ts';
import type { RouteTable } from '../route-table.ts';
import { eventTypeName, transformationCode, unique } from '../schemas.ts';
import { EndpointOut, endpointAnswer } from './endpoints.ts';
import { EventTypeOut, eventTypeOut } from './event-types.ts';

const eventTypes = z.array(eventTypeName).min(1).max(1000).refine(unique, 'must not repeat a value').nullish();

/** A connector as the widget shows it (domain/connector-catalog.ts describes it): the form to connect it included. */
const CatalogConnectorOut = z.object({
  id: z.string(),
  uid: z.string().nullable(),
  name: z.string(),
  kind: z.string(),
  kindName: z.string(),
  description: z.string(),
  logo: z.string().nullable(),
  kindLogo: z.string(),
  instructions: z.string(),
  instructionsHtml: z.string(),
  /** The vendor's default transformation, the starting point of the customer's. */
  transformation: z.string(),
  allowedEventTypes: z.array(z.string()).nullable(),
  connect: z.object({
    type: z.enum(['oauth', 'api-key', 'url', 'custom']),
    provider: z.string().optional(),
    /** OAuth only: whether this Patchbay has the provider's OAuth app. */
    available: z.boolean().optional(),
    instructions: z.array(z.string()).optional(),
    urlPattern: z.string().optional(),
    fields: z.array(ConnectFieldOut.extend({ default: z.string().optional() })),
  }),
});

/** An event type of the catalog: its schemas are JSON Schemas, whose `examples` the widget shows. */
const CatalogEventTypeOut = EventTypeOut.extend({
  schemas: z.record(z.string(), z.looseObject({ examples: z.array(z.unknown()).optional() })).nullable(),
});

/** The widget's API: what a portal session sees and does for its own application. */
export function portalRoutes(
  routes: RouteTable,
  deps: {
    connectorCatalog: ConnectorCatalog;
    formConnect: FormConnect;
    oauthFlow: OAuthFlow;
    endpoints: Endpoints;
    eventTypes: EventTypes;
    credentials: CredentialService;
  },
): void {
  const { connectorCatalog, formConnect, oauthFlow, endpoints, credentials } = deps;
  const tag = 'Portal';

  routes.add(
    {
      method: 'get',
      path: '/portal/v1/connectors',
      operationId: 'portal.connector.list',
      summary: "The vendor's connectors this session may use, each with the form to connect it",
      tag,
      access: { kind: 'session', capability: 'ViewBase' },
      query: z.object({
        /**
         * The language of the texts (`fr`, `de-CH`, or a list as in Accept-Language): the widget sends
         * its own. Without it, the Accept-Language header decides; a language Patchbay lacks gets English.
         */
        locale: z.string().max(256).optional(),
      }),
      response: z.object({ data: z.array(CatalogConnectorOut) }),
    },
    // Typed as the schema, so a change to what the catalog describes that the schema misses fails to compile.
    async ({ principal, query, req, res }): Promise<{ data: z.input<typeof CatalogConnectorOut>[] }> => {
      if (query.locale === undefined) res.vary('accept-language');
      const locale = negotiateLocale(query.locale ?? req.get('accept-language'));
      res.setHeader('content-language', locale);
      return { data: await connectorCatalog.list(flagsOf(principal), locale) };
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/portal/v1/event-types',
      operationId: 'portal.event-type.list',
      summary: 'The event catalog: every event type this session may subscribe to, with schemas and examples',
      tag,
      access: { kind: 'session', capability: 'ViewBase' },
      response: z.object({ data: z.array(CatalogEventTypeOut) }),
    },
    async ({ principal }) => ({
      data: (await deps.eventTypes.catalog(flagsOf(principal))).map((e) => eventTypeOut(e)),
    }),
  );
  routes.add(
    {
      method: 'post',
      path: '/portal/v1/connectors/{connector_id}/connect',
      operationId: 'portal.connector.connect',
      summary:
        'Connect with an API key, a pasted URL or Custom credentials: checked with the service, then saved encrypted',
      tag,
      access: { kind: 'session', capability: 'ManageEndpoint' },
      body: z.object({
        credentials: z.record(z.string().max(64), z.string().max(4096)),
        eventTypes,
        description: z.string().max(4096).nullish(),
      }),
      response: EndpointOut,
      status: 201,
      // Each connect has Patchbay send the service a request checking the credentials.
      rateLimit: 'connect',
    },
    async ({ app, params, body, principal }) => {
      const connector = await connectorCatalog.visibleConnector(params.connector_id as string, flagsOf(principal));
      return endpointAnswer(endpoints, await formConnect.connect(app, connector, body), principal);
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/portal/v1/connectors/{connector_id}/connect/oauth',
      operationId: 'portal.connector.connect-oauth',
      summary:
        "Start an OAuth connect from an embedding origin the vendor allows: open `startUrl` in a popup; its result comes back to the widget's window as a claim code",
      tag,
      access: { kind: 'session', capability: 'ManageEndpoint' },
      body: z.object({ eventTypes }),
      response: z.object({ sessionId: z.string(), startUrl: z.string(), expiresAt: z.string() }),
      status: 201,
    },
    async ({ app, params, body, principal, req }) => {
      const connector = await connectorCatalog.visibleConnector(params.connector_id as string, flagsOf(principal));
      const started = await oauthFlow.start(app, connector, {
        eventTypes: body.eventTypes ?? null,
        origin: req.get('origin'),
        principal: principal as PortalPrincipal,
      });
      return { ...started, expiresAt: started.expiresAt.toISOString() };
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/portal/v1/connect-sessions/{session_id}',
      operationId: 'portal.connect-session.get',
      summary:
        'Where an OAuth connect stands: pending, authorized (waiting for its claim), connected (with the endpoint) or failed (with why)',
      tag,
      access: { kind: 'session', capability: 'ViewBase' },
      response: z.object({
        id: z.string(),
        status: z.enum(['pending', 'authorized', 'connected', 'failed']),
        endpointId: z.string().nullable(),
        error: z.string().nullable(),
        /** What `error` is, for clients that say it in their own words. */
        errorCode: z.enum(['connect_expired', 'connect_cancelled', 'connect_failed']).nullable(),
      }),
    },
    async ({ app, params }) => oauthFlow.session(app, params.session_id as string),
  );
  routes.add(
    {
      method: 'post',
      path: '/portal/v1/connect-sessions/{session_id}/claim',
      operationId: 'portal.connect-session.claim',
      summary:
        "Make the endpoint of an authorized OAuth connect, with the code its callback posted to the widget's window; only the portal session that started it, once",
      tag,
      access: { kind: 'session', capability: 'ManageEndpoint' },
      rateLimit: 'manage',
      body: z.object({ code: z.string().min(1).max(256) }),
      response: EndpointOut,
      status: 201,
    },
    async ({ app, params, body, principal }) => {
      const endpoint = await oauthFlow.claim(app, principal as PortalPrincipal, params.session_id as string, body.code);
      return endpointAnswer(endpoints, endpoint, principal);
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/portal/v1/drafts',
      operationId: 'portal.draft.list',
      summary:
        'Connections made here but not saved yet (drafts deliver nothing, and are not in the endpoint list); one left for a day is removed',
      tag,
      access: { kind: 'session', capability: 'ViewBase' },
      response: z.object({ data: z.array(EndpointOut) }),
    },
    async ({ app, principal }) => ({
      data: await Promise.all((await endpoints.drafts(app)).map((e) => endpointAnswer(endpoints, e, principal))),
    }),
  );
  routes.add(
    {
      method: 'post',
      path: '/portal/v1/drafts/{endpoint_id}/save',
      operationId: 'portal.draft.save',
      summary:
        'Save a draft with its events and transformation: from now on it is an endpoint like any other and is delivered to',
      tag,
      access: { kind: 'session', capability: 'ManageEndpoint' },
      rateLimit: 'manage',
      body: z.object({ eventTypes, code: transformationCode.nullish() }),
      response: EndpointOut,
    },
    async ({ app, params, body, principal }) => {
      const endpoint = await endpoints.get(app, params.endpoint_id as string);
      return endpointAnswer(endpoints, await endpoints.saveDraft(endpoint, body, authorOf(principal)), principal);
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/portal/v1/drafts/{endpoint_id}/resume',
      operationId: 'portal.draft.resume',
      summary:
        'Resume a draft (Finish setup): it counts as worked on now, so it is removed a day after this at the earliest; answers the draft',
      tag,
      access: { kind: 'session', capability: 'ManageEndpoint' },
      rateLimit: 'manage',
      response: EndpointOut,
    },
    async ({ app, params, principal }) => {
      const endpoint = await endpoints.get(app, params.endpoint_id as string);
      return endpointAnswer(endpoints, await endpoints.resumeDraft(endpoint), principal);
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/portal/v1/endpoints/{endpoint_id}/connection',
      operationId: 'portal.endpoint.connection',
      summary: 'What an endpoint is connected with, masked (a channel, a key hint): never the credentials',
      tag,
      access: { kind: 'session', capability: 'ViewBase' },
      response: z.object({ kind: z.string().nullable(), hint: z.record(z.string(), z.string()) }),
    },
    async ({ app, params }) => {
      const endpoint = await endpoints.get(app, params.endpoint_id as string);
      const stored = await credentials.hint(endpoint.id);
      return { kind: stored?.kind ?? null, hint: stored?.hint ?? {} };
    },
  );
  routes.add(
    {
      method: 'put',
      path: '/portal/v1/endpoints/{endpoint_id}/connection',
      operationId: 'portal.endpoint.reconnect',
      summary:
        "Connect an endpoint again with its connector's form: the credentials given anew (checked with the service, as connecting is) replace what it held, and the URL they make (Custom's, Windmill's) is where it delivers from now on. The only way to move an endpoint that holds credentials to another origin",
      tag,
      access: { kind: 'session', capability: 'ManageEndpoint' },
      body: z.object({ credentials: z.record(z.string().max(64), z.string().max(4096)) }),
      response: EndpointOut,
      // The same check with the service as connecting, on the same budget: no session tests keys through Patchbay.
      rateLimit: 'connect',
    },
    async ({ app, params, body, principal }) => {
      const endpoint = await endpoints.get(app, params.endpoint_id as string);
      // Connecting again uses the connector as connecting does: only one the session's flags show.
      const connector = endpoint.connectorId
        ? await connectorCatalog.visibleConnector(endpoint.connectorId, flagsOf(principal))
        : undefined;
      return endpointAnswer(endpoints, await formConnect.reconnect(endpoint, connector, body), principal);
    },
  );
}

/** The pages of the OAuth popup: off the API (a browser opens them), with no credentials but the ticket or state. */
export function oauthPages(oauthFlow: OAuthFlow): Router {
  const router = Router();
  router.get('/oauth/:provider/start', async (req, res) => {
    try {
      res.redirect(302, await oauthFlow.providerStart(req.params.provider, String(req.query.ticket ?? '')));
    } catch (err) {
      resultPage(res, { origin: null, sessionId: null, status: 'failed', message: (err as Error).message });
    }
  });
  router.get('/oauth/:provider/callback', async (req, res) => {
    const query = new URL(req.originalUrl, 'http://callback.local').searchParams;
    resultPage(res, await oauthFlow.callback(req.params.provider, query));
  });
  return router;
}

function resultPage(res: import('express').Response, result: CallbackResult): void {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const message = {
    type: 'patchbay:oauth',
    sessionId: result.sessionId,
    status: result.status,
    message: result.message,
    ...(result.claimCode ? { code: result.claimCode } : {}),
  };
  const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  // JSON in a script: "<" is escaped so no value can close the script element.
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
  // Only to the widget's window (the opener), at the embedding origin the vendor allowed, never
  // "*": a browser drops the message if the opener shows any other page. Without an opener (the
  // link opened elsewhere) nothing is posted and the page says where to finish.
  const script = result.origin
    ? `<script nonce="${nonce}">if (window.opener) { window.opener.postMessage(${json(message)}, ${json(result.origin)}); window.close(); }</script>`
    : '';
  res
    .status(result.status === 'authorized' ? 200 : 400)
    .set({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'`,
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    })
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(result.status === 'authorized' ? 'Signed in' : 'Not connected')}</title></head><body><p role="status">${escapeHtml(result.message)}</p><p>You can close this window.</p>${script}</body></html>`,
    );
}

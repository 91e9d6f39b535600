import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import { authenticate } from './api/authenticate.ts';
import { cors } from './api/cors.ts';
import { errorMiddleware, notFound } from './api/error-middleware.ts';
import { healthRoutes } from './api/health.ts';
import { kindRoutes } from './api/kinds.ts';
import { openApiDocument } from './api/openapi.ts';
import { type PortalPageOptions, portalPage, type SealedLook } from './api/portal-page/page.ts';
import { requestContext } from './api/request-context.ts';
import { applicationRoutes } from './api/resources/applications.ts';
import { attemptRoutes } from './api/resources/attempts.ts';
import { authRoutes, jwksRoute } from './api/resources/auth.ts';
import { backgroundTaskRoutes } from './api/resources/background-tasks.ts';
import { connectorRoutes } from './api/resources/connectors.ts';
import { dispatchRoutes } from './api/resources/dispatches.ts';
import { endpointRoutes } from './api/resources/endpoints.ts';
import { environmentRoutes } from './api/resources/environment.ts';
import { eventTypeRoutes } from './api/resources/event-types.ts';
import { integrationRoutes } from './api/resources/integrations.ts';
import { messageRoutes } from './api/resources/messages.ts';
import { operationalWebhookRoutes } from './api/resources/operational-webhooks.ts';
import { oauthPages, portalRoutes } from './api/resources/portal.ts';
import { replayRoutes } from './api/resources/replays.ts';
import { statisticsRoutes } from './api/resources/statistics.ts';
import { transformationRoutes } from './api/resources/transformations.ts';
import { RouteTable } from './api/route-table.ts';
import { type Clock, systemClock } from './clock.ts';
import { type AppRateLimits, type Config, DEFAULT_APP_RATE_LIMITS, type PortalConfig } from './config.ts';
import type { Cipher } from './crypto/cipher.ts';
import { createCredentialService } from './crypto/credentials.ts';
import type { DeliveryEngine } from './delivery/engine.ts';
import { createApiKeys } from './domain/api-keys.ts';
import { createApplications } from './domain/applications.ts';
import { createAttempts } from './domain/attempts.ts';
import { createBackgroundTasks } from './domain/background-tasks.ts';
import { createConnectorCatalog } from './domain/connector-catalog.ts';
import { createConnectors } from './domain/connectors.ts';
import { createDispatches } from './domain/dispatches.ts';
import { createEndpoints } from './domain/endpoints.ts';
import { createEnvironment } from './domain/environment.ts';
import { createEventTypes } from './domain/event-types.ts';
import { createFormConnect } from './domain/form-connect.ts';
import { createIntegrations } from './domain/integrations.ts';
import { createMessages } from './domain/messages.ts';
import { createOperationalWebhooks } from './domain/operational-webhooks.ts';
import { createPortalTokens } from './domain/portal-tokens.ts';
import { createReplays } from './domain/replays.ts';
import { createStatistics } from './domain/statistics.ts';
import { createTransformations } from './domain/transformations.ts';
import { ForbiddenError } from './errors.ts';
import type { Logger } from './logger.ts';
import { createOAuthFlow } from './oauth/flow.ts';
import type { Store } from './store/types.ts';
import type { TransformService } from './transform/service.ts';
import { VERSION } from './version.ts';

export interface AppDeps {
  logger: Logger;
  store: Store;
  /** The sandbox processes that run transformations; their owner closes them. */
  transforms: TransformService;
  /** What the API needs of the delivery engine (see `delivery/engine.ts`). */
  delivery: Pick<
    DeliveryEngine,
    'checkDestination' | 'client' | 'routing' | 'retrySchedule' | 'wakeTasks' | 'retentionMs' | 'events'
  > & {
    wake(): void;
  };
  /** Encrypts connected services' credentials. */
  cipher: Cipher;
  oauth: Config['oauth'];
  /** The Prometheus registry /metrics renders: one per Patchbay instance. */
  metrics: Registry;
  apiKey: string;
  /** The BFF's public base URL: portal token issuer and portal links. */
  publicUrl: string;
  /** Origins of the pages that embed the widget (OAuth connects start and end only there); default: publicUrl's. */
  embedOrigins?: readonly string[];
  clock?: Clock;
  /** Largest accepted JSON body; Svix accepts payloads up to 1 MiB. */
  bodyLimitBytes?: number;
  /** false: only /health and /metrics (a worker-only process); the API runs elsewhere. */
  serveApi?: boolean;
  /** What each application's portal sessions may do per minute; default: config's defaults. */
  appRateLimits?: AppRateLimits;
  /** The App Portal page (`/portal`); default: framable by any page, the widget's own look. */
  portal?: PortalConfig & Pick<PortalPageOptions, 'findWidget'>;
}

/** Builds the HTTP application. It never listens: `main.ts` or a vendor's own server does. */
export function createApp(deps: AppDeps): Express {
  const { store, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const tokens = createPortalTokens({ store, clock, issuer: deps.publicUrl, cipher: deps.cipher });
  const applications = createApplications({ store, clock });
  const apiKeys = createApiKeys({ store, clock });
  const eventTypes = createEventTypes({ store, clock });
  const transformations = createTransformations({ engine: deps.transforms, store, clock });
  const connectors = createConnectors({ store, clock, transformations });
  const credentials = createCredentialService({ store, cipher: deps.cipher, clock });
  const endpoints = createEndpoints({
    store,
    clock,
    transformations,
    checkDestination: deps.delivery.checkDestination,
    credentials,
    routing: deps.delivery.routing,
    events: deps.delivery.events,
  });
  const { retentionMs } = deps.delivery;
  const dispatches = createDispatches({ store, clock, wake: deps.delivery.wake, retentionMs });
  const backgroundTasks = createBackgroundTasks({ store, clock, wake: deps.delivery.wakeTasks });
  const replays = createReplays({ store, clock, tasks: backgroundTasks });
  const connectorCatalog = createConnectorCatalog({ store, oauth: deps.oauth });
  const formConnect = createFormConnect({
    catalog: connectorCatalog,
    endpoints,
    routing: deps.delivery.routing,
    client: deps.delivery.client,
  });
  const oauthFlow = createOAuthFlow({
    store,
    clock,
    cipher: deps.cipher,
    tokens: { client: deps.delivery.client, routing: deps.delivery.routing, apps: deps.oauth },
    publicUrl: deps.publicUrl,
    embedOrigins: deps.embedOrigins ?? [new URL(deps.publicUrl).origin],
    connect: endpoints.createConnected,
    roomForDraft: endpoints.roomForDraft,
  });
  const messages = createMessages({ store, clock, applications, dispatches, tasks: backgroundTasks, retentionMs });
  const attempts = createAttempts({ store, retrySchedule: deps.delivery.retrySchedule });

  const routes = new RouteTable({
    store,
    clock,
    tokens,
    cipher: deps.cipher,
    rateLimits: deps.appRateLimits ?? DEFAULT_APP_RATE_LIMITS,
  });
  applicationRoutes(routes, applications);
  eventTypeRoutes(routes, eventTypes);
  connectorRoutes(routes, connectors);
  environmentRoutes(routes, createEnvironment({ store, clock, eventTypes, connectors }));
  endpointRoutes(routes, endpoints);
  messageRoutes(routes, { messages, endpoints });
  attemptRoutes(routes, { attempts, endpoints, messages });
  transformationRoutes(routes, { transformations, endpoints });
  dispatchRoutes(routes, { dispatches, endpoints, messages });
  replayRoutes(routes, { replays, endpoints });
  backgroundTaskRoutes(routes, backgroundTasks);
  operationalWebhookRoutes(routes, createOperationalWebhooks({ store, clock }));
  integrationRoutes(routes, { integrations: createIntegrations({ store, clock, cipher: deps.cipher }), applications });
  statisticsRoutes(routes, createStatistics({ store, tasks: backgroundTasks }));
  portalRoutes(routes, { connectorCatalog, formConnect, oauthFlow, endpoints, eventTypes, credentials });
  // A session's vendor name and logo in its portal link are sealed, with the session's expiry:
  // only a link the vendor made puts its words and logo on the page, and only while the session
  // lasts (colours and font are Svix's query parameters, in clear; so is Svix's own `icon`).
  const SEALED_LOOK_AAD = 'portal-vendor-name';
  const sealedLooks = {
    seal: (look: SealedLook, expires: Date) =>
      deps.cipher.encrypt(JSON.stringify({ ...look, exp: expires.getTime() }), SEALED_LOOK_AAD),
    open: (sealed: string): SealedLook | undefined => {
      try {
        const { exp, vendorName, icon } = JSON.parse(deps.cipher.decrypt(sealed, SEALED_LOOK_AAD));
        if (typeof exp !== 'number' || exp <= clock.now().getTime()) return undefined;
        return { vendorName, icon };
      } catch {
        return undefined;
      }
    },
  };
  authRoutes(routes, { applications, tokens, clock, publicUrl: deps.publicUrl, sealLook: sealedLooks.seal });
  const portal = deps.portal ?? { frameAncestors: ['*'], look: {}, scriptUrl: null };
  const openApi = openApiDocument(routes, VERSION);

  const app = express();
  app.disable('x-powered-by');
  // A hash of every body sent, for a 304 that API clients never ask for (files sent keep theirs).
  app.set('etag', false);
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  app.use(requestContext(logger));
  app.use(healthRoutes(store, { api: deps.serveApi !== false }));
  app.get('/metrics', authenticate(deps.apiKey, tokens, apiKeys), async (req, res) => {
    if (req.principal.kind !== 'vendor') throw new ForbiddenError('Metrics need the vendor API key');
    res.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });
  if (deps.serveApi !== false) {
    app.use(['/api/v1', '/portal/v1'], cors);
    app.use(jwksRoute(tokens));
    app.get('/api/v1/openapi.json', (_req, res) => {
      res.json(openApi);
    });
    app.use('/portal/v1', kindRoutes());
    app.use(oauthPages(oauthFlow));
    app.use(portalPage({ ...portal, logger, openLook: sealedLooks.open }));
    const json = express.json({ limit: deps.bodyLimitBytes ?? 1024 * 1024 });
    app.use('/portal/v1', authenticate(deps.apiKey, tokens, apiKeys), json);
    // Credentials are checked before a body is read, so anonymous callers cannot make us parse 1 MiB.
    app.use('/api/v1', authenticate(deps.apiKey, tokens, apiKeys), json);
    app.use(routes.router);
  }
  app.use(notFound);
  app.use(errorMiddleware);
  return app;
}

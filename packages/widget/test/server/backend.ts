import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CATALOG, createPatchbay, loadConfig } from '@patchbay/bff';
import { FAKE_CREDENTIALS, giveConsent, oauthRedirectUris, patchbayEnv, startFakes } from '@patchbay/fakes';
import express from 'express';

const API_KEY = 'widget-tests-vendor-key';

/** Event types with descriptions and example payloads, in two groups, as a vendor would declare them. */
const EVENT_TYPES = [
  ['invoice.created', 'An invoice was issued.', { amount: 99.99, customer_name: 'John Doe' }],
  ['invoice.paid', 'An invoice was paid in full.', { amount: 99.99, customer_name: 'John Doe' }],
  ['user.created', 'Someone signed up.', { user: { email: 'ada@example.com', id: 'user123' } }],
] as const;

/** What the event catalog shows of the payloads: properties, nested objects and arrays, required ones. */
const SCHEMA_PROPERTIES: Record<string, object> = {
  'invoice.created': {
    required: ['amount', 'customer_name'],
    properties: {
      amount: { type: 'number', description: 'The total, in the invoice currency.' },
      customer_name: { type: 'string', description: 'Who the invoice is for.' },
      status: { type: 'string', enum: ['draft', 'open'] },
      lines: {
        type: 'array',
        description: 'What was sold.',
        items: {
          type: 'object',
          required: ['sku'],
          properties: { sku: { type: 'string' }, quantity: { type: 'integer' } },
        },
      },
    },
  },
  'user.created': {
    required: ['user'],
    properties: {
      user: {
        type: 'object',
        required: ['id'],
        properties: { email: { type: 'string', format: 'email' }, id: { type: 'string', description: 'Stable id.' } },
      },
    },
  },
};

/**
 * What the widget tests run against: the real BFF (a temporary SQLite file, the delivery worker
 * running) behind a vendor site of its own, with every third-party service replaced by
 * @patchbay/fakes. The test server mounts the same router at /patchbay so the widget calls it
 * same-origin; this listener is the BFF's public URL, where OAuth redirects come back.
 */
export async function startWidgetBackend() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'patchbay-wtr-'));
  const site = express();
  const server = http.createServer(site);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const publicUrl = `${origin}/patchbay`;

  const fakes = await startFakes({ redirectUris: oauthRedirectUris(publicUrl) });
  const env: Record<string, string> = {
    ...patchbayEnv(fakes.urls),
    PATCHBAY_DATABASE: `sqlite:${path.join(dataDir, 'patchbay.db')}`,
    PATCHBAY_API_KEY: API_KEY,
    PATCHBAY_PUBLIC_URL: publicUrl,
    // Custom endpoints in these tests point at this loopback server.
    PATCHBAY_ALLOW_PRIVATE_NETWORKS: 'true',
    LOG_LEVEL: 'silent',
  };
  const config = loadConfig(env);
  const patchbay = await createPatchbay(config);
  patchbay.startWorker();
  site.use('/patchbay', patchbay.router);
  // The widget's page is the test runner's, whose origin is known only once it listens; its proxy
  // (this router) is the only way there, so the first request it forwards names the page, and
  // that is the embedding origin the vendor (this harness) allows, as PATCHBAY_EMBED_ORIGINS would.
  const allowPage = (host: string | undefined) => {
    const page = host && `http://${host}`;
    if (page && !config.embedOrigins.includes(page)) config.embedOrigins.push(page);
  };
  // One that refuses every delivery, as a receiver with the wrong credentials does.
  site.post('/hooks/refuse', (_req, res) => res.status(401).send('invalid token'));
  // One that answers with headers and a body of its own, for the attempt view's "what came back".
  site.post('/hooks/reply', (_req, res) => {
    res.set('x-receiver', 'acme-inbox').status(202).json({ received: true, queue: 'invoices' });
  });
  // The customer's own URLs for Custom connections: they take whatever they are sent, and keep
  // what the tests check of it (which message, with which Authorization header).
  const hooks: { path: string; messageId: string | null; authorization: string | null }[] = [];
  const hook = (req: express.Request, res: express.Response) => {
    const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : null);
    hooks.push({ path: req.path, messageId: header('webhook-id'), authorization: header('authorization') });
    res.status(204).end();
  };
  // One that answers 410 Gone (so Patchbay disables the endpoint) until the test makes it take deliveries again.
  const gone = new Set<string>();
  site.post('/hooks/gone/:name', (req, res) =>
    gone.has(req.params.name) ? res.status(410).send('gone') : hook(req, res),
  );
  site.post('/hooks/:name', hook);
  // Another site of the customer's (another origin): where a connection is moved to.
  const elsewhere = express();
  elsewhere.post('/hooks/:name', hook);
  const otherServer = http.createServer(elsewhere);
  await new Promise<void>((resolve) => otherServer.listen(0, '127.0.0.1', resolve));
  const otherOrigin = `http://127.0.0.1:${(otherServer.address() as AddressInfo).port}`;

  async function vendor<T = Record<string, unknown>>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${publicUrl}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  for (const [name, description, example] of EVENT_TYPES) {
    await vendor('POST', '/event-type', {
      name,
      description,
      schemas: { 1: { type: 'object', ...SCHEMA_PROPERTIES[name], examples: [example] } },
    });
  }
  for (const kind of CATALOG) {
    await vendor('POST', '/connector', {
      name: kind.name,
      kind: kind.kind,
      // Custom has no default: the identity passes the vendor's payload on as it is.
      transformation: kind.defaultTransformation ?? 'function handler(webhook) {\n  return webhook;\n}\n',
      // As the demo's: the customer may give a user name and password (or leave them empty), and
      // the vendor names it in every language its customers read.
      ...(kind.kind === 'Custom'
        ? {
            authenticationMethod: 'HttpBasic',
            translations: { de: { name: 'Eigener Webhook' }, fr: { name: 'Webhook personnalisé' } },
          }
        : {}),
    });
  }

  let apps = 0;
  return {
    origin,
    router: (req: http.IncomingMessage, res: http.ServerResponse) => {
      allowPage(req.headers.host);
      patchbay.router(req, res);
    },
    /** A fresh application (so tests do not see each other's connections) and a portal token for it. */
    async session(options: { capabilities?: string[]; expirySeconds?: number; app?: string } = {}) {
      const app = options.app ?? `customer-${++apps}`;
      if (!options.app) await vendor('POST', '/app', { name: `Customer ${apps}`, uid: app });
      const { token } = await vendor<{ token: string }>('POST', `/auth/app-portal-access/${app}`, {
        ...(options.capabilities ? { capabilities: options.capabilities } : {}),
        ...(options.expirySeconds ? { expiry: options.expirySeconds } : {}),
      });
      return {
        app,
        token,
        hookUrl: `${origin}/hooks/ok`,
        refusingUrl: `${origin}/hooks/refuse`,
        replyingUrl: `${origin}/hooks/reply`,
        otherSiteUrl: `${otherOrigin}/hooks/${app}`,
        goneUrl: `${origin}/hooks/gone/${app}`,
      };
    },
    /** Whether the session's `goneUrl` answers 410 Gone (`true`) or takes deliveries, keeping them as `hooks` does. */
    gone(app: string, on: boolean): { app: string; gone: boolean } {
      if (on) gone.add(app);
      else gone.delete(app);
      return { app, gone: on };
    },
    /** What the customer's Custom URL at `path` (`/hooks/<name>`) received, oldest first. */
    hooks: (path: string) => hooks.filter((h) => h.path === path),
    /** The messages a service's fake received (by their webhook-id), on paths under `path`. */
    fakeMessages: (service: string, path: string) =>
      (fakes.servers[service]?.requests({ method: 'POST', path }) ?? []).map((r) => r.headers['webhook-id'] ?? null),
    /** The Windmill fake's instance and what it accepts, for the connect form. */
    windmill: () => ({ instanceUrl: fakes.urls.windmill, ...FAKE_CREDENTIALS.windmill }),
    /** What the vendor's backend does through the Svix API (create endpoints, send messages with channels and tags…). */
    vendor: (method: string, route: string, body?: unknown) => vendor(method, route, body),
    /** Sends a message to an application, as the vendor's backend does. */
    send: (app: string, eventType: string, payload: unknown) =>
      vendor('POST', `/app/${app}/msg`, { eventType, payload }),
    /**
     * Does what the customer does at the provider in the OAuth popup — Approve or Deny on its
     * consent page — and answers where the provider sends the popup back: the test loads that
     * page in a window of its own, so that the page's message reaches the widget as its opener.
     */
    async consent(startUrl: string, decision: 'approve' | 'deny'): Promise<string> {
      return (await giveConsent(startUrl, decision)).callbackUrl;
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await new Promise((resolve) => otherServer.close(resolve));
      await patchbay.close();
      await fakes.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type WidgetBackend = Awaited<ReturnType<typeof startWidgetBackend>>;

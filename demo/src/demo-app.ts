import path from 'node:path';
import type { Patchbay } from '@patchbay/bff';
import express, { type Express } from 'express';
import { type AcmeBackend, UnknownEventType } from './acme-backend.ts';
import { ACME_EVENTS } from './acme-events.ts';
import type { FakeCredentials } from './fake-credentials.ts';
import type { InboxItem } from './fake-inbox.ts';

const publicDir = path.resolve(import.meta.dirname, '../public');
const widgetDist = path.resolve(import.meta.dirname, '../../packages/widget/dist');
const nodeModules = path.resolve(import.meta.dirname, '../../node_modules');

export interface DemoParts {
  patchbay: Patchbay;
  acme: AcmeBackend;
  /** What the service fakes received, newest first. */
  inbox: () => InboxItem[];
  /** What to type into each connector's form to reach its fake. */
  credentials: () => FakeCredentials[];
}

/**
 * Acme's web app: its pages, the widget's files, Patchbay mounted under /patchbay, and Acme's
 * own few routes: a portal session for the signed-in user, buttons that make events happen,
 * and (demo only) what the service fakes received.
 */
export function createDemoApp({ patchbay, acme, inbox, credentials }: DemoParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use('/patchbay', patchbay.router);

  // Express 5 hands a rejected handler's error to the error handler, so async routes need no wrapper.
  app.post('/session/patchbay', async (_req, res) => {
    res.set('cache-control', 'no-store').json({ token: await acme.portalToken() });
  });
  // "Open the App Portal": the page Patchbay serves for the session's link, as a vendor links to it.
  app.get('/demo/app-portal', async (_req, res) => {
    res.set({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).redirect(303, await acme.portalUrl());
  });
  app.get('/demo/events', (_req, res) => {
    res.json({ data: Object.entries(ACME_EVENTS).map(([name, e]) => ({ name, description: e.description })) });
  });
  app.post('/demo/emit/:eventType', async (req, res) => {
    try {
      res.status(202).json(await acme.emit(String(req.params.eventType)));
    } catch (err) {
      if (!(err instanceof UnknownEventType)) throw err;
      res.status(404).json({ code: 'not_found', detail: err.message });
    }
  });
  app.get('/demo/inbox', (_req, res) => res.set('cache-control', 'no-store').json({ data: inbox() }));
  app.get('/demo/fake-credentials', (_req, res) => res.json({ data: credentials() }));

  // The script-tag bundle, and what it loads from beside itself when it is needed (the code
  // editor, the catalogs other than English).
  app.get(/^\/connector-picker[\w-]*\.js$/, (req, res) => res.sendFile(path.join(widgetDist, req.path)));
  // The ESM build and Lit, for the page that imports the widget as modules (see esm.html's import map).
  app.use('/esm/widget', express.static(path.join(widgetDist, 'esm')));
  for (const pkg of ['lit', 'lit-html', 'lit-element', '@lit/reactive-element']) {
    app.use(`/esm/${pkg}`, express.static(path.join(nodeModules, pkg)));
  }
  app.use(express.static(publicDir));
  return app;
}

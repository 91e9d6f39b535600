import path from 'node:path';
import type { Patchbay } from '@patchbay/bff';
import express, { type Express } from 'express';

const publicDir = path.resolve(import.meta.dirname, '../public');
const widgetDist = path.resolve(import.meta.dirname, '../../packages/widget/dist');

/**
 * Acme's web app: its pages, the widget's script-tag bundle, Patchbay mounted under /patchbay,
 * and the one route of Acme's own that the widget needs: a portal session for the signed-in user.
 */
export function createDemoApp(patchbay: Patchbay, portalToken: () => Promise<string>): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use('/patchbay', patchbay.router);
  app.post('/session/patchbay', async (_req, res, next) => {
    try {
      res.set('cache-control', 'no-store').json({ token: await portalToken() });
    } catch (err) {
      next(err);
    }
  });
  // The script-tag bundle, and the code editor it loads from beside itself when it is needed.
  for (const file of ['connector-picker.js', 'connector-picker-editor.js']) {
    app.get(`/${file}`, (_req, res) => res.sendFile(path.join(widgetDist, file)));
  }
  app.use(express.static(publicDir));
  return app;
}

import path from 'node:path';
import type { Patchbay } from '@patchbay/bff';
import express, { type Express } from 'express';

const publicDir = path.resolve(import.meta.dirname, '../public');
const widgetBundle = path.resolve(import.meta.dirname, '../../packages/widget/dist/connector-picker.js');

/** Acme's web app: its pages, the widget's script-tag bundle, and Patchbay mounted under /patchbay. */
export function createDemoApp(patchbay: Patchbay): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use('/patchbay', patchbay.router);
  app.get('/connector-picker.js', (_req, res) => res.sendFile(widgetBundle));
  app.use(express.static(publicDir));
  return app;
}

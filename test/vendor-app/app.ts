import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPatchbay, loadConfig } from '@patchbay/bff';
import express from 'express';

// A vendor's own web app, in a project of its own with @patchbay/bff and @patchbay/widget installed
// from npm: what README's "Mount it in your own Express app" and "Embed it" say, and nothing more.
const app = express();

const patchbay = await createPatchbay(loadConfig(process.env));
app.use('/patchbay', patchbay.router);
patchbay.startWorker();

// The widget's script-tag bundle and what it loads on demand beside itself, served from node_modules.
const widget = path.dirname(fileURLToPath(import.meta.resolve('@patchbay/widget/connector-picker.js')));
app.get(/^\/connector-picker[\w-]*\.js$/, (req, res) => res.sendFile(path.join(widget, req.path)));

// The vendor's backend mints a portal session for its signed-in customer (here always "globex").
app.post('/session/patchbay', async (_req, res) => {
  const patchbayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/patchbay`;
  const session = await fetch(`${patchbayUrl}/api/v1/auth/app-portal-access/globex`, {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env.PATCHBAY_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ capabilities: ['ViewBase', 'ManageEndpoint'] }),
  });
  res.status(session.status).json(await session.json());
});

// The pages Vite built: index.html imports the widget as modules, script-tag.html uses the bundle.
app.use(express.static(fileURLToPath(new URL('dist', import.meta.url))));

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  process.stdout.write(`vendor app on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => {
  server.close(() => patchbay.close().then(() => process.exit(0)));
});

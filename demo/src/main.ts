import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, createLogger, createPatchbay, loadConfig, serve } from '@patchbay/bff';
import { acmeBackend } from './acme-backend.ts';
import { loadOrCreateApiKey } from './api-key.ts';
import { createDemoApp } from './demo-app.ts';

// `npm start`: the Acme Invoices demo with Patchbay mounted inside it, on one port.
const root = path.resolve(import.meta.dirname, '../..');
if (!existsSync(path.join(root, 'packages/widget/dist/connector-picker.js'))) {
  process.stderr.write('demo: the widget is not built; run `npm run build` (npm start does it for you)\n');
  process.exit(1);
}

let config: ReturnType<typeof loadConfig>;
try {
  const apiKey = process.env.PATCHBAY_API_KEY || (await loadOrCreateApiKey(path.join(root, 'data/demo-api-key')));
  // Patchbay lives under /patchbay here, so that is its public base URL (portal links, token issuer).
  const publicUrl = process.env.PATCHBAY_PUBLIC_URL || `http://localhost:${process.env.PORT || 8787}/patchbay`;
  config = loadConfig({ ...process.env, PATCHBAY_API_KEY: apiKey, PATCHBAY_PUBLIC_URL: publicUrl }, { cwd: root });
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`demo: ${err.message}\n`);
  process.exit(78);
}

const logger = createLogger(config.logLevel);
const patchbay = await createPatchbay(config, logger);
// The server starts first: Acme's backend talks to Patchbay over HTTP, on this very port.
const server = await serve(
  createDemoApp(patchbay, () => acme.portalToken()),
  config.port,
  logger,
  config.host,
);
const acme = acmeBackend(`${server.url}/patchbay`, config.apiKey ?? '');
await acme.setUp();
patchbay.startWorker();
process.stdout.write(`\n  Acme Invoices demo with Patchbay: open ${server.url}/\n\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await server.close();
    await patchbay.close();
    process.exit(0);
  });
}

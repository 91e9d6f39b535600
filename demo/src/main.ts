import { existsSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import path from 'node:path';
import { ConfigError, createLogger, createPatchbay, loadConfig, serve } from '@patchbay/bff';
import { oauthRedirectUris, patchbayEnv } from '@patchbay/fakes';
import { acmeBackend } from './acme-backend.ts';
import { loadOrCreateApiKey } from './api-key.ts';
import { createDemoApp } from './demo-app.ts';
import { fakeCredentials } from './fake-credentials.ts';
import { inbox } from './fake-inbox.ts';
import { DEFAULT_FAKES_PORT, FakesNotStarted, startFakesOnSavedPorts } from './fake-ports.ts';

// `npm start`: the Acme Invoices demo with Patchbay mounted inside it, on one port, and a local
// fake of every third-party service, so the whole product runs offline.
const root = path.resolve(import.meta.dirname, '../..');
if (!existsSync(path.join(root, 'packages/widget/dist/connector-picker.js'))) {
  process.stderr.write('demo: the widget is not built; run `npm run build` (npm start does it for you)\n');
  process.exit(1);
}

function configFrom(env: NodeJS.ProcessEnv) {
  try {
    return loadConfig(env, { cwd: root });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`demo: ${err.message}\n`);
    process.exit(78);
  }
}

/** The directory of the demo's data: beside the SQLite database, else ./data. */
function dataDir(database: ReturnType<typeof configFrom>['database']): string {
  return database.kind === 'sqlite' && database.path !== ':memory:'
    ? path.dirname(database.path)
    : path.join(root, 'data');
}

const apiKey = process.env.PATCHBAY_API_KEY || (await loadOrCreateApiKey(path.join(root, 'data/demo-api-key')));
// The demo's console is for the URL to open and for problems; LOG_LEVEL=info shows every request.
const env = { ...process.env, PATCHBAY_API_KEY: apiKey, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' };
// Listen first: Patchbay's public URL (where OAuth comes back to) is this server's, and PORT may be 0.
const listening = configFrom(env);
const logger = createLogger(listening.logLevel);
let site: RequestListener = (_req, res) => res.writeHead(503, { 'retry-after': '1' }).end('starting');
const server = await serve((req, res) => site(req, res), listening.port, logger, listening.host);
const publicUrl = process.env.PATCHBAY_PUBLIC_URL || `${server.url}/patchbay`;

const firstFakePort = Number(process.env.PATCHBAY_DEMO_FAKES_PORT?.trim() || DEFAULT_FAKES_PORT);
if (!Number.isInteger(firstFakePort) || firstFakePort < 0 || firstFakePort > 65535 - 20) {
  process.stderr.write(
    `demo: PATCHBAY_DEMO_FAKES_PORT must be a port (0: any free ones); got "${process.env.PATCHBAY_DEMO_FAKES_PORT}"\n`,
  );
  process.exit(78);
}
const fakes = await startFakesOnSavedPorts(path.join(dataDir(listening.database), 'demo-fakes.json'), firstFakePort, {
  redirectUris: oauthRedirectUris(publicUrl),
}).catch((err) => {
  if (!(err instanceof FakesNotStarted)) throw err;
  process.stderr.write(`demo: ${err.message}\n`);
  process.exit(1);
});
// The OAuth apps and service hosts are the fakes'; everything else is as configured. The fakes
// are on loopback, which the SSRF guard refuses: their origins alone are let through, so a
// Windmill or Custom URL pointing at one works while every other private address stays blocked.
// Acme's pages, which embed the widget, are served beside Patchbay: theirs is the one embedding origin.
const config = configFrom({
  ...env,
  PATCHBAY_PUBLIC_URL: publicUrl,
  PATCHBAY_EMBED_ORIGINS: process.env.PATCHBAY_EMBED_ORIGINS || new URL(publicUrl).origin,
  PATCHBAY_ALLOW_PRIVATE_ORIGINS: [
    ...Object.values(fakes.servers).map((s) => s.url),
    ...(process.env.PATCHBAY_ALLOW_PRIVATE_ORIGINS ? [process.env.PATCHBAY_ALLOW_PRIVATE_ORIGINS] : []),
  ].join(','),
  ...patchbayEnv(fakes.urls),
});
const patchbay = await createPatchbay(config, logger);
const acme = acmeBackend(`${server.url}/patchbay`, apiKey);
const credentials = fakeCredentials(fakes);
site = createDemoApp({ patchbay, acme, inbox: () => inbox(fakes.received()), credentials: () => credentials });
await acme.setUp();
patchbay.startWorker();
process.stdout.write(`\n  Acme Invoices demo with Patchbay: open ${server.url}/\n\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await server.close();
    await patchbay.close();
    await fakes.stop();
    process.exit(0);
  });
}

#!/usr/bin/env node
// Starts every fake on loopback and prints their base URLs (and the matching
// PATCHBAY_<KIND>_BASE_URL lines); stops on Ctrl-C. Options: --port N (first port),
// --redirect-uri URI (repeatable; the OAuth fakes accept these).
import { parseArgs } from 'node:util';
import { startFakes } from './index.ts';

const { values } = parseArgs({
  options: { port: { type: 'string' }, 'redirect-uri': { type: 'string', multiple: true } },
});
const started = performance.now();
const fakes = await startFakes({
  ...(values.port ? { basePort: Number(values.port) } : {}),
  redirectUris: values['redirect-uri'] ?? [],
});
const ms = Math.round(performance.now() - started);
for (const [kind, url] of Object.entries(fakes.urls)) {
  const env = kind === 'customerioEu' ? 'PATCHBAY_CUSTOMERIO_EU_BASE_URL' : `PATCHBAY_${kind.toUpperCase()}_BASE_URL`;
  process.stdout.write(`${env}=${url}\n`);
}
process.stdout.write(
  `# ${Object.keys(fakes.servers).length} fakes of 13 services ready in ${ms} ms; Ctrl-C stops them\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fakes.stop().then(() => process.exit(0));
  });
}

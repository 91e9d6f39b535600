#!/usr/bin/env node
// Starts every fake on loopback and prints the environment that points Patchbay at them
// (PATCHBAY_<KIND>_BASE_URL, Windmill's being the instance URL to type in, and the fake OAuth
// apps' client ids and secrets); stops on Ctrl-C. Options: --port N (first port),
// --redirect-uri URI (repeatable; the OAuth fakes accept these).
import { parseArgs } from 'node:util';
import { patchbayEnv, startFakes } from './index.ts';

const { values } = parseArgs({
  options: { port: { type: 'string' }, 'redirect-uri': { type: 'string', multiple: true } },
});
const started = performance.now();
const fakes = await startFakes({
  ...(values.port ? { basePort: Number(values.port) } : {}),
  redirectUris: values['redirect-uri'] ?? [],
});
const ms = Math.round(performance.now() - started);
for (const [name, value] of Object.entries(patchbayEnv(fakes.urls))) process.stdout.write(`${name}=${value}\n`);
process.stdout.write(`# Windmill instance URL (type it into the form): ${fakes.urls.windmill}\n`);
process.stdout.write(
  `# ${Object.keys(fakes.servers).length} fakes of 13 services ready in ${ms} ms; Ctrl-C stops them\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fakes.stop().then(() => process.exit(0));
  });
}

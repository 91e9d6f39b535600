// The widget's wire types, generated from the OpenAPI document the BFF serves (built from its
// route table), so that they cannot drift from what the BFF answers. `npm run wire-types -w
// packages/widget` writes them; wire-types.test.ts (run by `npm test`) regenerates them in memory
// and fails on any difference from the committed file.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPatchbay, loadConfig } from '@patchbay/bff';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

const root = path.resolve(import.meta.dirname, '../../../..');
export const WIRE_TYPES_FILE = path.join(root, 'packages/widget/src/api/openapi.generated.ts');

/**
 * The operations the BFF client calls. Only these are generated: a change to a vendor-only route
 * is none of the widget's business, and must not fail its check.
 */
const WIDGET_OPERATIONS = new Set([
  'portal.connector.list',
  'portal.event-type.list',
  'portal.connector.connect',
  'portal.connector.connect-oauth',
  'portal.connect-session.get',
  'portal.connect-session.claim',
  'portal.endpoint.connection',
  'portal.endpoint.recover-count',
  'portal.endpoint.replay-missing-count',
  'portal.background-task.get',
  'portal.draft.list',
  'portal.draft.save',
  'portal.draft.resume',
  'v1.endpoint.list',
  'v1.endpoint.get',
  'v1.endpoint.patch',
  'v1.endpoint.delete',
  'v1.endpoint.transformation.get',
  'v1.endpoint.transformation.versions.list',
  'v1.endpoint.transformation.versions.get',
  'v1.endpoint.transformation.versions.restore',
  'v1.endpoint.transformation.dry-run',
  'v1.endpoint.transformation.patch',
  'v1.endpoint.transformation.simulate',
  'v1.message-attempt.list-by-endpoint',
  'v1.message-attempt.resend',
  'v1.endpoint.recover',
  'v1.endpoint.replay-missing',
  'v1.endpoint.send-example',
  'v1.endpoint.get-secret',
  'v1.endpoint.rotate-secret',
  'v1.message.list',
  'v1.message.get',
  'v1.message-attempt.list-by-msg',
  'v1.message-attempt.list-attempted-destinations',
  'v1.message-attempt.get',
  // The endpoint settings and their stats chart.
  'v1.endpoint.get-headers',
  'v1.endpoint.patch-headers',
  'portal.endpoint.reconnect',
  'portal.endpoint.stats-series',
]);

/** The OpenAPI document as a real BFF serves it at /api/v1/openapi.json. */
export async function fetchOpenApiDocument(): Promise<OpenAPI3> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'patchbay-openapi-'));
  const patchbay = await createPatchbay(
    loadConfig({
      PATCHBAY_DATABASE: `sqlite:${path.join(dataDir, 'patchbay.db')}`,
      PATCHBAY_API_KEY: randomBytes(24).toString('hex'),
      PATCHBAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'silent',
    }),
  );
  const server = http.createServer(patchbay.router);
  try {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/openapi.json`);
    if (!res.ok) throw new Error(`GET /api/v1/openapi.json: ${res.status}`);
    return (await res.json()) as OpenAPI3;
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await patchbay.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The source of openapi.generated.ts for a document: the widget's operations, formatted as the repo is. */
export async function wireTypes(document: OpenAPI3): Promise<string> {
  const paths: NonNullable<OpenAPI3['paths']> = {};
  for (const [route, methods] of Object.entries(document.paths ?? {})) {
    const kept = Object.entries(methods).filter(
      ([, op]) => typeof op === 'object' && 'operationId' in op && WIDGET_OPERATIONS.has(String(op.operationId)),
    );
    if (kept.length) paths[route] = Object.fromEntries(kept);
  }
  const generated = astToString(await openapiTS({ ...document, paths }, { silent: true }));
  const source = `// Generated from the BFF's /api/v1/openapi.json by packages/widget/test/server/wire-types.ts.
// Do not edit: run \`npm run wire-types -w packages/widget\`.\n\n${generated}`;
  const biome = spawnSync(
    path.join(root, 'node_modules/.bin/biome'),
    ['format', `--stdin-file-path=${WIRE_TYPES_FILE}`],
    {
      cwd: root,
      input: source,
      encoding: 'utf8',
    },
  );
  if (biome.status !== 0) throw new Error(`biome format: ${biome.stderr}`);
  return biome.stdout;
}

if (import.meta.main) {
  writeFileSync(WIRE_TYPES_FILE, await wireTypes(await fetchOpenApiDocument()));
  process.stdout.write(`wrote ${path.relative(root, WIRE_TYPES_FILE)}\n`);
}

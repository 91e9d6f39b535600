import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fetchOpenApiDocument, WIRE_TYPES_FILE, wireTypes } from './wire-types.ts';

describe('widget wire types', () => {
  it("are what the BFF's OpenAPI document generates", async () => {
    const generated = (await wireTypes(await fetchOpenApiDocument())).split('\n');
    const committed = readFileSync(WIRE_TYPES_FILE, 'utf8').split('\n');
    const line = generated.findIndex((text, i) => text !== committed[i]);
    // The first difference only: the whole file would bury it.
    assert.ok(
      line === -1 && generated.length === committed.length,
      `src/api/openapi.generated.ts differs from the BFF's document at line ${line + 1}: ` +
        `committed ${JSON.stringify(committed[line])}, generated ${JSON.stringify(generated[line])}. ` +
        'Run `npm run wire-types -w packages/widget`, then fix what no longer type-checks.',
    );
  });
});

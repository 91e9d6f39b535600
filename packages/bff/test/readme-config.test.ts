import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { README, withConfigurationTable } from './readme-config.ts';

describe("README's configuration table", () => {
  it('is the one config.ts and the catalog render (npx node packages/bff/test/readme-config.ts writes it)', () => {
    const readme = readFileSync(README, 'utf8');
    assert.equal(withConfigurationTable(readme), readme);
  });
});

// The README's configuration table, rendered from config.ts's ENVIRONMENT table and the catalog's
// services and OAuth providers, so that the documentation cannot drift from what the BFF reads.
// `npx node packages/bff/test/readme-config.ts` writes it into README.md; readme-config.test.ts
// (run by `npm test`) fails when the committed README differs.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OAUTH_PROVIDERS, SERVICES } from '../src/catalog/catalog.ts';
import { ENVIRONMENT, FAMILIES } from '../src/config.ts';

export const README = path.resolve(import.meta.dirname, '../../../README.md');
const START =
  '<!-- configuration: rendered from packages/bff/src/config.ts by `npx node packages/bff/test/readme-config.ts` -->';
const END = '<!-- /configuration -->';

export function configurationTable(): string {
  const row = (name: string, meaning: string, shown: string) => `| ${name} | ${meaning} | ${shown} |`;
  return [
    '| variable | meaning | default |',
    '|---|---|---|',
    ...Object.entries(ENVIRONMENT).map(([name, v]) => row(`\`${name}\``, v.meaning, v.shown)),
    row(
      '`PATCHBAY_<PROVIDER>_CLIENT_ID` / `_CLIENT_SECRET`',
      FAMILIES.oauthApp.meaning(OAUTH_PROVIDERS.map((p) => p.name)),
      FAMILIES.oauthApp.shown,
    ),
    row('`PATCHBAY_<SERVICE>_BASE_URL`', FAMILIES.baseUrl.meaning(SERVICES.map((s) => s.name)), FAMILIES.baseUrl.shown),
  ].join('\n');
}

/** `readme` with its configuration table (between the two markers) rendered anew. */
export function withConfigurationTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} block`);
  return `${readme.slice(0, start + START.length)}\n${configurationTable()}\n${readme.slice(end)}`;
}

if (import.meta.main) writeFileSync(README, withConfigurationTable(readFileSync(README, 'utf8')));

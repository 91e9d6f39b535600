// Part of `npm run build`: what a page with the script tag loads before the picker shows (the
// loader, connector-picker-main.js and the chunks it imports statically) must stay within its
// budget; the chunks imported on demand (editor, catalogs, connections views) are reported but
// not counted. Fails the build above it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 20 * 1024;
const dist = path.resolve(import.meta.dirname, '../packages/widget/dist');
const read = (file: string) => readFileSync(path.join(dist, file), 'utf8');
const gz = (file: string) => gzipSync(read(file), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** `file` and every chunk it imports statically (`import … from "./x.js"`, `import "./x.js"`), not `import("./x.js")`. */
function firstLoad(file: string, seen = new Set<string>()): Set<string> {
  seen.add(file);
  for (const [, chunk] of read(file).matchAll(
    /(?:^|[;}\s])import\s*(?:[\w${},*\s]+from\s*)?["']\.\/([\w.-]+\.js)["']/g,
  )) {
    if (chunk && !seen.has(chunk)) firstLoad(chunk, seen);
  }
  return seen;
}

const first = firstLoad('connector-picker-main.js', new Set(['connector-picker.js']));
const total = [...first].reduce((sum, file) => sum + gz(file), 0);
const onDemand = readdirSync(dist).filter((file) => /^connector-picker.*\.js$/.test(file) && !first.has(file));
process.stdout.write(
  `widget: first load ${kb(total)} gzip (budget ${kb(BUDGET)}: ${[...first].map((f) => `${f} ${kb(gz(f))}`).join(', ')}); on demand: ${onDemand.map((f) => `${f} ${kb(gz(f))}`).join(', ')}\n`,
);
if (total > BUDGET) {
  process.stderr.write(`widget: the first load is ${kb(total - BUDGET)} over its budget\n`);
  process.exit(1);
}

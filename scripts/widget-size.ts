// Part of `npm run build`: the script-tag bundle must stay within its budget (what it loads on
// demand beside itself, the editor and the catalogs, is reported but not counted). Fails the
// build above it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 20 * 1024;
const dist = path.resolve(import.meta.dirname, '../packages/widget/dist');
const gz = (file: string) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const main = gz('connector-picker.js');
const onDemand = readdirSync(dist).filter((file) => /^connector-picker-.+\.js$/.test(file));
process.stdout.write(
  `widget: connector-picker.js ${kb(main)} gzip (budget ${kb(BUDGET)}); on demand: ${onDemand.map((file) => `${file} ${kb(gz(file))}`).join(', ')}\n`,
);
if (main > BUDGET) {
  process.stderr.write(`widget: connector-picker.js is ${kb(main - BUDGET)} over its budget\n`);
  process.exit(1);
}

// Part of `npm run build`: the script-tag bundle must stay within its budget (the editor,
// loaded on demand, is reported but not counted). Fails the build above it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 20 * 1024;
const dist = path.resolve(import.meta.dirname, '../packages/widget/dist');
const gz = (file: string) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const main = gz('connector-picker.js');
const editor = gz('connector-picker-editor.js');
process.stdout.write(
  `widget: connector-picker.js ${kb(main)} gzip (budget ${kb(BUDGET)}), connector-picker-editor.js ${kb(editor)} gzip (on demand)\n`,
);
if (main > BUDGET) {
  process.stderr.write(`widget: connector-picker.js is ${kb(main - BUDGET)} over its budget\n`);
  process.exit(1);
}

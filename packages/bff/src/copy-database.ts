import { access } from 'node:fs/promises';
import { ConfigError, type DatabaseConfig, parseDatabaseUrl } from './config.ts';
import { openDatabase } from './store/open.ts';
import { CopyRefused, copyDatabase } from './store/sql/copy.ts';
import type { SqlDatabase } from './store/sql/database.ts';

// `npm run copy-database -- <from> <to>`: see docs/operations.md, "Moving from SQLite to PostgreSQL".
const USAGE =
  'usage: npm run copy-database -- <from> <to>\n' +
  '  each a PATCHBAY_DATABASE value (sqlite:<path> or postgres://…); stop Patchbay on <from> first\n';

function fail(message: string, code: number): never {
  process.stderr.write(`copy-database: ${message}\n`);
  process.exit(code);
}

const [fromArg, toArg] = process.argv.slice(2);
if (!fromArg || !toArg) {
  process.stderr.write(USAGE);
  process.exit(64); // EX_USAGE
}

let from: DatabaseConfig;
let to: DatabaseConfig;
try {
  from = parseDatabaseUrl(fromArg, process.env);
  to = parseDatabaseUrl(toArg, process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  fail(err.message, 64);
}
if (from.kind === 'sqlite') {
  // Opening a path that is not there would make an empty database and copy nothing.
  await access(from.path).catch(() => fail(`no SQLite database at ${from.path}`, 66));
}

const opened: SqlDatabase[] = [];
try {
  opened.push(await openDatabase(from));
  opened.push(await openDatabase(to));
  const copied = await copyDatabase(opened[0] as SqlDatabase, opened[1] as SqlDatabase);
  for (const [table, rows] of Object.entries(copied)) process.stdout.write(`${table}: ${rows}\n`);
  process.stdout.write(
    'copied. Start Patchbay on the target with PATCHBAY_ENCRYPTION_KEY set to the key that encrypted the source ' +
      '(without that variable, a SQLite deployment keeps it in encryption.key beside the database).\n',
  );
} catch (err) {
  if (!(err instanceof CopyRefused)) throw err;
  fail(`refused: ${err.message}; nothing was copied`, 65);
} finally {
  await Promise.all(opened.map((db) => db.close()));
}

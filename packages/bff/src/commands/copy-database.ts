import { access } from 'node:fs/promises';
import { ConfigError, type DatabaseConfig, parseDatabaseUrl } from '../config.ts';
import { openDatabase } from '../store/open.ts';
import { CopyRefused, copyDatabase } from '../store/sql/copy.ts';
import type { SqlDatabase } from '../store/sql/database.ts';
import { CommandError, type Env, EXIT, reason } from './command.ts';

/** `patchbay copy-database <from> <to>`: see docs/operations.md, "Moving from SQLite to PostgreSQL". */
export async function copyDatabaseCommand([fromArg, toArg]: string[], env: Env): Promise<void> {
  const from = databaseArgument(fromArg, env);
  const to = databaseArgument(toArg, env);
  if (from.kind === 'sqlite') {
    // Opening a path that is not there would make an empty database and copy nothing.
    await access(from.path).catch(() => {
      throw new CommandError(`no SQLite database at ${from.path}`, EXIT.noInput);
    });
  }
  const opened: SqlDatabase[] = [];
  try {
    for (const database of [from, to]) {
      opened.push(
        await openDatabase(database).catch((err: unknown) => {
          throw new CommandError(
            `could not open ${database === from ? '<from>' : '<to>'}: ${reason(err)}`,
            EXIT.unavailable,
          );
        }),
      );
    }
    const copied = await copyDatabase(opened[0] as SqlDatabase, opened[1] as SqlDatabase);
    for (const [table, rows] of Object.entries(copied)) process.stdout.write(`${table}: ${rows}\n`);
    process.stdout.write(
      'copied. Start Patchbay on the target with PATCHBAY_ENCRYPTION_KEY set to the key that encrypted the source ' +
        '(without that variable, a SQLite deployment keeps it in encryption.key beside the database).\n',
    );
  } catch (err) {
    if (err instanceof CopyRefused) throw new CommandError(`refused: ${err.message}; nothing was copied`, EXIT.data);
    throw err;
  } finally {
    await Promise.all(opened.map((db) => db.close()));
  }
}

/** A PATCHBAY_DATABASE value given as an argument: a bad one is a usage error, not configuration. */
function databaseArgument(value: string | undefined, env: Env): DatabaseConfig {
  try {
    return parseDatabaseUrl(value ?? '', env);
  } catch (err) {
    if (err instanceof ConfigError) throw new CommandError(err.message, EXIT.usage);
    throw err;
  }
}

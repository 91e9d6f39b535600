import { loadConfig } from '../config.ts';
import { openDatabase } from '../store/open.ts';
import { CommandError, type Env, EXIT, reason } from './command.ts';

/**
 * `patchbay migrate`: brings the configured database to this version's schema and says where it
 * is, so an upgrade can migrate before any new process starts (each `serve` also migrates at start).
 */
export async function migrateCommand(env: Env): Promise<void> {
  const config = loadConfig(env);
  const db = await openDatabase(config.database).catch((err: unknown) => {
    throw new CommandError(`could not migrate the database: ${reason(err)}`, EXIT.unavailable);
  });
  try {
    const row = await db.get<{ version: number }>('SELECT MAX(version) AS version FROM schema_migrations');
    process.stdout.write(`database schema at version ${row?.version ?? 0}\n`);
  } finally {
    await db.close();
  }
}

import type { DatabaseConfig } from '../config.ts';
import { PostgresDatabase } from './postgres/database.ts';
import type { SqlDatabase } from './sql/database.ts';
import { migrate } from './sql/migrations.ts';
import { sqlStore } from './sql/store.ts';
import { SqliteDatabase } from './sqlite/database.ts';
import type { Store } from './types.ts';

/** The configured database, opened and migrated: a SQLite file for one process, PostgreSQL for several. */
export async function openDatabase(database: DatabaseConfig): Promise<SqlDatabase> {
  const db =
    database.kind === 'sqlite' ? await SqliteDatabase.open(database.path) : await PostgresDatabase.open(database);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

/** The {@link Store} over the configured database, opened and migrated. */
export async function openStore(database: DatabaseConfig): Promise<Store> {
  return sqlStore(await openDatabase(database));
}

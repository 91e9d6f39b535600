import type { DatabaseConfig } from '../config.ts';
import { openPostgresStore } from './postgres/store.ts';
import { openSqliteStore } from './sqlite/store.ts';
import type { Store } from './types.ts';

/** The configured database, migrated: a SQLite file for one process, PostgreSQL for several. */
export function openStore(database: DatabaseConfig): Promise<Store> {
  return database.kind === 'sqlite' ? openSqliteStore(database.path) : openPostgresStore(database);
}

import { migratedStore } from '../sql/store.ts';
import type { Store } from '../types.ts';
import { PostgresDatabase, type PostgresOptions } from './database.ts';

/** Connects to and migrates the PostgreSQL database, and returns the {@link Store} over it. */
export async function openPostgresStore(options: PostgresOptions): Promise<Store> {
  return migratedStore(await PostgresDatabase.open(options));
}

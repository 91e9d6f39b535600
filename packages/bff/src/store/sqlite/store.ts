import { migratedStore } from '../sql/store.ts';
import type { Store } from '../types.ts';
import { SqliteDatabase } from './database.ts';

/** Opens (creating if needed) and migrates the SQLite file, and returns the {@link Store} over it. */
export async function openSqliteStore(file: string): Promise<Store> {
  return migratedStore(await SqliteDatabase.open(file));
}

import { openStore } from '../open.ts';
import type { Store } from '../types.ts';

/** Opens (creating if needed) and migrates the SQLite file, and returns the {@link Store} over it. */
export function openSqliteStore(file: string): Promise<Store> {
  return openStore({ kind: 'sqlite', path: file });
}

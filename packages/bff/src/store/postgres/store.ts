import { openStore } from '../open.ts';
import type { Store } from '../types.ts';
import type { PostgresOptions } from './database.ts';

/** Connects to and migrates the PostgreSQL database, and returns the {@link Store} over it. */
export function openPostgresStore(options: PostgresOptions): Promise<Store> {
  return openStore({ kind: 'postgres', ...options });
}

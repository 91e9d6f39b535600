import { openStore } from '../src/store/open.ts';

/** A migrated store on a SQLite file, or on `:memory:`. */
export const openSqliteStore = (file: string) => openStore({ kind: 'sqlite', path: file });

/** A migrated store on a PostgreSQL database (the suites give each a fresh schema, see postgres.ts). */
export const openPostgresStore = (options: { url: string; poolSize: number }) =>
  openStore({ kind: 'postgres', ...options });

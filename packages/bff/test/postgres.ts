import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Store } from '../src/store/types.ts';
import { openPostgresStore } from './stores.ts';

/** The PostgreSQL server the PostgreSQL suites run against; `.ci/run` starts one and sets it. */
export const POSTGRES_URL = process.env.PATCHBAY_TEST_POSTGRES_URL;

/** `describe` options: skipped, and saying why, when no server is given. */
export const postgresSuite = {
  skip: POSTGRES_URL ? false : 'PostgreSQL suite skipped: PATCHBAY_TEST_POSTGRES_URL is not set (.ci/run sets it)',
} as const;

/**
 * A new, empty place on the test server and the URL that connects to it: by default a schema
 * (selected by `search_path`), so suites and processes under test share the server without
 * seeing each other's rows; a whole database for tests that look at the server's sessions.
 */
export async function freshDatabase(
  kind: 'schema' | 'database' = 'schema',
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  if (!POSTGRES_URL) throw new Error('PATCHBAY_TEST_POSTGRES_URL is not set');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE ${kind.toUpperCase()} ${name}`);
  const url = new URL(POSTGRES_URL);
  if (kind === 'schema') url.searchParams.set('options', `-c search_path=${name}`);
  else url.pathname = `/${name}`;
  const drop = kind === 'schema' ? `DROP SCHEMA ${name} CASCADE` : `DROP DATABASE ${name} WITH (FORCE)`;
  return { url: url.href, name, drop: () => admin(drop).then(() => undefined) };
}

/** Runs one statement as the test server's user, outside any store. */
export async function admin(sql: string, params: unknown[] = []): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A fresh, migrated PostgreSQL store in its own schema, dropped when the store closes. */
export async function openFreshPostgresStore(poolSize = 4): Promise<Store> {
  const { url, drop } = await freshDatabase();
  const store = await openPostgresStore({ url, poolSize });
  return {
    ...store,
    async close() {
      await store.close();
      await drop();
    },
  };
}

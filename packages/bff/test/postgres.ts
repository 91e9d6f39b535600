import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore } from '../src/store/postgres/store.ts';
import type { Store } from '../src/store/types.ts';

/** The PostgreSQL server the PostgreSQL suites run against; `.ci/run` starts one and sets it. */
export const POSTGRES_URL = process.env.PATCHBAY_TEST_POSTGRES_URL;

/** `describe` options: skipped, and saying why, when no server is given. */
export const postgresSuite = {
  skip: POSTGRES_URL ? false : 'PostgreSQL suite skipped: PATCHBAY_TEST_POSTGRES_URL is not set (.ci/run sets it)',
} as const;

/**
 * A new, empty schema on the test server, and a URL whose connections use it (`search_path`),
 * so suites and processes under test share a database without seeing each other's rows.
 */
export async function freshSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!POSTGRES_URL) throw new Error('PATCHBAY_TEST_POSTGRES_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE SCHEMA ${schema}`);
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.href, drop: () => admin(`DROP SCHEMA ${schema} CASCADE`) };
}

/** A fresh, migrated PostgreSQL store in its own schema, dropped when the store closes. */
export async function openFreshPostgresStore(poolSize = 4): Promise<Store> {
  const { url, drop } = await freshSchema();
  const store = await openPostgresStore({ url, poolSize });
  return {
    ...store,
    async close() {
      await store.close();
      await drop();
    },
  };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

import { OPERATIONAL_APP_ID } from '../../model.ts';
import type { SqlDatabase, SqlValue } from './database.ts';

/**
 * Every table, parents before children (foreign keys), with the columns that order it for
 * paging. `portal_revocations` has no key: it is small and read at once.
 */
export const TABLES: readonly { name: string; key: readonly string[] }[] = [
  { name: 'applications', key: ['id'] },
  { name: 'event_types', key: ['name'] },
  { name: 'connectors', key: ['id'] },
  { name: 'endpoints', key: ['id'] },
  { name: 'messages', key: ['id'] },
  { name: 'attempts', key: ['id'] },
  { name: 'tasks', key: ['id'] },
  { name: 'endpoint_credentials', key: ['endpoint_id'] },
  { name: 'connect_sessions', key: ['id'] },
  { name: 'throttle_buckets', key: ['endpoint_id'] },
  { name: 'idempotency_keys', key: ['scope', 'key'] },
  { name: 'portal_keys', key: ['kid'] },
  { name: 'portal_revocations', key: [] },
  { name: 'revoked_tokens', key: ['jti'] },
  { name: 'background_tasks', key: ['id'] },
  { name: 'integrations', key: ['id'] },
  { name: 'api_keys', key: ['id'] },
  { name: 'transformation_versions', key: ['id'] },
];

/** Rows read per page; each page is written in statements of at most ~10,000 values. */
const PAGE = 2000;
const VALUES_PER_STATEMENT = 10_000;

export class CopyRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyRefused';
  }
}

/**
 * Copies everything from one migrated database into another, empty one at the same schema
 * version, in one transaction on the target: all of it arrives or none. The source must not
 * be written meanwhile (stop Patchbay first). Answers the rows copied per table.
 */
export async function copyDatabase(from: SqlDatabase, to: SqlDatabase): Promise<Record<string, number>> {
  const version = async (db: SqlDatabase) =>
    (await db.get<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations'))?.version ?? 0;
  const [source, target] = [await version(from), await version(to)];
  if (source !== target) {
    throw new CopyRefused(`the source is at schema version ${source} and the target at ${target}`);
  }
  return to.transaction(async (tx) => {
    // Migration 18 made the operational application in the target too, which alone does not make
    // it used (anything of it — an endpoint, a message — does); the source's comes instead.
    for (const { name } of TABLES) {
      const other = name === 'applications' ? ' WHERE id <> ?' : '';
      if (await tx.get(`SELECT 1 AS found FROM ${name}${other} LIMIT 1`, other ? [OPERATIONAL_APP_ID] : [])) {
        throw new CopyRefused(`the target is not empty: table ${name} has rows`);
      }
    }
    await tx.run('DELETE FROM applications WHERE id = ?', [OPERATIONAL_APP_ID]);
    const copied: Record<string, number> = {};
    for (const table of TABLES) copied[table.name] = await copyTable(from, tx, table);
    const reset = tx.dialect.afterExplicitIds('tasks', 'id');
    if (reset) await tx.exec(reset);
    return copied;
  });
}

async function copyTable(
  from: SqlDatabase,
  to: SqlDatabase,
  { name, key }: { name: string; key: readonly string[] },
): Promise<number> {
  let count = 0;
  let after: SqlValue[] | null = null;
  for (;;) {
    const where = after ? ` WHERE (${key.join(', ')}) > (${key.map(() => '?').join(', ')})` : '';
    const page: Record<string, SqlValue>[] = key.length
      ? await from.all(`SELECT * FROM ${name}${where} ORDER BY ${key.join(', ')} LIMIT ?`, [...(after ?? []), PAGE])
      : await from.all(`SELECT * FROM ${name}`);
    if (page.length === 0) return count;
    const columns = Object.keys(page[0] as object);
    const perStatement = Math.max(1, Math.floor(VALUES_PER_STATEMENT / columns.length));
    for (let i = 0; i < page.length; i += perStatement) {
      const rows = page.slice(i, i + perStatement);
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      await to.run(
        `INSERT INTO ${name} (${columns.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`,
        rows.flatMap((row) => columns.map((c) => row[c] ?? null)),
      );
    }
    count += page.length;
    if (!key.length || page.length < PAGE) return count;
    const last = page.at(-1) as Record<string, SqlValue>;
    after = key.map((k) => last[k] ?? null);
  }
}

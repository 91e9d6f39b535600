import type { SqliteDatabase } from './database.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The schema, as an append-only list: a released migration is never edited, a change is a
 * new version. Later features add their tables here.
 */
export const migrations: readonly Migration[] = [];

/** Applies, in order and each in its own transaction, every migration newer than the database. */
export async function migrate(db: SqliteDatabase, list: readonly Migration[] = migrations): Promise<number[]> {
  assertOrdered(list);
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const row = await db.get<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
  const current = row?.version ?? 0;
  const known = list.at(-1)?.version ?? 0;
  if (current > known) {
    throw new Error(
      `The database is at schema version ${current}, newer than this Patchbay (${known}); upgrade Patchbay`,
    );
  }
  const applied: number[] = [];
  for (const migration of list.filter((m) => m.version > current)) {
    await db.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
    });
    applied.push(migration.version);
  }
  return applied;
}

function assertOrdered(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration "${m.name}" has version ${m.version}; expected ${i + 1}`);
  });
}

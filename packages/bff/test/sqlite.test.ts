import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Migration, migrate } from '../src/store/sql/migrations.ts';
import { SqliteDatabase } from '../src/store/sqlite/database.ts';

const v1: Migration = {
  version: 1,
  name: 'notes',
  sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)',
};
const v2: Migration = {
  version: 2,
  name: 'notes.tag',
  sql: "ALTER TABLE notes ADD COLUMN tag TEXT NOT NULL DEFAULT ''",
};

describe('SQLite database', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patchbay-sqlite-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('creates the file and its folder, in WAL mode with foreign keys on', async () => {
    const db = await SqliteDatabase.open(path.join(dir, 'nested', 'a.db'));
    assert.equal((await db.get<{ journal_mode: string }>('PRAGMA journal_mode'))?.journal_mode, 'wal');
    assert.equal((await db.get<{ foreign_keys: number }>('PRAGMA foreign_keys'))?.foreign_keys, 1);
    await db.close();
  });

  it('applies versioned migrations once, in order, and keeps data across reopen', async () => {
    const file = path.join(dir, 'b.db');
    let db = await SqliteDatabase.open(file);
    assert.deepEqual(await migrate(db, [v1]), [1]);
    await db.run('INSERT INTO notes (body) VALUES (?)', ['kept']);
    await db.close();

    db = await SqliteDatabase.open(file);
    assert.deepEqual(await migrate(db, [v1, v2]), [2]);
    assert.deepEqual(await migrate(db, [v1, v2]), []);
    assert.deepEqual(await db.all('SELECT body, tag FROM notes'), [{ body: 'kept', tag: '' }]);
    await db.close();
  });

  it('rolls a failing migration back entirely and refuses a database newer than the code', async () => {
    const db = await SqliteDatabase.open(':memory:');
    const broken: Migration = { version: 2, name: 'broken', sql: 'CREATE TABLE t (x); SELECT nope FROM missing;' };
    await assert.rejects(migrate(db, [v1, broken]), /no such table: missing/);
    assert.equal(await db.get("SELECT name FROM sqlite_master WHERE name = 't'"), undefined);
    await assert.rejects(migrate(db, []), /schema version 1, newer than this Patchbay \(0\)/);
    await db.close();
  });

  it('refuses a migration list with gaps', async () => {
    const db = await SqliteDatabase.open(':memory:');
    await assert.rejects(migrate(db, [v2]), /has version 2; expected 1/);
    await db.close();
  });

  it('refuses a statement that does not prepare, each caller of it, and goes on', async () => {
    const db = await SqliteDatabase.open(':memory:');
    try {
      // Before: the error was raised on the statement (an uncaught exception) and the call never settled.
      const missing = 'SELECT * FROM no_such_table';
      await Promise.all([
        assert.rejects(db.get(missing), /no such table/),
        assert.rejects(db.run(missing), /no such table/),
        assert.rejects(
          db.transaction((tx) => tx.all(missing)),
          /no such table/,
        ),
      ]);
      await assert.rejects(db.get(missing), /no such table/);
      assert.deepEqual(await db.get('SELECT 1 AS one'), { one: 1 });
    } finally {
      await db.close();
    }
  });

  it('commits concurrent transactions together, and a failing one alone is rolled back', async () => {
    const db = await SqliteDatabase.open(':memory:');
    await migrate(db, [v1]);
    const insertPair = (tag: string) =>
      db.transaction(async (tx) => {
        await tx.run('INSERT INTO notes (body) VALUES (?)', [`${tag}-1`]);
        await new Promise((resolve) => setImmediate(resolve));
        await tx.run('INSERT INTO notes (body) VALUES (?)', [`${tag}-2`]);
      });
    const failing = db.transaction(async (tx) => {
      await tx.run('INSERT INTO notes (body) VALUES (?)', ['lost']);
      throw new Error('boom');
    });
    await Promise.all([insertPair('a'), assert.rejects(failing, /boom/), insertPair('b')]);
    const rows = await db.all<{ body: string }>('SELECT body FROM notes ORDER BY body');
    assert.deepEqual(
      rows.map((r) => r.body),
      ['a-1', 'a-2', 'b-1', 'b-2'],
    );
    const nested = await db.transaction((tx) =>
      tx.transaction(async (inner) => (await inner.get<{ n: number }>('SELECT COUNT(*) AS n FROM notes'))?.n),
    );
    assert.equal(nested, 4, 'a transaction inside another joins it');
    await db.close();
  });
});

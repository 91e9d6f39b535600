// The statement counter behind `patchbay_db_statements_total`: each store counts every statement
// it sends, the transaction's own BEGIN, COMMIT and ROLLBACK included.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../src/store/open.ts';
import type { SqlDatabase } from '../src/store/sql/database.ts';
import { startApi } from './helpers.ts';
import { freshDatabase, postgresSuite } from './postgres.ts';

/** What `work` sent, as the counter saw it. */
async function sent(db: SqlDatabase, work: () => Promise<unknown>): Promise<number> {
  const before = db.statements;
  await work();
  return db.statements - before;
}

interface Subject {
  open(): Promise<{ db: SqlDatabase; close(): Promise<void> }>;
  /** Whether concurrent transactions share one BEGIN…COMMIT. */
  groupCommit: boolean;
  /** A statement that prepares but fails when it runs. */
  failing: string;
}

function counterSuite(name: string, { open, groupCommit, failing }: Subject) {
  describe(`statement counter (${name})`, () => {
    it('counts a statement, and a transaction with its BEGIN and COMMIT', async () => {
      const { db, close } = await open();
      try {
        assert.equal(await sent(db, () => db.get('SELECT 1 AS one')), 1);
        const two = (tx: SqlDatabase) => tx.get('SELECT 1 AS one').then(() => tx.get('SELECT 2 AS two'));
        assert.equal(await sent(db, () => db.transaction(two)), 4);
        // Concurrent transactions: SQLite's group commit shares one BEGIN…COMMIT, PostgreSQL has one each.
        assert.equal(
          await sent(db, () => Promise.all([db.transaction(two), db.transaction(two)])),
          groupCommit ? 6 : 8,
        );
      } finally {
        await close();
      }
    });

    it('counts a failed statement and the ROLLBACK after it', async () => {
      const { db, close } = await open();
      try {
        const fails = () => db.transaction((tx) => tx.get(failing));
        const before = db.statements;
        await assert.rejects(fails());
        assert.equal(db.statements - before, 3);
      } finally {
        await close();
      }
    });
  });
}

counterSuite('SQLite', {
  async open() {
    const db = await openDatabase({ kind: 'sqlite', path: ':memory:' });
    return { db, close: () => db.close() };
  },
  groupCommit: true,
  failing: "SELECT json('{')",
});

describe('statement counter (PostgreSQL)', postgresSuite, () => {
  counterSuite('PostgreSQL', {
    async open() {
      const schema = await freshDatabase();
      const db = await openDatabase({ kind: 'postgres', url: schema.url, poolSize: 2 });
      return {
        db,
        async close() {
          await db.close();
          await schema.drop();
        },
      };
    },
    groupCommit: false,
    failing: "SELECT CAST('{' AS json)",
  });
});

describe('/metrics', () => {
  it('reports the statements sent and the process CPU', async () => {
    const api = await startApi();
    try {
      /** The counter as /metrics reports it, and what the store had counted before and after the scrape. */
      const scrape = async () => {
        const before = api.store.statements();
        const text = await (await api.fetch('/metrics')).text();
        assert.match(text, /^process_cpu_seconds_total \d/m);
        const reported = Number(/^patchbay_db_statements_total (\d+)$/m.exec(text)?.[1]);
        // The scrape itself reads the queue's depth, before or after the counter is read.
        assert.ok(before <= reported && reported <= api.store.statements(), `${before} ≤ ${reported}`);
        return api.store.statements();
      };
      const first = await scrape();
      await api.svix.application.create({ name: 'Counted' });
      const second = await scrape();
      assert.ok(second > first);
    } finally {
      await api.close();
    }
  });
});

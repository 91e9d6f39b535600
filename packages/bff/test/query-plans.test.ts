import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AttemptStatus } from '../src/model.ts';
import { PostgresDatabase } from '../src/store/postgres/database.ts';
import type { SqlDatabase, SqlValue } from '../src/store/sql/database.ts';
import { migrate } from '../src/store/sql/migrations.ts';
import { sqlStore } from '../src/store/sql/store.ts';
import { SqliteDatabase } from '../src/store/sqlite/database.ts';
import type { Store } from '../src/store/types.ts';
import { freshDatabase, postgresSuite } from './postgres.ts';
import { storeFixtures } from './store-contract.ts';

/**
 * What a portal session may ask of one endpoint again and again must cost the page or the
 * window, never the endpoint's whole history: asserted on each database's own plan of the
 * statements the store runs (times would depend on the machine), over an endpoint with a long
 * history, a few of its dispatches failed or pending.
 */
const DISPATCHES = 20_000;
const DAY = 86_400_000;

function planSuite(name: string, open: () => Promise<{ db: SqlDatabase; close(): Promise<void> }>) {
  describe(`query plans: ${name}`, () => {
    let db: SqlDatabase;
    let close: () => Promise<void>;
    let store: Store;
    let appId: string;
    let endpointId: string;
    const now = Date.parse('2026-06-01T00:00:00Z');
    /** The statements `read` runs, each with its plan. */
    async function plans(read: () => Promise<unknown>): Promise<string[]> {
      const run: [string, SqlValue[]][] = [];
      const all = db.all.bind(db);
      db.all = (sql, params = []) => {
        run.push([sql, params]);
        return all(sql, params);
      };
      try {
        await read();
      } finally {
        db.all = all;
      }
      const explain = db.dialect.name === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN';
      return Promise.all(
        run.map(async ([sql, params]) =>
          (await all<Record<string, string>>(`${explain} ${sql}`, params))
            .map((row) => row.detail ?? row['QUERY PLAN'])
            .join('\n'),
        ),
      );
    }
    const wholeTable = /SCAN tasks\b|SCAN t\b|Seq Scan on tasks/;

    before(async () => {
      ({ db, close } = await open());
      await migrate(db);
      store = sqlStore(db);
      const { makeApp, makeEndpoint } = storeFixtures();
      const app = makeApp('plans');
      await store.applications.insert(app);
      const endpoint = makeEndpoint(app);
      await store.endpoints.insert(endpoint);
      appId = app.id;
      endpointId = endpoint.id;
      // Ninety days of dispatches, one every 6.5 minutes: one in 200 pending, one in 300 failed.
      await db.exec(`
        INSERT INTO messages (id, app_id, event_id, event_type, payload, channels, tags, transformations_params, timestamp)
          SELECT 'msg_' || CAST(1000000000 + i AS TEXT), '${appId}', NULL, 'invoice.created', '{}', NULL, NULL, NULL,
            ${now} - (${DISPATCHES} - CAST(i AS BIGINT)) * 388800
          FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${DISPATCHES}) SELECT i FROM n) AS s;
        INSERT INTO tasks (app_id, msg_id, endpoint_id, status, trigger_type, attempts, next_attempt_at, lease_until,
            failing_notified, created_at, updated_at)
          SELECT app_id, id, '${endpointId}', 0, 0, 1, timestamp, NULL, 0, timestamp, timestamp FROM messages WHERE app_id = '${appId}';
        UPDATE tasks SET status = 1 WHERE id % 200 = 0;
        UPDATE tasks SET status = 2 WHERE id % 300 = 1;
      `);
      // The statistics the planner has in production (PostgreSQL's autovacuum, SQLite's optimize).
      if (db.dialect.name === 'sqlite') await db.exec('ANALYZE');
      else for (const table of ['tasks', 'messages']) await db.exec(`VACUUM ANALYZE ${table}`);
    });
    after(() => close());

    const page = { limit: 50, order: 'descending' as const };

    it("walks an endpoint's failed or pending messages from their own index, in message order", async () => {
      for (const [status, index] of [
        [AttemptStatus.Fail, 'tasks_endpoint_failed'],
        [AttemptStatus.Pending, 'tasks_endpoint_pending'],
      ] as const) {
        const [plan = ''] = await plans(() => store.messages.list(appId, { ...page, endpointId, status: [status] }));
        assert.match(plan, new RegExp(index), plan);
        assert.doesNotMatch(plan, wholeTable, plan);
        assert.doesNotMatch(plan, /TEMP B-TREE FOR ORDER BY|Sort Key/, `no sort of them all: ${plan}`);
      }
    });

    it('answers a filter for dispatches being sent (never stored as such) without a statement', async () => {
      const read = () => store.messages.list(appId, { ...page, endpointId, status: [AttemptStatus.Sending] });
      assert.deepEqual(await plans(read), []);
      assert.deepEqual(await read(), { data: [], iterator: null, prevIterator: null, done: true });
    });

    it("counts an endpoint's dispatches in a window, and bucket by bucket, from the window's rows only", async () => {
      const window = { since: new Date(now - 7 * DAY), until: new Date(now) };
      const stats = await plans(() => store.queue.endpointStats(endpointId, new Date(now), window));
      const series = await plans(() => store.queue.endpointSeries(endpointId, window.since, 3_600_000, 168));
      for (const plan of [...stats, ...series]) {
        assert.match(plan, /tasks_endpoint_created/, plan);
        assert.doesNotMatch(plan, wholeTable, plan);
      }
    });

    it("does a recovery's or replay's batch, and the count that holds a replay back, from an index range", async () => {
      const scope = {
        appId,
        endpointId,
        window: { since: new Date(now - 90 * DAY), until: new Date(now) },
        cursor: null,
        limit: 100,
        now: new Date(now),
      };
      // Read, not run: a batch's statements are planned inside a transaction that is rolled back.
      const batches = await plans(() =>
        db
          .transaction(async () => {
            await store.queue.enqueueFailed(scope);
            await store.queue.enqueueMissing(scope);
            await store.queue.enqueueDispatched(scope, { status: AttemptStatus.Fail, statusCodeClass: 500 });
            throw new Error('rolled back');
          })
          .catch(() => undefined),
      );
      const pending = await plans(() => store.queue.countPending(endpointId, 100));
      assert.ok(batches.length >= 3, `the scans are planned: ${batches.length}`);
      for (const plan of [...batches, ...pending]) {
        assert.doesNotMatch(plan, wholeTable, plan);
        assert.doesNotMatch(plan, /SCAN messages\b|Seq Scan on messages/, plan);
      }
      assert.match(batches.join('\n'), /tasks_endpoint_created/, 'a recovery walks the window of dispatches');
      assert.match(batches.join('\n'), /messages_app/, "a replay walks the window of the application's messages");
      assert.match(pending.join('\n'), /tasks_endpoint/);
    });
  });
}

planSuite('SQLite', async () => {
  const db = await SqliteDatabase.open(':memory:');
  return { db, close: () => db.close() };
});

describe('PostgreSQL', postgresSuite, () => {
  planSuite('PostgreSQL', async () => {
    const fresh = await freshDatabase();
    const db = await PostgresDatabase.open({ url: fresh.url, poolSize: 2 });
    return {
      db,
      async close() {
        await db.close();
        await fresh.drop();
      },
    };
  });
});

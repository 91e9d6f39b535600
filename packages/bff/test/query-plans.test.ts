import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

/**
 * `explain` is where the plans are asked for: SQLite's EXPLAIN of an UPDATE or DELETE keeps its
 * connection's write count up until the statement is reset, which the driver never does after
 * it finishes, so the next COMMIT there would fail. A second connection to the file answers them.
 */
function planSuite(
  name: string,
  open: () => Promise<{ db: SqlDatabase; explain: SqlDatabase; close(): Promise<void> }>,
) {
  describe(`query plans: ${name}`, () => {
    let db: SqlDatabase;
    let explainer: SqlDatabase;
    let close: () => Promise<void>;
    let store: Store;
    let appId: string;
    let endpointId: string;
    const now = Date.parse('2026-06-01T00:00:00Z');
    /** The statements `read` runs, each with its plan. */
    async function plans(read: () => Promise<unknown>): Promise<string[]> {
      const run: [string, SqlValue[]][] = [];
      const [all, change, get] = [db.all.bind(db), db.run.bind(db), db.get.bind(db)];
      // Every statement, read or change, whichever method runs it.
      db.all = (sql, params = []) => {
        run.push([sql, params]);
        return all(sql, params);
      };
      db.run = (sql, params = []) => {
        run.push([sql, params]);
        return change(sql, params);
      };
      db.get = (sql, params = []) => {
        run.push([sql, params]);
        return get(sql, params);
      };
      try {
        await read();
      } finally {
        Object.assign(db, { all, run: change, get });
      }
      const explain = db.dialect.name === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN';
      return Promise.all(
        run.map(async ([sql, params]) =>
          (await explainer.all<Record<string, string>>(`${explain} ${sql}`, params))
            .map((row) => row.detail ?? row['QUERY PLAN'])
            .join('\n'),
        ),
      );
    }
    const wholeTable = /SCAN tasks\b|SCAN t\b|Seq Scan on tasks/;

    before(async () => {
      ({ db, explain: explainer, close } = await open());
      await migrate(db);
      store = sqlStore(db);
      const { makeApp, makeEndpoint } = storeFixtures();
      const app = makeApp('plans');
      await store.applications.insert(app);
      const endpoint = makeEndpoint(app);
      await store.endpoints.insert(endpoint);
      appId = app.id;
      endpointId = endpoint.id;
      const backlog = makeEndpoint(app);
      await store.endpoints.insert(backlog);
      // Ninety days of dispatches, one every 6.5 minutes: one in 200 pending, one in 300 failed.
      await db.exec(`
        INSERT INTO messages (id, app_id, event_id, event_type, payload, channels, tags, transformations_params, timestamp,
            payload_expires_at)
          SELECT 'msg_' || CAST(1000000000 + i AS TEXT), '${appId}', NULL, 'invoice.created', '{}', NULL, NULL, NULL,
            ${now} - (${DISPATCHES} - CAST(i AS BIGINT)) * 388800, ${now} + CAST(i AS BIGINT) * 388800
          FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${DISPATCHES}) SELECT i FROM n) AS s;
        INSERT INTO tasks (app_id, msg_id, endpoint_id, status, trigger_type, attempts, next_attempt_at, lease_until,
            failing_notified, created_at, updated_at)
          SELECT app_id, id, '${endpointId}', 0, 0, 1, timestamp, NULL, 0, timestamp, timestamp FROM messages WHERE app_id = '${appId}';
        UPDATE tasks SET status = 1 WHERE id % 200 = 0;
        UPDATE tasks SET status = 2 WHERE id % 300 = 1;
        -- Another endpoint with a backlog: half the messages waiting for it, due long ago.
        INSERT INTO tasks (app_id, msg_id, endpoint_id, status, trigger_type, attempts, next_attempt_at, lease_until,
            failing_notified, created_at, updated_at)
          SELECT app_id, id, '${backlog.id}', 1, 0, 0, timestamp, NULL, 0, timestamp, timestamp FROM messages
          WHERE app_id = '${appId}' AND CAST(SUBSTR(id, 5) AS BIGINT) % 2 = 0;
        INSERT INTO attempts (id, app_id, msg_id, endpoint_id, url, response, response_status_code, response_duration_ms,
            status, trigger_type, timestamp)
          SELECT 'atmpt_' || SUBSTR(id, 5), app_id, id, '${endpointId}', 'https://example.com', 'ok', 200, 1, 0, 0, timestamp
          FROM messages WHERE app_id = '${appId}';
      `);
      // What the cleaner walks besides messages, as many rows of each as a busy deployment keeps (and
      // applications, which the statistics walk).
      const rows = (select: string) =>
        `${select} FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${DISPATCHES}) SELECT i FROM n) AS s`;
      await db.exec(`
        INSERT INTO idempotency_keys (scope, key, fingerprint, status, body, created_at, expires_at, ref)
          ${rows(`SELECT 'vendor', CAST(i AS TEXT), 'f', 202, '{}', ${now}, ${now} + CAST(i AS BIGINT) * 1000, 'msg_' || CAST(1000000000 + i AS TEXT)`)};
        INSERT INTO revoked_tokens (jti, expires_at) ${rows(`SELECT CAST(i AS TEXT), ${now} + CAST(i AS BIGINT) * 1000`)};
        INSERT INTO portal_revocations (app_id, session_id, issued_before, effective_at)
          ${rows(`SELECT '${appId}', CAST(i AS TEXT), ${now} - CAST(i AS BIGINT) * 1000, ${now}`)};
        INSERT INTO connect_sessions (id, app_id, connector_id, provider, status, ticket_hash, ticket_used, state_used,
            origin, expires_at, created_at, updated_at)
          ${rows(`SELECT 'cs_' || CAST(i AS TEXT), '${appId}', 'c', 'slack', 'pending', 'h' || CAST(i AS TEXT), 0, 0, 'https://a.example',
            ${now} + CAST(i AS BIGINT) * 1000, ${now}, ${now}`)};
        INSERT INTO applications (id, uid, name, throttle_rate, metadata, created_at, updated_at)
          ${rows(`SELECT 'app_' || CAST(1000000000 + i AS TEXT), 'u' || CAST(i AS TEXT), 'n', NULL, '{}', ${now}, ${now}`)};
        INSERT INTO background_tasks (id, app_id, task, status, data, lease_until, created_at, updated_at)
          ${rows(`SELECT 'qtask_' || CAST(i AS TEXT), '${appId}', 'endpoint.replay', 'finished', '{}', NULL,
            ${now} - CAST(i AS BIGINT) * 1000, ${now} - CAST(i AS BIGINT) * 1000`)};
      `);
      // Every other of those applications with an endpoint (a copy of the first), one in four of
      // those disabled: what the application list's filters probe.
      const [template = {}] = await db.all<Record<string, unknown>>('SELECT * FROM endpoints WHERE id = ?', [
        endpointId,
      ]);
      const copied: Record<string, string> = {
        id: "'ep_' || SUBSTR(a.id, 5)",
        app_id: 'a.id',
        uid: 'NULL',
        disabled: 'CASE WHEN CAST(SUBSTR(a.id, 5) AS BIGINT) % 4 = 0 THEN 1 ELSE 0 END',
      };
      const columns = Object.keys(template);
      await db.exec(`
        INSERT INTO endpoints (${columns.join(', ')})
          SELECT ${columns.map((c) => copied[c] ?? `e.${c}`).join(', ')} FROM applications a, endpoints e
          WHERE e.id = '${endpointId}' AND a.uid LIKE 'u%' AND CAST(SUBSTR(a.id, 5) AS BIGINT) % 2 = 0;
      `);
      // The statistics the planner has in production (PostgreSQL's autovacuum, SQLite's optimize).
      if (db.dialect.name === 'sqlite') await db.exec('ANALYZE');
      else
        for (const table of [
          'tasks',
          'messages',
          'attempts',
          'idempotency_keys',
          'revoked_tokens',
          'portal_revocations',
          'connect_sessions',
          'background_tasks',
          'applications',
          'endpoints',
        ])
          await db.exec(`VACUUM ANALYZE ${table}`);
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

    it("works out a claim's tasks once, however few rows the planner thinks the backlog has", async () => {
      // Statistics taken while the queue was empty made PostgreSQL run the choice again for every
      // due task it read (seconds a claim behind a backlog): the chosen ids are a materialized CTE.
      const read = (
        await plans(() => store.queue.claim({ now: new Date(now), limit: 8, leaseMs: 60_000, perEndpoint: 8 }))
      ).find((plan) => /chosen/i.test(plan));
      assert.ok(read, 'the claim reads its rows through the chosen ids');
      assert.match(read, db.dialect.name === 'sqlite' ? /MATERIALIZE chosen/ : /CTE chosen/, read);
    });

    it('finds when the worker wakes next from the pending and the leased tasks by index, not by reading every pending one', async () => {
      const [plan = ''] = await plans(() => store.queue.nextWakeup());
      assert.match(plan, /tasks_due/, plan);
      assert.match(plan, /tasks_leased/, plan);
      assert.doesNotMatch(plan, /SCAN tasks$|SCAN tasks\n|Seq Scan on tasks/m, plan);
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
      const pending = await plans(() => store.queue.countDue(endpointId, new Date(now), 100));
      assert.ok(batches.length >= 3, `the scans are planned: ${batches.length}`);
      for (const plan of [...batches, ...pending]) {
        assert.doesNotMatch(plan, wholeTable, plan);
        assert.doesNotMatch(plan, /SCAN messages\b|Seq Scan on messages/, plan);
      }
      assert.match(batches.join('\n'), /tasks_endpoint_created/, 'a recovery walks the window of dispatches');
      assert.match(batches.join('\n'), /messages_app/, "a replay walks the window of the application's messages");
      assert.match(pending.join('\n'), /tasks_ready/, "the endpoint's due dispatches, an index range");
    });

    it("counts an application's messages and destinations of a window, and its subscriptions, from index ranges", async () => {
      const window = { since: new Date(now - 7 * DAY), until: new Date(now) };
      const all = [
        ...(await plans(() => store.statistics.appUsage(appId, window))),
        ...(await plans(() => store.statistics.subscriptions(appId))),
        ...(await plans(() => store.statistics.applicationsAfter(null, 25))),
        ...(await plans(() => store.statistics.applicationsByIdOrUid([appId, 'plans']))),
      ];
      // Not endpoints: the fixture has two, which SQLite rightly reads whole (endpoints_app otherwise).
      for (const plan of all) {
        assert.doesNotMatch(plan, wholeTable, plan);
        assert.doesNotMatch(
          plan,
          /SCAN (messages|m|applications)\b(?! USING)|Seq Scan on (messages|applications)\b/,
          plan,
        );
      }
      assert.match(all.join('\n'), /messages_app/, "the window of the application's messages");
    });

    it("lists applications less those without (enabled) endpoints by probing each one's endpoints by index", async () => {
      const [plan = ''] = await plans(() =>
        store.applications.list({ ...page, excludeNoEndpoints: true, excludeOnlyDisabledEndpoints: true }),
      );
      assert.match(plan, /endpoints_app_enabled/, plan);
      assert.match(plan, /endpoints_app\b/, plan);
      assert.doesNotMatch(plan, /SCAN (e|endpoints)\b(?! USING)|Seq Scan on endpoints\b/, plan);
      assert.doesNotMatch(plan, /TEMP B-TREE FOR ORDER BY|Sort Key/, `no sort of them all: ${plan}`);
    });

    // Last: the cleaner's batches remove rows the tests above read.
    it("walks each of the cleaner's batches in its own index, never a whole table", async () => {
      const { retention } = store;
      const later = new Date(now + 30 * DAY);
      const steps: [string, () => Promise<unknown>, RegExp[]][] = [
        ['expire payloads', () => retention.expirePayloads(later, 100), [/messages_payload_expiry/, /attempts_msg/]],
        ['delete messages', () => retention.deleteMessages(later, 100), [/messages_removed/]],
        [
          'delete expired',
          () => retention.deleteExpired(later, 100),
          [/idempotency_keys_expiry/, /revoked_tokens_expiry/, /connect_sessions_expiry/],
        ],
        ['delete revocations', () => retention.deleteRevocations(new Date(now), 100), [/portal_revocations_issued/]],
        ['delete tasks', () => retention.deleteTasks(new Date(now), 100), [/background_tasks_ended/]],
      ];
      const anyWholeTable =
        /SCAN (messages|m|tasks|t|attempts|idempotency_keys|revoked_tokens|connect_sessions|portal_revocations|background_tasks)\b(?! USING)|Seq Scan on (messages|tasks|attempts|idempotency_keys|revoked_tokens|connect_sessions|portal_revocations|background_tasks)\b/;
      for (const [step, batch, indexes] of steps) {
        const all = (await plans(batch)).join('\n');
        for (const index of indexes) assert.match(all, index, `${step}: ${all}`);
        assert.doesNotMatch(all, anyWholeTable, `${step}: ${all}`);
        assert.doesNotMatch(all, /TEMP B-TREE FOR ORDER BY|Sort Key/, `${step}, no sort of them all: ${all}`);
      }
      const expired = await plans(() =>
        store.messages.expungeAll(appId, { afterId: null, throughId: 'msg_~' }, 100, new Date(now)),
      );
      assert.doesNotMatch(expired.join('\n'), anyWholeTable, expired.join('\n'));
    });

    it("reads a dry run's messages and an endpoint's versions from index ranges", async () => {
      // The most versions an endpoint keeps, and many more of another's.
      await db.exec(`
        INSERT INTO transformation_versions (id, app_id, endpoint_id, code, author, created_at)
          SELECT 'trver_' || CAST(1000000000 + i AS TEXT), '${appId}',
            CASE WHEN i <= 50 THEN '${endpointId}' ELSE 'ep_' || SUBSTR((SELECT MIN(id) FROM applications WHERE uid = 'u2'), 5) END,
            'function handler(w) { return w; }', 'vendor', ${now}
          FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${DISPATCHES}) SELECT i FROM n) AS s;
      `);
      if (db.dialect.name === 'sqlite') await db.exec('ANALYZE');
      else await db.exec('VACUUM ANALYZE transformation_versions');
      const versions = (await plans(() => store.transformationVersions.list(appId, endpointId, 50))).join('\n');
      assert.match(versions, /transformation_versions_endpoint/, versions);
      assert.doesNotMatch(
        versions,
        /SCAN transformation_versions\b(?! USING)|Seq Scan on transformation_versions/,
        versions,
      );
      const messages = (
        await plans(() => store.messages.list(appId, { limit: 20, order: 'descending', endpointId }))
      ).join('\n');
      assert.doesNotMatch(messages, wholeTable, messages);
    });
  });
}

planSuite('SQLite', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'patchbay-plans-'));
  const file = path.join(dir, 'plans.db');
  const db = await SqliteDatabase.open(file);
  const explain = await SqliteDatabase.open(file);
  return {
    db,
    explain,
    async close() {
      await explain.close();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('PostgreSQL', postgresSuite, () => {
  planSuite('PostgreSQL', async () => {
    const fresh = await freshDatabase();
    const db = await PostgresDatabase.open({ url: fresh.url, poolSize: 2 });
    return {
      db,
      explain: db,
      async close() {
        await db.close();
        await fresh.drop();
      },
    };
  });
});

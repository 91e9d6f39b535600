import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sqlite3 from 'sqlite3';
import { createRetentionCleaner } from '../src/delivery/retention.ts';
import { newId } from '../src/ids.ts';
import { AttemptStatus, TriggerType } from '../src/model.ts';
import { SqliteDatabase } from '../src/store/sqlite/database.ts';
import type { Store } from '../src/store/types.ts';
import { capturedLogger, manualClock } from './helpers.ts';
import { storeFixtures } from './store-contract.ts';
import { openSqliteStore } from './stores.ts';

const MINUTE = 60_000;
const PAGE = 4096;

/**
 * The SQLite file under a steady load with retention: measured in pages of the file (and its WAL),
 * round by round of a hand-moved clock, so the assertion depends on what is stored, not on speed.
 */
describe('retention on a SQLite file', () => {
  let dir: string;
  let file: string;
  let store: Store;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patchbay-retention-file-'));
    file = path.join(dir, 'patchbay.db');
    store = await openSqliteStore(file);
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const pages = async () => {
    const sizes = await Promise.all(
      ['', '-wal'].map((end) =>
        stat(`${file}${end}`).then(
          (s) => s.size,
          () => 0,
        ),
      ),
    );
    return Math.ceil((sizes[0] ?? 0) / PAGE) + Math.ceil((sizes[1] ?? 0) / PAGE);
  };

  it('switches a file made before incremental auto-vacuum to it when opened, keeping what it held', async () => {
    const old = path.join(dir, 'before-schema-16.db');
    // A file as an earlier Patchbay left it: WAL, auto_vacuum off, rows in it.
    const raw = new sqlite3.Database(old);
    const exec = (sql: string) =>
      new Promise<void>((resolve, reject) => raw.exec(sql, (e) => (e ? reject(e) : resolve())));
    await exec("PRAGMA journal_mode = WAL; CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('still here');");
    const before = await new Promise((resolve, reject) =>
      raw.get('PRAGMA auto_vacuum', (e, row) => (e ? reject(e) : resolve(row))),
    );
    assert.deepEqual(before, { auto_vacuum: 0 });
    await new Promise<void>((resolve) => raw.close(() => resolve()));

    const db = await SqliteDatabase.open(old);
    try {
      assert.deepEqual(await db.get('PRAGMA auto_vacuum'), { auto_vacuum: 2 });
      assert.deepEqual(await db.all('SELECT v FROM kept'), [{ v: 'still here' }]);
    } finally {
      await db.close();
    }
  });

  it('stops growing once the retention is reached: the cleaner frees what each minute adds', async () => {
    const clock = manualClock();
    const { logger } = capturedLogger();
    // Messages are kept an hour, their payloads half of it: both kinds of removal are at work.
    const cleaner = createRetentionCleaner({ store, clock, logger, retentionMs: 60 * MINUTE });
    const { makeApp, makeEndpoint, makeMessage } = storeFixtures();
    const app = makeApp();
    await store.applications.insert(app);
    const endpoint = makeEndpoint(app);
    await store.endpoints.insert(endpoint);
    const PER_MINUTE = 20;
    let freed = 0;

    /** One minute: its messages sent and delivered (a dispatch and an attempt each), then a pass of the cleaner. */
    async function minute(): Promise<void> {
      const now = clock.now();
      await store.transaction(async () => {
        for (let i = 0; i < PER_MINUTE; i++) {
          const body = JSON.stringify({ invoice: randomUUID(), lines: 'x'.repeat(3000) });
          const message = {
            ...makeMessage(app, { payload: body, payloadExpiresAt: new Date(now.getTime() + 30 * MINUTE) }),
            id: newId('msg', now.getTime()),
            timestamp: now,
          };
          await store.messages.insert(message);
          await store.queue.enqueue(
            [{ appId: app.id, msgId: message.id, endpointId: endpoint.id, triggerType: 0, nextAttemptAt: now }],
            now,
          );
          await store.attempts.insert({
            id: newId('atmpt', now.getTime()),
            appId: app.id,
            msgId: message.id,
            endpointId: endpoint.id,
            url: endpoint.url,
            response: 'y'.repeat(1500),
            responseStatusCode: 200,
            responseDurationMs: 3,
            status: AttemptStatus.Success,
            triggerType: TriggerType.Scheduled,
            timestamp: now,
            taskId: null,
            attemptNumber: 1,
            request: { method: 'POST', headers: { 'content-type': 'application/json' }, body, bodyTruncated: false },
            responseHeaders: { 'content-type': 'text/plain' },
          });
        }
      });
      const claimed = await store.queue.claim({ now, limit: PER_MINUTE, leaseMs: 30_000, perEndpoint: PER_MINUTE });
      for (const task of claimed) await store.queue.finish(task, AttemptStatus.Success, 1, now);
      clock.advance(MINUTE);
      freed += (await cleaner.pass())?.pages ?? 0;
    }

    // Warm-up: two retention periods, so the file holds one period's worth and has freed pages to reuse.
    for (let i = 0; i < 120; i++) await minute();
    const start = await pages();
    const sizes: number[] = [];
    for (let i = 0; i < 120; i++) {
      await minute();
      sizes.push(await pages());
    }
    let held = 0;
    for (let iterator: string | null = null, done = false; !done; ) {
      const page = await store.messages.list(app.id, { limit: 250, order: 'ascending', iterator });
      held += page.data.length;
      ({ iterator, done } = page);
    }
    assert.ok(held <= 61 * PER_MINUTE, `about an hour of messages is kept, not more: ${held}`);
    assert.ok(freed > 0, 'pages were given back to the file system');
    const largest = Math.max(...sizes);
    assert.ok(
      largest <= start * 1.1,
      `the file stays within 10 % of ${start} pages after the warm-up; grew to ${largest}`,
    );
  });
});

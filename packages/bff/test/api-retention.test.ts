import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import pg from 'pg';
import type { Store } from '../src/store/types.ts';
import { apiError, type Json, manualClock, startApi } from './helpers.ts';
import { freshDatabase, POSTGRES_URL } from './postgres.ts';
import { startReceiver } from './receiver.ts';
import { openPostgresStore, openSqliteStore } from './stores.ts';

/**
 * Retention and Svix's expunge routes through the real server, worker and cleaner, with the svix
 * SDK, on both stores; what is expunged is looked for in the database itself: the SQLite files'
 * bytes, PostgreSQL's rows as text.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const RETENTION_MS = 2 * DAY;

interface Database {
  open(): Promise<Store>;
  /** Whether `marker` is anywhere in what the database holds. */
  holds(marker: string): Promise<boolean>;
  drop(): Promise<void>;
}

async function sqliteDatabase(): Promise<Database> {
  const dir = await mkdtemp(path.join(tmpdir(), 'patchbay-retention-'));
  const file = path.join(dir, 'patchbay.db');
  return {
    open: () => openSqliteStore(file),
    async holds(marker) {
      const files = await Promise.all(
        ['', '-wal'].map((end) => readFile(`${file}${end}`).catch(() => Buffer.alloc(0))),
      );
      return files.some((bytes) => bytes.includes(marker));
    },
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresDatabase(): Promise<Database> {
  const fresh = await freshDatabase();
  const client = new pg.Client({ connectionString: fresh.url });
  await client.connect();
  return {
    open: () => openPostgresStore({ url: fresh.url, poolSize: 4 }),
    async holds(marker) {
      const tables = await client.query(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
      );
      for (const { name: table } of tables.rows as { name: string }[]) {
        const { rows } = await client.query(`SELECT count(*) AS n FROM ${table} t WHERE t::text LIKE $1`, [
          `%${marker}%`,
        ]);
        if (Number(rows[0].n) > 0) return true;
      }
      return false;
    },
    async drop() {
      await client.end();
      await fresh.drop();
    },
  };
}

const databases: [string, (() => Promise<Database>) | undefined][] = [
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', POSTGRES_URL ? postgresDatabase : undefined],
];

for (const [storeName, makeDatabase] of databases) {
  const skip = makeDatabase ? false : 'PATCHBAY_TEST_POSTGRES_URL is not set';
  describe(`retention and expunge (${storeName})`, { skip }, () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let database: Database;
    let api: Awaited<ReturnType<typeof startApi>>;
    let clock: ReturnType<typeof manualClock>;

    before(async () => {
      receiver = await startReceiver();
    });
    after(() => receiver.close());
    beforeEach(async () => {
      database = await (makeDatabase as () => Promise<Database>)();
      clock = manualClock(new Date());
      receiver.received.length = 0;
      api = await startApi({
        clock,
        openStore: database.open,
        delivery: { allowPrivateNetworks: true, retrySchedule: [2 * 3600], retentionMs: RETENTION_MS },
      });
      await api.svix.eventType.create({ name: 'invoice.created', description: 'An invoice' });
      for (const uid of ['acme', 'rival']) await api.svix.application.create({ name: uid, uid });
    });
    afterEach(async () => {
      await api.close();
      await database.drop();
    });

    const endpoint = async (pathName: string, app = 'acme') =>
      (await api.svix.endpoint.create(app, { url: `${receiver.url}${pathName}` })).id;
    const send = (payload: object, extra: object = {}, app = 'acme') =>
      api.svix.message.create(app, { eventType: 'invoice.created', payload, ...extra });
    const attemptsOf = async (msgId: string): Promise<Json[]> => {
      const res = await api.fetch(`/api/v1/app/acme/attempt/msg/${msgId}`);
      return (await res.json()).data;
    };
    const pass = () => api.retention.pass();

    it('refuses payloadRetentionPeriod with payloadRetentionHours, and either out of range, as Svix validates', async () => {
      for (const [fields, loc] of [
        [{ payloadRetentionPeriod: 1, payloadRetentionHours: 1 }, 'payloadRetentionHours'],
        [{ payloadRetentionPeriod: 0 }, 'payloadRetentionPeriod'],
        [{ payloadRetentionPeriod: 91 }, 'payloadRetentionPeriod'],
        [{ payloadRetentionPeriod: 1.5 }, 'payloadRetentionPeriod'],
        [{ payloadRetentionHours: 0 }, 'payloadRetentionHours'],
        [{ payloadRetentionHours: 2161 }, 'payloadRetentionHours'],
      ] as const) {
        const err = await apiError(send({ n: 1 }, fields));
        assert.equal(err.code, 422, JSON.stringify(fields));
        assert.equal(err.body.code, 'validation_error');
        const [problem] = err.body.detail as { loc: string[]; msg: string; type: string }[];
        assert.deepEqual(problem?.loc, ['body', loc], JSON.stringify(fields));
      }
      for (const fields of [{ payloadRetentionPeriod: 90 }, { payloadRetentionHours: 2160 }, {}]) {
        assert.ok((await send({ n: 1 }, fields)).id);
      }
    });

    it('removes a payload at its expiry, and the message itself after the deployment retention', async () => {
      const hourly = await send({ secret: 'hourly' }, { payloadRetentionHours: 1 });
      const daily = await send({ secret: 'daily' }, { payloadRetentionPeriod: 1 });
      const standard = await send({ secret: 'standard' });
      const payload = async (id: string) => (await api.svix.message.get('acme', id, { withContent: true })).payload;

      clock.advance(HOUR - 1);
      await pass();
      assert.deepEqual(await payload(hourly.id), { secret: 'hourly' }, 'kept until its hour is up');
      clock.advance(1);
      await pass();
      assert.deepEqual(await payload(hourly.id), { expired: true }, "read as Svix's expired payload");
      assert.deepEqual(await payload(daily.id), { secret: 'daily' });
      clock.advance(DAY - HOUR);
      await pass();
      assert.deepEqual(await payload(daily.id), { expired: true });
      assert.deepEqual(await payload(standard.id), { secret: 'standard' }, 'the deployment retention is two days');

      clock.advance(DAY - 1);
      await pass();
      assert.equal((await api.svix.message.list('acme')).data.length, 3, 'no message is deleted before the retention');
      clock.advance(1);
      await pass();
      assert.equal((await apiError(api.svix.message.get('acme', hourly.id))).code, 404);
      assert.deepEqual((await api.svix.message.list('acme')).data, [], 'each message with it, payload and all');
    });

    it('keeps the payload of a message whose delivery is pending, and removes it once the delivery ends', async () => {
      receiver.script('/flaky', [{ status: 503 }, { status: 200 }]);
      await endpoint('/flaky');
      const msg = await send({ invoice: 'kept-while-pending' }, { payloadRetentionHours: 1 });
      await api.worker.tick();
      clock.advance(90 * MINUTE);
      await pass();
      assert.deepEqual((await api.svix.message.get('acme', msg.id, { withContent: true })).payload, {
        invoice: 'kept-while-pending',
      });
      clock.advance(30 * MINUTE);
      await api.worker.tick();
      assert.deepEqual(
        receiver.at('/flaky').map((r) => JSON.parse(r.body)),
        [{ invoice: 'kept-while-pending' }, { invoice: 'kept-while-pending' }],
        'the retry sent the payload in full',
      );
      await pass();
      assert.deepEqual((await api.svix.message.get('acme', msg.id, { withContent: true })).payload, { expired: true });
      const attempts = await attemptsOf(msg.id);
      assert.equal(attempts.length, 2);
      for (const a of attempts) {
        assert.deepEqual(
          [a.response, a.requestBody, a.requestHeaders, a.responseHeaders],
          ['EXPUNGED', null, null, null],
        );
      }
    });

    it("expunges a message's payload and its attempts' bodies (204): gone from the database, read as Svix does", async () => {
      const marker = `marker-${storeName}-${Date.now()}`;
      // The answer to the first delivery only repeats the marker; the later message's gets "ok".
      receiver.script('/echo', [{ status: 200, headers: { 'x-echo': marker }, body: `{"echo":"${marker}"}` }]);
      await endpoint('/echo');
      const msg = await send({ secret: marker }, { eventId: 'evt-secret' });
      await api.worker.tick();
      const kept = await send({ other: 'not expunged' });
      await api.worker.tick();
      assert.equal(await database.holds(marker), true, 'the marker was stored');

      await api.svix.message.expungeContent('acme', 'evt-secret');
      assert.equal(await database.holds(marker), false, 'no trace of it, anywhere in the database');
      assert.deepEqual((await api.svix.message.get('acme', msg.id, { withContent: true })).payload, { expired: true });
      const [attempt] = await attemptsOf(msg.id);
      assert.deepEqual(
        [attempt.response, attempt.method, attempt.requestBody, attempt.requestHeaders, attempt.responseHeaders],
        ['EXPUNGED', null, null, null, null],
      );
      assert.equal(attempt.responseStatusCode, 200, 'what happened stays: only the content goes');
      assert.deepEqual((await api.svix.message.get('acme', kept.id, { withContent: true })).payload, {
        other: 'not expunged',
      });
      assert.equal((await apiError(api.svix.message.expungeContent('acme', 'msg_none'))).code, 404);
      assert.equal((await apiError(api.svix.message.expungeContent('nobody', msg.id))).code, 404);
    });

    it('expunges every message of the application sent until asked, as a background task (202), then says how many', async () => {
      const marker = `purge-${storeName}-${Date.now()}`;
      receiver.script('/purge', [{ status: 200, body: `{"echo":"${marker}"}` }]);
      await endpoint('/purge');
      const sent = [];
      for (let n = 0; n < 3; n++) sent.push(await send({ secret: marker, n }));
      const theirs = await send({ secret: `${marker}-rival` }, {}, 'rival');
      await api.worker.tick();
      assert.equal(await database.holds(marker), true, 'the marker was stored');

      const started = await api.svix.message.expungeAllContents('acme');
      assert.match(started.id, /^qtask_[A-Za-z0-9]{27}$/);
      assert.deepEqual([started.status, started.task], ['running', 'application.purge_content']);
      clock.advance(1);
      const later = await send({ after: 'the purge was asked' });
      while ((await api.svix.backgroundTask.get(started.id)).status === 'running') await api.tasks.tick();

      const done = await api.svix.backgroundTask.get(started.id);
      assert.deepEqual(
        [done.status, done.task, done.data.messagesExpunged],
        ['finished', 'application.purge_content', 3],
      );
      for (const m of sent) {
        assert.deepEqual((await api.svix.message.get('acme', m.id, { withContent: true })).payload, { expired: true });
        assert.equal((await attemptsOf(m.id))[0]?.response, 'EXPUNGED');
      }
      assert.deepEqual((await api.svix.message.get('acme', later.id, { withContent: true })).payload, {
        after: 'the purge was asked',
      });
      assert.deepEqual((await api.svix.message.get('rival', theirs.id, { withContent: true })).payload, {
        secret: `${marker}-rival`,
      });
      // The rival's copy holds the marker as a prefix: look for the purged payloads' own JSON.
      assert.equal(await database.holds(`"secret":"${marker}","n"`), false, 'no trace of them in the database');
      assert.equal(await database.holds(`{"echo":"${marker}"}`), false, 'nor of their answers');
      assert.equal((await apiError(api.svix.message.expungeAllContents('nobody'))).code, 404);
    });

    it('bulk-expunges by id or eventId, answering expunged or not-found for each, in its own application only', async () => {
      const mine = await send({ n: 1 });
      const byEventId = await send({ n: 2 }, { eventId: 'evt-bulk' });
      const theirs = await send({ n: 3 }, {}, 'rival');
      const bulk = (body: object, app = 'acme') =>
        api.fetch(`/api/v1/app/${app}/msg/bulk-expunge`, { method: 'POST', body: JSON.stringify(body) });
      const res = await bulk({ ids: [mine.id, 'evt-bulk', theirs.id, 'msg_none'] });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), {
        results: { [mine.id]: 'expunged', 'evt-bulk': 'expunged', [theirs.id]: 'not-found', msg_none: 'not-found' },
      });
      for (const id of [mine.id, byEventId.id])
        assert.deepEqual((await api.svix.message.get('acme', id, { withContent: true })).payload, { expired: true });
      assert.deepEqual((await api.svix.message.get('rival', theirs.id, { withContent: true })).payload, { n: 3 });
      assert.deepEqual(await (await bulk({})).json(), { results: {} });
      const twice = await bulk({ ids: [mine.id, mine.id] });
      assert.equal(twice.status, 422);
      assert.deepEqual((await twice.json()).detail[0].loc, ['body', 'ids']);
      assert.equal((await bulk({ ids: ['no spaces'] })).status, 422);
      assert.equal((await bulk({ ids: [mine.id] }, 'nobody')).status, 404);
    });

    it("expunges one attempt's content (204), and answers 404 for an attempt of another message", async () => {
      await endpoint('/ok');
      const msg = await send({ n: 1 });
      const other = await send({ n: 2 });
      await api.worker.tick();
      const [attempt] = await attemptsOf(msg.id);
      const [otherAttempt] = await attemptsOf(other.id);
      await api.svix.messageAttempt.expungeContent('acme', msg.id, attempt.id);
      const [after] = await attemptsOf(msg.id);
      assert.deepEqual([after.response, after.requestBody, after.responseHeaders], ['EXPUNGED', null, null]);
      assert.deepEqual(
        (await api.svix.message.get('acme', msg.id, { withContent: true })).payload,
        { n: 1 },
        'the payload stays',
      );
      assert.equal((await apiError(api.svix.messageAttempt.expungeContent('acme', msg.id, otherAttempt.id))).code, 404);
      assert.equal((await attemptsOf(other.id))[0].response, 'ok');
    });

    it("lets no portal session expunge a message; with ManageEndpoint, its own attempts' content, never another application's", async () => {
      await endpoint('/ok');
      await endpoint('/ok', 'rival');
      const msg = await send({ n: 1 });
      const theirs = await send({ n: 2 }, {}, 'rival');
      await api.worker.tick();
      const [attempt] = await attemptsOf(msg.id);
      const token = async (app: string, capabilities: string[]) =>
        (await api.svix.authentication.appPortalAccess(app, { capabilities: capabilities as never })).token;
      const viewer = await token('acme', ['ViewBase']);
      const manager = await token('acme', ['ViewBase', 'ManageEndpoint']);
      const call = (url: string, tokenValue: string, method = 'DELETE', body?: object) =>
        api.fetch(url, { method, token: tokenValue, ...(body ? { body: JSON.stringify(body) } : {}) });

      assert.equal((await call(`/api/v1/app/acme/msg/${msg.id}/content`, manager)).status, 403);
      assert.equal((await call('/api/v1/app/acme/msg/bulk-expunge', manager, 'POST', { ids: [msg.id] })).status, 403);
      assert.equal((await call('/api/v1/app/acme/msg/expunge-all-contents', manager, 'POST')).status, 403);
      const attemptContent = `/api/v1/app/acme/msg/${msg.id}/attempt/${attempt.id}/content`;
      assert.equal((await call(attemptContent, viewer)).status, 403, 'ViewBase alone may not');
      const rivalAttempt = (await (await api.fetch(`/api/v1/app/rival/attempt/msg/${theirs.id}`)).json()).data[0].id;
      assert.equal(
        (await call(`/api/v1/app/rival/msg/${theirs.id}/attempt/${rivalAttempt}/content`, manager)).status,
        403,
      );
      assert.equal(
        (await call(`/api/v1/app/acme/msg/${theirs.id}/attempt/${rivalAttempt}/content`, manager)).status,
        404,
        "another application's message is not found through one's own",
      );
      assert.deepEqual((await api.svix.message.get('acme', msg.id, { withContent: true })).payload, { n: 1 });
      assert.equal((await call(attemptContent, manager)).status, 204);
      assert.equal((await attemptsOf(msg.id))[0].response, 'EXPUNGED');
    });

    it('ends a pending delivery of an expunged message as canceled, saying why, and refuses to resend it', async () => {
      receiver.script('/down', { status: 503 });
      const ep = await endpoint('/down');
      const msg = await send({ n: 1 });
      await api.worker.tick();
      await api.svix.message.expungeContent('acme', msg.id);
      // Due at once, not in two hours: the worker ends it without sending.
      await api.worker.tick();
      assert.equal(receiver.at('/down').length, 1, 'nothing sent after the expunge');
      const [canceled, failed] = await attemptsOf(msg.id);
      assert.deepEqual(
        [canceled.status, canceled.statusText, canceled.response],
        [4, 'canceled', "The message's payload expired or was expunged before it could be sent"],
      );
      assert.deepEqual([failed.status, failed.response], [2, 'EXPUNGED']);
      const [listed] = (await (await api.fetch('/api/v1/app/acme/msg')).json()).data;
      assert.equal(listed.status, 0, 'nothing is pending any more');
      const err = await apiError(api.svix.messageAttempt.resend('acme', msg.id, ep));
      assert.deepEqual([err.code, err.body.code], [409, 'payload_expired']);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { BackgroundTaskRunner } from '../src/delivery/background-tasks.ts';
import { REPLAY_BATCH, replayKinds } from '../src/delivery/replay-tasks.ts';
import { createRetentionCleaner } from '../src/delivery/retention.ts';
import { newId } from '../src/ids.ts';
import { AttemptStatus, type DeliveryTask, TriggerType } from '../src/model.ts';
import type { Store } from '../src/store/types.ts';
import { deliverySuite } from './delivery-suite.ts';
import { capturedLogger, waitUntil } from './helpers.ts';
import { admin, freshDatabase, openFreshPostgresStore, postgresSuite } from './postgres.ts';
import { drain, storeContract, storeFixtures } from './store-contract.ts';
import { openPostgresStore } from './stores.ts';

describe('PostgreSQL store', postgresSuite, () => {
  storeContract('PostgreSQL', () => openFreshPostgresStore());
  deliverySuite('PostgreSQL', () => openFreshPostgresStore());

  // Two stores on one database, with their own pools, are what two processes are.
  describe('shared by two processes', () => {
    let schema: Awaited<ReturnType<typeof freshDatabase>>;
    let one: Store;
    let two: Store;
    const { tick, makeApp, makeEndpoint, makeMessage } = storeFixtures();
    before(async () => {
      schema = await freshDatabase();
      // Opened together: the migrations race, and must run once.
      [one, two] = (await Promise.all([
        openPostgresStore({ url: schema.url, poolSize: 4 }),
        openPostgresStore({ url: schema.url, poolSize: 4 }),
      ])) as [Store, Store];
    });
    after(async () => {
      await Promise.all([one.close(), two.close()]);
      await schema.drop();
    });

    async function endpoints(count: number) {
      const app = makeApp();
      await one.applications.insert(app);
      const list = Array.from({ length: count }, () => ({ ...makeEndpoint(app), eventTypes: null }));
      for (const e of list) await one.endpoints.insert(e);
      return { app, list };
    }

    it('never leases a task twice, and holds the per-endpoint limit over both', async () => {
      const { app, list } = await endpoints(5);
      const now = tick();
      for (let i = 0; i < 40; i++) {
        const message = makeMessage(app);
        await one.messages.insert(message);
        await one.queue.fanOut(message, now);
      }
      const claim = (store: Store) => store.queue.claim({ now, limit: 6, leaseMs: 60_000, perEndpoint: 3 });
      const rounds = await Promise.all(Array.from({ length: 12 }, (_, i) => claim(i % 2 ? one : two)));
      const claimed: DeliveryTask[] = [...rounds.flat(), ...(await claim(one)), ...(await claim(two))];
      assert.equal(new Set(claimed.map((t) => t.id)).size, claimed.length, 'no task leased twice');
      for (const e of list) {
        assert.equal(claimed.filter((t) => t.endpointId === e.id).length, 3, 'three per endpoint, not more');
      }
    });

    it('lets one cleaner clean at a time: two at once remove each expired payload once', async () => {
      const app = makeApp();
      await one.applications.insert(app);
      const now = tick();
      const expired = Array.from({ length: 250 }, () => makeMessage(app, { payloadExpiresAt: now }));
      for (const m of expired) await one.messages.insert(m);
      await one.transaction(async () => {
        // The batch's lock is held until this transaction ends.
        assert.equal(await one.retention.expirePayloads(now, 1), 1);
        assert.equal(await two.retention.expirePayloads(now, 10), null, 'the other cleaner waits its turn');
        assert.equal(await two.retention.deleteMessages(now, 10), null);
        assert.equal(await two.retention.deleteExpired(now, 10), null);
      });
      const { logger } = capturedLogger();
      const cleaners = [one, two].map((store) =>
        createRetentionCleaner({ store, clock: { now: () => now }, logger, retentionMs: 86_400_000 }),
      );
      const passes = await Promise.all(cleaners.map((c) => c.pass()));
      assert.equal(
        passes.reduce((n, p) => n + (p?.payloads ?? 0), 0),
        expired.length - 1,
      );
      const rows = await one.messages.getMany(expired.map((m) => m.id));
      assert.deepEqual(
        rows.filter((m) => m.payload !== null),
        [],
      );
    });

    it('wakes the other process when work is queued (LISTEN/NOTIFY)', async () => {
      const { app, list } = await endpoints(1);
      let woken = false;
      const unsubscribe = await two.queue.subscribe(() => {
        woken = true;
      });
      try {
        const message = makeMessage(app);
        await one.messages.insert(message);
        await one.queue.enqueue(
          [
            {
              appId: app.id,
              msgId: message.id,
              endpointId: (list[0] as { id: string }).id,
              triggerType: TriggerType.Scheduled,
              nextAttemptAt: tick(),
            },
          ],
          tick(),
        );
        await waitUntil(() => woken, 'the other store is told');
      } finally {
        await unsubscribe();
      }
    });

    it('listens again after its LISTEN connection was cut, and catches up', async () => {
      const database = await freshDatabase('database');
      const store = await openPostgresStore({ url: database.url, poolSize: 2 });
      let calls = 0;
      const unsubscribe = await store.queue.subscribe(() => calls++);
      try {
        const cut = await admin(
          "SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE datname = $1 AND application_name = 'patchbay-listen'",
          [database.name],
        );
        assert.equal(cut.length, 1, 'one LISTEN connection');
        await waitUntil(() => calls > 0, 'the listener is called once it listens again');
        const app = makeApp();
        await store.applications.insert(app);
        const endpoint = makeEndpoint(app);
        await store.endpoints.insert(endpoint);
        const message = makeMessage(app, { eventType: 'invoice.created' });
        await store.messages.insert(message);
        calls = 0;
        await store.queue.fanOut(message, tick());
        await waitUntil(() => calls > 0, 'work queued after the cut is announced');
      } finally {
        await unsubscribe();
        await store.close();
        await database.drop();
      }
    });

    it("keeps answering after another process's migration changed a table it reads", async () => {
      const app = makeApp('reshaped');
      await one.applications.insert(app);
      for (let i = 0; i < 3; i++) await one.applications.get(app.id);
      const client = new pg.Client({ connectionString: schema.url });
      await client.connect();
      await client.query('ALTER TABLE applications ADD COLUMN added_later TEXT');
      await client.end();
      for (let i = 0; i < 3; i++) assert.deepEqual(await one.applications.get(app.id), app);
      await one.transaction(async () => assert.deepEqual(await one.applications.get(app.id), app));
    });

    it('does not lease a task another process settled while the claim was reading it', async () => {
      // The claim's connection runs as a role that row-level security holds up (superusers pass
      // it): its locking read of the tasks stops at a gate, after its snapshot and before it
      // locks the rows, until the test opens the gate — the settle commits meanwhile.
      const own = await freshDatabase();
      const owner = await openPostgresStore({ url: own.url, poolSize: 2 });
      const role = `${own.name}_claimer`;
      const gate = 7_340_021;
      const tasks = `${own.name}.tasks`;
      await admin(`CREATE ROLE ${role};
        GRANT USAGE, CREATE ON SCHEMA ${own.name} TO ${role};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${own.name} TO ${role};
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${own.name} TO ${role};
        CREATE FUNCTION ${own.name}.gate() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
          BEGIN PERFORM pg_advisory_lock_shared(${gate}); PERFORM pg_advisory_unlock_shared(${gate}); RETURN true; END $$;
        ALTER TABLE ${tasks} ENABLE ROW LEVEL SECURITY;
        CREATE POLICY reads ON ${tasks} FOR SELECT USING (true);
        CREATE POLICY locks ON ${tasks} FOR UPDATE USING (${own.name}.gate());`);
      const url = new URL(own.url);
      url.searchParams.set('options', `${url.searchParams.get('options')} -c role=${role}`);
      const claimer = await openPostgresStore({ url: url.href, poolSize: 2 });
      const keeper = new pg.Client({ connectionString: own.url });
      await keeper.connect();
      try {
        const app = makeApp();
        await owner.applications.insert(app);
        const endpoint = makeEndpoint(app);
        await owner.endpoints.insert(endpoint);
        const endpointId = endpoint.id;
        const message = makeMessage(app);
        await owner.messages.insert(message);
        const now = tick();
        const dispatch = { appId: app.id, msgId: message.id, endpointId, nextAttemptAt: now };
        await owner.queue.enqueue([{ ...dispatch, triggerType: TriggerType.Scheduled }], now);
        const [delivered] = await owner.queue.claim({ now, limit: 1, leaseMs: 60_000, perEndpoint: 1 });
        await owner.queue.enqueue([{ ...dispatch, triggerType: TriggerType.Manual }], now);
        assert.ok(delivered && (await owner.queue.finish(delivered, AttemptStatus.Success, 1, now)));

        await keeper.query('SELECT pg_advisory_lock($1)', [gate]);
        const claim = claimer.queue.claim({ now, limit: 1, leaseMs: 60_000, perEndpoint: 1 });
        const atGate = async () =>
          (
            await keeper.query('SELECT 1 FROM pg_locks WHERE locktype = $1 AND objid = $2 AND NOT granted', [
              'advisory',
              gate,
            ])
          ).rowCount === 1;
        await waitUntil(atGate, 'the claim waits at the gate');
        // The delivery's settle, between the claim's snapshot and its lock.
        assert.equal(await owner.queue.settleOthers(delivered, now), 1);
        await keeper.query('SELECT pg_advisory_unlock($1)', [gate]);
        assert.deepEqual(await claim, [], 'the settled resend is not leased');
        assert.deepEqual(await owner.queue.endpointStats(endpointId, now), {
          success: 2,
          pending: 0,
          sending: 0,
          fail: 0,
          canceled: 0,
        });
      } finally {
        await keeper.end();
        await claimer.close();
        await owner.close();
        await own.drop();
        await admin(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
      }
    });

    it('does a bulk replay once with a runner in each process, every batch by one of them', async () => {
      const { app, list } = await endpoints(1);
      const endpoint = list[0] as { id: string };
      const since = tick();
      const messages = Array.from({ length: 2 * REPLAY_BATCH + 30 }, () => makeMessage(app));
      for (const m of messages) await one.messages.insert(m);
      const now = tick();
      await one.queue.enqueue(
        messages.map((m) => ({
          appId: app.id,
          msgId: m.id,
          endpointId: endpoint.id,
          triggerType: TriggerType.Scheduled,
          nextAttemptAt: now,
        })),
        now,
      );
      await drain(one, now);
      const task = {
        id: newId('qtask', now.getTime()),
        appId: app.id,
        task: 'endpoint.bulk-replay' as const,
        status: 'running' as const,
        data: {
          endpointId: endpoint.id,
          since: since.toISOString(),
          until: now.toISOString(),
          messagesSent: 0,
          cursor: null,
        },
        leaseUntil: null,
        createdAt: now,
        updatedAt: now,
      };
      assert.equal(await one.backgroundTasks.insert(task, 3), true);
      const { logger } = capturedLogger();
      const runner = (store: Store) =>
        new BackgroundTaskRunner(
          { store, clock: { now: () => now }, logger, kinds: replayKinds(store), queued: () => {} },
          { pollMs: 1000, leaseMs: 60_000, perRound: 8 },
        );
      const [a, b] = [runner(one), runner(two)];
      let advanced = 0;
      while ((await one.backgroundTasks.get(task.id))?.status === 'running') {
        const rounds = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
        advanced += rounds.reduce((sum, n) => sum + n, 0);
        await drain(one, now);
      }
      const done = await one.backgroundTasks.get(task.id);
      assert.deepEqual([done?.status, done?.data.messagesSent], ['finished', messages.length]);
      assert.equal(advanced, 3, 'three batches, each done by one runner');
      const stats = await one.queue.endpointStats(endpoint.id, now);
      assert.equal(stats.success, 2 * messages.length, 'each message sent once more, not twice');
    });

    it('shares an endpoint throttle rate between both', async () => {
      const { list } = await endpoints(1);
      const id = (list[0] as { id: string }).id;
      const now = tick();
      const waits = await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 ? one : two).throttle.take(id, 10, now)),
      );
      assert.equal(waits.filter((w) => w === 0).length, 10, 'ten a second, however many processes ask');
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { type DeliveryTask, TriggerType } from '../src/model.ts';
import type { Store } from '../src/store/types.ts';
import { deliverySuite } from './delivery-suite.ts';
import { admin, freshDatabase, openFreshPostgresStore, postgresSuite } from './postgres.ts';
import { storeContract, storeFixtures } from './store-contract.ts';
import { openPostgresStore } from './stores.ts';

async function waitUntil(done: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

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

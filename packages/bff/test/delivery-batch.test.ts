import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createOperationalEvents } from '../src/delivery/operational-events.ts';
import { SettleBatcher, type Settlement } from '../src/delivery/settle-batch.ts';
import { AttemptStatus, type DeliveryTask } from '../src/model.ts';
import type { Store } from '../src/store/types.ts';
import { capturedLogger, manualClock } from './helpers.ts';
import { openFreshPostgresStore, POSTGRES_URL } from './postgres.ts';
import { storeFixtures } from './store-contract.ts';
import { openSqliteStore } from './stores.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'patchbay-batch-'));
after(() => rm(dir, { recursive: true, force: true }));

let files = 0;
const stores: [string, () => Promise<Store>][] = [
  ['SQLite', () => openSqliteStore(path.join(dir, `batch-${++files}.db`))],
];
if (POSTGRES_URL) stores.push(['PostgreSQL', () => openFreshPostgresStore()]);

for (const [name, openStore] of stores) {
  describe(`settling deliveries in batches (${name})`, () => {
    const { tick, makeApp, makeEndpoint, makeMessage, makeAttempt, dispatchesOf } = storeFixtures();

    /** `count` tasks of one endpoint, claimed at `now` with a lease of a second, and a batcher on the store. */
    async function claimed(store: Store, count: number) {
      const app = makeApp();
      await store.applications.insert(app);
      const endpoint = makeEndpoint(app);
      await store.endpoints.insert(endpoint);
      const messages = Array.from({ length: count }, () => makeMessage(app));
      for (const m of messages) await store.messages.insert(m);
      const now = tick();
      await store.queue.enqueue(dispatchesOf(messages, endpoint.id, now), now);
      const tasks = await store.queue.claim({ now, limit: count, leaseMs: 1000, perEndpoint: count });
      assert.equal(tasks.length, count);
      const clock = manualClock(now);
      const events = createOperationalEvents({
        store,
        clock,
        logger: capturedLogger().logger,
        retentionMs: 86_400_000,
        wake: () => undefined,
      });
      return { app, endpoint, now, tasks, clock, batch: new SettleBatcher({ store, clock, events }) };
    }

    /** A delivered task: its attempt (with `id`, if given) and its end. */
    const delivered = (task: DeliveryTask, id?: string): Settlement => ({
      task,
      attempt: makeAttempt(task, id ? { id } : {}),
      streak: { failing: false, wasFailing: false },
      decide: () => ({ change: { task, status: AttemptStatus.Success, attempts: 1 }, disable: null, events: [] }),
    });

    /** A failed delivery, ended; `seen` gets since when its endpoint was failing, as its decision was told. */
    const failed = (task: DeliveryTask, seen: (Date | null)[]): Settlement => ({
      task,
      attempt: makeAttempt(task, { status: AttemptStatus.Fail, responseStatusCode: 500 }),
      streak: { failing: true, reason: '500 Internal Server Error' },
      decide: (failSince) => {
        seen.push(failSince);
        return { change: { task, status: AttemptStatus.Fail, attempts: 1 }, disable: null, events: [] };
      },
    });

    const attemptsOf = async (store: Store, appId: string, endpointId: string) =>
      (await store.attempts.listByEndpoint(appId, endpointId, { limit: 50, order: 'ascending' })).data.map(
        (a) => a.taskId,
      );

    it('records nothing for a task whose lease was lost, and the rest of its batch as delivered', async () => {
      const store = await openStore();
      try {
        const { app, endpoint, now, tasks, clock, batch } = await claimed(store, 3);
        const later = new Date(now.getTime() + 1001);
        const [taken] = await store.queue.claim({ now: later, limit: 1, leaseMs: 1000, perEndpoint: 3 });
        const lost = tasks.find((t) => t.id === taken?.id) as DeliveryTask;
        assert.ok(lost);
        clock.advance(1001);
        // Settled in one turn of the event loop: one batch.
        const held = await Promise.all(tasks.map((t) => batch.settle(delivered(t))));
        assert.deepEqual(
          held,
          tasks.map((t) => t !== lost),
        );
        assert.deepEqual(
          (await attemptsOf(store, app.id, endpoint.id)).sort(),
          tasks.filter((t) => t !== lost).map((t) => t.id),
        );
        assert.deepEqual(await store.queue.endpointStats(endpoint.id, later), {
          success: 2,
          pending: 0,
          sending: 1,
          fail: 0,
          canceled: 0,
        });
      } finally {
        await store.close();
      }
    });

    it("writes each endpoint's run of failures once per batch, in the order its deliveries finished", async () => {
      const store = await openStore();
      try {
        const { endpoint, now, tasks, batch } = await claimed(store, 5);
        const [a, b, c, d, e] = tasks as [DeliveryTask, DeliveryTask, DeliveryTask, DeliveryTask, DeliveryTask];
        const longAgo = new Date(now.getTime() - 3_600_000);
        await store.endpoints.recordStreaks([
          { id: endpoint.id, failing: true, since: longAgo, reason: '502 Bad Gateway', restart: false },
        ]);
        const recovered = (t: DeliveryTask): Settlement => ({
          ...delivered(t),
          streak: { failing: false, wasFailing: true },
        });
        const seen: (Date | null)[] = [];
        // Failing since long ago, it fails again, recovers, then fails anew: a new run, from now.
        await Promise.all([batch.settle(failed(a, seen)), batch.settle(recovered(b)), batch.settle(failed(c, seen))]);
        assert.deepEqual(seen, [longAgo, now], 'each decision knows the run as it stood when its delivery finished');
        assert.deepEqual(await store.endpoints.failingSince([endpoint.id]), new Map([[endpoint.id, now]]));
        // A failure, then a success: the run ends.
        await Promise.all([batch.settle(failed(d, seen)), batch.settle(recovered(e))]);
        assert.deepEqual(await store.endpoints.failingSince([endpoint.id]), new Map());
        assert.deepEqual(await store.queue.endpointStats(endpoint.id, now), {
          success: 2,
          pending: 0,
          sending: 0,
          fail: 3,
          canceled: 0,
        });
      } finally {
        await store.close();
      }
    });

    it('writes the others of a batch that fails as a whole one by one: only the faulty one is lost, and retried', async () => {
      const store = await openStore();
      try {
        const { app, endpoint, now, tasks, batch } = await claimed(store, 3);
        const [first, faulty, last] = tasks as [DeliveryTask, DeliveryTask, DeliveryTask];
        const taken = makeAttempt({ ...first, id: undefined });
        await store.attempts.insert(taken);
        // Its attempt's id is taken already: the batch's insert is refused.
        const outcomes = await Promise.allSettled([
          batch.settle(delivered(first)),
          batch.settle(delivered(faulty, taken.id)),
          batch.settle(delivered(last)),
        ]);
        assert.deepEqual(
          outcomes.map((o) => o.status),
          ['fulfilled', 'rejected', 'fulfilled'],
        );
        assert.deepEqual((await attemptsOf(store, app.id, endpoint.id)).filter((t) => t !== null).sort(), [
          first.id,
          last.id,
        ]);
        assert.equal((await store.queue.endpointStats(endpoint.id, now)).sending, 1, 'the faulty one keeps its lease');
        const later = new Date(now.getTime() + 1001);
        const again = await store.queue.claim({ now: later, limit: 3, leaseMs: 1000, perEndpoint: 3 });
        assert.deepEqual(
          again.map((t) => t.id),
          [faulty.id],
          'claimed again once its lease ran out',
        );
      } finally {
        await store.close();
      }
    });
  });
}

// Concurrent message creates are stored in batches (domain/messages.ts, batcher.ts): one
// INSERT for the messages, with their applications looked up inside it, and one for their fan-out.
// Whatever goes into a batch, every message answered 202 is stored and fanned out, and each one
// the batch could not store gets its own answer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Batcher } from '../src/batcher.ts';
import { systemClock } from '../src/clock.ts';
import { createApplications } from '../src/domain/applications.ts';
import { createBackgroundTasks } from '../src/domain/background-tasks.ts';
import { createDispatches } from '../src/domain/dispatches.ts';
import { createMessages } from '../src/domain/messages.ts';
import type { Store } from '../src/store/types.ts';
import { type Json, startApi } from './helpers.ts';
import { openFreshPostgresStore, POSTGRES_URL } from './postgres.ts';
import { openSqliteStore } from './stores.ts';

describe('Batcher', () => {
  /** A batcher whose runs are noted and answer each item doubled, after `gate` opens. */
  function doubling(max = 100) {
    const runs: number[][] = [];
    let open: () => void = () => undefined;
    let gate = Promise.resolve();
    const batcher = new Batcher<number, number>(
      async (items) => {
        runs.push(items);
        await gate;
        return items.map((n) => n * 2);
      },
      { max },
    );
    const hold = () => {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    };
    return { batcher, runs, hold, release: () => open() };
  }

  it('runs the calls of one turn together, and answers each its own', async () => {
    const { batcher, runs } = doubling();
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => batcher.add(n))), [2, 4, 6]);
    assert.deepEqual(runs, [[1, 2, 3]]);
  });

  it('sends the calls made while a batch is in flight together after it, up to the maximum', async () => {
    const { batcher, runs, hold, release } = doubling(2);
    hold();
    const first = batcher.add(1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(runs, [[1]]);
    const later = [2, 3, 4].map((n) => batcher.add(n));
    release();
    assert.deepEqual(await Promise.all([first, ...later]), [2, 4, 6, 8]);
    assert.deepEqual(runs, [[1], [2, 3], [4]]);
  });

  it('fails only the calls of the batch that failed', async () => {
    let fail = true;
    const batcher = new Batcher<number, number>(
      async (items) => {
        if (fail) {
          fail = false;
          throw new Error('down');
        }
        return items;
      },
      { max: 10 },
    );
    const failed = batcher.add(1);
    await assert.rejects(failed, /down/);
    assert.equal(await batcher.add(2), 2);
  });

  it('keeps a batch under its weight, but takes one heavy call alone', async () => {
    const runs: string[][] = [];
    const batcher = new Batcher<string, number>(
      async (items) => {
        runs.push(items);
        return items.map((s) => s.length);
      },
      { max: 10, weight: (s) => s.length, maxWeight: 4 },
    );
    await Promise.all(['aa', 'bb', 'c', 'dddddd', 'e'].map((s) => batcher.add(s)));
    assert.deepEqual(runs, [['aa', 'bb'], ['c'], ['dddddd'], ['e']]);
  });
});

const stores: [string, (() => Promise<Store>) | undefined][] = [
  ['SQLite', () => openSqliteStore(':memory:')],
  ['PostgreSQL', POSTGRES_URL ? () => openFreshPostgresStore() : undefined],
];

for (const [name, openStore] of stores) {
  const skip = openStore ? false : 'PostgreSQL: PATCHBAY_TEST_POSTGRES_URL is not set';

  describe(`message batches, the service on its store (${name})`, { skip }, () => {
    let store: Store;
    let messages: ReturnType<typeof createMessages>;
    let wakes = 0;
    before(async () => {
      store = await (openStore as () => Promise<Store>)();
      const clock = systemClock;
      const applications = createApplications({ store, clock });
      const wake = () => {
        wakes++;
      };
      const dispatches = createDispatches({ store, clock, wake, retentionMs: 86_400_000 });
      const tasks = createBackgroundTasks({ store, clock, wake: () => undefined });
      messages = createMessages({ store, clock, applications, dispatches, tasks, retentionMs: 86_400_000 });
      await applications.create({ name: 'Batch', uid: 'batch' });
    });
    after(() => store.close());

    it('stores the creates of one turn with one statement for the messages and one for their fan-out', async () => {
      const sent = store.statements();
      const created = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          messages.create('batch', { eventType: 'invoice.created', payload: { i }, eventId: `one-turn-${i}` }),
        ),
      );
      // BEGIN, the messages' INSERT, the fan-out's INSERT, COMMIT; PostgreSQL's NOTIFY besides
      // (no endpoint here: no task, so no NOTIFY).
      assert.equal(store.statements() - sent, 4);
      const stored = await store.messages.getMany(created.map((m) => m.id));
      assert.equal(stored.length, 20);
      assert.ok(stored.every((m) => m.appId === created[0]?.appId));
      // Nothing to deliver: the worker is left asleep.
      assert.equal(wakes, 0);
    });
  });

  describe(`message batches, a message stored exactly (${name})`, { skip }, () => {
    it('keeps every field as sent, through the batch’s JSON rows', async () => {
      const store = await (openStore as () => Promise<Store>)();
      try {
        const now = new Date('2026-01-15T10:00:00.123Z');
        const app = { id: 'app_exact', uid: 'exact', name: 'Exact', throttleRate: null, metadata: {} };
        await store.applications.insert({ ...app, createdAt: now, updatedAt: now });
        const message = {
          id: 'msg_exact',
          eventId: '0042',
          eventType: 'invoice.created',
          payload: JSON.stringify({ nul: 'a\u0000b', quote: '"\\\'', emoji: '💰', n: 1e21 }),
          channels: ['eu'],
          tags: ['vip'],
          transformationsParams: { nested: { a: [1, null] } },
          timestamp: now,
          payloadExpiresAt: new Date(now.getTime() + 1000),
          deliverAt: new Date(now.getTime() + 60_000),
        };
        const [stored] = await store.messages.insertUnder([{ app: 'exact', message }]);
        assert.deepEqual(stored, { ...message, appId: 'app_exact' });
        assert.deepEqual(await store.messages.get('app_exact', 'msg_exact'), stored);
      } finally {
        await store.close();
      }
    });
  });

  describe(`message batches through the API (${name})`, { skip }, () => {
    let api: Awaited<ReturnType<typeof startApi>>;
    let subscribed: string;
    before(async () => {
      api = await startApi(openStore ? { openStore } : {});
      await api.svix.application.create({ name: 'Acme', uid: 'acme' });
      for (const type of ['invoice.created', 'user.created'])
        await api.svix.eventType.create({ name: type, description: type });
      subscribed = (
        await api.svix.endpoint.create('acme', { url: 'https://example.com/in', eventTypes: ['invoice.created'] })
      ).id;
      await api.svix.endpoint.create('acme', { url: 'https://example.com/other', eventTypes: ['user.created'] });
      await api.svix.endpoint.create('acme', { url: 'https://example.com/eu', channels: ['eu'] });
    });
    after(() => api.close());

    const post = (app: string, body: object, headers: Record<string, string> = {}) =>
      api.fetch(`/api/v1/app/${app}/msg`, { method: 'POST', body: JSON.stringify(body), headers });
    const destinations = async (msgId: string) =>
      (await api.svix.messageAttempt.listAttemptedDestinations('acme', msgId)).data.map((d) => d.id).sort();

    it('stores every one of many concurrent creates, each fanned out to the endpoints it reaches', async () => {
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          post('acme', { eventType: 'invoice.created', payload: { i }, ...(i % 4 === 0 ? { channels: ['eu'] } : {}) }),
        ),
      );
      assert.deepEqual(
        answers.map((a) => a.status),
        answers.map(() => 202),
      );
      const ids: string[] = await Promise.all(answers.map(async (a) => (await a.json()).id));
      const eu = (await api.svix.endpoint.list('acme')).data.find((e) => e.channels?.includes('eu'))?.id;
      for (const [i, id] of ids.entries()) {
        const message = await api.svix.message.get('acme', id, { withContent: true });
        assert.deepEqual(message.payload, { i });
        assert.deepEqual(await destinations(id), (i % 4 === 0 ? [subscribed, eu] : [subscribed]).sort());
      }
    });

    it('answers each create of a batch on its own: a taken eventId, a missing application, one made on the fly', async () => {
      await post('acme', { eventType: 'invoice.created', payload: { first: true }, eventId: 'taken' });
      const bodies: [string, object][] = [
        ['acme', { eventType: 'invoice.created', payload: { n: 1 } }],
        ['acme', { eventType: 'invoice.created', payload: { second: true }, eventId: 'taken' }],
        ['nobody', { eventType: 'invoice.created', payload: { n: 2 } }],
        ['made-now', { eventType: 'invoice.created', payload: { n: 3 }, application: { name: 'Made now' } }],
        ['acme', { eventType: 'invoice.created', payload: { twin: 1 }, eventId: 'twin' }],
        ['acme', { eventType: 'invoice.created', payload: { twin: 2 }, eventId: 'twin' }],
        ['acme', { eventType: 'invoice.created', payload: { n: 4 } }],
      ];
      const answers = await Promise.all(bodies.map(([app, body]) => post(app, body)));
      const statuses = answers.map((a) => a.status);
      assert.deepEqual(statuses.slice(0, 4), [202, 409, 404, 202]);
      // Of two with one eventId, the first stored wins and the other is refused.
      assert.deepEqual(statuses.slice(4, 6).sort(), [202, 409]);
      assert.equal(statuses[6], 202);
      const json: Json[] = await Promise.all(answers.map((a) => a.json()));
      assert.deepEqual((await api.svix.message.get('acme', 'taken', { withContent: true })).payload, { first: true });
      const twin = await api.svix.message.get('acme', 'twin', { withContent: true });
      assert.deepEqual(twin.payload, { twin: statuses[4] === 202 ? 1 : 2 });
      assert.equal((await api.svix.application.get('made-now')).name, 'Made now');
      assert.equal((await api.svix.message.get('made-now', json[3].id)).id, json[3].id);
      for (const i of [0, 6]) assert.deepEqual(await destinations(json[i].id), [subscribed]);
    });

    it('answers concurrent and later repeats of one Idempotency-Key with the one message it stored', async () => {
      const body = { eventType: 'invoice.created', payload: { once: true } };
      const send = () => post('acme', body, { 'idempotency-key': 'batch-key' });
      const concurrent = await Promise.all([send(), send(), send()]);
      const stored = concurrent.filter((a) => a.status === 202);
      // One stored it; a repeat made while it was in progress is told so (409) or, if after, answered the same.
      assert.ok(stored.length >= 1);
      assert.ok(concurrent.every((a) => a.status === 202 || a.status === 409));
      const ids = new Set(await Promise.all(stored.map(async (a) => (await a.json()).id)));
      assert.equal(ids.size, 1);
      const again = await send();
      assert.equal(again.status, 202);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.ok(ids.has((await again.json()).id));
      const listed = (await api.svix.message.list('acme', { limit: 250, withContent: true })).data;
      assert.equal(listed.filter((m) => (m.payload as { once?: boolean }).once).length, 1);
    });
  });
}

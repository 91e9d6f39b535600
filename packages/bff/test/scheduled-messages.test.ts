import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { Store } from '../src/store/types.ts';
import { type Json, manualClock, startApi } from './helpers.ts';
import { openFreshPostgresStore, POSTGRES_URL } from './postgres.ts';
import { startReceiver } from './receiver.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Svix's scheduled messages (`deliverAt`), through the real server, worker and svix SDK, with
 * the clock moved by hand, on both stores.
 */
const stores: [string, (() => Promise<Store>) | undefined][] = [
  ['SQLite', undefined],
  ['PostgreSQL', POSTGRES_URL ? () => openFreshPostgresStore() : undefined],
];

for (const [storeName, openStore] of stores) {
  const skip = storeName === 'PostgreSQL' && !openStore ? 'PATCHBAY_TEST_POSTGRES_URL is not set' : false;
  describe(`scheduled messages (${storeName})`, { skip }, () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let api: Awaited<ReturnType<typeof startApi>>;
    let clock: ReturnType<typeof manualClock>;
    let endpointId: string;

    before(async () => {
      receiver = await startReceiver();
    });
    after(() => receiver.close());
    beforeEach(async () => {
      clock = manualClock(new Date('2026-03-01T12:00:00.000Z'));
      receiver.received.length = 0;
      api = await startApi({ clock, delivery: { allowPrivateNetworks: true }, ...(openStore ? { openStore } : {}) });
      await api.svix.application.create({ name: 'Acme', uid: 'acme' });
      endpointId = (await api.svix.endpoint.create('acme', { url: `${receiver.url}/hook` })).id;
    });
    afterEach(() => api.close());

    const at = (ms: number) => new Date(clock.now().getTime() + ms);
    const post = (body: object) =>
      api.fetch('/api/v1/app/acme/msg', {
        method: 'POST',
        body: JSON.stringify({ eventType: 'invoice.created', payload: { n: 1 }, ...body }),
      });
    const listed = async (query = ''): Promise<Json[]> =>
      (await (await api.fetch(`/api/v1/app/acme/msg${query}`)).json()).data;

    it('accepts deliverAt from one minute to 24 hours ahead, both ends included, and answers it in MessageOut', async () => {
      for (const ahead of [MINUTE, 24 * HOUR]) {
        const res = await post({ deliverAt: at(ahead).toISOString() });
        assert.equal(res.status, 202);
        assert.equal((await res.json()).deliverAt, at(ahead).toISOString());
      }
      const viaSdk = await api.svix.message.create('acme', {
        eventType: 'invoice.created',
        payload: {},
        deliverAt: at(2 * HOUR),
      });
      assert.deepEqual(viaSdk.deliverAt, at(2 * HOUR));
      assert.deepEqual((await api.svix.message.get('acme', viaSdk.id)).deliverAt, at(2 * HOUR));
      const now = await api.svix.message.create('acme', { eventType: 'invoice.created', payload: {} });
      assert.equal(now.deliverAt, null, 'a message sent at once has none');
      assert.equal((await (await api.fetch(`/api/v1/app/acme/msg/${now.id}`)).json()).deliverAt, null);
    });

    it("refuses deliverAt outside Svix's window with a 422 at the field, and stores nothing", async () => {
      const outside: [string, unknown][] = [
        ['a millisecond short of a minute', at(MINUTE - 1).toISOString()],
        ['now', at(0).toISOString()],
        ['in the past', at(-HOUR).toISOString()],
        ['a millisecond past 24 hours', at(24 * HOUR + 1).toISOString()],
        ['next week', at(7 * 24 * HOUR).toISOString()],
        ['not a date', 'tomorrow'],
        ['a date without a time zone', '2026-03-01T13:00:00'],
        ['a number', at(HOUR).getTime()],
      ];
      for (const [what, deliverAt] of outside) {
        const res = await post({ deliverAt });
        assert.equal(res.status, 422, what);
        const answer = await res.json();
        assert.equal(answer.code, 'validation_error', what);
        assert.deepEqual(answer.detail[0].loc, ['body', 'deliverAt'], what);
      }
      assert.deepEqual(await listed(), []);
    });

    it('delivers a scheduled message not before its deliverAt, and then once', async () => {
      const deliverAt = at(10 * MINUTE);
      const msg = await api.svix.message.create('acme', { eventType: 'invoice.created', payload: { n: 1 }, deliverAt });
      const later = await api.svix.message.create('acme', { eventType: 'invoice.created', payload: { n: 2 } });
      await api.worker.tick();
      assert.deepEqual(
        receiver.at('/hook').map((r) => r.headers['webhook-id']),
        [later.id],
        'the message sent at once is not held up by the scheduled one',
      );
      assert.deepEqual(await api.store.queue.nextWakeup(), deliverAt, 'the worker sleeps until deliverAt');
      clock.advance(10 * MINUTE - 1);
      await api.worker.tick();
      assert.equal(receiver.at('/hook').length, 1, 'a millisecond early, still waiting');
      clock.advance(1);
      await api.worker.tick();
      await api.worker.tick();
      const [, scheduled] = receiver.at('/hook');
      assert.equal(receiver.at('/hook').length, 2);
      assert.equal(scheduled?.headers['webhook-id'], msg.id);
      assert.equal(scheduled?.headers['webhook-timestamp'], String(deliverAt.getTime() / 1000), 'signed when sent');
      const [attempt] = (await api.svix.messageAttempt.listByMsg('acme', msg.id)).data;
      assert.equal(attempt?.status, 0);
      assert.deepEqual(attempt?.timestamp, deliverAt);
    });

    it('shows a scheduled message in the log as pending with its deliverAt, at the endpoint as next tried then', async () => {
      const deliverAt = at(30 * MINUTE);
      const msg = await api.svix.message.create('acme', { eventType: 'invoice.created', payload: {}, deliverAt });
      await api.worker.tick();
      const [waiting] = await listed();
      assert.deepEqual(
        { id: waiting.id, status: waiting.status, deliverAt: waiting.deliverAt },
        { id: msg.id, status: 1, deliverAt: deliverAt.toISOString() },
      );
      assert.deepEqual(
        (await listed('?status=1')).map((m) => m.id),
        [msg.id],
      );
      const [sentTo] = (await api.svix.messageAttempt.listAttemptedMessages('acme', endpointId)).data;
      assert.deepEqual([sentTo?.id, sentTo?.status, sentTo?.nextAttempt], [msg.id, 1, deliverAt]);
      const [destination] = (await api.svix.messageAttempt.listAttemptedDestinations('acme', msg.id)).data;
      assert.deepEqual([destination?.id, destination?.status, destination?.nextAttempt], [endpointId, 1, deliverAt]);

      clock.advance(30 * MINUTE);
      await api.worker.tick();
      const [delivered] = await listed();
      assert.deepEqual(
        { status: delivered.status, deliverAt: delivered.deliverAt },
        { status: 0, deliverAt: deliverAt.toISOString() },
        'it keeps its deliverAt once sent',
      );
    });

    it('is delivered by the running worker once due, with nothing else waking it', async () => {
      api.worker.start();
      const deliverAt = at(5 * MINUTE);
      const msg = await api.svix.message.create('acme', { eventType: 'invoice.created', payload: {}, deliverAt });
      clock.advance(5 * MINUTE);
      const [arrived] = await receiver.waitFor('/hook', 1, 15_000);
      assert.equal(arrived?.headers['webhook-id'], msg.id);
    });
  });
}

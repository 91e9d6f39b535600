import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { Store } from '../src/store/types.ts';
import { apiError, manualClock, startApi } from './helpers.ts';
import { startReceiver } from './receiver.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The delivery engine's behaviour, end to end through the API, on the store `openStore` makes
 * (fresh and empty for each call). Each store's test file runs it.
 */
export function deliverySuite(name: string, openStore: () => Promise<Store>): void {
  describe(`delivery (${name})`, () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let api: Awaited<ReturnType<typeof startApi>>;
    let clock: ReturnType<typeof manualClock>;

    before(async () => {
      receiver = await startReceiver();
    });
    after(() => receiver.close());
    beforeEach(async () => {
      clock = manualClock(new Date());
      receiver.received.length = 0;
      api = await startApi({
        openStore,
        clock,
        // Operational events, their signing and their delivery: operational-webhooks.test.ts.
        delivery: { allowPrivateNetworks: true },
      });
      await api.svix.application.create({ name: 'Acme', uid: 'acme' });
      for (const name of ['invoice.created', 'invoice.paid']) {
        await api.svix.eventType.create({
          name,
          description: name,
          schemas: { '1': { type: 'object', examples: [{ name: 'Example Co', amount: 99 }] } },
        });
      }
    });
    afterEach(() => api.close());

    // Raw HTTP, not the SDK: the SDK drops Patchbay's extra fields (retrySchedule, disabledReason).
    const endpoint = async (path: string, extra: object = {}): Promise<{ id: string; url: string }> => {
      const res = await api.fetch('/api/v1/app/acme/endpoint', {
        method: 'POST',
        body: JSON.stringify({ url: `${receiver.url}${path}`, ...extra }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      return res.json();
    };
    const send = (eventType = 'invoice.created', payload: object = { name: 'Ada', amount: 42 }, extra: object = {}) =>
      api.svix.message.create('acme', { eventType, payload, ...extra });
    const attempts = async (endpointId: string) =>
      (await api.svix.messageAttempt.listByEndpoint('acme', endpointId, { limit: 250, withContent: true })).data;

    it('fans a message out to the subscribed endpoints only, signed so standardwebhooks verifies it', async () => {
      const invoices = await endpoint('/invoices', { eventTypes: ['invoice.created'] });
      const everything = await endpoint('/all');
      const europe = await endpoint('/eu', { channels: ['eu'] });
      const paused = await endpoint('/paused', { disabled: true });
      const paidOnly = await endpoint('/paid', { eventTypes: ['invoice.paid'] });

      const plain = await send();
      const regional = await send('invoice.created', { name: 'Bo', amount: 1 }, { channels: ['eu'] });
      await api.worker.tick();

      assert.equal(receiver.at('/invoices').length, 2);
      assert.equal(receiver.at('/all').length, 2);
      assert.deepEqual(
        receiver.at('/eu').map((r) => r.headers['webhook-id']),
        [regional.id],
      );
      assert.equal(receiver.at('/paused').length + receiver.at('/paid').length, 0);

      for (const [ep, path] of [
        [invoices, '/invoices'],
        [everything, '/all'],
        [europe, '/eu'],
      ] as const) {
        const { key } = await api.svix.endpoint.getSecret('acme', ep.id);
        for (const request of receiver.at(path)) {
          const verified = new Webhook(key).verify(request.body, request.headers as Record<string, string>);
          assert.ok(verified, `${path} verifies`);
          assert.equal(request.headers['user-agent'], 'Patchbay/0.1.0');
          assert.equal(request.headers['content-type'], 'application/json');
        }
      }
      const first = receiver.at('/all').find((r) => r.headers['webhook-id'] === plain.id);
      assert.deepEqual(JSON.parse(first?.body ?? ''), { name: 'Ada', amount: 42 });
      assert.equal(first?.headers['webhook-timestamp'], String(Math.floor(clock.now().getTime() / 1000)));

      const log = await attempts(everything.id);
      assert.equal(log.length, 2);
      assert.ok(
        log.every((a) => a.status === 0 && a.responseStatusCode === 200 && a.response === 'ok' && a.triggerType === 0),
      );
      assert.deepEqual(await api.svix.endpoint.getStats('acme', everything.id), {
        success: 2,
        pending: 0,
        sending: 0,
        fail: 0,
        canceled: 0,
      });
      assert.deepEqual((await attempts(paused.id)).length + (await attempts(paidOnly.id)).length, 0);
    });

    it('signs with both secrets during a rotation and only the new one after the grace period', async () => {
      const ep = await endpoint('/rotating');
      const old = (await api.svix.endpoint.getSecret('acme', ep.id)).key;
      await api.svix.endpoint.rotateSecret('acme', ep.id, {});
      const fresh = (await api.svix.endpoint.getSecret('acme', ep.id)).key;
      await send();
      await api.worker.tick();
      const [during] = receiver.at('/rotating');
      assert.equal(String(during?.headers['webhook-signature']).split(' ').length, 2);
      for (const secret of [old, fresh])
        assert.ok(new Webhook(secret).verify(during?.body ?? '', during?.headers as Record<string, string>));

      clock.advance(24 * HOUR + 1000);
      await send();
      await api.worker.tick();
      const [, afterGrace] = receiver.at('/rotating');
      assert.equal(String(afterGrace?.headers['webhook-signature']).split(' ').length, 1);
      assert.throws(() =>
        new Webhook(old).verify(afterGrace?.body ?? '', afterGrace?.headers as Record<string, string>),
      );
    });

    it("walks Svix's whole retry schedule and gives up after the 8th", async () => {
      receiver.script('/down', { status: 503, body: 'maintenance' });
      const ep = await endpoint('/down');
      await send();
      const waits = [5_000, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
      await api.worker.tick();
      for (const wait of waits) {
        clock.advance(wait - 1000);
        assert.equal(await api.worker.tick(), 0, 'nothing is due a second early');
        clock.advance(1000);
        assert.equal(await api.worker.tick(), 1);
      }
      clock.advance(24 * HOUR);
      assert.equal(await api.worker.tick(), 0, 'no ninth attempt');
      const log = await attempts(ep.id);
      assert.equal(log.length, 8);
      assert.ok(log.every((a) => a.status === 2 && a.responseStatusCode === 503 && a.response === 'maintenance'));
      assert.deepEqual(await api.svix.endpoint.getStats('acme', ep.id), {
        success: 0,
        pending: 0,
        sending: 0,
        fail: 1,
        canceled: 0,
      });
    });

    it('honours Retry-After in seconds and as a date, and backs off at least a minute after 429', async () => {
      const ep = await endpoint('/busy');
      const inTwoHours = new Date(clock.now().getTime() + 2 * HOUR).toUTCString();
      receiver.script('/busy', [
        { status: 503, headers: { 'retry-after': '600' } },
        { status: 503, headers: { 'retry-after': inTwoHours } },
        { status: 429 },
        { status: 200 },
      ]);
      await send();
      await api.worker.tick();
      clock.advance(5_000);
      assert.equal(await api.worker.tick(), 0, 'the 5 s retry waits for Retry-After: 600');
      clock.advance(600_000 - 5_000);
      assert.equal(await api.worker.tick(), 1);
      clock.advance(HOUR);
      assert.equal(await api.worker.tick(), 0, 'waits until the HTTP date');
      clock.advance(HOUR);
      assert.equal(await api.worker.tick(), 1);
      clock.advance(30 * MINUTE);
      assert.equal(await api.worker.tick(), 1, 'after the 429 the 30 min schedule applies (over the 1 min floor)');
      assert.deepEqual(
        (await attempts(ep.id)).map((a) => a.responseStatusCode),
        [200, 429, 503, 503],
      );
    });

    it('disables an endpoint that answers 410 or webhook-delivery: disable, and says so', async () => {
      receiver.script('/gone', { status: 410 });
      receiver.script('/stop', { status: 400, headers: { 'webhook-delivery': 'disable' } });
      const gone = await endpoint('/gone');
      const stop = await endpoint('/stop');
      await send();
      await api.worker.tick();
      const goneNow = await (await api.fetch(`/api/v1/app/acme/endpoint/${gone.id}`)).json();
      assert.equal(goneNow.disabled, true);
      assert.equal(goneNow.disabledReason, 'The endpoint answered 410 Gone');
      assert.equal((await api.svix.endpoint.get('acme', stop.id)).disabled, true);
      await send();
      await api.worker.tick();
      assert.equal(receiver.at('/gone').length, 1, 'a disabled endpoint gets nothing more');
      await api.svix.endpoint.patch('acme', gone.id, { disabled: false });
      assert.equal((await (await api.fetch(`/api/v1/app/acme/endpoint/${gone.id}`)).json()).disabledReason, null);
    });

    it('stops retrying a message on webhook-delivery: abort-message, and keeps the endpoint', async () => {
      receiver.script('/picky', { status: 422, headers: { 'webhook-delivery': 'abort-message' } });
      const ep = await endpoint('/picky');
      await send();
      await api.worker.tick();
      clock.advance(HOUR);
      assert.equal(await api.worker.tick(), 0);
      assert.equal((await attempts(ep.id)).length, 1);
      assert.equal((await api.svix.endpoint.get('acme', ep.id)).disabled, false);
    });

    it('disables an endpoint whose every delivery failed for five days', async () => {
      receiver.script('/dead', { status: 500 });
      const ep = await endpoint('/dead', { retrySchedule: [HOUR / 1000] });
      for (let day = 0; day <= 5; day++) {
        await send();
        await api.worker.tick();
        clock.advance(HOUR);
        await api.worker.tick();
        clock.advance(23 * HOUR);
      }
      const now = await (await api.fetch(`/api/v1/app/acme/endpoint/${ep.id}`)).json();
      assert.equal(now.disabled, true);
      assert.match(now.disabledReason, /failed for 5 days/);
    });

    it('a success clears the failing state and announces the recovery of a failing message', async () => {
      receiver.script('/flaky', [{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 200 }]);
      const ep = await endpoint('/flaky');
      await send();
      for (const wait of [0, 5_000, 5 * MINUTE, 30 * MINUTE, 2 * HOUR]) {
        clock.advance(wait);
        await api.worker.tick();
      }
      assert.equal((await attempts(ep.id))[0]?.status, 0);
      assert.equal(
        (await api.store.endpoints.get((await api.svix.application.get('acme')).id, ep.id))?.failSince,
        null,
      );
    });

    it('runs the transformation: reshaped body, method and headers; cancel; failures recorded', async () => {
      const ep = await endpoint('/slack', { headers: { 'X-Team': 'billing' } });
      await api.svix.endpoint.transformationPartialUpdate('acme', ep.id, {
        code: `function handler(webhook) {
        if (webhook.payload.amount === 0) { webhook.cancel = true; return webhook; }
        if (webhook.payload.amount < 0) throw new Error('negative amount');
        webhook.method = 'PUT';
        webhook.url = webhook.url + '/v2';
        webhook.headers = { 'X-Event': webhook.eventType };
        webhook.payload = { text: webhook.payload.name + ' created an invoice for $' + webhook.payload.amount };
        return webhook;
      }`,
        enabled: true,
      });
      await send();
      await send('invoice.created', { name: 'Zero', amount: 0 });
      await send('invoice.created', { name: 'Neg', amount: -1 });
      await api.worker.tick();
      const [request] = receiver.at('/slack/v2');
      assert.equal(receiver.received.filter((r) => r.path.startsWith('/slack')).length, 1);
      assert.equal(request?.method, 'PUT');
      assert.deepEqual(JSON.parse(request?.body ?? ''), { text: 'Ada created an invoice for $42' });
      assert.equal(request?.headers['x-event'], 'invoice.created');
      assert.equal(request?.headers['x-team'], 'billing');
      const { key } = await api.svix.endpoint.getSecret('acme', ep.id);
      assert.ok(
        new Webhook(key).verify(request?.body ?? '', request?.headers as Record<string, string>),
        'the transformed body is what is signed',
      );

      const log = await attempts(ep.id);
      assert.deepEqual(log.map((a) => a.statusText).sort(), ['canceled', 'fail', 'success']);
      assert.match(
        log.find((a) => a.statusText === 'fail')?.response ?? '',
        /Transformation failed: Error: negative amount at line 3,/,
      );
      assert.ok(log.find((a) => a.statusText === 'success')?.url.endsWith('/slack/v2'));
    });

    it("uses the connector's default transformation when the endpoint has none of its own", async () => {
      await api.svix.connector.create({
        name: 'Slack',
        uid: 'slack',
        kind: 'Slack' as never,
        transformation:
          'function handler(webhook) { webhook.payload = { text: "from " + webhook.payload.name }; return webhook; }',
      });
      await api.fetch('/api/v1/app/acme/endpoint', {
        method: 'POST',
        body: JSON.stringify({ url: `${receiver.url}/from-connector`, connectorId: 'slack' }),
      });
      await send();
      await api.worker.tick();
      assert.deepEqual(JSON.parse(receiver.at('/from-connector')[0]?.body ?? ''), { text: 'from Ada' });
    });

    it('counts a redirect, a timeout and a refused connection as failures, and keeps only 20 KB of a response', async () => {
      receiver.script('/moved', { status: 302, headers: { location: '/elsewhere' } });
      receiver.script('/slow', { status: 200, delayMs: 3000 });
      receiver.script('/chatty', { status: 500, body: 'x'.repeat(100_000) });
      const moved = await endpoint('/moved');
      const slow = await endpoint('/slow');
      const chatty = await endpoint('/chatty');
      const refused = await api.svix.endpoint.create('acme', { url: 'http://127.0.0.1:9/closed' });
      await send();
      await api.worker.tick();
      assert.equal(receiver.at('/elsewhere').length, 0, 'redirects are not followed');
      assert.equal((await attempts(moved.id))[0]?.responseStatusCode, 302);
      const timedOut = (await attempts(slow.id))[0];
      assert.equal(timedOut?.responseStatusCode, 0);
      assert.match(timedOut?.response ?? '', /did not answer in time/);
      assert.equal((await attempts(chatty.id))[0]?.response.length, 20_000);
      assert.match((await attempts(refused.id))[0]?.response ?? '', /ECONNREFUSED/);
      clock.advance(5_000);
      const retried = await api.worker.tick();
      assert.equal(retried, 3, 'the timed-out delivery waits at least a minute; the others retry at 5 s');
    });

    it('resends, recovers failed messages, sends examples, and needs CreateAttempts for it', async () => {
      receiver.script('/later', { status: 500 });
      const ep = await endpoint('/later', { retrySchedule: [1] });
      const first = await send();
      const second = await send();
      await api.worker.tick();
      clock.advance(1000);
      await api.worker.tick();
      clock.advance(1000);
      await api.worker.tick();
      assert.equal(receiver.at('/later').length, 4, 'both messages failed twice and gave up');
      receiver.script('/later', {});

      const since = new Date(clock.now().getTime() - HOUR).toISOString();
      const recovered = await (
        await api.fetch(`/api/v1/app/acme/endpoint/${ep.id}/recover`, {
          method: 'POST',
          body: JSON.stringify({ since }),
        })
      ).json();
      assert.equal(recovered.status, 'running');
      assert.match(recovered.id, /^qtask_/);
      await api.tasks.tick();
      assert.equal((await api.svix.backgroundTask.get(recovered.id)).data.messagesSent, 2);
      await api.worker.tick();
      assert.deepEqual(
        receiver
          .at('/later')
          .slice(4)
          .map((r) => r.headers['webhook-id'])
          .sort(),
        [first.id, second.id].sort(),
      );

      await api.svix.messageAttempt.resend('acme', first.id, ep.id);
      await api.worker.tick();
      const manual = (await attempts(ep.id))[0];
      assert.equal(manual?.triggerType, 1);
      assert.equal(manual?.msgId, first.id);

      const example = await api.svix.endpoint.sendExample('acme', ep.id, { eventType: 'invoice.paid' });
      await api.worker.tick();
      assert.deepEqual(JSON.parse(receiver.at('/later').at(-1)?.body ?? ''), { name: 'Example Co', amount: 99 });
      assert.equal(receiver.at('/later').at(-1)?.headers['webhook-id'], example.id);
      const other = await endpoint('/bystander');
      assert.equal((await attempts(other.id)).length, 0, 'the example goes to that endpoint only');

      const { token } = await api.svix.authentication.appPortalAccess('acme', { capabilities: ['ViewBase' as never] });
      const viewer = api.client(token);
      assert.equal((await apiError(viewer.messageAttempt.resend('acme', first.id, ep.id))).code, 403);
      assert.equal(
        (await apiError(api.svix.endpoint.sendExample('acme', ep.id, { eventType: 'invoice.paid', exampleIndex: 3 })))
          .code,
        422,
      );
    });

    /** The delivery log as the widget reads it: with each attempt's message and retry state. */
    const log = async (endpointId: string) =>
      (
        (await (await api.fetch(`/api/v1/app/acme/attempt/endpoint/${endpointId}?with_msg=true`)).json()) as {
          data: {
            msgId: string;
            triggerType: number;
            status: number;
            msg?: { eventType: string; payload: object };
            attempt: number | null;
            maxAttempts: number;
            retry: string | null;
            nextAttempt: string | null;
          }[];
        }
      ).data;
    const endpointRead = async (id: string) =>
      (await (await api.fetch(`/api/v1/app/acme/endpoint/${id}`)).json()) as {
        failSince: string | null;
        failReason: string | null;
      };

    it('logs each attempt with its message, its place in the retries and when the next one is due', async () => {
      receiver.script('/log', { status: 401 });
      const ep = await endpoint('/log', { retrySchedule: [60] });
      const msg = await send('invoice.paid');
      await api.worker.tick();
      const [first] = await log(ep.id);
      assert.equal(first?.msg?.eventType, 'invoice.paid');
      assert.deepEqual(first?.msg?.payload, {}, 'the log carries no payloads');
      assert.equal(first?.msgId, msg.id);
      assert.equal(first?.attempt, 1);
      assert.equal(first?.maxAttempts, 2);
      assert.equal(first?.retry, 'scheduled');
      const due = Date.parse(first?.nextAttempt ?? '') - clock.now().getTime();
      assert.ok(due >= 48_000 && due <= 72_000, `the retry is due in 60 s ±20 %, not ${due} ms`);
      const failing = await endpointRead(ep.id);
      assert.equal(failing.failReason, '401 Unauthorized', 'failing, and why, from the first failed attempt');
      assert.equal(failing.failSince, clock.now().toISOString());

      clock.advance(2 * MINUTE);
      await api.worker.tick();
      const [second, before] = await log(ep.id);
      assert.deepEqual([second?.attempt, second?.retry, second?.nextAttempt], [2, 'final', null]);
      assert.equal(before?.retry, 'retried');
      assert.equal((await attempts(ep.id)).length, 2, 'the Svix shape still lists them');
    });

    it('a resend that delivers settles the retry waiting for that message: it is not delivered twice', async () => {
      receiver.script('/settle', [{ status: 503 }]);
      const ep = await endpoint('/settle', { retrySchedule: [60, 60] });
      const msg = await send();
      await api.worker.tick();
      assert.equal((await log(ep.id))[0]?.retry, 'scheduled');

      await api.svix.messageAttempt.resend('acme', msg.id, ep.id);
      await api.worker.tick();
      assert.equal(receiver.at('/settle').length, 2);
      const [manual, failed] = await log(ep.id);
      assert.deepEqual([manual?.triggerType, manual?.status, manual?.attempt], [1, 0, 1]);
      assert.equal(failed?.retry, 'settled', 'the failed attempt says why it is not retried');
      assert.equal((await endpointRead(ep.id)).failReason, null);

      clock.advance(HOUR);
      assert.equal(await api.worker.tick(), 0, 'no retry is left to run');
      assert.equal(receiver.at('/settle').length, 2, 'the message arrived once after its failure');
      assert.equal((await api.svix.endpoint.getStats('acme', ep.id)).pending, 0);
    });

    it('a resend made when the retry is due too goes out once with it, not twice', async () => {
      receiver.script('/due-together', [{ status: 503 }]);
      const ep = await endpoint('/due-together', { retrySchedule: [60, 60] });
      const msg = await send();
      await api.worker.tick();
      // The retry falls due and, before any worker takes it, the customer resends.
      clock.advance(2 * MINUTE);
      await api.svix.messageAttempt.resend('acme', msg.id, ep.id);
      await api.worker.tick();
      await api.worker.tick();
      assert.equal(receiver.at('/due-together').length, 2, 'the failure, then one delivery');
      clock.advance(HOUR);
      assert.equal(await api.worker.tick(), 0, 'the other dispatch was settled by the delivery');
      assert.equal(receiver.at('/due-together').length, 2);
      assert.deepEqual(await api.svix.endpoint.getStats('acme', ep.id), {
        success: 2,
        pending: 0,
        sending: 0,
        fail: 0,
        canceled: 0,
      });
    });

    it('counts and resends messages that failed and still wait for a retry', async () => {
      receiver.script('/waiting', { status: 500 });
      const ep = await endpoint('/waiting', { retrySchedule: [3600] });
      const bystander = await endpoint('/fine');
      await send();
      await send();
      await api.worker.tick();
      const { token } = await api.svix.authentication.appPortalAccess('acme', {});
      const since = new Date(clock.now().getTime() - 24 * HOUR).toISOString();
      const count = async (id: string) =>
        (await (
          await api.fetch(`/portal/v1/endpoints/${id}/recover?since=${encodeURIComponent(since)}`, { token })
        ).json()) as { messages: number; until: string };
      const counted = await count(ep.id);
      assert.equal(counted.messages, 2, 'both failed, though their retries are still pending');
      assert.equal((await count(bystander.id)).messages, 0);

      receiver.script('/waiting', {});
      const recovered = await (
        await api.fetch(`/api/v1/app/acme/endpoint/${ep.id}/recover`, {
          method: 'POST',
          token,
          body: JSON.stringify({ since, until: counted.until }),
        })
      ).json();
      await api.tasks.tick();
      const task = await (await api.fetch(`/portal/v1/background-tasks/${recovered.id}`, { token })).json();
      assert.deepEqual([task.status, task.data.messagesSent], ['finished', 2], 'it sends what it counted');
      await api.worker.tick();
      assert.equal(receiver.at('/waiting').length, 4);
      assert.equal((await count(ep.id)).messages, 0, 'nothing failed is left');
      clock.advance(2 * HOUR);
      await api.worker.tick();
      assert.equal(receiver.at('/waiting').length, 4, 'the delivered resends settled the pending retries');
    });

    it('holds an endpoint to its throttleRate', async () => {
      const ep = await endpoint('/throttled', { throttleRate: 1 });
      await send();
      await send();
      await api.worker.tick();
      assert.equal(receiver.at('/throttled').length, 1);
      assert.deepEqual((await api.svix.endpoint.getStats('acme', ep.id)).pending, 1);
      clock.advance(1000);
      await api.worker.tick();
      assert.equal(receiver.at('/throttled').length, 2);
      assert.equal((await attempts(ep.id)).length, 2, 'waiting for the rate is not an attempt');
    });

    it('refuses private destinations when private networks are not allowed', async () => {
      const strict = await startApi({ openStore, clock });
      try {
        await strict.svix.application.create({ name: 'Strict', uid: 'strict' });
        const refused = await apiError(strict.svix.endpoint.create('strict', { url: `${receiver.url}/x` }));
        assert.equal(refused.code, 422);
        assert.match(JSON.stringify(refused.body.detail), /loopback/);
      } finally {
        await strict.close();
      }
    });

    it('reaches the private origins it was allowed and no other, and an unknown service variable opens none', async () => {
      const allowed = new URL(receiver.url).origin;
      const strict = await startApi({
        openStore,
        clock,
        delivery: { privateOrigins: [allowed] },
        // No kind has a WINDMILL service: the variable is ignored, not trusted.
        serviceBaseUrls: { WINDMILL: 'http://127.0.0.1:9' },
      });
      try {
        await strict.svix.application.create({ name: 'Strict', uid: 'strict' });
        const ep = await strict.svix.endpoint.create('strict', { url: `${receiver.url}/allowed` });
        for (const url of [
          'http://127.0.0.1:9/other-port',
          'http://localhost:9/x',
          `http://[::1]:${new URL(allowed).port}/x`,
        ]) {
          const refused = await apiError(strict.svix.endpoint.create('strict', { url }));
          assert.equal(refused.code, 422, url);
          assert.match(JSON.stringify(refused.body.detail), /loopback/, url);
        }
        await strict.svix.message.create('strict', { eventType: 'user.created', payload: { name: 'Ada' } });
        await strict.worker.tick();
        assert.equal(receiver.at('/allowed').length, 1);
        const [attempt] = (await strict.svix.messageAttempt.listByEndpoint('strict', ep.id)).data;
        assert.equal(attempt?.responseStatusCode, 200);
      } finally {
        await strict.close();
      }
    });

    it('serves Prometheus metrics to the vendor', async () => {
      await endpoint('/metered');
      await send();
      await api.worker.tick();
      const res = await api.fetch('/metrics');
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.match(text, /patchbay_attempts_total\{outcome="success"\} 1/);
      assert.match(text, /patchbay_queue_depth 0/);
      assert.match(text, /patchbay_delivery_duration_seconds_count 1/);
      const { token } = await api.svix.authentication.appPortalAccess('acme', {});
      assert.equal((await api.fetch('/metrics', { token })).status, 403);
    });
  });

  describe(`delivery worker in real time (${name})`, () => {
    it('keeps a slow endpoint from starving a healthy one', async () => {
      const receiver = await startReceiver();
      receiver.script('/slow', { status: 200, delayMs: 400 });
      const api = await startApi({
        openStore,
        delivery: { allowPrivateNetworks: true, concurrency: 8, perEndpointConcurrency: 2 },
      });
      try {
        await api.svix.application.create({ name: 'Acme', uid: 'acme' });
        await api.svix.eventType.create({ name: 'slow.thing', description: 'slow' });
        await api.svix.eventType.create({ name: 'fast.thing', description: 'fast' });
        await api.svix.endpoint.create('acme', { url: `${receiver.url}/slow`, eventTypes: ['slow.thing'] });
        await api.svix.endpoint.create('acme', { url: `${receiver.url}/fast`, eventTypes: ['fast.thing'] });
        api.worker.start();
        for (let i = 0; i < 20; i++) await api.svix.message.create('acme', { eventType: 'slow.thing', payload: { i } });
        for (let i = 0; i < 20; i++) await api.svix.message.create('acme', { eventType: 'fast.thing', payload: { i } });
        await receiver.waitFor('/fast', 20, 3000);
        assert.ok(
          receiver.at('/slow').length <= 10,
          `only ${receiver.at('/slow').length} slow deliveries made meanwhile`,
        );
        await receiver.waitFor('/slow', 20, 10_000);
      } finally {
        await api.close();
        await receiver.close();
      }
    });
  });
}

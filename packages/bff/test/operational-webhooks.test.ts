import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Webhook } from 'svix';
import { OPERATIONAL_EVENT_TYPES } from '../src/delivery/operational-events.ts';
import { OPERATIONAL_APP_ID } from '../src/model.ts';
import type { Store } from '../src/store/types.ts';
import { apiError, manualClock, startApi } from './helpers.ts';
import { openFreshPostgresStore, postgresSuite } from './postgres.ts';
import { type Receiver, startReceiver } from './receiver.ts';
import { killServer, serversOnOneFile, vendorCall } from './server-process.ts';
import { openSqliteStore } from './stores.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Event {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

function suite(name: string, openStore: () => Promise<Store>) {
  describe(`operational webhooks (${name})`, () => {
    let api: Awaited<ReturnType<typeof startApi>>;
    let receiver: Receiver;
    let clock: ReturnType<typeof manualClock>;
    before(async () => {
      receiver = await startReceiver();
    });
    after(() => receiver.close());
    beforeEach(async () => {
      clock = manualClock(new Date());
      receiver.received.length = 0;
      api = await startApi({ openStore, clock, delivery: { allowPrivateNetworks: true } });
      await api.svix.application.create({ name: 'Acme', uid: 'acme' });
      await api.svix.eventType.create({ name: 'invoice.created', description: 'Created' });
    });
    afterEach(() => api.close());

    /** Ticks the worker until nothing is due now (operational events are due at once). */
    const drain = async () => {
      while ((await api.worker.tick()) > 0);
    };
    const events = (path = '/ops'): Event[] => receiver.at(path).map((r) => JSON.parse(r.body) as Event);
    const customerEndpoint = async (path: string, extra: object = {}): Promise<{ id: string }> => {
      const res = await api.fetch('/api/v1/app/acme/endpoint', {
        method: 'POST',
        body: JSON.stringify({ url: `${receiver.url}${path}`, ...extra }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      return res.json();
    };
    const send = () => api.svix.message.create('acme', { eventType: 'invoice.created', payload: { n: 1 } });
    const operationalMessages = async () =>
      (await api.store.messages.list(OPERATIONAL_APP_ID, { limit: 250, order: 'ascending' })).data.map(
        (d) => d.message,
      );

    it("works through the svix SDK's operationalWebhookEndpoint methods", async () => {
      const ops = api.svix.operationalWebhook.endpoint;
      const created = await ops.create({
        url: 'https://ops.example.com/hook',
        uid: 'pager',
        description: 'Pager',
        eventTypes: ['endpoint.disabled', 'message.attempt.exhausted'],
        metadata: { team: 'sre' },
        throttleRate: 10,
        secret: SECRET,
        headers: { 'X-Team': 'sre', Authorization: 'Bearer t0ken' },
      });
      assert.match(created.id, /^ep_[A-Za-z0-9]{27}$/);
      assert.deepEqual(
        {
          uid: created.uid,
          url: created.url,
          description: created.description,
          eventTypes: created.eventTypes,
          metadata: created.metadata,
          throttleRate: created.throttleRate,
          disabled: created.disabled,
        },
        {
          uid: 'pager',
          url: 'https://ops.example.com/hook',
          description: 'Pager',
          eventTypes: ['endpoint.disabled', 'message.attempt.exhausted'],
          metadata: { team: 'sre' },
          throttleRate: 10,
          disabled: false,
        },
      );
      assert.equal((await ops.get('pager')).id, created.id, 'found by uid');
      assert.equal((await ops.get(created.id)).uid, 'pager');
      assert.deepEqual(
        (await ops.list()).data.map((e) => e.id),
        [created.id],
      );
      assert.equal((await ops.getSecret(created.id)).key, SECRET);
      await ops.rotateSecret(created.id, {});
      const rotated = (await ops.getSecret('pager')).key;
      assert.notEqual(rotated, SECRET);
      assert.match(rotated, /^whsec_/);
      assert.deepEqual(await ops.getHeaders(created.id), {
        headers: { 'X-Team': 'sre' },
        sensitive: ['Authorization'],
      });
      await ops.setHeaders(created.id, { headers: { 'X-Other': '1' } });
      assert.deepEqual((await ops.getHeaders(created.id)).headers, { 'X-Other': '1' });

      const replaced = await ops.upsert('pager', { url: 'https://ops.example.com/v2', disabled: true });
      assert.equal(replaced.id, created.id);
      assert.equal(replaced.disabled, true);
      assert.equal(replaced.eventTypes ?? null, null, 'PUT resets what it does not name');
      assert.equal(replaced.uid, 'pager', 'found by its uid, it keeps it');
      const made = await ops.upsert('second', { url: 'https://ops.example.com/second' });
      assert.equal(made.uid, 'second');
      assert.equal((await ops.list({ limit: 1 })).data.length, 1);

      await ops.delete(created.id);
      assert.equal((await apiError(ops.get(created.id))).code, 404);
      assert.equal((await apiError(ops.create({ url: 'https://x.example.com', uid: 'second' }))).code, 409);
    });

    it('refuses event types that are not operational ones, and bad URLs, with 422', async () => {
      const ops = api.svix.operationalWebhook.endpoint;
      assert.equal(
        (await apiError(ops.create({ url: 'https://x.example.com', eventTypes: ['invoice.created'] }))).code,
        422,
      );
      assert.equal((await apiError(ops.create({ url: 'ftp://x.example.com' }))).code, 422);
      assert.equal((await apiError(ops.upsert('ep_missing', { url: 'https://x.example.com' }))).code, 404);
    });

    it('is for the vendor key only: a portal session is refused every operation', async () => {
      const { id } = await api.svix.operationalWebhook.endpoint.create({ url: 'https://ops.example.com/hook' });
      const token = (await api.svix.authentication.appPortalAccess('acme', {})).token;
      const session = api.client(token).operationalWebhook.endpoint;
      for (const call of [
        () => session.list(),
        () => session.create({ url: 'https://evil.example.com' }),
        () => session.get(id),
        () => session.upsert(id, { url: 'https://evil.example.com' }),
        () => session.delete(id),
        () => session.getSecret(id),
        () => session.rotateSecret(id, {}),
        () => session.getHeaders(id),
        () => session.setHeaders(id, { headers: {} }),
      ]) {
        assert.equal((await apiError(call())).code, 403);
      }
      assert.equal((await api.svix.operationalWebhook.endpoint.get(id)).url, 'https://ops.example.com/hook');
    });

    it('sends every operational event type, signed, to the endpoints that take it and are enabled', async () => {
      const ops = api.svix.operationalWebhook.endpoint;
      const all = await ops.create({ url: `${receiver.url}/ops`, secret: SECRET });
      await ops.create({ url: `${receiver.url}/ops-deleted`, eventTypes: ['endpoint.deleted'] });
      await ops.create({ url: `${receiver.url}/ops-off`, disabled: true });

      // endpoint.created, .updated, .disabled (manual), .enabled, .deleted
      const ep = await customerEndpoint('/customer', { uid: 'main' });
      await api.svix.endpoint.patch('acme', ep.id, { description: 'changed' });
      await api.svix.endpoint.patch('acme', ep.id, { disabled: true });
      await api.svix.endpoint.patch('acme', ep.id, { disabled: false });
      await api.svix.endpoint.delete('acme', ep.id);
      // message.attempt.failing, then .recovered
      receiver.script('/flaky', [{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 200 }]);
      const flaky = await customerEndpoint('/flaky', { retrySchedule: [1, 1, 1, 1, 1] });
      // message.attempt.exhausted
      receiver.script('/down', { status: 500 });
      const down = await customerEndpoint('/down', { retrySchedule: [1] });
      // endpoint.disabled (automatic)
      receiver.script('/gone', { status: 410 });
      const gone = await customerEndpoint('/gone');
      const msg = await send();
      for (let i = 0; i < 6; i++) {
        await drain();
        clock.advance(1000);
      }
      // background_task.finished
      const task = await api.svix.endpoint.replayMissing('acme', flaky.id, {
        since: new Date(clock.now().getTime() - HOUR),
      });
      while ((await api.tasks.tick()) > 0);
      await drain();

      const got = events();
      assert.deepEqual(new Set(got.map((e) => e.type)), new Set(OPERATIONAL_EVENT_TYPES));
      const appId = (await api.svix.application.get('acme')).id;
      const of = (type: string) => got.filter((e) => e.type === type).map((e) => e.data);
      assert.deepEqual(of('endpoint.updated')[0], { appId, appUid: 'acme', endpointId: ep.id, endpointUid: 'main' });
      assert.deepEqual(of('endpoint.deleted'), [{ appId, appUid: 'acme', endpointId: ep.id, endpointUid: 'main' }]);
      assert.deepEqual(
        of('endpoint.disabled').map((d) => [d.endpointId, d.trigger]),
        [
          [ep.id, 'manual'],
          [gone.id, 'automatic'],
        ],
      );
      assert.deepEqual(
        of('endpoint.enabled').map((d) => d.endpointId),
        [ep.id],
      );
      for (const type of ['message.attempt.failing', 'message.attempt.recovered']) {
        assert.deepEqual(
          of(type).map((d) => [d.endpointId, d.msgId]),
          [[flaky.id, msg.id]],
        );
      }
      assert.ok(
        got.filter((e) => e.data.appId).every((e) => e.data.appUid === 'acme'),
        'every event names the uid',
      );
      const [exhausted] = of('message.attempt.exhausted');
      assert.equal(exhausted?.endpointId, down.id);
      assert.equal((exhausted?.lastAttempt as { responseStatusCode?: number } | undefined)?.responseStatusCode, 500);
      // The task's data as the API shows it: not the kind's own bookkeeping (its cursor).
      const shown = (await (await api.fetch(`/api/v1/background-task/${task.id}`)).json()).data;
      assert.equal('cursor' in shown, false);
      assert.deepEqual(of('background_task.finished'), [
        { taskId: task.id, task: 'endpoint.replay', status: 'finished', data: shown },
      ]);

      // Each is signed with the endpoint's secret (the svix SDK's Webhook), once per event.
      const webhook = new Webhook(SECRET);
      for (const request of receiver.at('/ops')) {
        const headers = request.headers as Record<string, string>;
        const timestamp = new Date(Number(headers['webhook-timestamp']) * 1000);
        assert.equal(
          headers['webhook-signature'],
          webhook.sign(String(headers['webhook-id']), timestamp, request.body),
        );
      }
      const first = receiver.at('/ops')[0];
      assert.doesNotThrow(() => webhook.verify(first?.body ?? '', first?.headers as Record<string, string>));
      assert.equal(new Set(receiver.at('/ops').map((r) => r.headers['webhook-id'])).size, got.length);
      assert.ok(got.every((e) => !Number.isNaN(Date.parse(e.timestamp))));

      assert.deepEqual(
        events('/ops-deleted').map((e) => e.type),
        ['endpoint.deleted'],
        'eventTypes filters',
      );
      assert.equal(receiver.at('/ops-off').length, 0, 'a disabled endpoint gets nothing');
      assert.equal((await ops.get(all.id)).disabled, false);
    });

    it("reports a portal session's changes too, stored before its request is answered", async () => {
      await api.svix.operationalWebhook.endpoint.create({ url: `${receiver.url}/ops` });
      const token = (await api.svix.authentication.appPortalAccess('acme', {})).token;
      const customer = api.client(token);
      const made = await customer.endpoint.create('acme', { url: 'https://hooks.example.com/mine' });
      await customer.endpoint.patch('acme', made.id, { disabled: true });
      await customer.endpoint.delete('acme', made.id);
      assert.deepEqual(
        (await operationalMessages()).map((m) => m.eventType),
        ['endpoint.created', 'endpoint.updated', 'endpoint.disabled', 'endpoint.deleted'],
      );
      await drain();
      // Sent at once, concurrently: in any order.
      assert.deepEqual(
        events()
          .map((e) => `${e.type} ${e.data.endpointId}`)
          .sort(),
        ['endpoint.created', 'endpoint.deleted', 'endpoint.disabled', 'endpoint.updated'].map((t) => `${t} ${made.id}`),
      );
    });

    it('stores no event that no operational endpoint takes: a customer changing endpoints in a loop adds nothing', async () => {
      const token = (await api.svix.authentication.appPortalAccess('acme', {})).token;
      const customer = api.client(token);
      const made = await customer.endpoint.create('acme', { url: 'https://hooks.example.com/mine' });
      for (let i = 0; i < 30; i++) await customer.endpoint.patch('acme', made.id, { description: `try ${i}` });
      assert.deepEqual(await operationalMessages(), [], 'no operational endpoint: nothing stored');
      await api.svix.operationalWebhook.endpoint.create({
        url: `${receiver.url}/ops`,
        eventTypes: ['endpoint.deleted'],
      });
      await customer.endpoint.patch('acme', made.id, { description: 'once more' });
      await customer.endpoint.delete('acme', made.id);
      assert.deepEqual(
        (await operationalMessages()).map((m) => m.eventType),
        ['endpoint.deleted'],
        'only the type an endpoint takes',
      );
    });

    it('retries an operational event after a 500, on the retry schedule, with the same id', async () => {
      receiver.script('/ops', [{ status: 500 }]);
      await api.svix.operationalWebhook.endpoint.create({ url: `${receiver.url}/ops` });
      await customerEndpoint('/customer');
      await drain();
      assert.equal(receiver.at('/ops').length, 1);
      clock.advance(4_000);
      await drain();
      assert.equal(receiver.at('/ops').length, 1, 'not before the 5 s of the schedule');
      clock.advance(1_000);
      await drain();
      const [failed, retried] = receiver.at('/ops');
      assert.equal(retried?.headers['webhook-id'], failed?.headers['webhook-id']);
      assert.equal(events()[1]?.type, 'endpoint.created');
    });

    it('raises no operational event about its own endpoints: failing, exhausted or disabled', async () => {
      receiver.script('/ops', { status: 500 });
      receiver.script('/ops-gone', { status: 410 });
      const ops = api.svix.operationalWebhook.endpoint;
      const failing = await ops.create({ url: `${receiver.url}/ops` });
      const gone = await ops.create({ url: `${receiver.url}/ops-gone` });
      await customerEndpoint('/customer');
      assert.equal((await operationalMessages()).length, 1);
      await drain();
      for (const wait of [5_000, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR, 24 * HOUR]) {
        clock.advance(wait);
        await drain();
      }
      assert.equal(receiver.at('/ops').length, 8, 'the whole schedule, then given up');
      assert.equal(receiver.at('/ops-gone').length, 1);
      assert.equal((await ops.get(gone.id)).disabled, true);
      assert.equal((await ops.get(failing.id)).disabled, false);
      assert.deepEqual(
        (await operationalMessages()).map((m) => m.eventType),
        ['endpoint.created'],
        'nothing raised about the operational deliveries themselves',
      );
    });

    it('keeps its internal application out of every vendor and portal route', async () => {
      const op = await api.svix.operationalWebhook.endpoint.create({ url: `${receiver.url}/ops` });
      await customerEndpoint('/customer');
      await drain();
      const [opMessage] = await operationalMessages();
      assert.ok(opMessage);
      assert.ok(
        (await api.svix.application.list({ limit: 250 })).data.every((a) => a.id !== OPERATIONAL_APP_ID),
        'not listed',
      );
      const token = (await api.svix.authentication.appPortalAccess('acme', {})).token;
      for (const path of [
        `/api/v1/app/${OPERATIONAL_APP_ID}`,
        `/api/v1/app/${OPERATIONAL_APP_ID}/endpoint`,
        `/api/v1/app/${OPERATIONAL_APP_ID}/endpoint/${op.id}`,
        `/api/v1/app/${OPERATIONAL_APP_ID}/endpoint/${op.id}/stats`,
        `/api/v1/app/${OPERATIONAL_APP_ID}/msg`,
        `/api/v1/app/${OPERATIONAL_APP_ID}/msg/${opMessage.id}`,
        `/api/v1/app/${OPERATIONAL_APP_ID}/attempt/endpoint/${op.id}`,
        `/api/v1/app/acme/endpoint/${op.id}`,
        `/api/v1/app/acme/endpoint/${op.id}/secret`,
        `/api/v1/app/acme/msg/${opMessage.id}`,
        `/api/v1/app/acme/attempt/msg/${opMessage.id}`,
      ]) {
        assert.equal((await api.fetch(path)).status, 404, `vendor: ${path}`);
        assert.ok([403, 404].includes((await api.fetch(path, { token })).status), `portal: ${path}`);
      }
      const access = await api.fetch(`/api/v1/auth/app-portal-access/${OPERATIONAL_APP_ID}`, {
        method: 'POST',
        body: '{}',
      });
      assert.equal(access.status, 404, 'no portal session for it');
      const { data: tasks } = await api.svix.backgroundTask.list({ limit: 250 });
      assert.ok(tasks.length === 0);
      // A vendor's application may take the same name as a uid: it is another application.
      const namesake = await api.svix.application.create({ name: 'Namesake', uid: OPERATIONAL_APP_ID });
      assert.notEqual(namesake.id, OPERATIONAL_APP_ID);
      assert.deepEqual((await api.svix.endpoint.list(OPERATIONAL_APP_ID)).data, []);
    });
  });
}

suite('SQLite', () => openSqliteStore(':memory:'));
describe('PostgreSQL', postgresSuite, () => suite('PostgreSQL', () => openFreshPostgresStore()));

describe('an operational event across a crash', () => {
  const API_KEY = 'operational-crash-key-0123456789';
  const servers = serversOnOneFile('operational', API_KEY, {
    PATCHBAY_OPERATIONAL_WEBHOOK_SECRET: SECRET,
    // Short, so the killed server's claim expires soon and the retry is due soon.
    PATCHBAY_DELIVERY_TIMEOUT_MS: '1000',
    PATCHBAY_RETRY_SCHEDULE: '1',
  });

  it('whose delivery is pending when the server is SIGKILLed is delivered after the restart, once', async () => {
    const receiver = servers.receiver();
    receiver.script('/ops', [{ status: 500 }]);
    const env = { PATCHBAY_OPERATIONAL_WEBHOOK_URL: `${receiver.url}/ops` };
    const start = () => servers.start(env);
    const first = await start();
    const call = (url: string, method: string, route: string, body?: object) =>
      vendorCall(API_KEY, url, method, route, body);
    assert.equal((await call(first.url, 'POST', '/api/v1/app', { name: 'Acme', uid: 'acme' })).status, 201);
    const made = await call(first.url, 'POST', '/api/v1/app/acme/endpoint', { url: `${receiver.url}/hook` });
    assert.equal(made.status, 201);
    await receiver.waitFor('/ops', 1);
    await killServer(first);

    const second = await start();
    try {
      const [failed, delivered] = await receiver.waitFor('/ops', 2, 30_000);
      assert.equal(delivered?.headers['webhook-id'], failed?.headers['webhook-id'], 'the same event, again');
      new Webhook(SECRET).verify(delivered?.body ?? '', delivered?.headers as Record<string, string>);
      assert.equal((JSON.parse(delivered?.body ?? '{}') as Event).type, 'endpoint.created');
      const configured = (await (await call(second.url, 'GET', '/api/v1/operational-webhook/endpoint')).json()) as {
        data: { url: string }[];
      };
      assert.deepEqual(
        configured.data.map((e) => e.url),
        [`${receiver.url}/ops`],
        'seeded once, whatever the starts',
      );
    } finally {
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
    }
    assert.equal(receiver.at('/ops').length, 2, 'delivered once after the failure: nothing more after the 200');
    const store = await openSqliteStore(servers.file());
    try {
      const [message] = (await store.messages.list(OPERATIONAL_APP_ID, { limit: 10, order: 'ascending' })).data;
      assert.equal(message?.status, 0, 'delivered');
    } finally {
      await store.close();
    }
  });
});

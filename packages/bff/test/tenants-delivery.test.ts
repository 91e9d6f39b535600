import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { TriggerType } from '../src/model.ts';
import { type Json, manualClock, startApi } from './helpers.ts';
import { startReceiver } from './receiver.ts';

const EVENT = 'invoice.created';

/**
 * What one hostile or unlucky customer could do to everyone's deliveries, tried through the
 * public API: each test is an attack that worked before its defence.
 */
describe('tenants: deliveries', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let api: Awaited<ReturnType<typeof startApi>>;
  let clock: ReturnType<typeof manualClock>;

  before(async () => {
    receiver = await startReceiver();
  });
  after(() => receiver.close());
  beforeEach(async () => {
    receiver.received.length = 0;
    clock = manualClock(new Date());
    api = await startApi({
      clock,
      delivery: { allowPrivateNetworks: true, concurrency: 4, perEndpointConcurrency: 2 },
    });
    await api.svix.eventType.create({ name: EVENT, description: 'An invoice' });
    for (const uid of ['heavy', 'light']) await api.svix.application.create({ name: uid, uid });
  });
  afterEach(() => api.close());

  const endpoint = (app: string, path: string) => api.svix.endpoint.create(app, { url: `${receiver.url}${path}` });
  const send = (app: string) => api.svix.message.create(app, { eventType: EVENT, payload: { amount: 1 } });
  const stats = (app: string, endpointId: string) => api.svix.endpoint.getStats(app, endpointId);
  const attempts = async (app: string, endpointId: string): Promise<Json[]> =>
    (await (await api.fetch(`/api/v1/app/${app}/attempt/endpoint/${endpointId}`)).json()).data;
  const portalToken = async (app: string) => (await api.svix.authentication.appPortalAccess(app, {})).token;

  it("delivers another application's message in the first claim behind a backlog of 300 due tasks", async () => {
    receiver.script('/down', { status: 503 });
    const down = await endpoint('heavy', '/down');
    const heavyApp = await api.svix.application.get('heavy');
    // Two messages, since one message goes to one endpoint in one dispatch at a time.
    const backlog = [await send('heavy'), await send('heavy')];
    // Due tasks queued before anything else (a retry storm after an outage, say): a claim by
    // age would see nothing but these.
    const earlier = new Date(clock.now().getTime() - 60_000);
    await api.store.queue.enqueue(
      Array.from({ length: 300 }, (_, i) => ({
        appId: heavyApp.id,
        msgId: (backlog[i % 2] as { id: string }).id,
        endpointId: down.id,
        triggerType: TriggerType.Scheduled,
        nextAttemptAt: earlier,
      })),
      clock.now(),
    );
    const light = await endpoint('light', '/light');
    const message = await send('light');

    await api.worker.tick();

    assert.deepEqual(
      receiver.at('/light').map((r) => r.headers['webhook-id']),
      [message.id],
    );
    assert.equal(receiver.at('/down').length, 2, 'the busy endpoint keeps to its own two slots');
    assert.equal((await stats('light', light.id)).success, 1);
  });

  it('records a failed attempt and retries when a stored credential no longer decrypts', async () => {
    const connector = await api.svix.connector.create({
      name: 'Acme CRM',
      kind: 'Custom',
      transformation: 'function handler(webhook) { return webhook; }',
      authenticationMethod: 'HttpBearer' as never,
    } as never);
    const res = await api.fetch(`/portal/v1/connectors/${connector.id}/connect`, {
      method: 'POST',
      token: await portalToken('heavy'),
      body: JSON.stringify({ credentials: { url: `${receiver.url}/crm`, token: 'crm-token-0123' } }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const crm = (await res.json()) as { id: string };
    await api.fetch(`/portal/v1/drafts/${crm.id}/save`, {
      method: 'POST',
      token: await portalToken('heavy'),
      body: '{}',
    });
    // The credentials of an older key that is no longer configured (a botched key rotation).
    const stored = await api.store.credentials.get(crm.id);
    assert.ok(stored);
    await api.store.credentials.put({ ...stored, ciphertext: stored.ciphertext.replace(/^v1\.[^.]+/, 'v1.gone') });
    const healthy = await endpoint('light', '/light');

    await send('heavy');
    await send('light');
    await api.worker.tick();

    const [failed] = await attempts('heavy', crm.id);
    assert.equal(failed?.status, 2);
    assert.match(failed?.response, /credentials cannot be decrypted .*connect it again/);
    assert.equal(receiver.at('/crm').length, 0, 'nothing is sent without its credentials');
    assert.deepEqual(await stats('heavy', crm.id), { success: 0, pending: 1, sending: 0, fail: 0, canceled: 0 });
    assert.equal((await stats('light', healthy.id)).success, 1);
    clock.advance(6_000);
    await api.worker.tick();
    assert.equal((await attempts('heavy', crm.id)).length, 2, 'retried on the schedule like any failure');
  });

  it('ends a delivery through a transformation that tampers with what the host reads, never a stuck task', async () => {
    const hostile = await endpoint('heavy', '/hostile');
    await api.svix.endpoint.transformationPartialUpdate('heavy', hostile.id, {
      enabled: true,
      code: 'function handler(webhook) { Object.prototype.toJSON = () => null; return webhook; }',
    });
    await send('heavy');
    await api.worker.tick();

    // The sandbox reads the result with its own untouched copies of JSON and the prototypes, so
    // the tampering harms only the customer's own code: the delivery is made and recorded.
    assert.equal((await attempts('heavy', hostile.id)).length, 1);
    assert.deepEqual(await stats('heavy', hostile.id), { success: 1, pending: 0, sending: 0, fail: 0, canceled: 0 });
  });

  it('drops the outcome of a delivery whose lease ran out: the claim that took over records it', async () => {
    receiver.script('/slow', { status: 200, delayMs: 300 });
    const slow = await endpoint('heavy', '/slow');
    await send('heavy');
    const first = api.worker.tick();
    await receiver.waitFor('/slow', 1, 10_000);
    // The first claim's lease runs out while its request is still open; a new claim takes the task.
    clock.advance(60 * 60_000);
    const second = api.worker.tick();
    await Promise.all([first, second]);

    assert.equal(receiver.at('/slow').length, 2, 'at least once: both claims sent it');
    const log = await attempts('heavy', slow.id);
    assert.equal(log.length, 1, 'only the claim holding the lease recorded an attempt');
    assert.deepEqual(await stats('heavy', slow.id), { success: 1, pending: 0, sending: 0, fail: 0, canceled: 0 });
  });
});

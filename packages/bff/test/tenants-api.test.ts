import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { COUNT_COST } from '../src/api/resources/replays.ts';
import { IDEMPOTENCY_ABANDONED_MS, requestFingerprint } from '../src/api/route-table.ts';
import { DEFAULT_APP_RATE_LIMITS } from '../src/config.ts';
import { manualClock, startApi, TEST_API_KEY } from './helpers.ts';

/** What one customer could do to the API's shared resources, tried through the public API. */
describe('tenants: the API', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let clock: ReturnType<typeof manualClock>;

  beforeEach(async () => {
    clock = manualClock(new Date());
    api = await startApi({ clock, delivery: { allowPrivateNetworks: true } });
    await api.svix.eventType.create({
      name: 'invoice.created',
      description: 'An invoice',
      schemas: { '1': { type: 'object', examples: [{ amount: 1 }] } },
    });
    for (const uid of ['noisy', 'quiet']) await api.svix.application.create({ name: uid, uid });
  });
  afterEach(() => api.close());

  const session = async (app: string) => (await api.svix.authentication.appPortalAccess(app, {})).token;

  it('frees an Idempotency-Key left pending by a request that died, after the abandon limit', async () => {
    const body = { eventType: 'invoice.created', payload: { amount: 1 } };
    const noisy = await api.svix.application.get('noisy');
    // What a process killed mid-request leaves behind: the key claimed, no answer stored.
    await api.store.idempotency.begin(
      'vendor',
      'crashed-1',
      requestFingerprint('POST', '/api/v1/app/noisy/msg', body),
      clock.now(),
      { expiresAt: new Date(clock.now().getTime() + 12 * 3_600_000), abandonedBefore: new Date(0) },
    );
    const retry = () =>
      api.fetch('/api/v1/app/noisy/msg', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'idempotency-key': 'crashed-1' },
      });
    const meanwhile = await retry();
    assert.equal(meanwhile.status, 409, 'still in progress as far as anyone can tell');
    assert.equal((await meanwhile.json()).code, 'idempotency_in_progress');

    clock.advance(IDEMPOTENCY_ABANDONED_MS + 1);
    const later = await retry();
    assert.equal(later.status, 202, await later.clone().text());
    const replay = await retry();
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal((await replay.json()).id, (await later.json()).id);
    assert.equal((await api.svix.message.list(noisy.id)).data.length, 1);
  });

  it("holds a portal session to its application's budget for queueing and simulating: 429 with Retry-After", async () => {
    const endpoint = await api.svix.endpoint.create('noisy', { url: 'http://127.0.0.1:9/hook' });
    const quietEndpoint = await api.svix.endpoint.create('quiet', { url: 'http://127.0.0.1:9/hook' });
    const noisy = await session('noisy');
    const sendExample = (app: string, ep: string, token: string) =>
      api.fetch(`/api/v1/app/${app}/endpoint/${ep}/send-example`, {
        method: 'POST',
        token,
        body: JSON.stringify({ eventType: 'invoice.created' }),
      });
    for (let i = 0; i < DEFAULT_APP_RATE_LIMITS.queue; i++) {
      const res = await sendExample('noisy', endpoint.id, noisy);
      assert.equal(res.status, 202, await res.clone().text());
    }
    const refused = await sendExample('noisy', endpoint.id, noisy);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    assert.equal((await refused.json()).code, 'too_many_requests');
    // A second session of the same application shares its budget; another application does not.
    assert.equal((await sendExample('noisy', endpoint.id, await session('noisy'))).status, 429);
    assert.equal((await sendExample('quiet', quietEndpoint.id, await session('quiet'))).status, 202);
    assert.equal((await sendExample('noisy', endpoint.id, TEST_API_KEY)).status, 202);
    // Deleting an attempt's content empties SQLite's WAL, holding up every write: the same budget.
    const expunge = await api.fetch('/api/v1/app/noisy/msg/msg_x/attempt/atmpt_x/content', {
      method: 'DELETE',
      token: noisy,
    });
    assert.equal(expunge.status, 429, await expunge.clone().text());

    const simulate = () =>
      api.fetch(`/api/v1/app/noisy/endpoint/${endpoint.id}/transformation/simulate`, {
        method: 'POST',
        token: noisy,
        body: JSON.stringify({
          code: 'function handler(webhook) { return webhook; }',
          eventType: 'invoice.created',
          payload: { amount: 1 },
        }),
      });
    for (let i = 0; i < DEFAULT_APP_RATE_LIMITS.simulate; i++) assert.equal((await simulate()).status, 200);
    assert.equal((await simulate()).status, 429);
  });

  it("holds a portal session's connects and reconnects, each checked with the service, to one budget: 429 with Retry-After", async () => {
    const connector = await api.fetch('/api/v1/connector', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Hook',
        kind: 'Custom',
        transformation: 'function handler(webhook) { return webhook; }',
      }),
    });
    const connectorId = (await connector.json()).id;
    const endpoint = await (
      await api.fetch('/api/v1/app/noisy/endpoint', {
        method: 'POST',
        body: JSON.stringify({ url: 'http://127.0.0.1:9/hook', connectorId }),
      })
    ).json();
    const noisy = await session('noisy');
    const reconnect = (token: string) =>
      api.fetch(`/portal/v1/endpoints/${endpoint.id}/connection`, {
        method: 'PUT',
        token,
        body: JSON.stringify({ credentials: { url: 'http://127.0.0.1:9/other' } }),
      });
    const connect = (app: string, token: string) =>
      api.fetch(`/portal/v1/connectors/${connectorId}/connect`, {
        method: 'POST',
        token,
        body: JSON.stringify({ credentials: { url: `http://127.0.0.1:9/${app}` } }),
      });
    assert.equal((await connect('noisy', noisy)).status, 201);
    for (let i = 1; i < DEFAULT_APP_RATE_LIMITS.connect; i++) {
      const res = await reconnect(noisy);
      assert.equal(res.status, 200, await res.clone().text());
    }
    const refused = await reconnect(noisy);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    assert.match((await refused.json()).detail, /connects or reconnects/);
    assert.equal((await connect('noisy', await session('noisy'))).status, 429, 'connecting spends the same budget');
    assert.equal((await connect('quiet', await session('quiet'))).status, 201, 'another application has its own');
  });

  it("holds a portal session's endpoint changes, each an operational event for the vendor, to a budget: 429 with Retry-After", async () => {
    const endpoint = await api.svix.endpoint.create('noisy', { url: 'http://127.0.0.1:9/hook' });
    const quietEndpoint = await api.svix.endpoint.create('quiet', { url: 'http://127.0.0.1:9/hook' });
    const noisy = await session('noisy');
    const change = (app: string, ep: string, token: string, path = '', method = 'PATCH', body: unknown = {}) =>
      api.fetch(`/api/v1/app/${app}/endpoint/${ep}${path}`, { method, token, body: JSON.stringify(body) });
    const patch = (app: string, ep: string, token: string) => change(app, ep, token, '', 'PATCH', { description: 'x' });
    for (let i = 0; i < DEFAULT_APP_RATE_LIMITS.manage; i++) {
      const res = await patch('noisy', endpoint.id, noisy);
      assert.equal(res.status, 200, await res.clone().text());
    }
    const refused = await patch('noisy', endpoint.id, noisy);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    const problem = await refused.json();
    assert.equal(problem.code, 'too_many_requests');
    assert.match(problem.detail, /endpoint changes/);
    // Every way a session changes an endpoint spends the same budget.
    const url = { url: 'http://127.0.0.1:9/other' };
    const others: [string, string, unknown][] = [
      ['', 'PUT', url],
      ['', 'DELETE', undefined],
      ['/headers', 'PUT', { headers: { 'x-a': 'b' } }],
      ['/headers', 'PATCH', { headers: { 'x-a': 'c' } }],
      ['/secret/rotate', 'POST', {}],
      ['/transformation', 'PATCH', { enabled: false }],
    ];
    for (const [path, method, body] of others) {
      const res = await change('noisy', endpoint.id, noisy, path, method, body);
      assert.equal(res.status, 429, `${method} ${path}: ${await res.clone().text()}`);
    }
    const create = await api.fetch('/api/v1/app/noisy/endpoint', {
      method: 'POST',
      token: noisy,
      body: JSON.stringify(url),
    });
    assert.equal(create.status, 429, 'creating spends it too');
    for (const path of [
      `/drafts/${endpoint.id}/save`,
      `/drafts/${endpoint.id}/resume`,
      '/connect-sessions/cs_x/claim',
    ]) {
      const res = await api.fetch(`/portal/v1${path}`, {
        method: 'POST',
        token: noisy,
        body: JSON.stringify({ code: 'x' }),
      });
      assert.equal(res.status, 429, path);
    }
    // A second session of the application shares it; the vendor's key and another application do not.
    assert.equal((await patch('noisy', endpoint.id, await session('noisy'))).status, 429);
    assert.equal((await patch('noisy', endpoint.id, TEST_API_KEY)).status, 200);
    assert.equal((await patch('quiet', quietEndpoint.id, await session('quiet'))).status, 200);
  });

  it('counts failed messages for recovery (the count before "Resend failed") within 90 days only, on the budget of recover', async () => {
    const endpoint = await api.svix.endpoint.create('noisy', { url: 'http://127.0.0.1:9/hook' });
    const viewer = (await api.svix.authentication.appPortalAccess('noisy', { capabilities: ['ViewBase'] } as never))
      .token;
    const count = (since: Date) =>
      api.fetch(`/portal/v1/endpoints/${endpoint.id}/recover?since=${since.toISOString()}`, { token: viewer });
    const day = 86_400_000;
    const tooOld = await count(new Date(clock.now().getTime() - 90 * day - 1000));
    assert.equal(tooOld.status, 422);
    const problem = await tooOld.json();
    assert.deepEqual(problem.detail[0].loc, ['query', 'since']);
    assert.match(problem.detail[0].msg, /within the last 90 days/);
    // Each count takes COUNT_COST of the budget: reading a window of messages costs as several resends do.
    for (let i = 1; i < DEFAULT_APP_RATE_LIMITS.queue / COUNT_COST; i++) {
      const res = await count(new Date(clock.now().getTime() - 90 * day + 60_000));
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal((await res.json()).messages, 0);
    }
    const refused = await count(new Date(clock.now().getTime() - day));
    assert.equal(refused.status, 429, 'a count spends what several resends do');
    assert.equal((await refused.json()).code, 'too_many_requests');
    const recover = await api.fetch(`/api/v1/app/noisy/endpoint/${endpoint.id}/recover`, {
      method: 'POST',
      token: await session('noisy'),
      body: JSON.stringify({ since: new Date(clock.now().getTime() - day).toISOString() }),
    });
    assert.equal(recover.status, 429, 'and the same budget');
    assert.equal((await count(new Date(0))).status, 429);
  });
});

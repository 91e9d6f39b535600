import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiError, startApi } from './helpers.ts';

const SLACK = `function handler(webhook) {
  console.log('building', webhook.eventType);
  webhook.payload = { text: webhook.payload.name + ' created an invoice for $' + webhook.payload.amount, channel: webhook.env.channel };
  return webhook;
}`;

describe('transformation routes', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let epId: string;
  before(async () => {
    api = await startApi();
    await api.svix.application.create({ name: 'Acme', uid: 'acme' });
    epId = (await api.svix.endpoint.create('acme', { url: 'https://hooks.slack.example/T1/B1' })).id;
  });
  after(() => api.close());

  const simulate = (body: object, token?: string) =>
    api.fetch(`/api/v1/app/acme/endpoint/${epId}/transformation/simulate`, {
      method: 'POST',
      body: JSON.stringify(body),
      ...(token ? { token } : {}),
    });

  it("simulates on the endpoint's URL and variables, answering Svix's shape plus headers, console and time", async () => {
    await api.fetch(`/api/v1/app/acme/endpoint/${epId}/transformation`, {
      method: 'PATCH',
      body: JSON.stringify({ variables: { channel: '#billing' } }),
    });
    const res = await simulate({ code: SLACK, eventType: 'invoice.created', payload: { name: 'Ada', amount: 42 } });
    assert.equal(res.status, 200);
    const out = await res.json();
    assert.equal(out.url, 'https://hooks.slack.example/T1/B1');
    assert.equal(out.method, 'POST');
    assert.equal(out.cancel, false);
    assert.equal(typeof out.payload, 'string');
    assert.deepEqual(JSON.parse(out.payload), { text: 'Ada created an invoice for $42', channel: '#billing' });
    assert.deepEqual(out.headers, {});
    assert.deepEqual(out.console, [{ level: 'log', message: 'building invoice.created' }]);
    assert.equal(typeof out.durationMs, 'number');
  });

  it('answers a failing script with 422, the kind, the line and column, and the console so far', async () => {
    const res = await simulate({
      code: "function handler(webhook) {\n  console.log('about to fail');\n  return webhook.payload.customer.email;\n}",
      eventType: 'invoice.created',
      payload: { name: 'Ada' },
    });
    assert.equal(res.status, 422);
    const body = await res.json();
    assert.equal(body.code, 'transformation_failed');
    assert.match(
      body.detail,
      /TypeError: Cannot read properties of undefined \(reading 'email'\) \(line 3, column 35\)/,
    );
    assert.deepEqual(body.error, { kind: 'runtime', line: 3, column: 35 });
    assert.deepEqual(body.console, [{ level: 'log', message: 'about to fail' }]);
    const loop = await simulate({ code: 'function handler(w) { while (true) {} }', eventType: 'x', payload: {} });
    assert.equal(loop.status, 422);
    assert.equal((await loop.json()).error.kind, 'timeout');
  });

  it('refuses code that does not parse or declares no handler when it is saved', async () => {
    const bad = await apiError(
      api.svix.endpoint.transformationPartialUpdate('acme', epId, { code: 'function handler(w) {\n  return w +;\n}' }),
    );
    assert.equal(bad.code, 422);
    assert.deepEqual((bad.body as unknown as { error: object }).error, { kind: 'syntax', line: 2, column: 13 });
    const noHandler = await apiError(
      api.svix.endpoint.transformationPartialUpdate('acme', epId, { code: 'const x = 12345;' }),
    );
    assert.equal((noHandler.body as unknown as { error: { kind: string } }).error.kind, 'no_handler');
    const stored = await (await api.fetch(`/api/v1/app/acme/endpoint/${epId}/transformation`)).json();
    assert.equal(stored.code, null, 'nothing was saved');

    const connector = await apiError(
      api.svix.connector.create({ name: 'Broken', transformation: 'function handler( {' }),
    );
    assert.equal(connector.code, 422);
    assert.equal((connector.body as unknown as { error: { kind: string } }).error.kind, 'syntax');
  });

  it('lets a portal session with ManageTransformations simulate on its own app only', async () => {
    const { token } = await api.svix.authentication.appPortalAccess('acme', {
      capabilities: ['ManageTransformations' as never],
    });
    const ok = await simulate({ code: SLACK, eventType: 'invoice.created', payload: { name: 'Bo', amount: 1 } }, token);
    assert.equal(ok.status, 200);
    const viewer = (await api.svix.authentication.appPortalAccess('acme', { capabilities: ['ViewBase' as never] }))
      .token;
    const refused = await simulate({ code: SLACK, eventType: 'invoice.created', payload: {} }, viewer);
    assert.equal(refused.status, 403);
    const vendorWide = await api.fetch('/api/v1/connector/simulate', {
      method: 'POST',
      token,
      body: JSON.stringify({ code: SLACK, eventType: 'x', payload: {} }),
    });
    assert.equal(vendorWide.status, 403);
  });

  it("simulates a connector's code for the vendor", async () => {
    const res = await api.fetch('/api/v1/connector/simulate', {
      method: 'POST',
      body: JSON.stringify({
        code: SLACK,
        eventType: 'invoice.created',
        payload: { name: 'Cy', amount: 7 },
        variables: { channel: '#x' },
      }),
    });
    assert.equal(res.status, 200);
    const out = await res.json();
    assert.equal(out.url, 'https://example.com/webhook');
    assert.deepEqual(JSON.parse(out.payload), { text: 'Cy created an invoice for $7', channel: '#x' });
  });
});

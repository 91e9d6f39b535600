import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiError, startApi } from './helpers.ts';
import { residentGrowth } from './memory.ts';

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
      /TypeError: Cannot read properties of undefined \(reading 'email'\) at line 3, column 35$/,
    );
    assert.deepEqual(body.error, {
      kind: 'runtime',
      line: 3,
      column: 35,
      reason: "TypeError: Cannot read properties of undefined (reading 'email')",
    });
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
    const { reason, ...position } = (bad.body as unknown as { error: { reason: string } }).error;
    assert.deepEqual(position, { kind: 'syntax', line: 2, column: 13 });
    assert.doesNotMatch(reason, /line|column|:\d+:\d+/, 'the position is said once, apart');
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

  // Code that attacks the runner and the host rather than the payload.
  const HOSTILE: [string, string, number, string?, RegExp?][] = [
    ['toJSON on Object.prototype', 'function handler(w) { Object.prototype.toJSON = () => null; return w; }', 200],
    [
      'toJSON that throws',
      'function handler(w) {\n  Object.prototype.toJSON = () => { throw new Error("no JSON"); };\n  return w;\n}',
      422,
      'runtime',
      /payload is not JSON-serialisable: no JSON at line 2, column 43$/,
    ],
    [
      'WebAssembly memory',
      'function handler(w) { new Uint8Array(new WebAssembly.Memory({ initial: 1024 }).buffer).fill(1); return w; }',
      422,
      'runtime',
      /WebAssembly is not defined/,
    ],
    ['SharedArrayBuffer', 'function handler(w) { new SharedArrayBuffer(1 << 20); return w; }', 422, 'runtime'],
    [
      '10,000 headers',
      'function handler(w) { for (let i = 0; i < 1e4; i++) w.headers["x-" + i] = "v"; return w; }',
      422,
      'invalid_output',
      /webhook.headers has 10000 headers, over the limit of 100/,
    ],
    [
      'a megabyte header value',
      'function handler(w) { w.headers = { "X-Big": "x".repeat(1 << 20) }; return w; }',
      422,
      'invalid_output',
      /webhook.headers come to 1048581 characters, over the limit of 32768/,
    ],
    ['a giant string', 'function handler(w) { w.payload = "x".repeat(1e8); return w; }', 422, 'output_too_large'],
    [
      'a throwing Proxy as the result',
      'function handler(w) { return new Proxy(w, { get() { throw new Error("trap"); } }); }',
      422,
      'runtime',
      /trap/,
    ],
  ];

  const simulateBoth = async (code: string) => {
    const body = { code, eventType: 'invoice.created', payload: { name: 'Ada', amount: 42 } };
    return [
      await simulate(body),
      await api.fetch('/api/v1/connector/simulate', { method: 'POST', body: JSON.stringify(body) }),
    ];
  };

  for (const [name, code, status, kind, detail] of HOSTILE) {
    it(`answers hostile code on both simulate routes without a 500: ${name}`, async () => {
      for (const res of await simulateBoth(code)) {
        const body = await res.json();
        assert.equal(res.status, status, JSON.stringify(body));
        if (status === 200) continue;
        assert.equal(body.code, 'transformation_failed');
        assert.equal(typeof body.detail, 'string');
        assert.equal(body.error.kind, kind, body.detail);
        if (detail) assert.match(body.detail, detail);
      }
    });
  }

  it('records an attempt for a saved transformation that tampers with the prototypes the host reads', async () => {
    const ep = await api.svix.endpoint.create('acme', { url: 'https://hooks.example.com/tamper' });
    const patched = await api.fetch(`/api/v1/app/acme/endpoint/${ep.id}/transformation`, {
      method: 'PATCH',
      body: JSON.stringify({
        code: 'function handler(w) { Object.prototype.toJSON = () => null; w.method = "DELETE"; return w; }',
        enabled: true,
      }),
    });
    assert.equal(patched.status, 204, await patched.clone().text());
    await api.svix.message.create('acme', { eventType: 'invoice.created', payload: { name: 'Ada', amount: 42 } });
    await api.worker.tick();
    const attempts = (await api.svix.messageAttempt.listByEndpoint('acme', ep.id, { withContent: true })).data;
    assert.equal(attempts.length, 1);
    assert.equal(attempts[0]?.statusText, 'fail');
    assert.match(attempts[0]?.response ?? '', /Transformation failed: webhook.method must be "POST", "PUT" or "PATCH"/);
  });

  it('keeps the server memory flat over 1,000 hostile simulations', async () => {
    const codes = HOSTILE.map(([, code]) => code);
    // 2 × 1,024 simulations: the second half is measured (see residentGrowth). Each simulation of
    // another code makes a context, and the scratch isolate is replaced after 256 of them.
    const grown = await residentGrowth(8 * 256, 128, async (i) => {
      const res = await simulate({ code: codes[i % codes.length], eventType: 'x', payload: { i } });
      assert.ok(res.status === 200 || res.status === 422, `status ${res.status}`);
      await res.arrayBuffer();
    });
    // Even one leaked, touched 64 MB WebAssembly memory would be more than this.
    assert.ok(grown < 32 * 1048576, `resident memory grew by ${(grown / 1048576).toFixed(1)} MB`);
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

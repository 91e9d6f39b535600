import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { Svix } from 'svix';
import { startApi, TEST_API_KEY, testApp } from './helpers.ts';

describe('HTTP skeleton', () => {
  let ctx: Awaited<ReturnType<typeof testApp>>;
  before(async () => {
    ctx = await testApp({ bodyLimitBytes: 64 });
  });
  after(() => ctx.close());

  it('answers /health once the database is open and migrated', async () => {
    const res = await request(ctx.app).get('/health').expect(200);
    assert.deepEqual(res.body, { status: 'ok' });
  });

  it('answers /health with 503, not 500, when the database is gone', async () => {
    const broken = await testApp();
    await broken.close();
    const res = await request(broken.app).get('/health').expect(503);
    assert.equal(res.body.code, 'unavailable');
  });

  it("answers Svix's GET /api/v1/health with 204 and no body, without credentials, as the SDK's health.get() expects", async () => {
    const anonymous = await request(ctx.app).get('/api/v1/health').expect(204);
    assert.equal(anonymous.text, '');
    await request(ctx.app).get('/api/v1/health').set('authorization', 'Bearer not-a-key').expect(204);
    const api = await startApi();
    try {
      assert.equal(
        await new Svix('no-key-needed', { serverUrl: api.url, retryScheduleInMs: [] }).health.get(),
        undefined,
      );
    } finally {
      await api.close();
    }
  });

  it('answers GET /api/v1/health with 503 when the database is gone', async () => {
    const broken = await testApp();
    await broken.close();
    const res = await request(broken.app).get('/api/v1/health').expect(503);
    assert.equal(res.body.code, 'unavailable');
  });

  it('gives every response a request id and keeps a safe incoming one', async () => {
    const fresh = await request(ctx.app).get('/health');
    assert.match(fresh.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const kept = await request(ctx.app).get('/health').set('x-request-id', 'req.abc-123');
    assert.equal(kept.headers['x-request-id'], 'req.abc-123');
    const forged = await request(ctx.app).get('/health').set('x-request-id', 'a\u00e9" level=fatal');
    assert.notEqual(forged.headers['x-request-id'], 'a\u00e9" level=fatal');
  });

  it('logs each request as one JSON line with its id, path and status', async () => {
    await request(ctx.app).get('/health?ticket=secret-ticket').set('x-request-id', 'log-check');
    const line = ctx.lines.find((l) => l.reqId === 'log-check' && l.msg === 'request');
    assert.ok(line, 'request line logged');
    assert.equal(line.path, '/health');
    assert.equal(line.status, 200);
    assert.ok(!JSON.stringify(ctx.lines).includes('secret-ticket'), 'query strings are not logged');
  });

  it('renders unknown routes as Svix {code, detail} 404s', async () => {
    const res = await request(ctx.app).get('/nowhere').expect(404);
    assert.deepEqual(res.body, { code: 'not_found', detail: 'Entity not found' });
  });

  it('lets the widget call from another origin (Bearer tokens, no cookies) and answers preflights', async () => {
    const preflight = await request(ctx.app)
      .options('/portal/v1/connectors')
      .set('origin', 'https://vendor.example')
      .set('access-control-request-headers', 'authorization');
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    assert.match(String(preflight.headers['access-control-allow-headers']), /authorization/);
    const call = await request(ctx.app).get('/portal/v1/kinds').set('origin', 'https://vendor.example');
    assert.equal(call.headers['access-control-allow-origin'], '*');
    assert.equal(call.headers['access-control-allow-credentials'], undefined);
  });

  it('serves the connector kinds to the widget', async () => {
    const res = await request(ctx.app).get('/portal/v1/kinds').expect(200);
    const kinds = res.body.data.map((k: { kind: string }) => k.kind);
    assert.equal(kinds.length, 14);
    assert.ok(kinds.includes('Slack') && kinds.includes('Custom'));
  });
});

describe('vendor API authentication', () => {
  let ctx: Awaited<ReturnType<typeof testApp>>;
  before(async () => {
    ctx = await testApp({ bodyLimitBytes: 64 });
  });
  after(() => ctx.close());

  for (const [label, header] of [
    ['no header', undefined],
    ['a wrong key', `Bearer ${TEST_API_KEY}x`],
    ['a shorter key', 'Bearer test'],
    ['another scheme', `Basic ${TEST_API_KEY}`],
  ] as const) {
    it(`refuses ${label} with 401`, async () => {
      const req = request(ctx.app).get('/api/v1/app');
      if (header) req.set('authorization', header);
      const res = await req.expect(401);
      assert.equal(res.body.code, 'authentication_failed');
    });
  }

  it('lets the right key through to routing', async () => {
    const res = await request(ctx.app)
      .get('/api/v1/nothing-here')
      .set('authorization', `Bearer ${TEST_API_KEY}`)
      .expect(404);
    assert.equal(res.body.code, 'not_found');
  });

  it('answers malformed JSON with 422 and where it failed, never 500', async () => {
    const res = await request(ctx.app)
      .post('/api/v1/app')
      .set('authorization', `Bearer ${TEST_API_KEY}`)
      .set('content-type', 'application/json')
      .send('{"name": ')
      .expect(422);
    assert.equal(res.body.code, 'validation_error');
    assert.deepEqual(res.body.detail[0].loc, ['body']);
  });

  it('answers an oversized body with 413', async () => {
    const res = await request(ctx.app)
      .post('/api/v1/app')
      .set('authorization', `Bearer ${TEST_API_KEY}`)
      .send({ name: 'x'.repeat(100) })
      .expect(413);
    assert.equal(res.body.code, 'payload_too_large');
  });

  it('never logs the API key', async () => {
    await request(ctx.app).get('/api/v1/app').set('authorization', `Bearer ${TEST_API_KEY}`);
    assert.ok(!JSON.stringify(ctx.lines).includes(TEST_API_KEY));
  });
});

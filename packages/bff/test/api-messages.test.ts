import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../src/ids.ts';
import { AttemptStatus, TriggerType } from '../src/model.ts';
import { apiError, manualClock, startApi } from './helpers.ts';

describe('messages and attempts through the svix SDK', () => {
  const clock = manualClock();
  let api: Awaited<ReturnType<typeof startApi>>;
  before(async () => {
    api = await startApi({ clock });
    await api.svix.application.create({ name: 'Acme', uid: 'acme' });
  });
  after(() => api.close());

  it('accepts a message with 202, stores it exactly, and finds it by id or eventId', async () => {
    const payload = { name: 'Ada', amount: 42.5, lines: [{ sku: 'A-1', qty: 2 }], note: 'naïve ✓' };
    const res = await api.fetch('/api/v1/app/acme/msg', {
      method: 'POST',
      body: JSON.stringify({
        eventType: 'invoice.created',
        payload,
        eventId: 'inv-1',
        tags: ['vip'],
        channels: ['eu'],
      }),
    });
    assert.equal(res.status, 202);
    const msg = await res.json();
    assert.match(msg.id, /^msg_[A-Za-z0-9]{27}$/);
    assert.deepEqual(msg.payload, payload);

    const viaSdk = await api.svix.message.get('acme', 'inv-1', { withContent: true });
    assert.equal(viaSdk.id, msg.id);
    assert.deepEqual(viaSdk.payload, payload);
    assert.deepEqual(viaSdk.tags, ['vip']);
  });

  it('refuses a duplicate eventId with 409 and keeps the first', async () => {
    await api.svix.message.create('acme', { eventType: 'invoice.paid', payload: { n: 1 }, eventId: 'dup-1' });
    const dup = await apiError(
      api.svix.message.create('acme', { eventType: 'invoice.paid', payload: { n: 2 }, eventId: 'dup-1' }),
    );
    assert.equal(dup.code, 409);
    assert.match(String(dup.body.detail), /eventId "dup-1" already exists/);
    assert.deepEqual((await api.svix.message.get('acme', 'dup-1', { withContent: true })).payload, { n: 1 });
  });

  it('creates the application on the fly when asked to', async () => {
    const msg = await api.svix.message.create('newco', {
      eventType: 'user.created',
      payload: { id: 1 },
      application: { name: 'NewCo' },
    });
    assert.ok(msg.id);
    assert.equal((await api.svix.application.get('newco')).name, 'NewCo');
    const missing = await apiError(api.svix.message.create('nobody', { eventType: 'user.created', payload: {} }));
    assert.equal(missing.code, 404);
    const application = { name: 'Nope' };
    const unknownId = await apiError(
      api.svix.message.create('app_2ZZZZZZZZZZZZZZZZZZZZZZZZZZ', {
        eventType: 'user.created',
        payload: {},
        application,
      }),
    );
    assert.equal(unknownId.code, 404, 'an id is never made up');
    const otherId = await apiError(
      api.svix.message.create('ep_x', { eventType: 'user.created', payload: {}, application }),
    );
    assert.equal(otherId.code, 422, "another resource's id is no uid");
    assert.deepEqual((otherId.body.detail as { loc: unknown[] }[])[0]?.loc, ['path', 'app_id']);
  });

  it('lists newest first with event type, tag, channel and time filters', async () => {
    await api.svix.application.create({ name: 'Lister', uid: 'lister' });
    const a = await api.svix.message.create('lister', { eventType: 'a.happened', payload: {}, tags: ['t1'] });
    clock.advance(1000);
    const b = await api.svix.message.create('lister', { eventType: 'b.happened', payload: {}, channels: ['c1'] });
    clock.advance(1000);
    const c = await api.svix.message.create('lister', { eventType: 'a.happened', payload: { x: 1 } });
    const ids = async (options: object) => (await api.svix.message.list('lister', options)).data.map((m) => m.id);
    assert.deepEqual(await ids({}), [c.id, b.id, a.id]);
    assert.deepEqual(await ids({ eventTypes: ['a.happened'] }), [c.id, a.id]);
    assert.deepEqual(await ids({ tag: 't1' }), [a.id]);
    assert.deepEqual(await ids({ channel: 'c1' }), [b.id]);
    assert.deepEqual(
      await ids({ before: b.timestamp, after: new Date(0) }),
      [a.id].filter(() => a.timestamp < b.timestamp),
    );
    const page = await api.svix.message.list('lister', { limit: 2 });
    assert.equal(page.done, false);
    assert.deepEqual((await api.svix.message.list('lister', { withContent: true, limit: 1 })).data[0]?.payload, {
      x: 1,
    });
  });

  it('lists attempts by endpoint and by message, with filters, in Svix shape', async () => {
    const app = await api.svix.application.get('acme');
    const ep = await api.svix.endpoint.create('acme', { url: 'https://hooks.example.com/a' });
    const msg = await api.svix.message.create('acme', { eventType: 'invoice.paid', payload: { n: 3 } });
    const now = new Date();
    await api.store.attempts.insert({
      id: newId('atmpt', now.getTime()),
      appId: app.id,
      msgId: msg.id,
      endpointId: ep.id,
      url: ep.url,
      response: '{"ok":false}',
      responseStatusCode: 503,
      responseDurationMs: 31,
      status: AttemptStatus.Fail,
      triggerType: TriggerType.Scheduled,
      timestamp: now,
      taskId: null,
      attemptNumber: null,
      request: null,
      responseHeaders: null,
    });
    const byEndpoint = await api.svix.messageAttempt.listByEndpoint('acme', ep.id);
    assert.equal(byEndpoint.data.length, 1);
    const attempt = byEndpoint.data[0];
    assert.equal(attempt?.msgId, msg.id);
    assert.equal(attempt?.responseStatusCode, 503);
    assert.equal(attempt?.statusText, 'fail');
    assert.equal((await api.svix.messageAttempt.listByMsg('acme', msg.id)).data[0]?.id, attempt?.id);
    assert.equal((await api.svix.messageAttempt.listByEndpoint('acme', ep.id, { status: 0 as never })).data.length, 0);
    const badStatus = await api.fetch(`/api/v1/app/acme/attempt/endpoint/${ep.id}?status=9`);
    assert.equal(badStatus.status, 422);
    assert.equal((await api.fetch('/api/v1/app/acme/attempt/endpoint/ep_missing')).status, 404);
  });

  it('validates messages at the field', async () => {
    const cases: [object, (string | number)[]][] = [
      [{ payload: {} }, ['body', 'eventType']],
      [{ eventType: 'x', payload: [1, 2] }, ['body', 'payload']],
      [{ eventType: 'x', payload: 'text' }, ['body', 'payload']],
      [{ eventType: 'x', payload: {}, tags: ['a', 'b', 'c', 'd', 'e', 'f'] }, ['body', 'tags']],
      [{ eventType: 'x', payload: {}, eventId: 'e'.repeat(300) }, ['body', 'eventId']],
      [{ eventType: 'bad type!', payload: {} }, ['body', 'eventType']],
    ];
    for (const [body, loc] of cases) {
      const res = await api.fetch('/api/v1/app/acme/msg', { method: 'POST', body: JSON.stringify(body) });
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.deepEqual(((await res.json()).detail as { loc: unknown[] }[])[0]?.loc, loc);
    }
  });

  it('refuses, as Svix does, a message that names no event type or has no payload, and stores nothing', async () => {
    const before = (await api.svix.message.list('acme', { limit: 250 })).data.length;
    const noEventType: [string, object][] = [
      ['missing', { payload: {} }],
      ['null', { eventType: null, payload: {} }],
      ['empty', { eventType: '', payload: {} }],
      ['blank', { eventType: ' ', payload: {} }],
      ['a number', { eventType: 42, payload: {} }],
      ['a list', { eventType: ['invoice.created'], payload: {} }],
    ];
    const required: [string, object, (string | number)[]][] = [
      ...noEventType.map(([what, body]): [string, object, (string | number)[]] => [what, body, ['body', 'eventType']]),
      ['no payload', { eventType: 'invoice.created' }, ['body', 'payload']],
      ['a null payload', { eventType: 'invoice.created', payload: null }, ['body', 'payload']],
    ];
    for (const [what, body, loc] of required) {
      const res = await api.fetch('/api/v1/app/acme/msg', { method: 'POST', body: JSON.stringify(body) });
      assert.equal(res.status, 422, what);
      const answer = await res.json();
      assert.equal(answer.code, 'validation_error', what);
      const locs = (answer.detail as { loc: unknown[] }[]).map((d) => d.loc);
      assert.ok(locs.length > 0, what);
      for (const at of locs) assert.deepEqual(at, loc, what);
    }
    const sdk = await apiError(api.svix.message.create('acme', { payload: {} } as never));
    assert.equal(sdk.code, 422);
    assert.equal((await api.svix.message.list('acme', { limit: 250 })).data.length, before);
  });
});

describe('Idempotency-Key', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  before(async () => {
    api = await startApi();
    await api.svix.application.create({ name: 'Acme', uid: 'acme' });
  });
  after(() => api.close());

  it('answers a repeated POST with the stored answer and creates nothing new', async () => {
    const send = () =>
      api.svix.message.create('acme', { eventType: 'invoice.created', payload: { n: 1 } }, { idempotencyKey: 'key-1' });
    const first = await send();
    const second = await send();
    assert.equal(second.id, first.id);
    assert.equal((await api.svix.message.list('acme')).data.length, 1);
    const raw = await api.fetch('/api/v1/app/acme/msg?with_content=false', {
      method: 'POST',
      headers: { 'idempotency-key': 'key-1' },
      body: JSON.stringify({ eventType: 'invoice.created', payload: { n: 1 } }),
    });
    assert.equal(raw.status, 202);
    assert.equal(raw.headers.get('idempotent-replayed'), 'true');
  });

  it('refuses the same key for a different request', async () => {
    await api.svix.application.create({ name: 'A' }, { idempotencyKey: 'key-2' });
    const clash = await apiError(api.svix.application.create({ name: 'B' }, { idempotencyKey: 'key-2' }));
    assert.equal(clash.code, 409);
    assert.equal(clash.body.code, 'idempotency_key_reused');
  });

  it('lets a client retry a key whose request failed', async () => {
    const failed = await apiError(api.svix.application.create({ name: 'C', uid: 'acme' }, { idempotencyKey: 'key-3' }));
    assert.equal(failed.code, 409);
    const ok = await api.svix.application.create({ name: 'C', uid: 'c-corp' }, { idempotencyKey: 'key-3' });
    assert.equal(ok.uid, 'c-corp');
  });
});

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { FAKE_CREDENTIALS, type Fakes, giveConsent, startFakes } from '@patchbay/fakes';
import { CATALOG } from '../src/catalog/catalog.ts';
import { DRAFT_TTL_MS } from '../src/delivery/housekeeping.ts';
import { MAX_DRAFTS } from '../src/domain/endpoints.ts';
import { type Json, manualClock, PUBLIC_URL, startApi, TEST_API_KEY } from './helpers.ts';
import { startReceiver } from './receiver.ts';

const EVENT = 'invoice.created';
const IDENTITY = 'function handler(webhook) { return webhook; }';

/**
 * A connection made in the portal (a form or an OAuth claim) is a draft until the customer saves
 * it: kept, so nothing need be entered or approved again, but delivering nothing, and gone after
 * a day untouched. The vendor's own endpoints are live at once.
 */
describe('drafts', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let api: Awaited<ReturnType<typeof startApi>>;
  let clock: ReturnType<typeof manualClock>;
  let owner: string;

  before(async () => {
    receiver = await startReceiver();
  });
  after(() => receiver.close());
  beforeEach(async () => {
    receiver.received.length = 0;
    clock = manualClock(new Date());
    api = await startApi({ clock, delivery: { allowPrivateNetworks: true } });
    await api.svix.eventType.create({
      name: EVENT,
      description: 'An invoice',
      schemas: { 1: { type: 'object', examples: [{ amount: 1 }] } },
    });
    await api.svix.application.create({ name: 'Acme', uid: 'acme' });
    owner = (await api.svix.authentication.appPortalAccess('acme', {})).token;
  });
  afterEach(() => api.close());

  async function call(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
    const res = await api.fetch(path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      ...(init.token ? { token: init.token } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Json };
  }
  const connector = async (kind: string, extra: object = {}) =>
    (await call('/api/v1/connector', { body: { name: kind, kind, transformation: IDENTITY, ...extra } })).json.id;
  const connect = (connectorId: string, credentials: Record<string, string>) =>
    call(`/portal/v1/connectors/${connectorId}/connect`, { token: owner, body: { credentials } });
  const listed = async () => (await call('/api/v1/app/acme/endpoint')).json.data.map((e: Json) => e.id);
  const drafts = async () => (await call('/portal/v1/drafts', { token: owner })).json.data.map((e: Json) => e.id);
  const send = async () => (await call('/api/v1/app/acme/msg', { body: { eventType: EVENT, payload: { n: 1 } } })).json;
  const customDraft = async (path = '/hook') => {
    const made = await connect(await connector('Custom'), { url: `${receiver.url}${path}` });
    assert.equal(made.status, 201, JSON.stringify(made.json));
    return made.json.id as string;
  };

  it('delivers nothing to a connection before it is saved, lists it apart, and delivers once saved', async () => {
    const id = await customDraft();
    assert.deepEqual(await listed(), [], "the vendor's endpoint list shows no half-made connection");
    assert.deepEqual(await drafts(), [id]);
    const first = await send();
    await api.worker.tick();
    assert.equal(receiver.at('/hook').length, 0, 'a draft is not fanned out to');
    assert.deepEqual((await call(`/api/v1/app/acme/endpoint/${id}/stats`)).json, {
      success: 0,
      pending: 0,
      sending: 0,
      fail: 0,
      canceled: 0,
    });

    // Nor can anything be sent to it by hand.
    for (const [path, body] of [
      [`/api/v1/app/acme/endpoint/${id}/send-example`, { eventType: EVENT }],
      [`/api/v1/app/acme/msg/${first.id}/endpoint/${id}/resend`, {}],
      [`/api/v1/app/acme/endpoint/${id}/recover`, { since: new Date(0).toISOString() }],
      [`/api/v1/app/acme/endpoint/${id}/replay-missing`, { since: new Date(0).toISOString() }],
      [`/api/v1/app/acme/endpoint/${id}/bulk-replay`, { since: new Date(0).toISOString() }],
    ] as const) {
      const refused = await call(path, { token: owner, body });
      assert.equal(refused.status, 409, path);
      assert.equal(refused.json.code, 'endpoint_draft', path);
      assert.match(refused.json.detail, /not saved yet/);
    }
    await api.worker.tick();
    assert.equal(receiver.at('/hook').length, 0);

    const code = 'function handler(webhook) { webhook.payload = { saved: true }; return webhook; }';
    const saved = await call(`/portal/v1/drafts/${id}/save`, { token: owner, body: { eventTypes: [EVENT], code } });
    assert.equal(saved.status, 200, JSON.stringify(saved.json));
    assert.deepEqual(saved.json.eventTypes, [EVENT]);
    assert.deepEqual(await listed(), [id]);
    assert.deepEqual(await drafts(), []);
    const transformation = (await call(`/api/v1/app/acme/endpoint/${id}/transformation`)).json;
    assert.deepEqual([transformation.code, transformation.enabled], [code, true]);

    const second = await send();
    await api.worker.tick();
    assert.deepEqual(
      receiver.at('/hook').map((r) => [r.headers['webhook-id'], r.body]),
      [[second.id, '{"saved":true}']],
      'only what was sent after Save, transformed as saved',
    );
    const again = await call(`/portal/v1/drafts/${id}/save`, { token: owner, body: {} });
    assert.deepEqual([again.status, again.json.code], [409, 'not_a_draft']);
  });

  it('saving checks what it saves: unknown events and broken code are 422, and it stays a draft', async () => {
    const id = await customDraft();
    const unknown = await call(`/portal/v1/drafts/${id}/save`, { token: owner, body: { eventTypes: ['nope.never'] } });
    assert.equal(unknown.status, 422);
    assert.deepEqual(unknown.json.detail[0].loc, ['body', 'eventTypes', 0]);
    const broken = await call(`/portal/v1/drafts/${id}/save`, {
      token: owner,
      body: { code: 'function handler(webhook) { return webhook' },
    });
    assert.equal(broken.status, 422);
    assert.deepEqual(await drafts(), [id]);
    const viewer = (await api.svix.authentication.appPortalAccess('acme', { capabilities: ['ViewBase'] } as never))
      .token;
    assert.equal((await call(`/portal/v1/drafts/${id}/save`, { token: viewer, body: {} })).status, 403);
  });

  it('removes a draft left untouched for a day, with its credentials; saved endpoints stay', async () => {
    const bearer = await connector('Custom', { authenticationMethod: 'HttpBearer' });
    const made = await connect(bearer, { url: `${receiver.url}/old`, token: 'tok-0123456789' });
    const old = made.json.id;
    const kept = await customDraft('/kept');
    await call(`/portal/v1/drafts/${kept}/save`, { token: owner, body: {} });
    const vendor = await api.svix.endpoint.create('acme', { url: `${receiver.url}/vendor` });
    assert.ok(await api.store.credentials.get(old));

    clock.advance(DRAFT_TTL_MS - 60_000);
    assert.equal(await api.housekeeping.sweep(), 0, 'a day has not passed');
    owner = (await api.svix.authentication.appPortalAccess('acme', {})).token;
    const recent = await customDraft('/recent');
    clock.advance(120_000);
    assert.equal(await api.housekeeping.sweep(), 1);
    assert.deepEqual(await drafts(), [recent], 'only the draft older than a day');
    assert.equal(await api.store.credentials.get(old), undefined, 'its credentials go with it');
    assert.equal((await call(`/api/v1/app/acme/endpoint/${old}`)).status, 404);
    assert.deepEqual((await listed()).sort(), [kept, vendor.id].sort());
  });

  it('the worker process sweeps when it starts, and then every so often', async () => {
    await customDraft();
    clock.advance(DRAFT_TTL_MS + 1);
    api.housekeeping.start();
    // start() runs one pass at once; stop() waits for it.
    await api.housekeeping.stop();
    owner = (await api.svix.authentication.appPortalAccess('acme', {})).token;
    assert.deepEqual(await drafts(), []);
  });

  it("the vendor's own POST /endpoint is live at once, connector or not", async () => {
    const withConnector = await api.svix.endpoint.create('acme', {
      url: `${receiver.url}/vendor`,
      connectorId: await connector('Custom'),
    } as never);
    assert.deepEqual(await listed(), [withConnector.id]);
    assert.deepEqual(await drafts(), []);
    await send();
    await api.worker.tick();
    assert.equal(receiver.at('/vendor').length, 1);
  });

  it('an OAuth claim makes a draft too (Slack), delivering nothing until saved', async () => {
    const fakes: Fakes = await startFakes({ redirectUris: [`${PUBLIC_URL}/oauth/slack/callback`] });
    const local = await startApi({
      clock,
      oauth: { slack: { ...FAKE_CREDENTIALS.slack } },
      serviceBaseUrls: { SLACK: fakes.urls.slack },
    });
    try {
      await local.svix.eventType.create({ name: EVENT, description: 'An invoice' });
      await local.svix.application.create({ name: 'Acme', uid: 'acme' });
      const token = (await local.svix.authentication.appPortalAccess('acme', {})).token;
      const slack = (
        await (
          await local.fetch('/api/v1/connector', {
            method: 'POST',
            body: JSON.stringify({ name: 'Slack', kind: 'Slack', transformation: IDENTITY }),
          })
        ).json()
      ).id;
      const started = await (
        await local.fetch(`/portal/v1/connectors/${slack}/connect/oauth`, {
          method: 'POST',
          token,
          body: '{}',
          headers: { origin: new URL(PUBLIC_URL).origin },
        })
      ).json();
      const { callbackUrl } = await giveConsent(started.startUrl.replace(PUBLIC_URL, local.url), 'approve');
      const page = await (await fetch(callbackUrl.replace(PUBLIC_URL, local.url))).text();
      const code = JSON.parse(/postMessage\((\{.*?\}), "/.exec(page)?.[1] ?? '{}').code;
      const claimed = await local.fetch(`/portal/v1/connect-sessions/${started.sessionId}/claim`, {
        method: 'POST',
        token,
        body: JSON.stringify({ code }),
      });
      assert.equal(claimed.status, 201);
      const { id } = await claimed.json();
      await local.fetch('/api/v1/app/acme/msg', {
        method: 'POST',
        body: JSON.stringify({ eventType: EVENT, payload: { text: 'before' } }),
      });
      await local.worker.tick();
      assert.equal(fakes.slack.server.requests({ method: 'POST', path: '/services/' }).length, 0);
      await local.fetch(`/portal/v1/drafts/${id}/save`, { method: 'POST', token, body: '{}' });
      await local.fetch('/api/v1/app/acme/msg', {
        method: 'POST',
        body: JSON.stringify({ eventType: EVENT, payload: { text: 'after' } }),
      });
      await local.worker.tick();
      const posted = fakes.slack.server.requests({ method: 'POST', path: '/services/' });
      assert.deepEqual(
        posted.map((r) => (r.body as { text?: string }).text),
        ['after'],
      );
    } finally {
      await local.close();
      await fakes.stop();
    }
  });

  it(`holds at most ${MAX_DRAFTS} drafts per application`, async () => {
    const custom = await connector('Custom');
    for (let i = 0; i < MAX_DRAFTS; i++)
      assert.equal((await connect(custom, { url: `${receiver.url}/d${i}` })).status, 201);
    const refused = await connect(custom, { url: `${receiver.url}/more` });
    assert.deepEqual([refused.status, refused.json.code], [409, 'too_many_drafts']);
  });

  it('a Save after the sweep removed the draft is a 404, and nothing is delivered', async () => {
    const id = await customDraft();
    clock.advance(DRAFT_TTL_MS + 1);
    assert.equal(await api.housekeeping.sweep(), 1);
    owner = (await api.svix.authentication.appPortalAccess('acme', {})).token;
    const saved = await call(`/portal/v1/drafts/${id}/save`, { token: owner, body: { eventTypes: [EVENT] } });
    assert.deepEqual([saved.status, saved.json.code], [404, 'not_found']);
    const patched = await call(`/api/v1/app/acme/endpoint/${id}`, { method: 'PATCH', token: owner, body: {} });
    assert.equal(patched.status, 404, 'nor is an edit written to it');
    await send();
    await api.worker.tick();
    assert.equal(receiver.at('/hook').length, 0);
    assert.deepEqual(await listed(), []);
  });

  it('an edit before or after Save leaves the saved connection live', async () => {
    const id = await customDraft();
    const edit = (description: string) =>
      call(`/api/v1/app/acme/endpoint/${id}`, { method: 'PATCH', token: owner, body: { description } });
    assert.equal((await edit('before Save')).status, 200);
    assert.deepEqual(await drafts(), [id], 'an edit does not save a draft');
    assert.equal((await call(`/portal/v1/drafts/${id}/save`, { token: owner, body: {} })).status, 200);
    assert.equal((await edit('after Save')).status, 200);
    const transformation = await call(`/api/v1/app/acme/endpoint/${id}/transformation`, {
      method: 'PATCH',
      token: owner,
      body: { code: IDENTITY },
    });
    assert.equal(transformation.status, 204, JSON.stringify(transformation.json));
    assert.deepEqual([await listed(), await drafts()], [[id], []]);
    await send();
    await api.worker.tick();
    assert.equal(receiver.at('/hook').length, 1, 'still delivered to');
    clock.advance(DRAFT_TTL_MS * 2);
    assert.equal(await api.housekeeping.sweep(), 0, 'and never swept');
  });

  it('a draft worked on at 23 h 55 (edited, its transformation saved, resumed) survives the sweep at 24 h', async () => {
    const [edited, transformed, resumed, untouched] = [
      await customDraft('/edited'),
      await customDraft('/transformed'),
      await customDraft('/resumed'),
      await customDraft('/untouched'),
    ];
    clock.advance(DRAFT_TTL_MS - 5 * 60_000);
    owner = (await api.svix.authentication.appPortalAccess('acme', {})).token;
    const worked = [
      await call(`/api/v1/app/acme/endpoint/${edited}`, { method: 'PATCH', token: owner, body: { description: 'x' } }),
      await call(`/api/v1/app/acme/endpoint/${transformed}/transformation`, {
        method: 'PATCH',
        token: owner,
        body: { code: IDENTITY },
      }),
      await call(`/portal/v1/drafts/${resumed}/resume`, { token: owner, body: {} }),
    ];
    assert.deepEqual(
      worked.map((r) => r.status),
      [200, 204, 200],
    );
    assert.equal(worked[2]?.json.id, resumed, 'resume answers the draft');
    clock.advance(5 * 60_000 + 1);
    assert.equal(await api.housekeeping.sweep(), 1);
    owner = (await api.svix.authentication.appPortalAccess('acme', {})).token;
    assert.deepEqual((await drafts()).sort(), [edited, transformed, resumed].sort());
    assert.equal((await call(`/api/v1/app/acme/endpoint/${untouched}`)).status, 404);
    const live = await call(`/portal/v1/drafts/${resumed}/save`, { token: owner, body: {} });
    assert.equal(live.status, 200);
    const again = await call(`/portal/v1/drafts/${resumed}/resume`, { token: owner, body: {} });
    assert.deepEqual([again.status, again.json.code], [409, 'not_a_draft']);
  });

  it('at the draft limit, OAuth is refused before the sign-in, and a claim that meets the limit keeps its approval', async () => {
    const fakes: Fakes = await startFakes({ redirectUris: [`${PUBLIC_URL}/oauth/slack/callback`] });
    const local = await startApi({
      clock,
      delivery: { allowPrivateNetworks: true },
      oauth: { slack: { ...FAKE_CREDENTIALS.slack } },
      serviceBaseUrls: { SLACK: fakes.urls.slack },
    });
    try {
      await local.svix.application.create({ name: 'Acme', uid: 'acme' });
      const token = (await local.svix.authentication.appPortalAccess('acme', {})).token;
      const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
        const res = await local.fetch(path, { method: 'POST', token, body: JSON.stringify(body), headers });
        return { status: res.status, json: (await res.json()) as Json };
      };
      const made = async (kind: string) =>
        (
          await local.fetch('/api/v1/connector', {
            method: 'POST',
            body: JSON.stringify({ name: kind, kind, transformation: IDENTITY }),
          })
        ).json();
      const [slack, custom] = [(await made('Slack')).id, (await made('Custom')).id];
      const fill = async (n: number) => {
        const ids: string[] = [];
        for (let i = 0; i < n; i++) {
          const draft = await post(`/portal/v1/connectors/${custom}/connect`, {
            credentials: { url: `${receiver.url}/d${i}` },
          });
          assert.equal(draft.status, 201);
          ids.push(draft.json.id);
        }
        return ids;
      };
      const start = () =>
        post(`/portal/v1/connectors/${slack}/connect/oauth`, {}, { origin: new URL(PUBLIC_URL).origin });

      // Signed in and approved while there was room; the drafts filled up before the claim.
      const started = await start();
      assert.equal(started.status, 201);
      const { callbackUrl } = await giveConsent(started.json.startUrl.replace(PUBLIC_URL, local.url), 'approve');
      const page = await (await fetch(callbackUrl.replace(PUBLIC_URL, local.url))).text();
      const code = JSON.parse(/postMessage\((\{.*?\}), "/.exec(page)?.[1] ?? '{}').code;
      const drafts = await fill(MAX_DRAFTS);

      const refused = await start();
      assert.deepEqual(
        [refused.status, refused.json.code],
        [409, 'too_many_drafts'],
        'no popup to sign in for nothing',
      );
      const claim = () => post(`/portal/v1/connect-sessions/${started.json.sessionId}/claim`, { code });
      const full = await claim();
      assert.deepEqual([full.status, full.json.code], [409, 'too_many_drafts']);
      const session = await (
        await local.fetch(`/portal/v1/connect-sessions/${started.json.sessionId}`, { token })
      ).json();
      assert.deepEqual([session.status, session.error], ['authorized', null], 'still waiting for its claim');

      assert.equal(
        (await local.fetch(`/api/v1/app/acme/endpoint/${drafts[0]}`, { method: 'DELETE', token })).status,
        204,
      );
      const claimed = await claim();
      assert.equal(claimed.status, 201, JSON.stringify(claimed.json));
      assert.equal(claimed.json.connectorId, slack);
      assert.equal(
        fakes.slack.server.requests({ method: 'POST', path: '/api/oauth.v2.access' }).length,
        1,
        'one sign-in',
      );
    } finally {
      await local.close();
      await fakes.stop();
    }
  });

  it('concurrent connects never pass the draft limit', async () => {
    const custom = await connector('Custom');
    for (let i = 0; i < MAX_DRAFTS - 2; i++)
      assert.equal((await connect(custom, { url: `${receiver.url}/d${i}` })).status, 201);
    const racing = await Promise.all(
      Array.from({ length: 6 }, (_, i) => connect(custom, { url: `${receiver.url}/race${i}` })),
    );
    assert.deepEqual(racing.map((r) => r.status).sort(), [201, 201, 409, 409, 409, 409]);
    assert.ok(racing.filter((r) => r.status === 409).every((r) => r.json.code === 'too_many_drafts'));
    assert.equal((await drafts()).length, MAX_DRAFTS);
  });

  it('at the draft limit, a form connect is refused before the service is asked to check anything', async () => {
    const fakes = await startFakes();
    try {
      const custom = await connector('Custom');
      for (let i = 0; i < MAX_DRAFTS; i++)
        assert.equal((await connect(custom, { url: `${receiver.url}/d${i}` })).status, 201);
      const { workspace, token } = FAKE_CREDENTIALS.windmill;
      const refused = await connect(await connector('Windmill'), {
        instanceUrl: fakes.urls.windmill,
        workspace,
        runnable: 'script',
        path: 'u/bot/hello',
        token,
      });
      assert.deepEqual([refused.status, refused.json.code], [409, 'too_many_drafts']);
      assert.deepEqual(fakes.servers.windmill?.received.filter((r) => r.path.endsWith('/users/whoami')) ?? [], []);
    } finally {
      await fakes.stop();
    }
  });
});

describe('credentials in URLs', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let api: Awaited<ReturnType<typeof startApi>>;
  let owner: string;

  before(async () => {
    receiver = await startReceiver();
    api = await startApi({ delivery: { allowPrivateNetworks: true } });
    await api.svix.eventType.create({ name: EVENT, description: 'An invoice' });
    await api.svix.application.create({ name: 'Acme', uid: 'acme' });
    owner = (await api.svix.authentication.appPortalAccess('acme', {})).token;
  });
  after(async () => {
    await api.close();
    await receiver.close();
  });

  const post = async (path: string, body: unknown, token = owner) => {
    const res = await api.fetch(path, { method: 'POST', token, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Json };
  };
  const connector = async (extra: object = {}) =>
    (
      await post(
        '/api/v1/connector',
        { name: 'Acme CRM', kind: 'Custom', transformation: IDENTITY, ...extra },
        TEST_API_KEY,
      )
    ).json.id;

  it('refuses a user name or password in a connect URL at its field, pointing to the Basic fields when there are some', async () => {
    const url = receiver.url.replace('http://', 'http://ada:s3cret-pass@');
    const plain = await post(`/portal/v1/connectors/${await connector()}/connect`, { credentials: { url } });
    assert.equal(plain.status, 422);
    assert.deepEqual(
      plain.json.detail.map((p: Json) => p.loc),
      [['body', 'credentials', 'url']],
    );
    assert.match(plain.json.detail[0].msg, /must not contain a user name or password/);
    const basic = await connector({ authenticationMethod: 'HttpBasic' });
    const pointed = await post(`/portal/v1/connectors/${basic}/connect`, { credentials: { url } });
    assert.match(pointed.json.detail[0].msg, /in their own fields/);
    assert.ok(!JSON.stringify(plain.json).includes('s3cret-pass'), 'the answer does not repeat the password');
  });

  it('Basic fields: both or neither; given, the delivery carries them and nothing shows the password', async () => {
    const basic = await connector({ authenticationMethod: 'HttpBasic' });
    const half = await post(`/portal/v1/connectors/${basic}/connect`, {
      credentials: { url: `${receiver.url}/basic`, username: 'ada' },
    });
    assert.equal(half.status, 422);
    assert.deepEqual(half.json.detail[0].loc, ['body', 'credentials', 'password']);
    const none = await post(`/portal/v1/connectors/${basic}/connect`, { credentials: { url: `${receiver.url}/none` } });
    assert.equal(none.status, 201, 'a URL that needs no authentication needs no fields');
    const made = await post(`/portal/v1/connectors/${basic}/connect`, {
      credentials: { url: `${receiver.url}/basic`, username: 'ada', password: 's3cret-pass' },
    });
    assert.equal(made.status, 201, JSON.stringify(made.json));
    await post(`/portal/v1/drafts/${made.json.id}/save`, {});
    await post('/api/v1/app/acme/msg', { eventType: EVENT, payload: { n: 1 } }, TEST_API_KEY);
    await api.worker.tick();
    assert.equal(
      receiver.at('/basic')[0]?.headers.authorization,
      `Basic ${Buffer.from('ada:s3cret-pass').toString('base64')}`,
    );
    const hint = await (await api.fetch(`/portal/v1/endpoints/${made.json.id}/connection`, { token: owner })).json();
    assert.deepEqual(hint.hint, { username: '••••' });
    // A key as the user name is masked like a key.
    const keyed = await post(`/portal/v1/connectors/${basic}/connect`, {
      credentials: { url: `${receiver.url}/basic`, username: 'sk_live_abcdefgh12345', password: 'x' },
    });
    const keyHint = await (
      await api.fetch(`/portal/v1/endpoints/${keyed.json.id}/connection`, { token: owner })
    ).json();
    assert.deepEqual(keyHint.hint, { username: 'sk_…2345' });
  });

  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const session = async (capabilities: string[]) =>
    (await api.svix.authentication.appPortalAccess('acme', { capabilities } as never)).token;
  const get = async (path: string, token = owner) => (await api.fetch(path, { token })).json();
  // What a hostile session tries: print the URL, and carry it out in the payload.
  const LEAK = 'function handler(w) { console.log(w.url); w.payload = { leaked: w.url }; return w; }';

  /** Everything a session holding `capabilities` (or the vendor) can read of the endpoint and its log. */
  async function readable(endpointId: string, capabilities: string[]) {
    const token = await session(capabilities);
    const simulated = await post(
      `/api/v1/app/acme/endpoint/${endpointId}/transformation/simulate`,
      { code: LEAK, eventType: EVENT, payload: { n: 1 } },
      token,
    );
    assert.equal(simulated.status, 200, JSON.stringify(simulated.json));
    return {
      simulated: simulated.json,
      texts: [
        JSON.stringify(simulated.json),
        JSON.stringify(await get(`/api/v1/app/acme/endpoint/${endpointId}`, token)),
        JSON.stringify(await get('/api/v1/app/acme/endpoint', token)),
        JSON.stringify(await get(`/api/v1/app/acme/attempt/endpoint/${endpointId}`, token)),
        JSON.stringify(await get(`/portal/v1/endpoints/${endpointId}/connection`, token)),
        JSON.stringify(await get(`/api/v1/app/acme/endpoint/${endpointId}`, TEST_API_KEY)),
        JSON.stringify(await get(`/api/v1/app/acme/attempt/endpoint/${endpointId}`, TEST_API_KEY)),
      ],
    };
  }
  const deliver = async (n: number) => {
    await post('/api/v1/app/acme/msg', { eventType: EVENT, payload: { n } }, TEST_API_KEY);
    await api.worker.tick();
  };
  const noneHolds = (texts: string[], secrets: string[]) => {
    for (const secret of secrets) {
      for (const text of texts) assert.ok(!text.includes(secret), `${secret} in ${text}`);
      assert.ok(!api.lines.some((l) => JSON.stringify(l).includes(secret)), `${secret} in the process log`);
    }
  };

  it("a vendor's URL with user info delivers as Basic auth (as Svix), and no session, answer or log holds the user info", async () => {
    const url = `${receiver.url.replace('http://', 'http://ada-lovelace:s3cret-pass@')}/vendor`;
    const endpoint = await api.svix.endpoint.create('acme', { url });
    assert.equal(endpoint.url, `${receiver.url}/vendor`, 'the user info went into the encrypted credentials');
    await deliver(1);
    assert.equal(receiver.at('/vendor')[0]?.headers.authorization, basic('ada-lovelace', 's3cret-pass'));
    // A transformation may change the path: the credentials go with it, to the same origin only.
    await api.fetch(`/api/v1/app/acme/endpoint/${endpoint.id}/transformation`, {
      method: 'PATCH',
      body: JSON.stringify({ code: "function handler(w) { w.url = w.url + '/deeper'; return w; }", enabled: true }),
    });
    await deliver(2);
    assert.equal(receiver.at('/vendor/deeper')[0]?.headers.authorization, basic('ada-lovelace', 's3cret-pass'));
    // Another origin (the same receiver under another name) gets nothing: the credentials stay home.
    const elsewhere = `${receiver.url.replace('127.0.0.1', 'localhost')}/elsewhere`;
    await api.fetch(`/api/v1/app/acme/endpoint/${endpoint.id}/transformation`, {
      method: 'PATCH',
      body: JSON.stringify({ code: `function handler(w) { w.url = ${JSON.stringify(elsewhere)}; return w; }` }),
    });
    await deliver(3);
    assert.equal(receiver.at('/elsewhere').length, 0);
    const [last] = (await get(`/api/v1/app/acme/attempt/endpoint/${endpoint.id}`, TEST_API_KEY)).data;
    assert.match(last.response, /credentials are only sent to/);

    const transformer = await readable(endpoint.id, ['ManageTransformations']);
    assert.equal(transformer.simulated.url, `${receiver.url}/vendor`);
    assert.deepEqual(
      transformer.simulated.console.map((c: Json) => c.message),
      [`${receiver.url}/vendor`],
    );
    assert.equal(transformer.simulated.payload, JSON.stringify({ leaked: `${receiver.url}/vendor` }));
    const viewer = await readable(endpoint.id, ['ViewBase', 'ManageTransformations']);
    noneHolds([...transformer.texts, ...viewer.texts], ['s3cret-pass', 'ada-lovelace']);

    const written = await post(`/api/v1/app/acme/endpoint/${endpoint.id}/transformation/simulate`, {
      code: "function handler(webhook) { webhook.url = 'https://bob:hunter2@example.com/x'; return webhook; }",
      eventType: EVENT,
      payload: {},
    });
    assert.equal(written.json.url, 'https://***@example.com/x', 'a URL the code wrote is shown masked');
  });

  it('a user name alone (an API key sent as Basic) is user info too: moved, delivered, never shown', async () => {
    const url = `${receiver.url.replace('http://', 'http://sk_live_abc123xyz@')}/key`;
    const endpoint = await api.svix.endpoint.create('acme', { url });
    await deliver(3);
    assert.equal(receiver.at('/key')[0]?.headers.authorization, basic('sk_live_abc123xyz', ''));
    const { simulated, texts } = await readable(endpoint.id, ['ViewBase', 'ManageTransformations']);
    assert.equal(simulated.url, `${receiver.url}/key`);
    noneHolds(texts, ['sk_live_abc123xyz']);
    await api.svix.endpoint.delete('acme', endpoint.id);
  });

  it("a URL changed to one with user info moves it too, replacing the user info it had; another kind's credentials refuse it", async () => {
    const endpoint = await api.svix.endpoint.create('acme', { url: `${receiver.url}/patched` });
    for (const [user, password] of [
      ['ada', 'first-pass'],
      ['bob', 'second-pass'],
    ] as const) {
      const changed = await api.fetch(`/api/v1/app/acme/endpoint/${endpoint.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ url: `${receiver.url.replace('http://', `http://${user}:${password}@`)}/patched` }),
      });
      assert.equal(changed.status, 200);
      assert.equal((await changed.json()).url, `${receiver.url}/patched`);
    }
    await deliver(4);
    assert.equal(receiver.at('/patched')[0]?.headers.authorization, basic('bob', 'second-pass'));
    const { texts } = await readable(endpoint.id, ['ViewBase', 'ManageTransformations']);
    noneHolds(texts, ['first-pass', 'second-pass']);
    await api.svix.endpoint.delete('acme', endpoint.id);

    const slack = await api.fetch('/api/v1/app/acme/endpoint', {
      method: 'POST',
      body: JSON.stringify({ url: 'https://ada:pw@hooks.slack.com/services/T0/B0/secret' }),
    });
    assert.equal(slack.status, 422, 'a secret webhook URL is sent with no Basic authentication');
    const refused = await slack.json();
    assert.equal(refused.detail[0].type, 'value_error.url.credentials');
    assert.ok(!JSON.stringify(refused).includes('pw@'));
  });

  it('a URL written without the user info its pair came from drops the pair, as in Svix: no more Basic, and free to move', async () => {
    const endpoint = await api.svix.endpoint.create('acme', {
      url: `${receiver.url.replace('http://', 'http://ada:first-pass@')}/dropped`,
    });
    const patch = (url: string) =>
      api.fetch(`/api/v1/app/acme/endpoint/${endpoint.id}`, { method: 'PATCH', body: JSON.stringify({ url }) });
    // The same URL, without its user info: what the vendor writes is the whole truth.
    assert.equal((await patch(`${receiver.url}/dropped`)).status, 200);
    await deliver(6);
    const [first] = receiver.at('/dropped');
    assert.ok(first, 'delivered');
    assert.equal(first.headers.authorization, undefined, 'no Basic authentication any more');
    // Elsewhere (another origin): nothing it holds is bound to the old one.
    const elsewhere = receiver.url.replace('127.0.0.1', 'localhost');
    const moved = await patch(`${elsewhere}/moved`);
    assert.equal(moved.status, 200, JSON.stringify(await moved.clone().json()));
    await deliver(7);
    const [there] = receiver.at('/moved');
    assert.ok(there, 'delivered where it moved');
    assert.equal(there.headers.authorization, undefined);
    await api.svix.endpoint.delete('acme', endpoint.id);
  });

  it('an endpoint stored with user info in its URL (before it was moved) still delivers, and shows none of it', async () => {
    const endpoint = await api.svix.endpoint.create('acme', { url: `${receiver.url}/legacy` });
    const appId = (await api.svix.application.get('acme')).id;
    const row = await api.store.endpoints.get(appId, endpoint.id);
    assert.ok(row);
    const legacy = `${receiver.url.replace('http://', 'http://old-user:legacy-pass@')}/legacy`;
    await api.store.endpoints.update({ ...row, url: legacy });
    await deliver(5);
    assert.equal(receiver.at('/legacy')[0]?.headers.authorization, basic('old-user', 'legacy-pass'));
    const { simulated, texts } = await readable(endpoint.id, ['ViewBase', 'ManageTransformations']);
    assert.equal(simulated.url, `${receiver.url}/legacy`);
    noneHolds(texts, ['legacy-pass', 'old-user']);
    await api.svix.endpoint.delete('acme', endpoint.id);

    // A Custom connection made when its form still took user info in the URL: credentials of its own, and the URL's.
    const made = await post(`/portal/v1/connectors/${await connector()}/connect`, {
      credentials: { url: `${receiver.url}/legacy-custom` },
    });
    assert.equal(made.status, 201, JSON.stringify(made.json));
    await post(`/portal/v1/drafts/${made.json.id}/save`, {});
    const saved = await api.store.endpoints.get(appId, made.json.id);
    assert.ok(saved);
    await api.store.endpoints.update({ ...saved, url: legacy.replace('/legacy', '/legacy-custom') });
    await deliver(6);
    assert.equal(receiver.at('/legacy-custom')[0]?.headers.authorization, basic('old-user', 'legacy-pass'));
    noneHolds((await readable(made.json.id, ['ViewBase', 'ManageTransformations'])).texts, ['legacy-pass', 'old-user']);
    await api.svix.endpoint.delete('acme', made.json.id);
  });
});

describe('connect refusals name a field the form has', () => {
  it('every kind that verifies names one of its own fields, whatever the service answers', async () => {
    const answers = [
      { kind: 'response' as const, status: 401, headers: {}, body: '', durationMs: 1 },
      { kind: 'response' as const, status: 404, headers: {}, body: '', durationMs: 1 },
      { kind: 'response' as const, status: 500, headers: {}, body: '', durationMs: 1 },
      { kind: 'error' as const, reason: 'network' as const, message: 'ECONNREFUSED', durationMs: 1 },
      { kind: 'error' as const, reason: 'blocked' as const, message: 'Blocked destination: loopback', durationMs: 1 },
    ];
    const verifying = CATALOG.filter((k) => k.verify);
    assert.ok(verifying.length >= 4, verifying.map((k) => k.kind).join());
    for (const kind of verifying) {
      const names = kind.connect.fields.map((f) => f.name);
      const credentials = Object.fromEntries(names.map((n) => [n, n === 'instanceUrl' ? 'https://w.example' : 'x']));
      let refusals = 0;
      for (const answer of answers) {
        const verified = await kind.verify?.(credentials, { get: async () => answer });
        if (verified && !verified.ok) {
          refusals++;
          assert.ok(names.includes(verified.field), `${kind.kind}: ${verified.field}`);
          // What kind of refusal, for clients that say it in their own words: a service that
          // could not be asked did not refuse anything.
          const expected = answer.kind === 'response' && answer.status === 401 ? 'rejected' : undefined;
          if (answer.kind === 'error' && answer.reason === 'network')
            assert.equal(verified.problem, 'unreachable', `${kind.kind}: unreachable`);
          if (expected) assert.equal(verified.problem ?? 'rejected', expected, `${kind.kind}: 401`);
        }
      }
      assert.ok(refusals > 0, `${kind.kind} refuses something: a check that never refuses checks nothing`);
    }
  });

  let fakes: Fakes;
  let api: Awaited<ReturnType<typeof startApi>>;
  let owner: string;
  let windmill: string;

  before(async () => {
    fakes = await startFakes();
    api = await startApi();
    await api.svix.application.create({ name: 'Acme', uid: 'acme' });
    owner = (await api.svix.authentication.appPortalAccess('acme', {})).token;
    const res = await api.fetch('/api/v1/connector', {
      method: 'POST',
      body: JSON.stringify({ name: 'Windmill', kind: 'Windmill', transformation: IDENTITY }),
    });
    windmill = ((await res.json()) as Json).id;
  });
  after(async () => {
    await api.close();
    await fakes.stop();
  });

  /** Connects Windmill on `on` (this block's server unless a test brings its own). */
  const connect = async (credentials: Record<string, string>, on = { api, owner, windmill }) => {
    const res = await on.api.fetch(`/portal/v1/connectors/${on.windmill}/connect`, {
      method: 'POST',
      token: on.owner,
      body: JSON.stringify({ credentials }),
    });
    return { status: res.status, json: (await res.json()) as Json };
  };
  const { workspace, token } = FAKE_CREDENTIALS.windmill;
  const form = () => ({ instanceUrl: fakes.urls.windmill, workspace, runnable: 'script', path: 'u/bot/hello', token });

  it('Windmill: a URL Patchbay may not deliver to is refused at the instance URL, not at a `url` the form lacks', async () => {
    const refused = await connect(form());
    assert.equal(refused.status, 422);
    assert.deepEqual(
      refused.json.detail.map((p: Json) => p.loc),
      [['body', 'credentials', 'instanceUrl']],
    );
    assert.match(refused.json.detail[0].msg, /Windmill/);
    assert.equal(refused.json.detail[0].type, 'value_error.url.blocked');
  });

  it("Windmill: the token and the workspace are checked with the instance's whoami", async () => {
    const local = await startApi({ delivery: { allowPrivateNetworks: true } });
    try {
      await local.svix.application.create({ name: 'Acme', uid: 'acme' });
      const res = await local.fetch('/api/v1/connector', {
        method: 'POST',
        body: JSON.stringify({ name: 'Windmill', kind: 'Windmill', transformation: IDENTITY }),
      });
      const on = {
        api: local,
        owner: (await local.svix.authentication.appPortalAccess('acme', {})).token,
        windmill: ((await res.json()) as Json).id,
      };
      const badToken = await connect({ ...form(), token: 'not-the-token' }, on);
      assert.equal(badToken.status, 422);
      assert.deepEqual(badToken.json.detail[0].loc, ['body', 'credentials', 'token']);
      assert.equal(badToken.json.detail[0].msg, 'Windmill did not accept this token');
      assert.equal(badToken.json.detail[0].type, 'value_error.rejected');
      const badWorkspace = await connect({ ...form(), workspace: 'elsewhere' }, on);
      assert.deepEqual(badWorkspace.json.detail[0].loc, ['body', 'credentials', 'workspace']);
      assert.equal((await connect(form(), on)).status, 201);
      const checks = fakes.servers.windmill?.received.filter((r) => r.path.endsWith('/users/whoami')) ?? [];
      assert.equal(checks.length, 3);
    } finally {
      await local.close();
    }
  });
});

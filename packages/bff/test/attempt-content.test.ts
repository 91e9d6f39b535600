import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FAKE_CREDENTIALS, type Fakes, startFakes } from '@patchbay/fakes';
import { kindModule } from '../src/catalog/catalog.ts';
import { type Json, startApi } from './helpers.ts';
import { startReceiver } from './receiver.ts';

/**
 * The attempt log says what went out and what came back, as the portal's attempt view shows it:
 * method, headers and the body as sent, the answer's headers; never a credential.
 */

let fakes: Fakes;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let api: Awaited<ReturnType<typeof startApi>>;
let owner: string;

async function call(route: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const res = await api.fetch(route, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    ...(init.token ? { token: init.token } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, json: (text ? JSON.parse(text) : undefined) as Json };
}

/** Sends one message to `endpoint` alone (every other is switched off) and answers its latest attempt, as the API lists it. */
async function deliverTo(endpoint: string, payload: object = { invoice: 'inv_1' }) {
  for (const e of (await call('/api/v1/app/acme/endpoint?limit=250')).json.data)
    await call(`/api/v1/app/acme/endpoint/${e.id}`, { method: 'PATCH', body: { disabled: e.id !== endpoint } });
  const sent = await call('/api/v1/app/acme/msg', { body: { eventType: 'invoice.created', payload } });
  assert.equal(sent.status, 202, sent.text);
  while ((await api.worker.tick()) > 0);
  const listed = await call(`/api/v1/app/acme/attempt/endpoint/${endpoint}`, { token: owner });
  assert.equal(listed.status, 200, listed.text);
  return { attempt: listed.json.data[0], text: listed.text };
}

async function endpoint(body: object): Promise<string> {
  const res = await call('/api/v1/app/acme/endpoint', { body: { url: `${receiver.url}/hook`, ...body } });
  assert.equal(res.status, 201, res.text);
  return res.json.id;
}

before(async () => {
  fakes = await startFakes();
  receiver = await startReceiver();
  api = await startApi({
    delivery: { allowPrivateNetworks: true },
    serviceBaseUrls: { CLOSECRM: fakes.urls.closecrm, INNGEST: fakes.urls.inngest },
  });
  await call('/api/v1/app', { body: { name: 'Acme', uid: 'acme' } });
  await call('/api/v1/event-type', { body: { name: 'invoice.created', description: 'Created' } });
  owner = (await call('/api/v1/auth/app-portal-access/acme', { body: {} })).json.token;
});
after(async () => {
  await api.close();
  await receiver.close();
  await fakes.stop();
});

describe('an attempt keeps what was sent and what came back', () => {
  it('the transformed body, the method and headers as sent, the answer and its headers; credential-like values masked', async () => {
    receiver.script('/hook', {
      status: 201,
      headers: { 'x-request-id': 'req-42', 'set-cookie': 'session=receiver-secret' },
      body: 'created',
    });
    const id = await endpoint({ headers: { 'X-Plain': 'visible', 'X-Api-Key': 'custom-header-secret' } });
    await call(`/api/v1/app/acme/endpoint/${id}/transformation`, {
      method: 'PATCH',
      body: {
        enabled: true,
        code: 'function handler(webhook) { webhook.method = "PUT"; webhook.payload = { wrapped: webhook.payload.invoice }; return webhook; }',
      },
    });
    const { attempt, text } = await deliverTo(id);
    const [arrived] = receiver.at('/hook').slice(-1);
    assert.equal(arrived?.method, 'PUT');

    assert.equal(attempt.method, 'PUT');
    assert.equal(attempt.requestBody, '{"wrapped":"inv_1"}');
    assert.equal(attempt.requestBody, arrived?.body, 'the body as it arrived');
    assert.equal(attempt.requestBodyTruncated, false);
    assert.equal(attempt.requestHeaders['x-plain'] ?? attempt.requestHeaders['X-Plain'], 'visible');
    assert.equal(attempt.requestHeaders['X-Api-Key'], '••••');
    assert.equal(attempt.requestHeaders['content-type'], 'application/json');
    assert.equal(attempt.requestHeaders['webhook-id'], arrived?.headers['webhook-id']);
    assert.equal(attempt.requestHeaders['webhook-signature'], arrived?.headers['webhook-signature']);
    assert.ok(attempt.requestHeaders['user-agent'], 'the user agent it went with');
    assert.equal(attempt.responseStatusCode, 201);
    assert.equal(attempt.response, 'created');
    assert.equal(attempt.responseHeaders['x-request-id'], 'req-42');
    assert.equal(attempt.responseHeaders['set-cookie'], '••••');
    assert.doesNotMatch(text, /custom-header-secret|receiver-secret/);
  });

  it("a connection's credentials never show: Basic auth (Close), a key in the path (Inngest), user info in the URL", async () => {
    const connector = async (kind: string) =>
      (
        await call('/api/v1/connector', {
          body: {
            name: `${kind} ${Math.random()}`,
            kind,
            transformation: kindModule(kind)?.defaultTransformation ?? 'function handler(webhook) { return webhook; }',
          },
        })
      ).json.id;
    const connected = async (kind: string, credentials: Record<string, string>) => {
      const made = await call(`/portal/v1/connectors/${await connector(kind)}/connect`, {
        token: owner,
        body: { credentials, eventTypes: ['invoice.created'] },
      });
      assert.equal(made.status, 201, made.text);
      await call(`/portal/v1/drafts/${made.json.id}/save`, { token: owner, body: {} });
      return made.json.id as string;
    };
    const payload = { user: { email: 'ada@example.com', name: 'Ada' }, invoice: 'inv_2' };

    const close = await deliverTo(await connected('CloseCRM', { apiKey: FAKE_CREDENTIALS.close.apiKey }), payload);
    assert.equal(close.attempt.requestHeaders.authorization, '••••');
    assert.doesNotMatch(close.text, new RegExp(FAKE_CREDENTIALS.close.apiKey));

    const inngest = await deliverTo(
      await connected('Inngest', { eventKey: FAKE_CREDENTIALS.inngest.eventKey }),
      payload,
    );
    assert.equal(inngest.attempt.method, 'POST');
    // Inngest wants {name, data}: the body shown is the one the service got, wrapped.
    assert.equal(JSON.parse(inngest.attempt.requestBody).name, 'invoice.created');
    assert.doesNotMatch(inngest.text, new RegExp(FAKE_CREDENTIALS.inngest.eventKey));

    const basic = await endpoint({ url: `http://ada:url-password@127.0.0.1:${new URL(receiver.url).port}/hook` });
    const withUserInfo = await deliverTo(basic);
    assert.equal(withUserInfo.attempt.requestHeaders.authorization, '••••');
    assert.doesNotMatch(withUserInfo.text, /url-password/);
  });

  it('nothing sent (a transformation that throws) keeps no request; a body past the cap is cut and says so', async () => {
    const failing = await endpoint({});
    await call(`/api/v1/app/acme/endpoint/${failing}/transformation`, {
      method: 'PATCH',
      body: { enabled: true, code: 'function handler(webhook) { throw new Error("no"); }' },
    });
    const { attempt } = await deliverTo(failing);
    assert.equal(attempt.method, null);
    assert.equal(attempt.requestHeaders, null);
    assert.equal(attempt.requestBody, null);
    assert.equal(attempt.responseHeaders, null);

    const big = await deliverTo(await endpoint({}), { blob: 'x'.repeat(30_000) });
    assert.equal(big.attempt.requestBody.length, 20_000);
    assert.equal(big.attempt.requestBodyTruncated, true);
  });

  it("masks a connection's credentials in an answer that echoes the request (a Custom token, user info's Basic pair)", async () => {
    const echo = `${receiver.url}/echo-auth`;
    receiver.script('/echo-auth', {
      status: 400,
      headers: { 'x-seen-auth': 'Bearer custom-bearer-token-42' },
      body: 'you sent Bearer custom-bearer-token-42, token custom-bearer-token-42',
    });
    const connector = (
      await call('/api/v1/connector', {
        body: {
          name: `Custom ${Math.random()}`,
          kind: 'Custom',
          transformation: 'function handler(webhook) { return webhook; }',
          authenticationMethod: 'HttpBearer',
        },
      })
    ).json.id;
    const made = await call(`/portal/v1/connectors/${connector}/connect`, {
      token: owner,
      body: { credentials: { url: echo, token: 'custom-bearer-token-42' }, eventTypes: ['invoice.created'] },
    });
    assert.equal(made.status, 201, made.text);
    await call(`/portal/v1/drafts/${made.json.id}/save`, { token: owner, body: {} });
    const { attempt, text } = await deliverTo(made.json.id);
    assert.equal(receiver.at('/echo-auth').slice(-1)[0]?.headers.authorization, 'Bearer custom-bearer-token-42');
    assert.doesNotMatch(text, /custom-bearer-token-42/);
    assert.equal(attempt.responseHeaders['x-seen-auth'], '••••');
    assert.equal(attempt.response, 'you sent ••••, token ••••');
  });

  it("keeps a transformation's variables out of it for sessions that may not read them, wherever they went; a short one stays", async () => {
    receiver.script('/echo', {
      status: 200,
      headers: { 'x-echo': 'sk_live_partner_123' },
      body: 'got sk_live_partner_123',
    });
    const id = await endpoint({ url: `${receiver.url}/echo` });
    await call(`/api/v1/app/acme/endpoint/${id}/transformation`, {
      method: 'PATCH',
      body: {
        enabled: true,
        variables: { partnerKey: 'sk_live_partner_123', channel: '#ops' },
        code: `function handler(webhook) {
          webhook.url = webhook.url + '?key=' + webhook.env.partnerKey;
          webhook.headers = { 'x-partner': webhook.env.partnerKey };
          webhook.payload = { key: webhook.env.partnerKey, channel: webhook.env.channel };
          return webhook;
        }`,
      },
    });
    const reader = (await call('/api/v1/auth/app-portal-access/acme', { body: { capabilities: ['ViewBase'] } })).json
      .token;
    await deliverTo(id);
    assert.equal(
      receiver.at('/echo').slice(-1)[0]?.headers['x-partner'],
      'sk_live_partner_123',
      'it went out as written',
    );
    const listed = await call(`/api/v1/app/acme/attempt/endpoint/${id}?with_content=true`, { token: reader });
    const [attempt] = listed.json.data;
    assert.doesNotMatch(listed.text, /sk_live_partner_123/);
    assert.equal(attempt.requestHeaders['x-partner'], '••••');
    assert.deepEqual(JSON.parse(attempt.requestBody), { key: '••••', channel: '#ops' });
    assert.match(attempt.url, /\?key=••••$/);
    assert.equal(attempt.responseHeaders['x-echo'], '••••');
    assert.equal(attempt.response, 'got ••••');
  });

  it("keeps an endpoint's headers within the log's cap, however many and long they are; a request the SSRF guard refused keeps none", async () => {
    const headers = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`X-Filler-${i}`, 'v'.repeat(8000)]));
    const { attempt } = await deliverTo(await endpoint({ headers }));
    const size = Object.entries(attempt.requestHeaders as Record<string, string>).reduce(
      (n, [name, value]) => n + name.length + value.length,
      0,
    );
    assert.ok(size < 8192 + 60 * 32, `the headers kept hold ${size} characters`);
    assert.ok(attempt.requestHeaders['X-Filler-1'].endsWith('…'), 'the second header is cut');

    const guarded = await startApi();
    try {
      await guarded.fetch('/api/v1/app', { method: 'POST', body: JSON.stringify({ name: 'Acme', uid: 'acme' }) });
      const made = await (
        await guarded.fetch('/api/v1/app/acme/endpoint', {
          method: 'POST',
          body: JSON.stringify({ url: 'https://hooks.example.com/x' }),
        })
      ).json();
      // Where the guard refuses before any lookup or connection: a private address, written by the transformation.
      await guarded.fetch(`/api/v1/app/acme/endpoint/${made.id}/transformation`, {
        method: 'PATCH',
        body: JSON.stringify({
          enabled: true,
          code: 'function handler(webhook) { webhook.url = "http://10.0.0.1/x"; return webhook; }',
        }),
      });
      await guarded.fetch('/api/v1/app/acme/msg', {
        method: 'POST',
        body: JSON.stringify({ eventType: 'invoice.created', payload: {} }),
      });
      while ((await guarded.worker.tick()) > 0);
      const [blocked] = (await (await guarded.fetch(`/api/v1/app/acme/attempt/endpoint/${made.id}`)).json()).data;
      assert.match(blocked.response, /^Blocked destination/);
      assert.equal(blocked.method, null);
      assert.equal(blocked.requestHeaders, null);
    } finally {
      await guarded.close();
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FAKE_CREDENTIALS, type Fakes, giveConsent, startFakes } from '@patchbay/fakes';
import { kindModule } from '../src/catalog/catalog.ts';
import { manualClock, PUBLIC_URL, startApi } from './helpers.ts';

/** The vendor's page, the one embedding origin allowed by default (PATCHBAY_PUBLIC_URL's). */
const ORIGIN = new URL(PUBLIC_URL).origin;
const PROVIDERS = ['slack', 'discord', 'hubspot'] as const;

let fakes: Fakes;
let fakeNow = Date.now();
const clock = manualClock(new Date(fakeNow));
let api: Awaited<ReturnType<typeof startApi>>;
let portalToken: string;
/** Every answer the API gave in this file, to prove no credential ever appears in one. */
const answers: string[] = [];

const serviceUrls = (): Record<string, string> => ({
  SLACK: fakes.urls.slack,
  DISCORD: fakes.urls.discord,
  TEAMS: fakes.urls.teams,
  HUBSPOT: fakes.urls.hubspot,
  CLOSECRM: fakes.urls.closecrm,
  SEGMENT: fakes.urls.segment,
  CUSTOMERIO: fakes.urls.customerio,
  CUSTOMERIO_EU: fakes.urls.customerioEu,
  SENDGRID: fakes.urls.sendgrid,
  RESEND: fakes.urls.resend,
  LOOPS: fakes.urls.loops,
  INNGEST: fakes.urls.inngest,
  ZAPIER: fakes.urls.zapier,
});

async function call(
  path: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
) {
  const res = await api.fetch(path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    ...(init.token ? { token: init.token } : {}),
    headers: init.headers ?? {},
  });
  const text = await res.text();
  answers.push(text);
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const portal = (path: string, body?: unknown) =>
  call(path, { token: portalToken, headers: { origin: ORIGIN }, ...(body === undefined ? {} : { body }) });

async function connector(kind: string, extra: object = {}) {
  const res = await call('/api/v1/connector', {
    body: {
      name: `${kind} connector`,
      kind,
      transformation: kindModule(kind)?.defaultTransformation ?? 'function handler(webhook) { return webhook; }',
      ...extra,
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json.id as string;
}

/**
 * Follows the OAuth popup as a browser would, clicking Approve or Deny on the fake's consent page,
 * then claims the result as the widget does with the code the callback page posts to its window.
 */
async function oauthConnect(kind: string, decision: 'approve' | 'deny' = 'approve', eventTypes?: string[]) {
  const connectorId = await connector(kind);
  const started = await portal(`/portal/v1/connectors/${connectorId}/connect/oauth`, eventTypes ? { eventTypes } : {});
  assert.equal(started.status, 201, JSON.stringify(started.json));
  const consent = await giveConsent(started.json.startUrl.replace(PUBLIC_URL, api.url), decision);
  const { authorize } = consent;
  const callbackUrl = consent.callbackUrl.replace(PUBLIC_URL, api.url);
  const callback = await fetch(callbackUrl);
  const html = await callback.text();
  const posted = /window\.opener\.postMessage\((\{.*?\}), "[^"]*"\)/.exec(html)?.[1];
  const code = posted && JSON.parse(posted).code;
  if (code) {
    const claimed = await portal(`/portal/v1/connect-sessions/${started.json.sessionId}/claim`, { code });
    // Saved as the widget's review step does: until then the connection is a draft that delivers nothing.
    if (claimed.status === 201) await portal(`/portal/v1/drafts/${claimed.json.id}/save`, {});
  }
  const session = await portal(`/portal/v1/connect-sessions/${started.json.sessionId}`);
  return { connectorId, authorize, callbackUrl, callback: { status: callback.status, html }, session: session.json };
}

async function formConnect(kind: string, credentials: Record<string, string>, extra: object = {}) {
  const connectorId = await connector(kind, extra);
  const made = await portal(`/portal/v1/connectors/${connectorId}/connect`, { credentials });
  if (made.status === 201) await portal(`/portal/v1/drafts/${made.json.id}/save`, {});
  return made;
}

async function deliver(eventType: string, payload: object) {
  const res = await call('/api/v1/app/acme/msg', { body: { eventType, payload } });
  assert.equal(res.status, 202, JSON.stringify(res.json));
  // Until nothing due is left: earlier tests' retries may be queued ahead of this message.
  while ((await api.worker.tick()) > 0);
  return res.json.id as string;
}

/** What a request carried, failing the test when it never arrived. */
function bodyOf(request: { body: unknown } | undefined): unknown {
  assert.ok(request, 'the request arrived');
  return request.body;
}

/** Switches every endpoint off, so a test's messages reach only the endpoints it makes next. */
async function disableAll() {
  for (const endpoint of (await call('/api/v1/app/acme/endpoint?limit=250')).json.data) {
    await call(`/api/v1/app/acme/endpoint/${endpoint.id}`, { method: 'PATCH', body: { disabled: true } });
  }
}

const lastAttempt = async (endpointId: string) =>
  (await call(`/api/v1/app/acme/attempt/endpoint/${endpointId}`)).json.data[0];

before(async () => {
  fakes = await startFakes({
    redirectUris: PROVIDERS.map((p) => `${PUBLIC_URL}/oauth/${p}/callback`),
    now: () => fakeNow,
  });
  api = await startApi({
    clock,
    oauth: {
      slack: { ...FAKE_CREDENTIALS.slack },
      discord: { ...FAKE_CREDENTIALS.discord },
      hubspot: { ...FAKE_CREDENTIALS.hubspot },
    },
    serviceBaseUrls: serviceUrls(),
  });
  await call('/api/v1/app', { body: { name: 'Acme', uid: 'acme' } });
  for (const name of [
    'invoice.created',
    'user.created',
    'ticket.created',
    'subscription.cancelled',
    'hubspot.refresh',
    'hubspot.retry',
  ]) {
    await call('/api/v1/event-type', { body: { name, description: name } });
  }
  portalToken = (await call('/api/v1/auth/app-portal-access/acme', { body: {} })).json.token;
});
after(async () => {
  await api.close();
  await fakes.stop();
});

describe('connecting and delivering, kind by kind, against the service fakes', () => {
  it('Slack: OAuth with PKCE makes an endpoint on the incoming webhook, and the Slack text arrives', async () => {
    const flow = await oauthConnect('Slack');
    assert.equal(flow.authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(flow.authorize.searchParams.get('scope'), 'incoming-webhook');
    assert.equal(flow.callback.status, 200);
    assert.equal(flow.session.status, 'connected');
    const connection = await portal(`/portal/v1/endpoints/${flow.session.endpointId}/connection`);
    assert.deepEqual(connection.json, { kind: 'Slack', hint: { channel: '#general' } });
    await deliver('invoice.created', { amount: 99.99, customer_name: 'John Doe' });
    const [request] = fakes.slack.server.requests({ path: '/services/' });
    assert.deepEqual(request?.body, { text: '*Invoice created*\n• *Amount:* 99.99\n• *Customer name:* John Doe' });
    assert.equal((await lastAttempt(flow.session.endpointId)).responseStatusCode, 200);
  });

  it('Discord: OAuth (no PKCE, form-encoded token request), and the embed arrives', async () => {
    const flow = await oauthConnect('Discord');
    assert.equal(flow.authorize.searchParams.get('code_challenge'), null);
    assert.equal(flow.session.status, 'connected');
    await deliver('subscription.cancelled', { user: { email: 'john@example.com' } });
    const [request] = fakes.discord.server.requests({ path: '/api/webhooks/' });
    assert.deepEqual((bodyOf(request) as { embeds: unknown[] }).embeds[0], {
      title: 'Subscription cancelled',
      fields: [{ name: 'User', value: 'john@example.com', inline: true }],
      color: 0x5865f2,
    });
    assert.equal((await lastAttempt(flow.session.endpointId)).responseStatusCode, 204);
  });

  it('HubSpot: OAuth with the five CRM scopes, a Bearer token, and the contact is created', async () => {
    const flow = await oauthConnect('Hubspot');
    assert.equal(flow.authorize.searchParams.get('scope')?.split(' ').length, 5);
    await deliver('user.created', { user: { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com' } });
    const [request] = fakes.hubspot.server.requests({ path: '/crm/v3/objects/contacts' });
    assert.match(String(request?.headers.authorization), /^Bearer access_/);
    assert.deepEqual(request?.body, {
      properties: { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' },
    });
    assert.equal((await lastAttempt(flow.session.endpointId)).responseStatusCode, 201);
  });

  it('Teams: a pasted Workflows URL, and the Adaptive Card is accepted (202) and its run succeeds', async () => {
    const res = await formConnect('Teams', { url: fakes.teams.workflowUrl() });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    await deliver('ticket.created', { ticket_id: 'T-1', customer_name: 'John Doe' });
    assert.deepEqual(fakes.teams.runs.at(-1), { status: 'Succeeded' });
    assert.equal((await lastAttempt(res.json.id)).responseStatusCode, 202);
  });

  it('Close: the key is checked at /me, then a lead with its contact is created with Basic auth', async () => {
    const res = await formConnect('CloseCRM', { apiKey: FAKE_CREDENTIALS.close.apiKey });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    await deliver('user.created', { user: { name: 'Ada', email: 'ada@example.com', company: 'Analytical' } });
    const [request] = fakes.servers.close?.requests({ path: '/api/v1/lead' }) ?? [];
    assert.equal(
      request?.headers.authorization,
      `Basic ${Buffer.from(`${FAKE_CREDENTIALS.close.apiKey}:`).toString('base64')}`,
    );
    assert.equal((bodyOf(request) as { name: string }).name, 'Analytical');
    assert.equal((await lastAttempt(res.json.id)).responseStatusCode, 200);
  });

  it('Segment: the write key as Basic username, and a track call', async () => {
    const res = await formConnect('Segment', { writeKey: FAKE_CREDENTIALS.segment.writeKey, region: 'us' });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    await deliver('user.created', {
      user: { id: 'u1', email: 'a@b.c', name: 'A' },
      event: 'Signed Up',
      properties: { plan: 'pro' },
    });
    const [request] = fakes.servers.segment?.requests({ path: '/v1/track' }) ?? [];
    assert.equal(
      request?.headers.authorization,
      `Basic ${Buffer.from(`${FAKE_CREDENTIALS.segment.writeKey}:`).toString('base64')}`,
    );
    assert.equal((bodyOf(request) as { userId: string; event: string }).event, 'Signed Up');
  });

  it('Customer.io: the region lookup picks the EU host for an EU account, and the event lands there', async () => {
    const { siteId, apiKey } = FAKE_CREDENTIALS.customerio.eu;
    const res = await formConnect('CustomerIO', { siteId, apiKey });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    assert.equal(res.json.url, 'https://track-eu.customer.io/api/v2/entity');
    await deliver('user.created', { user: { id: '42', email: 'a@b.c', name: 'A' }, event: 'purchase', properties: {} });
    const [request] = fakes.servers['customerio-eu']?.requests({ path: '/api/v2/entity' }) ?? [];
    assert.deepEqual((bodyOf(request) as { action: string; name: string }).action, 'event');
    assert.equal((await lastAttempt(res.json.id)).responseStatusCode, 200);
  });

  it('SendGrid: the From address becomes a variable, the key a Bearer token, and the mail is accepted', async () => {
    const res = await formConnect('Sendgrid', {
      apiKey: FAKE_CREDENTIALS.sendgrid.apiKey,
      from: 'billing@acme.example',
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    await deliver('user.created', { user: { email: 'ada@example.com', name: 'Ada' } });
    const [request] = fakes.servers.sendgrid?.requests({ path: '/v3/mail/send' }) ?? [];
    assert.equal(request?.headers.authorization, `Bearer ${FAKE_CREDENTIALS.sendgrid.apiKey}`);
    assert.deepEqual((bodyOf(request) as { from: unknown }).from, { email: 'billing@acme.example' });
    assert.equal((await lastAttempt(res.json.id)).responseStatusCode, 202);
  });

  it("Resend: Bearer key and Patchbay's User-Agent, and the email is sent", async () => {
    const res = await formConnect('Resend', {
      apiKey: FAKE_CREDENTIALS.resend.apiKey,
      from: 'Acme <billing@acme.example>',
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    await deliver('user.created', { user: { email: 'ada@example.com', name: 'Ada' } });
    const [request] = fakes.servers.resend?.requests({ path: '/emails' }) ?? [];
    assert.match(String(request?.headers['user-agent']), /^Patchbay\//);
    assert.equal((await lastAttempt(res.json.id)).responseStatusCode, 200);
  });

  it('Loops: the key is checked first, then the event is sent', async () => {
    const res = await formConnect('Loops', { apiKey: FAKE_CREDENTIALS.loops.apiKey });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    await deliver('user.created', { user: { email: 'ada@example.com', id: 'u1' } });
    const [request] = fakes.servers.loops?.requests({ path: '/api/v1/events/send' }) ?? [];
    assert.equal((bodyOf(request) as { eventName: string }).eventName, 'user_created');
    assert.equal((await lastAttempt(res.json.id)).responseStatusCode, 200);
  });

  it('Inngest: the event key in the path, and a plain payload wrapped as {name, data}', async () => {
    const res = await formConnect('Inngest', { eventKey: FAKE_CREDENTIALS.inngest.eventKey });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    await deliver('invoice.created', { amount: 5 });
    const [request] = fakes.servers.inngest?.requests({ path: '/e/' }) ?? [];
    assert.deepEqual(request?.body, { name: 'invoice.created', data: { amount: 5 } });
    assert.equal((await lastAttempt(res.json.id)).responseStatusCode, 200);
  });

  it('Zapier: a pasted catch hook URL, and the payload as it is', async () => {
    const res = await formConnect('Zapier', { url: fakes.zapier.hookUrl() });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    await deliver('invoice.created', { amount: 6 });
    const [request] = fakes.zapier.server.requests({ path: '/hooks/catch/' });
    assert.deepEqual(request?.body, { amount: 6 });
  });

  it("Custom: the vendor's default URL and HttpBearer become the URL and Authorization header", async () => {
    const url = `${fakes.urls.zapier}/hooks/catch/1/custom/`;
    const res = await formConnect(
      'Custom',
      { token: 'customer-bearer-token' },
      { defaultUrl: url, authenticationMethod: 'HttpBearer' },
    );
    assert.equal(res.status, 201, JSON.stringify(res.json));
    assert.equal(res.json.url, url);
    await deliver('invoice.created', { amount: 7 });
    const [request] = fakes.zapier.server.requests({ path: '/hooks/catch/1/custom' });
    assert.equal(request?.headers.authorization, 'Bearer customer-bearer-token');
    assert.ok(request?.headers['webhook-signature'], 'Custom endpoints are signed too');
  });

  it('Windmill: instance, workspace, path and token make the job URL (a self-hosted instance needs private networks allowed)', async () => {
    const local = await startApi({ clock, delivery: { allowPrivateNetworks: true } });
    try {
      await local.fetch('/api/v1/app', { method: 'POST', body: JSON.stringify({ name: 'Acme', uid: 'acme' }) });
      const token = (
        await (await local.fetch('/api/v1/auth/app-portal-access/acme', { method: 'POST', body: '{}' })).json()
      ).token;
      const created = await (
        await local.fetch('/api/v1/connector', {
          method: 'POST',
          body: JSON.stringify({
            name: 'Windmill',
            kind: 'Windmill',
            transformation: 'function handler(webhook) { return webhook; }',
          }),
        })
      ).json();
      const { workspace, token: windmillToken } = FAKE_CREDENTIALS.windmill;
      const res = await local.fetch(`/portal/v1/connectors/${created.id}/connect`, {
        method: 'POST',
        token,
        body: JSON.stringify({
          credentials: {
            instanceUrl: fakes.urls.windmill,
            workspace,
            runnable: 'script',
            path: 'u/bot/hello',
            token: windmillToken,
          },
        }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      const { id } = await res.json();
      await local.fetch(`/portal/v1/drafts/${id}/save`, { method: 'POST', token, body: '{}' });
      await local.fetch('/api/v1/app/acme/msg', {
        method: 'POST',
        body: JSON.stringify({ eventType: 'invoice.created', payload: { amount: 8 } }),
      });
      await local.worker.tick();
      const [request] = fakes.servers.windmill?.requests({ path: '/api/w/acme/jobs/run/p/u/bot/hello' }) ?? [];
      assert.equal(request?.headers.authorization, `Bearer ${windmillToken}`);
      assert.equal(request?.status, 201);
    } finally {
      await local.close();
    }
  });
});

describe('connect flows, refused', () => {
  it('a wrong API key is refused at its field, with what the service said, and nothing is saved', async () => {
    const before = (await call('/api/v1/app/acme/endpoint?limit=250')).json.data.length;
    for (const [kind, credentials, message] of [
      ['Loops', { apiKey: 'wrong-key' }, /Loops did not accept this API key/],
      ['CloseCRM', { apiKey: 'api_wrongKey123456' }, /Close did not accept this API key/],
      ['CustomerIO', { siteId: 'wrongsite1', apiKey: 'nope' }, /Customer.io did not accept/],
      ['Sendgrid', { apiKey: 'not-a-sendgrid-key', from: 'a@b.c' }, /API key does not look right/],
      ['Teams', { url: 'https://evil.example.com/workflows/x' }, /not a Microsoft Teams URL/],
      ['Segment', { writeKey: FAKE_CREDENTIALS.segment.writeKey, region: 'mars' }, /must be one of us, eu/],
    ] as const) {
      const res = await formConnect(kind, credentials);
      assert.equal(res.status, 422, kind);
      assert.match(res.json.detail[0].msg, message, kind);
      assert.equal(res.json.detail[0].loc[0], 'body');
    }
    assert.equal((await call('/api/v1/app/acme/endpoint?limit=250')).json.data.length, before);
  });

  it('a cancelled consent fails the session with a clear message', async () => {
    const flow = await oauthConnect('Slack', 'deny');
    assert.equal(flow.callback.status, 400);
    assert.deepEqual([flow.session.status, flow.session.error], ['failed', 'You cancelled the connection.']);
  });

  it('a replayed callback (state) and a reused ticket are refused and change nothing', async () => {
    const flow = await oauthConnect('Discord');
    assert.equal(flow.session.status, 'connected');
    const replay = await fetch(flow.callbackUrl);
    assert.equal(replay.status, 400);
    assert.match(await replay.text(), /already completed/);
    const session = await portal(`/portal/v1/connect-sessions/${flow.session.id}`);
    assert.equal(session.json.status, 'connected');

    const connectorId = await connector('Slack');
    const started = await portal(`/portal/v1/connectors/${connectorId}/connect/oauth`, {});
    const url = started.json.startUrl.replace(PUBLIC_URL, api.url);
    assert.equal((await fetch(url, { redirect: 'manual' })).status, 302);
    const again = await fetch(url, { redirect: 'manual' });
    assert.equal(again.status, 400);
    assert.match(await again.text(), /already used/);
    const forged = await fetch(`${api.url}/oauth/slack/callback?state=forged&code=x`);
    assert.equal(forged.status, 400);
    assert.doesNotMatch(await forged.text(), /postMessage/, 'an unknown state posts to nobody');
  });

  it('the callback page posts its result to the embedding origin the widget started from, never "*"', async () => {
    const flow = await oauthConnect('Slack');
    assert.match(
      flow.callback.html,
      /window\.opener\.postMessage\(\{"type":"patchbay:oauth"[^)]*\}, "http:\/\/patchbay\.test"\)/,
    );
    assert.doesNotMatch(flow.callback.html, /postMessage\([^)]*"\*"\)/);
  });

  it("fails the session with the provider's refusal when the code exchange fails", async () => {
    fakes.slack.server.fail({ status: 500 });
    const connectorId = await connector('Slack');
    const started = await portal(`/portal/v1/connectors/${connectorId}/connect/oauth`, {});
    const start = await fetch(started.json.startUrl.replace(PUBLIC_URL, api.url), { redirect: 'manual' });
    const authorize = new URL(start.headers.get('location') ?? '');
    // The injected 500 hits the authorize page first; approve through a fresh page instead.
    assert.equal((await fetch(authorize)).status, 500);
    fakes.slack.server.fail({ status: 503 });
    const page = await (await fetch(authorize)).text();
    assert.equal(page, 'injected failure');
    const decided = await fetch(`${authorize.origin}/oauth/v2/authorize/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: FAKE_CREDENTIALS.slack.clientId,
        redirect_uri: `${PUBLIC_URL}/oauth/slack/callback`,
        state: authorize.searchParams.get('state') ?? '',
        scope: 'incoming-webhook',
        code_challenge: authorize.searchParams.get('code_challenge') ?? '',
        decision: 'approve',
      }).toString(),
      redirect: 'manual',
    });
    fakes.slack.server.fail({ status: 502 });
    const callback = await fetch((decided.headers.get('location') ?? '').replace(PUBLIC_URL, api.url));
    assert.equal(callback.status, 400);
    const session = await portal(`/portal/v1/connect-sessions/${started.json.sessionId}`);
    assert.equal(session.json.status, 'failed');
    assert.match(session.json.error, /slack answered 502/);
  });

  it('says OAuth is unavailable when the provider has no OAuth app configured', async () => {
    const bare = await startApi({});
    try {
      await bare.fetch('/api/v1/app', { method: 'POST', body: JSON.stringify({ name: 'A', uid: 'a' }) });
      const token = (
        await (await bare.fetch('/api/v1/auth/app-portal-access/a', { method: 'POST', body: '{}' })).json()
      ).token;
      const made = await (
        await bare.fetch('/api/v1/connector', {
          method: 'POST',
          body: JSON.stringify({ name: 'Slack', kind: 'Slack', transformation: 'function handler(w) { return w; }' }),
        })
      ).json();
      const catalog = await (await bare.fetch('/portal/v1/connectors', { token })).json();
      assert.equal(catalog.data[0].connect.available, false);
      const start = await bare.fetch(`/portal/v1/connectors/${made.id}/connect/oauth`, {
        method: 'POST',
        token,
        body: '{}',
      });
      assert.equal(start.status, 409);
      assert.equal((await start.json()).code, 'oauth_unavailable');
    } finally {
      await bare.close();
    }
  });
});

describe('HubSpot tokens', () => {
  it('are refreshed before they expire, and the refreshed token is kept', async () => {
    await disableAll();
    const flow = await oauthConnect('Hubspot', 'approve', ['hubspot.refresh']);
    assert.equal(flow.session.status, 'connected', JSON.stringify(flow.session));
    fakes.hubspot.server.clear();
    clock.advance(1800_000);
    fakeNow += 1800_000;
    await deliver('hubspot.refresh', { user: { firstname: 'Bo', lastname: 'B', email: 'bo@example.com' } });
    assert.equal(fakes.hubspot.server.requests({ path: '/oauth/v3/token' }).length, 1, 'refreshed once');
    assert.equal((await lastAttempt(flow.session.endpointId)).responseStatusCode, 201);
    await deliver('hubspot.refresh', { user: { firstname: 'Cy', lastname: 'C', email: 'cy@example.com' } });
    assert.equal(
      fakes.hubspot.server.requests({ path: '/oauth/v3/token' }).length,
      1,
      'the new token was stored and reused',
    );
  });

  it('are refreshed on a 401 and the delivery retried at once', async () => {
    await disableAll();
    const flow = await oauthConnect('Hubspot', 'approve', ['hubspot.retry']);
    fakes.hubspot.server.clear();
    fakeNow += 1800_000; // the fake sees the token expired; Patchbay's clock does not
    await deliver('hubspot.retry', { user: { firstname: 'Di', lastname: 'D', email: 'di@example.com' } });
    const contacts = fakes.hubspot.server.requests({ path: '/crm/v3/objects/contacts' }).map((r) => r.status);
    assert.deepEqual(contacts, [401, 201]);
    assert.equal((await lastAttempt(flow.session.endpointId)).responseStatusCode, 201);
  });
});

describe("each service's 429", () => {
  it('is a failed attempt retried later, and Patchbay reads the wait each service gives in its own way', async () => {
    const now = new Date(fakeNow);
    // SendGrid's reset is a UNIX time: the fake sets it two seconds ahead, rounded up.
    const sendgridWait = Math.round((Math.ceil((fakeNow + 2000) / 1000) - fakeNow / 1000) * 100) / 100;
    const cases: [string, () => void, number | null][] = [
      ['Slack', () => fakes.slack.server.rateLimit(), null],
      ['Discord', () => fakes.discord.server.rateLimit(), 1.25],
      ['CloseCRM', () => fakes.servers.close?.rateLimit(), 1.5],
      ['Sendgrid', () => fakes.servers.sendgrid?.rateLimit(), sendgridWait],
      ['Loops', () => fakes.servers.loops?.rateLimit(), null],
      ['Teams', () => fakes.teams.server.rateLimit(), null],
      ['Hubspot', () => fakes.hubspot.server.rateLimit(), null],
      ['Segment', () => fakes.servers.segment?.rateLimit(), null],
      ['CustomerIO', () => fakes.servers['customerio-us']?.rateLimit(), null],
      ['Resend', () => fakes.servers.resend?.rateLimit(), null],
      ['Windmill', () => fakes.servers.windmill?.rateLimit(), null],
      ['Inngest', () => fakes.servers.inngest?.rateLimit(), null],
      ['Zapier', () => fakes.zapier.server.rateLimit(), null],
    ];
    const urls: Record<string, string> = {
      Slack: fakes.slack.createWebhook(),
      Discord: fakes.discord.createWebhook(),
      CloseCRM: `${fakes.urls.closecrm}/api/v1/lead/`,
      Sendgrid: `${fakes.urls.sendgrid}/v3/mail/send`,
      Loops: `${fakes.urls.loops}/api/v1/events/send`,
      Teams: fakes.teams.workflowUrl(),
      Hubspot: `${fakes.urls.hubspot}/crm/v3/objects/contacts`,
      Segment: `${fakes.urls.segment}/v1/track`,
      CustomerIO: `${fakes.urls.customerio}/api/v2/entity`,
      Resend: `${fakes.urls.resend}/emails`,
      Windmill: `${fakes.urls.windmill}/api/w/acme/jobs/run/p/u/bot/hello`,
      Inngest: `${fakes.urls.inngest}/e/key`,
      Zapier: fakes.zapier.hookUrl(),
    };
    const { OutboundClient } = await import('../src/outbound/client.ts');
    const client = new OutboundClient({ allowPrivateNetworks: true, userAgent: 'test' });
    try {
      for (const [kind, limit, expected] of cases) {
        limit();
        const outcome = await client.send({ url: urls[kind] as string, method: 'POST', headers: {}, body: '{}' });
        assert.equal(outcome.kind === 'response' && outcome.status, 429, kind);
        const seconds = kindModule(kind)?.retryAfter?.(outcome, now) ?? null;
        assert.equal(seconds === null ? null : Math.round(seconds * 100) / 100, expected, kind);
      }
    } finally {
      await client.close();
    }

    // End to end: a rate-limited delivery is not lost; it waits at least a minute and goes through.
    await disableAll();
    const res = await formConnect('Loops', { apiKey: FAKE_CREDENTIALS.loops.apiKey });
    fakes.servers.loops?.rateLimit();
    await deliver('user.created', { user: { email: 'rl@example.com', id: 'rl' } });
    assert.equal((await lastAttempt(res.json.id)).responseStatusCode, 429);
    clock.advance(59_000);
    assert.equal(await api.worker.tick(), 0);
    clock.advance(2_000);
    await api.worker.tick();
    assert.equal((await lastAttempt(res.json.id)).responseStatusCode, 200);
  });
});

describe('credentials', () => {
  it('never appear in an API answer or a log line', async () => {
    const secrets = [
      FAKE_CREDENTIALS.close.apiKey,
      FAKE_CREDENTIALS.segment.writeKey,
      FAKE_CREDENTIALS.customerio.eu.apiKey,
      FAKE_CREDENTIALS.sendgrid.apiKey,
      FAKE_CREDENTIALS.resend.apiKey,
      FAKE_CREDENTIALS.loops.apiKey,
      FAKE_CREDENTIALS.inngest.eventKey,
      FAKE_CREDENTIALS.slack.clientSecret,
      FAKE_CREDENTIALS.discord.clientSecret,
      FAKE_CREDENTIALS.hubspot.clientSecret,
      'customer-bearer-token',
    ];
    const hubspotTokens = fakes.hubspot.server
      .requests({ path: '/crm/v3/objects/contacts' })
      // A request without the header (a refused one) carries no token, not the token "undefined".
      .flatMap((r) => (r.headers.authorization ? [String(r.headers.authorization).replace('Bearer ', '')] : []));
    const everything = [...answers, ...api.lines.map((l) => JSON.stringify(l))].join('\n');
    for (const secret of [...secrets, ...hubspotTokens])
      assert.ok(!everything.includes(secret), `${secret.slice(0, 6)}… leaked`);
    const stored = await api.store.credentials.all();
    assert.ok(stored.length >= 12);
    for (const row of stored)
      for (const secret of secrets) assert.ok(!row.ciphertext.includes(secret), 'stored encrypted');
  });
});

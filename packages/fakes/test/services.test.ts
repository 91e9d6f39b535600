import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FAKE_CREDENTIALS, type Fakes, HUBSPOT_SCOPES, startFakes } from '../src/index.ts';
import { basic, call, consent } from './helpers.ts';

let fakes: Fakes;
const clockMs = 1_800_000_000_000;
before(async () => {
  fakes = await startFakes({ now: () => clockMs });
});
after(() => fakes.stop());

describe('Slack incoming webhooks', () => {
  it('answers 200 ok, invalid_payload, no_team, and a 429 with Retry-After in seconds', async () => {
    const hook = fakes.slack.createWebhook('#alerts');
    assert.deepEqual(
      [(await call(hook, { json: { text: 'hi' } })).text, (await call(hook, { json: { blocks: [] } })).status],
      ['ok', 200],
    );
    const noText = await call(hook, { json: { username: 'x' } });
    assert.deepEqual([noText.status, noText.text], [400, 'invalid_payload']);
    const notJson = await call(hook, { body: '{oops', headers: { 'content-type': 'application/json' } });
    assert.deepEqual([notJson.status, notJson.text], [400, 'invalid_payload']);
    const unknown = await call(`${fakes.urls.slack}/services/T0FAKE0001/BNOPE/secret`, { json: { text: 'hi' } });
    assert.deepEqual([unknown.status, unknown.text], [404, 'no_team']);
    fakes.slack.server.rateLimit({ key: new URL(hook).pathname.split('/')[3] as string });
    const limited = await call(hook, { json: { text: 'hi' } });
    assert.deepEqual([limited.status, limited.headers.get('retry-after'), limited.json.ok], [429, '1', false]);
    assert.equal(
      (await call(fakes.slack.createWebhook(), { json: { text: 'other hook' } })).status,
      200,
      'limits are per hook',
    );
    assert.equal((await call(hook, { json: { text: 'hi' } })).status, 200);
  });
});

describe('Discord execute webhook', () => {
  it('answers 204, 200 with ?wait=true, its JSON errors, and a 429 with a float retry_after', async () => {
    const hook = fakes.discord.createWebhook();
    assert.equal((await call(hook, { json: { content: 'hi' } })).status, 204);
    const waited = await call(`${hook}?wait=true`, { json: { embeds: [{ title: 'Invoice' }] } });
    assert.equal(waited.status, 200);
    assert.equal(waited.json.embeds[0].title, 'Invoice');
    assert.deepEqual((await call(hook, { json: { username: 'x' } })).json, {
      message: 'Cannot send an empty message',
      code: 50006,
    });
    assert.equal((await call(hook, { body: '{', headers: { 'content-type': 'application/json' } })).json.code, 50109);
    assert.equal((await call(hook, { json: { content: 'x'.repeat(2001) } })).json.code, 50035);
    const [id] = new URL(hook).pathname.split('/').slice(3);
    assert.deepEqual(
      (await call(`${fakes.urls.discord}/api/webhooks/${id}/wrong-token`, { json: { content: 'x' } })).json.code,
      50027,
    );
    const unknown = await call(`${fakes.urls.discord}/api/webhooks/1/x`, { json: { content: 'x' } });
    assert.deepEqual([unknown.status, unknown.json.code], [404, 10015]);
    fakes.discord.server.rateLimit();
    const limited = await call(hook, { json: { content: 'x' } });
    assert.equal(limited.status, 429);
    assert.equal(limited.json.retry_after, 1.25);
    assert.equal(limited.headers.get('retry-after'), '2');
  });
});

describe('Teams Workflows', () => {
  const card = {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { type: 'AdaptiveCard', version: '1.2', body: [{ type: 'TextBlock', text: 'Hi' }] },
      },
    ],
  };
  it('accepts with 202 (and runs the flow later), refuses a bad sig, and rate limits', async () => {
    const url = fakes.teams.workflowUrl();
    const ok = await call(url, { json: card });
    assert.deepEqual([ok.status, ok.text], [202, '']);
    assert.deepEqual(fakes.teams.runs.at(-1), { status: 'Succeeded' });
    assert.equal((await call(url, { json: { text: 'not a card' } })).status, 202, 'a bad card is still accepted…');
    assert.match(fakes.teams.runs.at(-1)?.error ?? '', /InvalidRequestContent/, '…and its run fails');
    assert.equal((await call(url, { json: { ...card, padding: 'x'.repeat(30_000) } })).status, 202);
    assert.match(fakes.teams.runs.at(-1)?.error ?? '', /MessageSizeExceeded/);
    assert.equal((await call(url.replace(/sig=[^&]+/, 'sig=forged'), { json: card })).status, 401);
    assert.equal(
      (await call(url.replace(FAKE_CREDENTIALS.teams.workflowId, 'f'.repeat(32)), { json: card })).status,
      404,
    );
    fakes.teams.server.rateLimit();
    assert.equal((await call(url, { json: card })).status, 429);
  });
});

describe('Close', () => {
  const auth = { authorization: basic(FAKE_CREDENTIALS.close.apiKey, '') };
  it('checks the key at /me, creates leads with contacts, and answers 401 and 429 with rate_reset', async () => {
    assert.equal(
      (await call(`${fakes.urls.closecrm}/api/v1/me/`, { headers: auth })).json.organizations[0].name,
      'Acme (fake)',
    );
    assert.equal(
      (await call(`${fakes.urls.closecrm}/api/v1/me/`, { headers: { authorization: basic('wrong', '') } })).status,
      401,
    );
    const lead = await call(`${fakes.urls.closecrm}/api/v1/lead/`, {
      headers: auth,
      json: { name: 'Acme', contacts: [{ name: 'Ada', emails: [{ type: 'office', email: 'ada@example.com' }] }] },
    });
    assert.equal(lead.status, 200);
    assert.match(lead.json.id, /^lead_/);
    assert.match(lead.json.contacts[0].id, /^cont_/);
    assert.equal(
      (await call(`${fakes.urls.closecrm}/api/v1/contact/`, { headers: auth, json: { name: 'x' } })).status,
      400,
    );
    fakes.servers.close?.rateLimit();
    const limited = await call(`${fakes.urls.closecrm}/api/v1/lead/`, { headers: auth, json: { name: 'x' } });
    assert.deepEqual(
      [limited.status, limited.json.error.rate_reset, limited.headers.get('ratelimit')],
      [429, 1.5, 'limit=100, remaining=0, reset=2'],
    );
  });
});

describe('Segment', () => {
  it('answers 200 {success: true} even for a wrong key, 400 for what its edge checks, and 429', async () => {
    const track = { userId: 'u1', event: 'Invoice Paid', properties: { amount: 42 } };
    const ok = await call(`${fakes.urls.segment}/v1/track`, {
      json: { ...track, writeKey: FAKE_CREDENTIALS.segment.writeKey },
    });
    assert.deepEqual([ok.status, ok.json], [200, { success: true }]);
    const viaBasic = await call(`${fakes.urls.segment}/v1/track`, {
      headers: { authorization: basic('wrong-but-long-key', '') },
      json: track,
    });
    assert.deepEqual([viaBasic.status, viaBasic.json], [200, { success: true }], 'a bad key is not detected');
    assert.equal((await call(`${fakes.urls.segment}/v1/track`, { json: { ...track, writeKey: 'x' } })).status, 400);
    const anonymous = await call(`${fakes.urls.segment}/v1/track`, {
      json: { event: 'x', writeKey: FAKE_CREDENTIALS.segment.writeKey },
    });
    assert.deepEqual([anonymous.status, anonymous.json.code], [400, 'no_user_anon_id']);
    assert.equal(
      (
        await call(`${fakes.urls.segment}/v1/track`, {
          json: { ...track, writeKey: FAKE_CREDENTIALS.segment.writeKey, blob: 'x'.repeat(33_000) },
        })
      ).status,
      400,
    );
    fakes.servers.segment?.rateLimit();
    const limited = await call(`${fakes.urls.segment}/v1/track`, {
      json: { ...track, writeKey: FAKE_CREDENTIALS.segment.writeKey },
    });
    assert.deepEqual(
      [limited.status, limited.headers.get('retry-after'), limited.headers.get('x-ratelimit-reset')],
      [429, '2', '2'],
    );
  });
});

describe('Customer.io', () => {
  const us = { authorization: basic(FAKE_CREDENTIALS.customerio.us.siteId, FAKE_CREDENTIALS.customerio.us.apiKey) };
  const eu = { authorization: basic(FAKE_CREDENTIALS.customerio.eu.siteId, FAKE_CREDENTIALS.customerio.eu.apiKey) };
  const event = {
    type: 'person',
    identifiers: { id: '42' },
    action: 'event',
    name: 'purchase',
    attributes: { price: 29.99 },
  };
  it('looks the region up on either host, writes only to the home region, and answers 400 {errors} and 401', async () => {
    const region = await call(`${fakes.urls.customerio}/api/v1/accounts/region`, { headers: eu });
    assert.deepEqual(region.json, { url: fakes.urls.customerioEu, region: 'eu', environment_id: 201 });
    assert.equal(
      (await call(`${fakes.urls.customerio}/api/v1/accounts/region`, { headers: { authorization: basic('x', 'y') } }))
        .status,
      401,
    );
    const ok = await call(`${fakes.urls.customerio}/api/v2/entity`, { headers: us, json: event });
    assert.deepEqual([ok.status, ok.json], [200, {}]);
    assert.equal((await call(`${fakes.urls.customerioEu}/api/v2/entity`, { headers: eu, json: event })).status, 200);
    assert.equal(
      (await call(`${fakes.urls.customerio}/api/v2/entity`, { headers: eu, json: event })).status,
      401,
      'EU account on the US host',
    );
    const invalid = await call(`${fakes.urls.customerio}/api/v2/entity`, {
      headers: us,
      json: { type: 'person', action: 'event' },
    });
    assert.equal(invalid.status, 400);
    assert.deepEqual(
      invalid.json.errors.map((e: { field: string }) => e.field),
      ['identifiers', 'name'],
    );
    fakes.servers['customerio-us']?.rateLimit();
    assert.equal((await call(`${fakes.urls.customerio}/api/v2/entity`, { headers: us, json: event })).status, 429);
  });
});

describe('SendGrid', () => {
  const auth = { authorization: `Bearer ${FAKE_CREDENTIALS.sendgrid.apiKey}` };
  const mail = {
    personalizations: [{ to: [{ email: 'ada@example.com' }] }],
    from: { email: 'billing@acme.example' },
    subject: 'Your invoice',
    content: [{ type: 'text/plain', value: 'Hello' }],
  };
  it('answers 202 with an empty body, its {errors} for 400/401/403, and 429 with an epoch reset', async () => {
    const ok = await call(`${fakes.urls.sendgrid}/v3/mail/send`, { headers: auth, json: mail });
    assert.deepEqual([ok.status, ok.text], [202, '']);
    assert.deepEqual((await call(`${fakes.urls.sendgrid}/v3/mail/send`, { json: mail })).json, {
      errors: [{ message: 'authorization required', field: null, help: null }],
    });
    assert.equal(
      (await call(`${fakes.urls.sendgrid}/v3/mail/send`, { headers: auth, json: { ...mail, personalizations: [] } }))
        .json.errors[0].field,
      'personalizations',
    );
    assert.equal(
      (await call(`${fakes.urls.sendgrid}/v3/mail/send`, { headers: auth, json: { ...mail, subject: undefined } })).json
        .errors[0].field,
      'subject',
    );
    const unverified = await call(`${fakes.urls.sendgrid}/v3/mail/send`, {
      headers: auth,
      json: { ...mail, from: { email: 'x@elsewhere.example' } },
    });
    assert.equal(unverified.status, 403);
    fakes.servers.sendgrid?.rateLimit();
    const limited = await call(`${fakes.urls.sendgrid}/v3/mail/send`, { headers: auth, json: mail });
    assert.deepEqual([limited.status, limited.json.errors[0].message], [429, 'too many requests']);
    assert.equal(limited.headers.get('x-ratelimit-reset'), String(Math.ceil((clockMs + 2000) / 1000)));
    assert.equal(limited.headers.get('retry-after'), null);
  });
});

describe('Resend', () => {
  const headers = { authorization: `Bearer ${FAKE_CREDENTIALS.resend.apiKey}`, 'user-agent': 'test' };
  const email = { from: 'Acme <billing@acme.example>', to: ['ada@example.com'], subject: 'Hi', text: 'Hello' };
  it('answers 200 {id}, needs a User-Agent, honours Idempotency-Key, and answers its errors and 429', async () => {
    const ok = await call(`${fakes.urls.resend}/emails`, { headers, json: email });
    assert.equal(ok.status, 200);
    assert.match(ok.json.id, /^[0-9a-f-]{36}$/);
    const noAgent = await fetch(`${fakes.urls.resend}/emails`, {
      method: 'POST',
      headers: { authorization: headers.authorization, 'content-type': 'application/json', 'user-agent': '' },
      body: JSON.stringify(email),
    });
    assert.deepEqual([noAgent.status, await noAgent.text()], [403, 'error code: 1010']);
    assert.equal(
      (await call(`${fakes.urls.resend}/emails`, { headers: { 'user-agent': 'x' }, json: email })).json.name,
      'missing_api_key',
    );
    assert.equal(
      (
        await call(`${fakes.urls.resend}/emails`, {
          headers: { ...headers, authorization: 'Bearer re_wrong' },
          json: email,
        })
      ).json.name,
      'invalid_api_key',
    );
    assert.equal(
      (await call(`${fakes.urls.resend}/emails`, { headers, json: { ...email, subject: undefined } })).json.name,
      'missing_required_field',
    );
    const first = await call(`${fakes.urls.resend}/emails`, {
      headers: { ...headers, 'idempotency-key': 'k1' },
      json: email,
    });
    const again = await call(`${fakes.urls.resend}/emails`, {
      headers: { ...headers, 'idempotency-key': 'k1' },
      json: email,
    });
    assert.equal(again.json.id, first.json.id);
    assert.equal(
      (
        await call(`${fakes.urls.resend}/emails`, {
          headers: { ...headers, 'idempotency-key': 'k1' },
          json: { ...email, text: 'other' },
        })
      ).status,
      409,
    );
    fakes.servers.resend?.rateLimit();
    const limited = await call(`${fakes.urls.resend}/emails`, { headers, json: email });
    assert.deepEqual(
      [limited.status, limited.json.name, limited.headers.get('retry-after')],
      [429, 'rate_limit_exceeded', '1'],
    );
  });
});

describe('Loops', () => {
  const auth = { authorization: `Bearer ${FAKE_CREDENTIALS.loops.apiKey}` };
  it('checks the key, sends events, answers 400/401/409, and a 429 with no retry hint', async () => {
    assert.deepEqual((await call(`${fakes.urls.loops}/api/v1/api-key`, { headers: auth })).json, {
      success: true,
      teamName: 'Acme (fake)',
    });
    assert.deepEqual(
      (await call(`${fakes.urls.loops}/api/v1/api-key`, { headers: { authorization: 'Bearer x' } })).json,
      { success: false, message: 'Invalid API key' },
    );
    const event = { email: 'ada@example.com', eventName: 'invoicePaid' };
    assert.deepEqual((await call(`${fakes.urls.loops}/api/v1/events/send`, { headers: auth, json: event })).json, {
      success: true,
    });
    assert.equal(
      (await call(`${fakes.urls.loops}/api/v1/events/send`, { headers: auth, json: { email: 'a@b.c' } })).status,
      400,
    );
    assert.equal(
      (await call(`${fakes.urls.loops}/api/v1/events/send`, { headers: auth, json: { ...event, eventName: 'a:b' } }))
        .status,
      400,
    );
    await call(`${fakes.urls.loops}/api/v1/events/send`, {
      headers: { ...auth, 'idempotency-key': 'i1' },
      json: event,
    });
    assert.equal(
      (
        await call(`${fakes.urls.loops}/api/v1/events/send`, {
          headers: { ...auth, 'idempotency-key': 'i1' },
          json: { ...event, eventName: 'other' },
        })
      ).status,
      409,
    );
    assert.equal((await call(`${fakes.urls.loops}/api/v1/events/send`, { method: 'GET', headers: auth })).status, 405);
    fakes.servers.loops?.rateLimit();
    const limited = await call(`${fakes.urls.loops}/api/v1/events/send`, { headers: auth, json: event });
    assert.deepEqual(
      [limited.status, limited.headers.get('retry-after'), limited.headers.get('x-ratelimit-limit')],
      [429, null, '10'],
    );
  });
});

describe('Windmill', () => {
  const auth = { authorization: `Bearer ${FAKE_CREDENTIALS.windmill.token}` };
  const base = () => `${fakes.urls.windmill}/api/w/${FAKE_CREDENTIALS.windmill.workspace}`;
  it('runs scripts and flows async (job id) and sync (result), by header or ?token=, and refuses what is wrong', async () => {
    const job = await call(`${base()}/jobs/run/p/u/bot/hello`, { headers: auth, json: { name: 'Ada' } });
    assert.equal(job.status, 201);
    assert.match(job.text, /^[0-9a-f-]{36}$/);
    const sync = await call(
      `${base()}/jobs/run_wait_result/f/f/flows/on_invoice?token=${FAKE_CREDENTIALS.windmill.token}`,
      { json: { amount: 42 } },
    );
    assert.deepEqual(sync.json, { received: { amount: 42 } });
    const wrapped = await call(`${base()}/jobs/run_wait_result/p/u/bot/hello?wrap_body=true`, {
      headers: auth,
      json: { a: 1 },
    });
    assert.deepEqual(wrapped.json, { received: { body: { a: 1 } } });
    assert.equal((await call(`${base()}/jobs/run/p/u/bot/hello`, { json: {} })).status, 401);
    assert.equal((await call(`${base()}/jobs/run/p/u/bot/missing`, { headers: auth, json: {} })).status, 404);
    assert.equal(
      (await call(`${fakes.urls.windmill}/api/w/other/jobs/run/p/u/bot/hello`, { headers: auth, json: {} })).status,
      404,
    );
    fakes.servers.windmill?.rateLimit({ key: 'u/bot/hello' });
    assert.equal((await call(`${base()}/jobs/run/p/u/bot/hello`, { headers: auth, json: {} })).status, 429);
  });
});

describe('Inngest', () => {
  const url = () => `${fakes.urls.inngest}/e/${FAKE_CREDENTIALS.inngest.eventKey}`;
  it('takes one event or many, and answers 400, 401, 413 and 429', async () => {
    const one = await call(url(), { json: { name: 'acme/invoice.paid', data: { amount: 42 } } });
    assert.equal(one.json.status, 200);
    assert.equal(one.json.ids.length, 1);
    assert.equal(
      (
        await call(url(), {
          json: [
            { name: 'a', data: {} },
            { name: 'b', data: {} },
          ],
        })
      ).json.ids.length,
      2,
    );
    assert.equal((await call(url(), { json: { data: {} } })).status, 400);
    assert.equal((await call(`${fakes.urls.inngest}/e/wrong-key`, { json: { name: 'a' } })).status, 401);
    assert.equal((await call(url(), { json: { name: 'a', data: { blob: 'x'.repeat(300_000) } } })).status, 413);
    fakes.servers.inngest?.rateLimit();
    assert.equal((await call(url(), { json: { name: 'a' } })).status, 429);
  });
});

describe('Zapier', () => {
  it('answers every catch hook with its ids (even with no Zap behind it), silently on /silent/, and 429 on demand', async () => {
    const ok = await call(fakes.zapier.hookUrl(), { json: { invoice: 1 } });
    assert.equal(ok.status, 200);
    assert.deepEqual(Object.keys(ok.json).sort(), ['attempt', 'id', 'request_id', 'status']);
    assert.equal((await call(`${fakes.urls.zapier}/hooks/catch/999/nobody/`, { json: {} })).json.status, 'success');
    assert.equal((await call(`${fakes.urls.zapier}/hooks/catch/999/nobody/silent/`, { json: {} })).text, '');
    fakes.zapier.server.rateLimit({ key: FAKE_CREDENTIALS.zapier.hookId });
    assert.equal((await call(fakes.zapier.hookUrl(), { json: {} })).status, 429);
  });
});

describe('every fake', () => {
  it('records requests and clears them through the inspection API', async () => {
    fakes.clear();
    await call(fakes.zapier.hookUrl(), { json: { n: 1 } });
    const listed = await call(`${fakes.urls.zapier}/_fake/requests`);
    assert.equal(listed.json.data.length, 1);
    assert.deepEqual(listed.json.data[0].body, { n: 1 });
    assert.equal(listed.json.data[0].status, 200);
    await call(`${fakes.urls.zapier}/_fake/requests`, { method: 'DELETE' });
    assert.equal((await call(`${fakes.urls.zapier}/_fake/requests`)).json.data.length, 0);
  });

  it('takes rate limits and faults over HTTP: 500s, slow answers, dropped connections', async () => {
    const hook = fakes.slack.createWebhook();
    await call(`${fakes.urls.slack}/_fake/rate-limit`, { json: { times: 2 } });
    assert.deepEqual(
      [(await call(hook, { json: { text: 'a' } })).status, (await call(hook, { json: { text: 'b' } })).status],
      [429, 429],
    );
    await call(`${fakes.urls.slack}/_fake/fail`, { json: { times: 1, status: 503 } });
    assert.equal((await call(hook, { json: { text: 'c' } })).status, 503);
    fakes.slack.server.fail({ delayMs: 300 });
    const started = performance.now();
    assert.equal((await call(hook, { json: { text: 'd' } })).status, 500);
    assert.ok(performance.now() - started >= 290);
    fakes.slack.server.fail({ reset: true });
    await assert.rejects(call(hook, { json: { text: 'e' } }));
    assert.equal((await call(hook, { json: { text: 'f' } })).status, 200, 'back to normal');
  });
});

describe('a restart of the fakes', () => {
  it('keeps the Slack and Discord webhooks and the HubSpot tokens they handed out working, as the real services do', async () => {
    const redirectUri = 'http://localhost:8787/patchbay/oauth/hubspot/callback';
    const first = await startFakes({ redirectUris: [redirectUri] });
    const slack = first.slack.createWebhook();
    const discord = first.discord.createWebhook();
    const hubspot = {
      client_id: FAKE_CREDENTIALS.hubspot.clientId,
      client_secret: FAKE_CREDENTIALS.hubspot.clientSecret,
    };
    const back = await consent(first.urls.hubspot, '/oauth/authorize', {
      client_id: hubspot.client_id,
      scope: HUBSPOT_SCOPES.join(' '),
      redirect_uri: redirectUri,
    });
    const issued = await call(`${first.urls.hubspot}/oauth/v1/token`, {
      form: {
        ...hubspot,
        grant_type: 'authorization_code',
        redirect_uri: redirectUri,
        code: back.searchParams.get('code') ?? '',
      },
    });
    const contact = (accessToken: string, email: string) =>
      call(`${again.urls.hubspot}/crm/v3/objects/contacts`, {
        headers: { authorization: `Bearer ${accessToken}` },
        json: { properties: { email, firstname: 'Ada', lastname: 'Lovelace' } },
      });
    const ports = Object.fromEntries(
      Object.entries(first.servers).map(([name, s]) => [name, Number(new URL(s.url).port)]),
    );
    await first.stop();
    const again = await startFakes({ ports, redirectUris: [redirectUri] });
    try {
      assert.equal(again.urls.slack, first.urls.slack);
      assert.equal((await call(slack, { json: { text: 'after the restart' } })).status, 200);
      assert.equal((await call(discord, { json: { content: 'after the restart' } })).status, 204);
      assert.equal((await contact(issued.json.access_token, 'ada@example.com')).status, 201);
      const refreshed = await call(`${again.urls.hubspot}/oauth/v1/token`, {
        form: { ...hubspot, grant_type: 'refresh_token', refresh_token: issued.json.refresh_token },
      });
      assert.equal(refreshed.status, 200);
      assert.equal((await contact(refreshed.json.access_token, 'bo@example.com')).status, 201);
      // Still only those: a made-up secret or token is refused as before.
      assert.equal((await call(`${slack.slice(0, -4)}nope`, { json: { text: 'x' } })).status, 404);
      assert.equal((await call(`${discord.slice(0, -4)}nope`, { json: { content: 'x' } })).json.code, 50027);
    } finally {
      await again.stop();
    }
  });
});

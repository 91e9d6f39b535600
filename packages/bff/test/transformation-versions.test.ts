import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newEndpoint } from '../src/domain/endpoints.ts';
import { createTransformations, DRY_RUN_COSTLY_FAILURES, MAX_VERSIONS } from '../src/domain/transformations.ts';
import type { Store } from '../src/store/types.ts';
import { TransformService } from '../src/transform/service.ts';
import { capturedLogger, type Json, manualClock, startApi } from './helpers.ts';
import { openFreshPostgresStore, POSTGRES_URL } from './postgres.ts';
import { openSqliteStore } from './stores.ts';

/**
 * Patchbay's transformation extensions through the real server, on both stores: every code
 * saved is kept as a version with its author and time (bounded), restored by saving it again;
 * a dry run runs new and current code on the endpoint's held messages and its examples.
 */
const stores: [string, (() => Promise<Store>) | undefined][] = [
  ['SQLite', undefined],
  ['PostgreSQL', POSTGRES_URL ? () => openFreshPostgresStore() : undefined],
];

const code = (n: number) => `function handler(webhook) {\n  webhook.payload = { n: ${n} };\n  return webhook;\n}`;
/** Reads a field only some payloads have: a message with `customer` passes, one without breaks at line 2. */
const EMAIL = `function handler(webhook) {\n  webhook.payload = { to: webhook.payload.customer.email, key: webhook.env.key };\n  return webhook;\n}`;
const SECRET = 'sk_live_0123456789abcdef';

for (const [storeName, openStore] of stores) {
  const skip = storeName === 'PostgreSQL' && !openStore ? 'PATCHBAY_TEST_POSTGRES_URL is not set' : false;
  describe(`transformation versions and dry runs (${storeName})`, { skip }, () => {
    const clock = manualClock(new Date());
    let api: Awaited<ReturnType<typeof startApi>>;
    let epId: string;
    let rivalEp: string;
    let acme: string;
    let rival: string;
    let viewer: string;

    async function call(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
      const res = await api.fetch(path, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        ...(init.token ? { token: init.token } : {}),
      });
      const text = await res.text();
      return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Json };
    }
    const base = (app: string, ep: string) => `/api/v1/app/${app}/endpoint/${ep}/transformation`;
    const save = (body: object, token?: string, app = 'acme', ep = epId) =>
      call(base(app, ep), { method: 'PATCH', body, ...(token ? { token } : {}) });
    const versions = async (token?: string) =>
      (await call(`${base('acme', epId)}/versions`, token ? { token } : {})).json.data as Json[];

    before(async () => {
      api = await startApi({ clock, ...(openStore ? { openStore } : {}) });
      await api.svix.eventType.create({
        name: 'invoice.created',
        description: 'An invoice',
        schemas: { 1: { type: 'object', examples: [{ customer: { email: 'ex@example.com' } }] } },
      });
      await api.svix.eventType.create({ name: 'invoice.paid', description: 'Paid' });
      for (const uid of ['acme', 'rival']) await api.svix.application.create({ name: uid, uid });
      epId = (
        await api.svix.endpoint.create('acme', {
          url: 'https://hooks.example.com/acme',
          eventTypes: ['invoice.created', 'invoice.paid'],
        })
      ).id;
      rivalEp = (await api.svix.endpoint.create('rival', { url: 'https://hooks.example.com/rival' })).id;
      acme = (await api.svix.authentication.appPortalAccess('acme', { sessionId: 'sess-acme' })).token;
      rival = (await api.svix.authentication.appPortalAccess('rival', { sessionId: 'sess-rival' })).token;
      viewer = (await api.svix.authentication.appPortalAccess('acme', { capabilities: ['ViewBase' as never] })).token;
    });
    after(() => api?.close());

    it('keeps each code saved, newest first, with its author and time; a switch or variables alone is no version', async () => {
      assert.equal((await save({ code: code(1), enabled: true })).status, 204);
      clock.advance(1000);
      assert.equal((await save({ code: code(2) }, acme)).status, 204);
      clock.advance(1000);
      assert.equal((await save({ enabled: true, variables: { key: SECRET } })).status, 204);
      assert.equal((await save({ code: code(2) })).status, 204, 'the same code again changes nothing');
      const list = await versions();
      assert.deepEqual(
        list.map((v) => [v.author, v.current]),
        [
          ['sess-acme', true],
          ['vendor', false],
        ],
      );
      assert.ok(Date.parse(list[0].createdAt) > Date.parse(list[1].createdAt));
      assert.equal(list[0].code, undefined, 'the list holds no code: one version is read with it');
      const one = await call(`${base('acme', epId)}/versions/${list[1].id}`);
      assert.equal(one.status, 200);
      assert.equal(one.json.code, code(1));
    });

    it('restores an old version as a new save, checked, recorded as the newest and current', async () => {
      const [, first] = await versions(acme);
      const restored = await call(`${base('acme', epId)}/versions/${first.id}/restore`, { token: acme, body: {} });
      assert.equal(restored.status, 200, JSON.stringify(restored.json));
      assert.equal(restored.json.code, code(1));
      assert.equal(restored.json.current, true);
      assert.notEqual(restored.json.id, first.id);
      assert.equal((await call(base('acme', epId))).json.code, code(1));
      const list = await versions();
      assert.deepEqual(
        list.map((v) => [v.author, v.current]),
        [
          ['sess-acme', true],
          ['sess-acme', false],
          ['vendor', false],
        ],
      );
    });

    it(`keeps only the last ${MAX_VERSIONS} versions of an endpoint`, async () => {
      for (let n = 100; n < 100 + MAX_VERSIONS + 3; n++) {
        clock.advance(1);
        assert.equal((await save({ code: code(n) })).status, 204);
      }
      const list = await versions();
      assert.equal(list.length, MAX_VERSIONS);
      const newest = await call(`${base('acme', epId)}/versions/${list[0].id}`);
      assert.equal(newest.json.code, code(100 + MAX_VERSIONS + 2));
      const oldest = await call(`${base('acme', epId)}/versions/${list.at(-1).id}`);
      assert.equal(oldest.json.code, code(103));
    });

    it("records the portal's draft save with the session as author", async () => {
      const connector = await call('/api/v1/connector', {
        body: { name: 'Custom', kind: 'Custom', transformation: code(0) },
      });
      const draft = await call(`/portal/v1/connectors/${connector.json.id}/connect`, {
        token: acme,
        body: { credentials: { url: 'https://hooks.example.com/draft' } },
      });
      assert.equal(draft.status, 201, JSON.stringify(draft.json));
      const saved = await call(`/portal/v1/drafts/${draft.json.id}/save`, {
        token: acme,
        body: { eventTypes: null, code: code(7) },
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.json));
      const list = (await call(`/api/v1/app/acme/endpoint/${draft.json.id}/transformation/versions`)).json.data;
      assert.deepEqual(
        list.map((v: Json) => [v.author, v.current]),
        [['sess-acme', true]],
      );
    });

    it('dry-runs new and current code on held messages and examples: one breaks, one passes, secrets masked', async () => {
      await save({ code: 'function handler(webhook) { return webhook; }' });
      const good = await api.svix.message.create('acme', {
        eventType: 'invoice.created',
        payload: { customer: { email: 'ada@example.com' } },
      });
      clock.advance(10);
      const bad = await api.svix.message.create('acme', { eventType: 'invoice.paid', payload: { amount: 3 } });
      const res = await call(`${base('acme', epId)}/dry-run`, { token: acme, body: { code: EMAIL } });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const rows = res.json.data as Json[];
      assert.deepEqual(
        rows.map((r) => [r.source, r.msgId, r.eventType, r.new.status, r.current.status]),
        [
          ['message', bad.id, 'invoice.paid', 'error', 'ok'],
          ['message', good.id, 'invoice.created', 'ok', 'ok'],
          ['example', null, 'invoice.created', 'ok', 'ok'],
        ],
      );
      const [broken, passed] = rows;
      assert.equal(broken.new.kind, 'runtime');
      assert.equal(broken.new.line, 2);
      assert.match(broken.new.reason, /Cannot read properties of undefined \(reading 'email'\)/);
      assert.deepEqual(JSON.parse(passed.new.payload).to, 'ada@example.com');
      assert.doesNotMatch(passed.new.payload, new RegExp(SECRET), "the endpoint's variables are masked");
      assert.deepEqual(JSON.parse(passed.current.payload), { customer: { email: 'ada@example.com' } });
      assert.equal(res.json.regressions, 1, 'the new code fails where the current one succeeded, once');
    });

    it("tries the filter as edited in the flow, else the endpoint's saved one; null tries none", async () => {
      const small = await api.svix.message.create('acme', { eventType: 'invoice.paid', payload: { amount: 5 } });
      clock.advance(10);
      const large = await api.svix.message.create('acme', { eventType: 'invoice.paid', payload: { amount: 500 } });
      const outcomes = async (body: object) => {
        const res = await call(`${base('acme', epId)}/dry-run`, { body: { code: EMAIL, ...body } });
        assert.equal(res.status, 200, JSON.stringify(res.json));
        const rows = res.json.data as Json[];
        return [small.id, large.id].map((id) => rows.find((r) => r.msgId === id)?.new.status);
      };
      const over100 = { '>': [{ var: 'amount' }, 100] };
      assert.deepEqual(await outcomes({ filter: over100 }), ['filtered', 'error']);
      assert.deepEqual(await outcomes({}), ['error', 'error'], 'the endpoint has no filter saved yet');
      await call(`/api/v1/app/acme/endpoint/${epId}`, { method: 'PATCH', body: { filter: over100 } });
      assert.deepEqual(await outcomes({}), ['filtered', 'error'], 'the saved filter');
      assert.deepEqual(await outcomes({ filter: null }), ['error', 'error'], 'null: the filter as removed in the flow');
      const bad = await call(`${base('acme', epId)}/dry-run`, { body: { code: EMAIL, filter: { map: [] } } });
      assert.equal(bad.status, 422);
      await call(`/api/v1/app/acme/endpoint/${epId}`, { method: 'PATCH', body: { filter: null } });
    });

    it('dry-runs the examples of the event types chosen in the flow, and stops a costly code after a few runs', async () => {
      const chosen = await call(`${base('acme', epId)}/dry-run`, {
        body: { code: EMAIL, eventTypes: ['invoice.created'] },
      });
      assert.equal(chosen.status, 200);
      assert.deepEqual(
        chosen.json.data.filter((r: Json) => r.source === 'example').map((r: Json) => r.eventType),
        ['invoice.created'],
      );
      for (let i = 0; i < DRY_RUN_COSTLY_FAILURES + 1; i++)
        await api.svix.message.create('acme', { eventType: 'invoice.paid', payload: { i } });
      const loop = await call(`${base('acme', epId)}/dry-run`, {
        body: { code: 'function handler(w) { while (true) {} }' },
      });
      assert.equal(loop.status, 200);
      const outcomes = loop.json.data.map((r: Json) => r.new.status);
      assert.deepEqual(outcomes.slice(0, DRY_RUN_COSTLY_FAILURES), Array(DRY_RUN_COSTLY_FAILURES).fill('error'));
      assert.ok(
        outcomes.slice(DRY_RUN_COSTLY_FAILURES).every((s: string) => s === 'skipped'),
        'the rest are not run',
      );
      assert.ok(loop.json.data.every((r: Json) => r.current.status === 'ok'));
    });

    it("gives a hostile portal session nothing of another application's versions or messages", async () => {
      await save({ code: code(9) }, undefined, 'rival', rivalEp);
      await api.svix.message.create('rival', { eventType: 'invoice.paid', payload: { rivalSecret: 'r1' } });
      const rivalVersion = (await call(`${base('rival', rivalEp)}/versions`)).json.data[0].id as string;
      const acmeVersion = (await versions())[0].id as string;
      const attempts = [
        // Its path names the other application: refused outright.
        call(`${base('rival', rivalEp)}/versions`, { token: acme }),
        call(`${base('rival', rivalEp)}/versions/${rivalVersion}`, { token: acme }),
        call(`${base('rival', rivalEp)}/versions/${rivalVersion}/restore`, { token: acme, body: {} }),
        call(`${base('rival', rivalEp)}/dry-run`, { token: acme, body: { code: EMAIL } }),
        // Its own application's path with the other's endpoint or version: not found.
        call(`${base('acme', rivalEp)}/versions`, { token: acme }),
        call(`${base('acme', rivalEp)}/dry-run`, { token: acme, body: { code: EMAIL } }),
        call(`${base('acme', epId)}/versions/${rivalVersion}`, { token: acme }),
        call(`${base('acme', epId)}/versions/${rivalVersion}/restore`, { token: acme, body: {} }),
        // And the other way round: the rival's session at this application's endpoint and version.
        call(`${base('rival', epId)}/dry-run`, { token: rival, body: { code: EMAIL } }),
        call(`${base('rival', rivalEp)}/versions/${acmeVersion}/restore`, { token: rival, body: {} }),
      ];
      const statuses = (await Promise.all(attempts)).map((r) => r.status);
      assert.deepEqual(statuses, [403, 403, 403, 403, 404, 404, 404, 404, 404, 404]);
      assert.equal((await call(base('rival', rivalEp))).json.code, code(9));
      // Without ManageTransformations, its own application's versions and dry runs are closed too.
      for (const r of [
        await call(`${base('acme', epId)}/versions`, { token: viewer }),
        await call(`${base('acme', epId)}/dry-run`, { token: viewer, body: { code: EMAIL } }),
      ])
        assert.equal(r.status, 403);
    });

    it("runs no example of an event type the session's feature flags hide, even when it names it", async () => {
      await api.svix.eventType.create({
        name: 'beta.thing',
        description: 'Hidden',
        featureFlags: ['beta'],
        schemas: { 1: { type: 'object', examples: [{ secretPlan: 'x' }] } },
      });
      // An application of its own: this one's dry-run budget is spent by now.
      await api.svix.application.create({ name: 'flags', uid: 'flags' });
      const ep = (await api.svix.endpoint.create('flags', { url: 'https://hooks.example.com/flags' })).id;
      const plain = (await api.svix.authentication.appPortalAccess('flags', {})).token;
      const named = { code: EMAIL, eventTypes: ['beta.thing', 'invoice.created'] };
      const hidden = await call(`${base('flags', ep)}/dry-run`, { token: plain, body: named });
      assert.equal(hidden.status, 200);
      const examples = (r: { json: Json }) =>
        r.json.data.filter((row: Json) => row.source === 'example').map((row: Json) => row.eventType);
      assert.deepEqual(examples(hidden), ['invoice.created']);
      const flagged = (await api.svix.authentication.appPortalAccess('flags', { featureFlags: ['beta'] })).token;
      const shown = await call(`${base('flags', ep)}/dry-run`, { token: flagged, body: named });
      assert.deepEqual(examples(shown), ['beta.thing', 'invoice.created']);
    });

    it('refuses bad input with a 4xx that says why', async () => {
      const cases: [string, object | undefined, number][] = [
        [`${base('acme', epId)}/dry-run`, { code: 'x' }, 422],
        [`${base('acme', epId)}/dry-run`, { code: code(1), eventTypes: ['a', 'a'] }, 422],
        [`${base('acme', epId)}/dry-run`, { code: 'function handler(w) {\n  return w +;\n}' }, 200],
        [`${base('acme', epId)}/versions/trver_nope/restore`, {}, 404],
        [`${base('acme', 'ep_nope')}/versions`, undefined, 404],
      ];
      for (const [path, body, status] of cases) {
        const res = await call(path, body === undefined ? {} : { body });
        assert.equal(res.status, status, `${path} ${JSON.stringify(body)}: ${JSON.stringify(res.json)}`);
        if (status >= 400) assert.equal(typeof res.json.code, 'string');
      }
      // Code that does not parse is answered per message, as an error at its line.
      const syntax = await call(`${base('acme', epId)}/dry-run`, {
        body: { code: 'function handler(w) {\n  return w +;\n}' },
      });
      assert.ok(syntax.json.data.every((r: Json) => r.new.status === 'error' && r.new.kind === 'syntax'));
    });

    it("counts a portal session's dry run as many simulations", async () => {
      const limited = await startApi({ clock, ...(openStore ? { openStore } : {}) });
      try {
        await limited.svix.application.create({ name: 'x', uid: 'x' });
        const ep = (await limited.svix.endpoint.create('x', { url: 'https://hooks.example.com/x' })).id;
        const token = (await limited.svix.authentication.appPortalAccess('x', {})).token;
        const statuses: number[] = [];
        // The default budget is 120 runs a minute; a dry run takes 60 of it.
        for (let i = 0; i < 3; i++) {
          const res = await limited.fetch(`/api/v1/app/x/endpoint/${ep}/transformation/dry-run`, {
            method: 'POST',
            token,
            body: JSON.stringify({ code: code(1) }),
          });
          statuses.push(res.status);
        }
        assert.deepEqual(statuses, [200, 200, 429]);
      } finally {
        await limited.close();
      }
    });
  });
}

describe("the dry run's filter", () => {
  it('runs neither code on a sample the filter stops', async () => {
    const engine = new TransformService({ logger: capturedLogger().logger });
    const store = await openSqliteStore(':memory:');
    try {
      const transformations = createTransformations({ engine, store, clock: manualClock() });
      const endpoint = newEndpoint('app_1', { url: 'https://hooks.example.com/x' }, new Date());
      const sample = (amount: number) => ({
        source: 'message' as const,
        msgId: `msg_${amount}`,
        eventType: 'invoice.created',
        payloadJson: JSON.stringify({ amount }),
        transformationsParams: null,
      });
      const results = await transformations.dryRun({
        appId: 'app_1',
        endpoint,
        code: EMAIL,
        currentCode: null,
        samples: [sample(1), sample(500)],
        filter: { '>': [{ var: 'amount' }, 100] },
      });
      assert.deepEqual(
        results.map((r) => [r.msgId, r.new.status, r.current.status]),
        [
          ['msg_1', 'filtered', 'filtered'],
          ['msg_500', 'error', 'ok'],
        ],
      );
    } finally {
      await engine.close();
      await store.close();
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiError, manualClock, startApi } from './helpers.ts';

describe('endpoints through the svix SDK', () => {
  const clock = manualClock();
  let api: Awaited<ReturnType<typeof startApi>>;
  let appId: string;
  before(async () => {
    api = await startApi({ clock });
    appId = (await api.svix.application.create({ name: 'Acme', uid: 'acme' })).id;
    await api.svix.eventType.create({ name: 'invoice.created', description: 'Created' });
    await api.svix.eventType.create({ name: 'invoice.paid', description: 'Paid' });
  });
  after(() => api.close());

  it('creates with a generated whsec_ secret, reads by id and uid, lists, replaces, patches, deletes', async () => {
    const ep = await api.svix.endpoint.create('acme', {
      url: 'https://hooks.example.com/acme',
      uid: 'primary',
      description: 'Main receiver',
      eventTypes: ['invoice.created'],
      channels: ['eu'],
      metadata: { owner: 'billing' },
      throttleRate: 20,
    });
    assert.match(ep.id, /^ep_[A-Za-z0-9]{27}$/);
    assert.deepEqual(ep.eventTypes, ['invoice.created']);
    assert.equal(ep.disabled, false);
    assert.equal((await api.svix.endpoint.get(appId, 'primary')).id, ep.id);
    assert.deepEqual(
      (await api.svix.endpoint.list('acme')).data.map((e) => e.id),
      [ep.id],
    );

    const { key } = await api.svix.endpoint.getSecret('acme', ep.id);
    assert.match(key, /^whsec_[A-Za-z0-9+/=]{44}$/);

    const replaced = await api.svix.endpoint.upsert('acme', ep.id, { url: 'https://hooks.example.com/v2' });
    assert.equal(replaced.url, 'https://hooks.example.com/v2');
    assert.equal(replaced.eventTypes ?? null, null, 'PUT resets the filters it does not name');
    assert.equal(replaced.uid ?? null, null);

    const paused = await api.svix.endpoint.patch('acme', ep.id, { disabled: true, eventTypes: ['invoice.paid'] });
    assert.equal(paused.disabled, true);
    assert.deepEqual(paused.eventTypes, ['invoice.paid']);
    assert.equal(paused.url, 'https://hooks.example.com/v2');

    await api.svix.endpoint.delete('acme', ep.id);
    assert.equal((await apiError(api.svix.endpoint.get('acme', ep.id))).code, 404);
  });

  it('keeps a secret it was given, and keeps the old one signing for 24 h after a rotation', async () => {
    const given = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const ep = await api.svix.endpoint.create('acme', { url: 'https://hooks.example.com/s', secret: given });
    assert.equal((await api.svix.endpoint.getSecret('acme', ep.id)).key, given);
    await api.svix.endpoint.rotateSecret('acme', ep.id, {});
    const rotated = (await api.svix.endpoint.getSecret('acme', ep.id)).key;
    assert.notEqual(rotated, given);
    const stored = await api.store.endpoints.get(appId, ep.id);
    assert.equal(stored?.previousSecrets[0]?.secret, given);
    assert.equal(stored?.previousSecrets[0]?.expiresAt.getTime(), clock.now().getTime() + 24 * 3600 * 1000);
    await api.svix.endpoint.rotateSecret('acme', ep.id, { key: 'Mw8NZmFQtQeSldc4wtXj1ziBIg0nH4ka' });
    assert.equal((await api.svix.endpoint.getSecret('acme', ep.id)).key, 'whsec_Mw8NZmFQtQeSldc4wtXj1ziBIg0nH4ka');
    const bad = await apiError(api.svix.endpoint.rotateSecret('acme', ep.id, { key: 'short' }));
    assert.equal(bad.code, 422);
  });

  it('never reads back sensitive header values; PUT replaces headers and PATCH merges and deletes', async () => {
    const ep = await api.svix.endpoint.create('acme', {
      url: 'https://hooks.example.com/h',
      headers: { Authorization: 'Bearer s3cret', 'X-Api-Key': 'k3y', 'X-Team': 'billing' },
    });
    const read = await api.svix.endpoint.getHeaders('acme', ep.id);
    assert.deepEqual(read.headers, { 'X-Team': 'billing' });
    assert.deepEqual(read.sensitive?.sort(), ['Authorization', 'X-Api-Key']);
    assert.ok(!JSON.stringify(read).includes('s3cret'));

    await api.svix.endpoint.patchHeaders('acme', ep.id, { headers: { 'X-Region': 'eu' }, deleteHeaders: ['x-team'] });
    assert.deepEqual((await api.svix.endpoint.getHeaders('acme', ep.id)).headers, { 'X-Region': 'eu' });
    await api.svix.endpoint.setHeaders('acme', ep.id, { headers: { 'X-Only': '1' } });
    const replaced = await api.svix.endpoint.getHeaders('acme', ep.id);
    assert.deepEqual(replaced, { headers: { 'X-Only': '1' }, sensitive: [] });

    const reserved = await apiError(
      api.svix.endpoint.setHeaders('acme', ep.id, { headers: { 'webhook-signature': 'x' } }),
    );
    assert.equal(reserved.code, 422);
    const injected = await apiError(api.svix.endpoint.setHeaders('acme', ep.id, { headers: { 'X-A': 'a\r\nX-B: b' } }));
    assert.equal(injected.code, 422);
    // What HTTP cannot carry is refused when saved, not found at every delivery.
    for (const value of ['caf\u1234', 'del\x7f'])
      assert.equal(
        (await apiError(api.svix.endpoint.setHeaders('acme', ep.id, { headers: { 'X-A': value } }))).code,
        422,
      );
  });

  it('stores the transformation code, variables and switch', async () => {
    const ep = await api.svix.endpoint.create('acme', { url: 'https://hooks.example.com/t' });
    const empty = await (await api.fetch(`/api/v1/app/acme/endpoint/${ep.id}/transformation`)).json();
    assert.deepEqual(empty, { code: null, enabled: false, variables: {}, updatedAt: null });
    const code = 'function handler(webhook) { webhook.payload = { text: "hi" }; return webhook; }';
    await api.svix.endpoint.transformationPartialUpdate('acme', ep.id, { code, enabled: true });
    await api.fetch(`/api/v1/app/acme/endpoint/${ep.id}/transformation`, {
      method: 'PATCH',
      body: JSON.stringify({ variables: { channel: '#billing' } }),
    });
    const stored = await (await api.fetch(`/api/v1/app/acme/endpoint/${ep.id}/transformation`)).json();
    assert.deepEqual(stored, {
      code,
      enabled: true,
      variables: { channel: '#billing' },
      updatedAt: clock.now().toISOString(),
    });
    const tooShort = await apiError(api.svix.endpoint.transformationPartialUpdate('acme', ep.id, { code: 'x' }));
    assert.equal(tooShort.code, 422);
  });

  it('remembers the connector an endpoint came from (204 when none)', async () => {
    const connector = await api.svix.connector.create({
      name: 'Slack',
      uid: 'slack',
      kind: 'Slack' as never,
      transformation: 'function handler(webhook) { return webhook; }',
    });
    const made = await api.fetch('/api/v1/app/acme/endpoint', {
      method: 'POST',
      body: JSON.stringify({ url: 'https://hooks.example.com/c', connectorId: 'slack' }),
    });
    const ep = await made.json();
    assert.equal(ep.connectorId, connector.id);
    const linked = await api.fetch(`/api/v1/app/acme/endpoint/${ep.id}/connector`);
    assert.equal((await linked.json()).id, connector.id);
    const plain = await api.svix.endpoint.create('acme', { url: 'https://hooks.example.com/p' });
    assert.equal((await api.fetch(`/api/v1/app/acme/endpoint/${plain.id}/connector`)).status, 204);
    const unknown = await api.fetch('/api/v1/app/acme/endpoint', {
      method: 'POST',
      body: JSON.stringify({ url: 'https://hooks.example.com/c', connectorId: 'nope' }),
    });
    assert.equal(unknown.status, 422);
  });

  it('validates URLs, event types, channels and uids at the field', async () => {
    const cases: [object, (string | number)[]][] = [
      [{ url: 'ftp://example.com/x' }, ['body', 'url']],
      [{ url: 'not a url' }, ['body', 'url']],
      [{ url: 'https://example.com', eventTypes: ['no.such.type'] }, ['body', 'eventTypes', 0]],
      [{ url: 'https://example.com', channels: ['bad channel'] }, ['body', 'channels', 0]],
      [{ url: 'https://example.com', uid: 'has space' }, ['body', 'uid']],
      [{ url: 'https://example.com', throttleRate: 0 }, ['body', 'throttleRate']],
    ];
    for (const [body, loc] of cases) {
      const res = await api.fetch('/api/v1/app/acme/endpoint', { method: 'POST', body: JSON.stringify(body) });
      assert.equal(res.status, 422, JSON.stringify(body));
      const detail = (await res.json()).detail as { loc: unknown[] }[];
      assert.deepEqual(detail[0]?.loc, loc, JSON.stringify(body));
    }
    const dupUid = await api.svix.endpoint.create('acme', { url: 'https://example.com', uid: 'same' });
    assert.ok(dupUid.id);
    assert.equal(
      (await apiError(api.svix.endpoint.create('acme', { url: 'https://example.com', uid: 'same' }))).code,
      409,
    );
  });

  describe("PUT on an endpoint that does not exist (Svix's upsert)", () => {
    const put = (path: string, body: object, token?: string) =>
      api.fetch(`/api/v1/app/acme/endpoint/${path}`, {
        method: 'PUT',
        body: JSON.stringify(body),
        ...(token ? { token } : {}),
      });
    const withUid = async (uid: string) => (await api.svix.endpoint.list('acme')).data.filter((e) => e.uid === uid);

    it('creates it under the uid in the path (201), then replaces it (200), and the same PUT again finds it', async () => {
      const made = await put('billing-hook', {
        url: 'https://hooks.example.com/billing',
        eventTypes: ['invoice.paid'],
      });
      assert.equal(made.status, 201);
      const created = await made.json();
      assert.match(created.id, /^ep_[A-Za-z0-9]{27}$/);
      assert.deepEqual(
        [created.uid, created.url, created.eventTypes],
        ['billing-hook', 'https://hooks.example.com/billing', ['invoice.paid']],
      );
      assert.match((await api.svix.endpoint.getSecret('acme', 'billing-hook')).key, /^whsec_/);

      const replaced = await api.svix.endpoint.upsert('acme', 'billing-hook', { url: 'https://hooks.example.com/v2' });
      assert.equal(replaced.id, created.id);
      assert.equal(replaced.url, 'https://hooks.example.com/v2');
      assert.equal(replaced.eventTypes ?? null, null, 'PUT resets what it does not name');
      assert.equal(replaced.uid, 'billing-hook', 'a PUT by uid keeps it, so the same PUT finds it again');
      const again = await put('billing-hook', { url: 'https://hooks.example.com/v2' });
      assert.equal(again.status, 200);
      assert.equal((await again.json()).id, created.id);
      assert.equal((await withUid('billing-hook')).length, 1);
    });

    it('creates one through the SDK, and two first PUTs at once make one endpoint (201 and 200)', async () => {
      const viaSdk = await api.svix.endpoint.upsert('acme', 'sdk-made', { url: 'https://hooks.example.com/sdk' });
      assert.equal(viaSdk.uid, 'sdk-made');
      assert.equal((await api.svix.endpoint.get('acme', 'sdk-made')).id, viaSdk.id);
      const twins = await Promise.all([1, 2].map(() => put('twin', { url: 'https://hooks.example.com/twin' })));
      assert.deepEqual(twins.map((r) => r.status).sort(), [200, 201]);
      const ids = await Promise.all(twins.map(async (r) => (await r.json()).id));
      assert.equal(ids[0], ids[1]);
      assert.equal((await withUid('twin')).length, 1);
    });

    it('refuses an id it did not make (404), another resource id or a bad uid as the path (422), and a bad body', async () => {
      const count = (await api.svix.endpoint.list('acme')).data.length;
      const unknown = await put('ep_2ZZZZZZZZZZZZZZZZZZZZZZZZZZ', { url: 'https://hooks.example.com/x' });
      assert.equal(unknown.status, 404);
      const notFound = await unknown.json();
      assert.equal(notFound.code, 'not_found');
      assert.match(notFound.detail, /only under a uid/);
      for (const path of ['app_x', 'msg_x', 'trtmpl_x', 'bad%20uid']) {
        const res = await put(path, { url: 'https://hooks.example.com/x' });
        assert.equal(res.status, 422, path);
        assert.deepEqual((await res.json()).detail[0].loc, ['path', 'endpoint_id'], path);
      }
      const badUrl = await put('fresh', { url: 'ftp://example.com/x' });
      assert.equal(badUrl.status, 422);
      assert.deepEqual((await badUrl.json()).detail[0].loc, ['body', 'url']);
      assert.equal((await api.svix.endpoint.list('acme')).data.length, count, 'nothing was made');
    });

    it('lets a portal session with ManageEndpoint make one in its own application only', async () => {
      await api.svix.application.create({ name: 'Rival', uid: 'rival' });
      const token = (await api.svix.authentication.appPortalAccess('acme', {})).token;
      const own = await put('portal-made', { url: 'https://hooks.example.com/portal' }, token);
      assert.equal(own.status, 201);
      const elsewhere = await api.fetch('/api/v1/app/rival/endpoint/portal-made', {
        method: 'PUT',
        body: JSON.stringify({ url: 'https://hooks.example.com/portal' }),
        token,
      });
      assert.equal(elsewhere.status, 403);
      assert.deepEqual((await api.svix.endpoint.list('rival')).data, []);
      const viewer = (await api.svix.authentication.appPortalAccess('acme', { capabilities: ['ViewBase'] } as never))
        .token;
      assert.equal((await put('viewer-made', { url: 'https://hooks.example.com/v' }, viewer)).status, 403);
      assert.deepEqual(await withUid('viewer-made'), []);
    });
  });
});

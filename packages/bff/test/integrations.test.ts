import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { requestFingerprint } from '../src/api/route-table.ts';
import { Cipher } from '../src/crypto/cipher.ts';
import type { Store } from '../src/store/types.ts';
import { apiError, byteOrder, startApi } from './helpers.ts';
import { openFreshPostgresStore, POSTGRES_URL } from './postgres.ts';
import { openSqliteStore } from './stores.ts';

/** Svix's integrations through the svix SDK, on both stores. */
const stores: [string, (() => Promise<Store>) | undefined][] = [
  ['SQLite', undefined],
  ['PostgreSQL', POSTGRES_URL ? () => openFreshPostgresStore() : undefined],
];

for (const [storeName, openStore] of stores) {
  const skip = storeName === 'PostgreSQL' && !openStore ? 'PATCHBAY_TEST_POSTGRES_URL is not set' : false;
  describe(`integrations through the svix SDK (${storeName})`, { skip }, () => {
    let api: Awaited<ReturnType<typeof startApi>>;
    before(async () => {
      api = await startApi(openStore ? { openStore } : {});
    });
    after(() => api.close());

    it('creates, gets, lists page by page, updates, rotates the key and deletes', async () => {
      const app = await api.svix.application.create({ name: 'Globex' });
      const created = await api.svix.integration.create(app.id, { name: 'Zapier', featureFlags: ['beta'] });
      assert.match(created.id, /^integ_[A-Za-z0-9]{27}$/);
      assert.equal(created.name, 'Zapier');
      assert.deepEqual(created.featureFlags, ['beta']);
      assert.ok(created.createdAt instanceof Date && created.updatedAt instanceof Date);
      assert.equal((created as unknown as Record<string, unknown>).key, undefined, 'create answers no key');

      const second = await api.svix.integration.create(app.id, { name: 'Make' });
      assert.equal(second.featureFlags, undefined, "no flags: no field, as Svix's schema (minItems 1) allows");
      assert.deepEqual(await api.svix.integration.get(app.id, created.id), created);

      const first = await api.svix.integration.list(app.id, { limit: 1 });
      assert.equal(first.data.length, 1);
      assert.equal(first.done, false);
      const rest = await api.svix.integration.list(app.id, { limit: 1, iterator: first.iterator ?? undefined });
      assert.deepEqual(
        [...first.data, ...rest.data].map((i) => i.id),
        [created.id, second.id].sort(byteOrder),
      );
      assert.equal(rest.done, true);
      const newestFirst = await api.svix.integration.list(app.id, { order: 'descending' as never });
      assert.deepEqual(
        newestFirst.data.map((i) => i.id),
        [created.id, second.id].sort(byteOrder).reverse(),
      );

      const updated = await api.svix.integration.update(app.id, created.id, { name: 'Zapier EU' });
      assert.equal(updated.name, 'Zapier EU');
      assert.equal(updated.featureFlags, undefined, 'PUT replaces: flags left out are none');

      const { key } = await api.svix.integration.rotateKey(app.id, created.id);
      assert.match(key, /^integsk_[A-Za-z0-9_-]{32}$/);
      const again = await api.svix.integration.rotateKey(app.id, created.id);
      assert.notEqual(again.key, key, 'each rotation makes a new key');

      const stored = await api.store.integrations.get(app.id, created.id);
      assert.ok(stored?.keyCiphertext.startsWith('v1.'), 'the key is sealed with the cipher');
      assert.ok(!stored?.keyCiphertext.includes(again.key.slice('integsk_'.length)));
      assert.ok(!JSON.stringify(api.lines).includes(again.key), 'no key in the logs');

      await api.svix.integration.delete(app.id, created.id);
      assert.equal((await apiError(api.svix.integration.get(app.id, created.id))).code, 404);
      assert.equal((await apiError(api.svix.integration.delete(app.id, created.id))).code, 404);
      assert.equal((await apiError(api.svix.integration.rotateKey(app.id, created.id))).code, 404);
    });

    it("finds no integration of another application under this one's path", async () => {
      const mine = await api.svix.application.create({ name: 'Mine' });
      const theirs = await api.svix.application.create({ name: 'Theirs' });
      const integration = await api.svix.integration.create(theirs.id, { name: 'Zapier' });
      for (const call of [
        () => api.svix.integration.get(mine.id, integration.id),
        () => api.svix.integration.update(mine.id, integration.id, { name: 'taken' }),
        () => api.svix.integration.rotateKey(mine.id, integration.id),
        () => api.svix.integration.delete(mine.id, integration.id),
      ]) {
        const err = await apiError(call());
        assert.equal(err.code, 404);
        assert.equal(err.body.code, 'not_found');
      }
      assert.equal((await api.svix.integration.get(theirs.id, integration.id)).name, 'Zapier');
      assert.equal((await apiError(api.svix.integration.list('app_2ZZZZZZZZZZZZZZZZZZZZZZZZZZ'))).code, 404);
    });

    it('refuses bad input with 422', async () => {
      const app = await api.svix.application.create({ name: 'Strict' });
      const post = (body: unknown) =>
        api.fetch(`/api/v1/app/${app.id}/integration`, { method: 'POST', body: JSON.stringify(body) });
      for (const body of [
        {},
        { name: '' },
        { name: 'x', featureFlags: ['not a flag'] },
        { name: 'x', featureFlags: ['a', 'a'] },
      ]) {
        const res = await post(body);
        assert.equal(res.status, 422, JSON.stringify(body));
        const problem = await res.json();
        assert.equal(problem.code, 'validation_error');
        assert.ok(Array.isArray(problem.detail));
      }
    });

    it("removes an application's integrations with it", async () => {
      const app = await api.svix.application.create({ name: 'Gone soon' });
      const integration = await api.svix.integration.create(app.id, { name: 'Zapier' });
      await api.svix.application.delete(app.id);
      assert.equal(await api.store.integrations.get(app.id, integration.id), undefined);
      assert.equal((await apiError(api.svix.integration.get(app.id, integration.id))).code, 404);
    });

    it("lets no portal session read, change or rotate integrations: another application's, nor its own", async () => {
      const victim = await api.svix.application.create({ name: 'Victim' });
      const attacker = await api.svix.application.create({ name: 'Attacker' });
      const integration = await api.svix.integration.create(victim.id, { name: 'Zapier' });
      for (const app of [attacker, victim]) {
        const { token } = await api.svix.authentication.appPortalAccess(app.id, {});
        const session = api.client(token);
        for (const call of [
          () => session.integration.list(victim.id),
          () => session.integration.get(victim.id, integration.id),
          () => session.integration.create(victim.id, { name: 'mine now' }),
          () => session.integration.update(victim.id, integration.id, { name: 'mine now' }),
          () => session.integration.rotateKey(victim.id, integration.id),
          () => session.integration.delete(victim.id, integration.id),
        ]) {
          assert.equal((await apiError(call())).code, 403, `a session of ${app.name}`);
        }
        // Its own application's path gives it nothing either.
        assert.equal((await apiError(session.integration.list(app.id))).code, 403);
      }
      const intact = await api.svix.integration.get(victim.id, integration.id);
      assert.equal(intact.name, 'Zapier');
      assert.equal((await api.svix.integration.list(victim.id)).data.length, 1);
    });

    it('answers a retried rotation with the same key, and a retried create without another integration', async () => {
      const app = await api.svix.application.create({ name: 'Retry' });
      const integration = await api.svix.integration.create(app.id, { name: 'Zapier' }, { idempotencyKey: 'c-1' });
      const twin = await api.svix.integration.create(app.id, { name: 'Zapier' }, { idempotencyKey: 'c-1' });
      assert.equal(twin.id, integration.id);
      assert.equal((await api.svix.integration.list(app.id)).data.length, 1);

      const rotate = () =>
        api.fetch(`/api/v1/app/${app.id}/integration/${integration.id}/key/rotate`, {
          method: 'POST',
          headers: { 'idempotency-key': 'r-1' },
        });
      const first = await rotate();
      const replay = await rotate();
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(await replay.json(), await first.json());
    });
  });
}

/**
 * What the SQLite file holds of a secret answer: its bytes must be nowhere in it (the database,
 * its write-ahead log), neither in the integration's row nor in the Idempotency-Key's copy.
 */
describe('secret answers at rest (SQLite file)', () => {
  let dir: string;
  let file: string;
  let api: Awaited<ReturnType<typeof startApi>>;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patchbay-integ-'));
    file = path.join(dir, 'patchbay.db');
    api = await startApi({ openStore: () => openSqliteStore(file) });
  });
  after(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  const fileHolds = async (secret: string) => {
    const parts = await Promise.all([file, `${file}-wal`].map((f) => readFile(f).catch(() => Buffer.alloc(0))));
    return parts.some((bytes) => bytes.includes(Buffer.from(secret)));
  };

  it('keeps a rotated integration key and its idempotent copy sealed', async () => {
    const app = await api.svix.application.create({ name: 'At rest' });
    const integration = await api.svix.integration.create(app.id, { name: 'Zapier' });
    const { key } = await api.svix.integration.rotateKey(app.id, integration.id, { idempotencyKey: 'rotate-at-rest' });
    const replayed = await api.svix.integration.rotateKey(app.id, integration.id, { idempotencyKey: 'rotate-at-rest' });
    assert.equal(replayed.key, key, 'the retry is answered from the sealed copy');
    assert.equal(await fileHolds(key), false);
    assert.equal(await fileHolds(key.slice('integsk_'.length)), false);
  });

  it('refuses, with a 409, a retry whose sealed answer no configured encryption key opens', async () => {
    const app = await api.svix.application.create({ name: 'Retired key' });
    const integration = await api.svix.integration.create(app.id, { name: 'Zapier' });
    await api.svix.integration.rotateKey(app.id, integration.id, { idempotencyKey: 'rotate-retired' });
    // As if sealed under a key since rotated out of PATCHBAY_ENCRYPTION_KEYS_PREVIOUS.
    const retired = new Cipher([randomBytes(32)]);
    const aad = 'idempotent-answer:vendor:rotate-retired';
    await api.store.idempotency.complete('vendor', 'rotate-retired', 200, retired.encrypt('{"key":"x"}', aad), null);
    const err = await apiError(
      api.svix.integration.rotateKey(app.id, integration.id, { idempotencyKey: 'rotate-retired' }),
    );
    assert.equal(err.code, 409);
    assert.equal(err.body.code, 'idempotency_answer_unreadable');
  });

  it("keeps every idempotent copy sealed: an endpoint's Slack URL, whose path is its credential", async () => {
    const app = await api.svix.application.create({ name: 'Endpoint at rest' });
    const url = 'https://hooks.slack.com/services/T000/B000/SUPERSECRETXYZ';
    const made = await api.svix.endpoint.create(app.id, { url }, { idempotencyKey: 'endpoint-1' });
    const replayed = await api.svix.endpoint.create(app.id, { url }, { idempotencyKey: 'endpoint-1' });
    assert.equal(replayed.id, made.id);
    assert.equal(replayed.url, url, 'the retry is answered from the sealed copy');
    assert.equal(await fileHolds('SUPERSECRETXYZ'), false);
  });

  it('answers a retry from a copy stored in clear before copies were sealed', async () => {
    const app = await api.svix.application.create({ name: 'Upgraded', uid: 'upgraded' });
    const key = 'kept-in-clear';
    const fingerprint = requestFingerprint('POST', '/api/v1/app', { name: 'Upgraded', uid: 'upgraded' });
    const now = new Date();
    await api.store.idempotency.begin('vendor', key, fingerprint, now, {
      expiresAt: new Date(now.getTime() + 3_600_000),
      abandonedBefore: new Date(now.getTime() - 60_000),
    });
    await api.store.idempotency.complete('vendor', key, 201, JSON.stringify({ id: app.id, name: 'Upgraded' }), app.id);
    const res = await api.fetch('/api/v1/app', {
      method: 'POST',
      headers: { 'idempotency-key': key },
      body: JSON.stringify({ name: 'Upgraded', uid: 'upgraded' }),
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await res.json(), { id: app.id, name: 'Upgraded' });
  });

  it('keeps a portal token answered by app-portal-access sealed in its idempotent copy', async () => {
    const app = await api.svix.application.create({ name: 'Portal at rest' });
    const { token, url } = await api.svix.authentication.appPortalAccess(app.id, {}, { idempotencyKey: 'portal-1' });
    const replayed = await api.svix.authentication.appPortalAccess(app.id, {}, { idempotencyKey: 'portal-1' });
    assert.equal(replayed.token, token);
    assert.equal(replayed.url, url);
    // The token's signature is its secret part; neither it nor the url's key is kept in clear.
    assert.equal(await fileHolds(token.split('.')[2] as string), false);
    assert.equal(await fileHolds(new URL(url).hash.slice('#key='.length)), false);
  });
});

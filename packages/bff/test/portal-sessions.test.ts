import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, exportSPKI, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { apiError, manualClock, PUBLIC_URL, startApi } from './helpers.ts';

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());

describe('portal sessions', () => {
  const clock = manualClock();
  let api: Awaited<ReturnType<typeof startApi>>;
  let acmeId: string;
  const portal = async (body: object = {}, app = 'acme') =>
    (await api.svix.authentication.appPortalAccess(app, body)).token;

  before(async () => {
    api = await startApi({ clock });
    acmeId = (await api.svix.application.create({ name: 'Acme', uid: 'acme' })).id;
    await api.svix.application.create({ name: 'Other', uid: 'other' });
  });
  after(() => api.close());

  it('issues a short-lived EdDSA JWT, verifiable with the published JWKS, and a Svix-style magic link', async () => {
    const { url, token } = await api.svix.authentication.appPortalAccess('acme', {});
    const key = JSON.parse(Buffer.from(url.split('#key=')[1] as string, 'base64url').toString());
    assert.ok(url.startsWith(`${PUBLIC_URL}/portal#key=`));
    assert.deepEqual(key, { appId: acmeId, token });

    const jwks = await (await api.fetch('/.well-known/jwks.json')).json();
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0].kty, 'OKP');
    assert.equal(jwks.keys[0].d, undefined, 'no private part is published');
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: PUBLIC_URL,
      audience: 'patchbay-portal',
      currentDate: clock.now(),
    });
    assert.equal(protectedHeader.alg, 'EdDSA');
    assert.equal(protectedHeader.kid, jwks.keys[0].kid);
    assert.equal(payload.sub, acmeId);
    assert.equal((payload.exp as number) - (payload.iat as number), 3600);
    assert.deepEqual(payload.capabilities, [
      'ViewBase',
      'ViewEndpointSecret',
      'ManageEndpointSecret',
      'ManageTransformations',
      'CreateAttempts',
      'ManageEndpoint',
    ]);
    assert.equal(typeof payload.jti, 'string');
  });

  it('works on its own application through the SDK', async () => {
    const customer = api.client(await portal());
    const ep = await customer.endpoint.create('acme', { url: 'https://hooks.example.com/own' });
    assert.equal(
      (await customer.endpoint.list(acmeId)).data.some((e) => e.id === ep.id),
      true,
    );
    assert.equal((await customer.application.get('acme')).id, acmeId);
  });

  it('is refused on another application, and on every vendor-wide route', async () => {
    const customer = api.client(await portal());
    const other = await apiError(customer.endpoint.list('other'));
    assert.equal(other.code, 403);
    const missing = await apiError(customer.endpoint.list('no-such-app'));
    assert.equal(missing.code, 403, 'it learns nothing about which applications exist');
    for (const call of [
      () => customer.application.list(),
      () => customer.application.create({ name: 'x' }),
      () => customer.eventType.get('x'),
      () => customer.connector.list(),
      () => customer.authentication.appPortalAccess('acme', {}),
      () => customer.message.create('acme', { eventType: 'x', payload: {} }),
      () => customer.application.delete('acme'),
    ]) {
      assert.equal((await apiError(call())).code, 403);
    }
  });

  it('enforces capabilities', async () => {
    const ep = await api.svix.endpoint.create('acme', { url: 'https://hooks.example.com/caps' });
    const viewer = api.client(await portal({ capabilities: ['ViewBase'] }));
    assert.equal((await viewer.endpoint.get('acme', ep.id)).id, ep.id);
    for (const call of [
      () => viewer.endpoint.create('acme', { url: 'https://hooks.example.com/x' }),
      () => viewer.endpoint.patch('acme', ep.id, { disabled: true }),
      () => viewer.endpoint.delete('acme', ep.id),
      () => viewer.endpoint.getSecret('acme', ep.id),
      () => viewer.endpoint.rotateSecret('acme', ep.id, {}),
      () => viewer.endpoint.transformationPartialUpdate('acme', ep.id, { enabled: true }),
    ]) {
      const err = await apiError(call());
      assert.equal(err.code, 403);
      assert.match(String(err.body.detail), /lacks the \w+ capability/);
    }
    const secretViewer = api.client(await portal({ capabilities: ['ViewEndpointSecret'] }));
    assert.match((await secretViewer.endpoint.getSecret('acme', ep.id)).key, /^whsec_/);
    assert.equal((await apiError(secretViewer.endpoint.rotateSecret('acme', ep.id, {}))).code, 403);
    const readOnly = api.client(await portal({ readOnly: true, capabilities: ['ManageEndpoint'] }));
    assert.equal((await apiError(readOnly.endpoint.delete('acme', ep.id))).code, 403, 'readOnly wins');
  });

  it('refuses a tampered token, alg none, an HMAC token keyed with the public key, and garbage', async () => {
    const token = await portal();
    const [header, , signature] = token.split('.');
    const otherId = (await api.svix.application.get('other')).id;
    const tampered = `${header}.${b64url({ ...decode(token), sub: otherId })}.${signature}`;
    const none = `${b64url({ alg: 'none', kid: JSON.parse(Buffer.from(header as string, 'base64url').toString()).kid })}.${b64url(decode(token))}.`;
    const jwks = await (await api.fetch('/.well-known/jwks.json')).json();
    const hmac = await new SignJWT(decode(token))
      .setProtectedHeader({ alg: 'HS256', kid: jwks.keys[0].kid })
      .sign(new TextEncoder().encode(JSON.stringify(jwks.keys[0])));
    for (const bad of [tampered, none, hmac, 'a.b.c', `${token}x`]) {
      const res = await api.fetch('/api/v1/app/other/endpoint', { token: bad });
      assert.equal(res.status, 401, bad.slice(0, 40));
      assert.equal((await res.json()).code, 'authentication_failed');
    }
  });

  it('expires with time, with expire-all (now or later, per session) and with logout', async () => {
    const ep = api.client(await portal({ expiry: 120 }));
    clock.advance(126_000); // past the 5 s of tolerated clock skew
    const expired = await apiError(ep.endpoint.list('acme'));
    assert.equal(expired.code, 401);
    assert.match(String(expired.body.detail), /expired/);

    const s1 = api.client(await portal({ sessionId: 'sess-1' }));
    const s2 = api.client(await portal({ sessionId: 'sess-2' }));
    clock.advance(1000);
    await api.svix.authentication.expireAll('acme', { sessionIds: ['sess-1'], expiry: 60 });
    assert.ok(await s1.endpoint.list('acme'), 'still valid during the grace period');
    clock.advance(61_000);
    assert.equal((await apiError(s1.endpoint.list('acme'))).code, 401);
    assert.ok(await s2.endpoint.list('acme'), 'another session is untouched');

    await api.svix.authentication.expireAll('acme', {});
    assert.equal((await apiError(s2.endpoint.list('acme'))).code, 401);
    clock.advance(1000);
    const fresh = api.client(await portal());
    assert.ok(await fresh.endpoint.list('acme'), 'sessions issued afterwards work');

    await fresh.authentication.logout();
    assert.equal((await apiError(fresh.endpoint.list('acme'))).code, 401);
    assert.equal((await apiError(api.svix.authentication.logout())).code, 403, 'the vendor key has no session to end');
  });

  it('expire-all ends the tokens issued before it, in the same second too, and never one issued after it', async () => {
    clock.advance(1000 - (clock.now().getTime() % 1000) + 100); // 100 ms into a second
    const before = api.client(await portal({ sessionId: 'same-second' }));
    clock.advance(200);
    await api.svix.authentication.expireAll('acme', {});
    clock.advance(200);
    const after = api.client(await portal({ sessionId: 'same-second' }));
    assert.equal((await apiError(before.endpoint.list('acme'))).code, 401, 'issued 200 ms before');
    assert.ok(await after.endpoint.list('acme'), 'issued 200 ms after, in the same second');
    clock.advance(1000);
    assert.ok(await after.endpoint.list('acme'), 'and later on');
  });

  it('refuses a token issued in the future beyond the clock skew, and one living longer than 7 days from now', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const created = await api.fetch('/api/v1/auth/portal-key', {
      method: 'POST',
      body: JSON.stringify({
        kid: 'acme-clock',
        issuer: 'https://acme.example',
        alg: 'ES256',
        publicKey: await exportSPKI(publicKey),
      }),
    });
    assert.equal(created.status, 201);
    const now = () => Math.floor(clock.now().getTime() / 1000);
    const sign = (iat: number, exp: number, claims: object = {}) =>
      new SignJWT({ capabilities: ['ViewBase'], ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'acme-clock' })
        .setIssuer('https://acme.example')
        .setAudience('patchbay-portal')
        .setSubject('other')
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .setJti(`jti-${Math.random()}`)
        .sign(privateKey);
    // Another application than the one earlier tests expired every session of.
    const status = async (token: string) => (await api.fetch('/api/v1/app/other/endpoint', { token })).status;
    const year = 365 * 24 * 3600;
    const week = 7 * 24 * 3600;

    const ahead = await sign(now() + year, now() + year + 600, { sid: 'ahead' });
    assert.equal(await status(ahead), 401, 'a year ahead, with a short exp - iat');
    await api.svix.authentication.expireAll('other', { sessionIds: ['ahead'] });
    clock.advance(1000);
    assert.equal(await status(ahead), 401, 'and it does not outlive expire-all either');
    assert.equal(await status(await sign(now() + 30, now() + 600)), 401, 'half a minute ahead');
    assert.equal(await status(await sign(now() + 3, now() + 600)), 200, 'within the clock skew');
    assert.equal(await status(await sign(now() - 30 * 24 * 3600, now() + 600)), 200, 'old, but ten minutes to live');
    assert.equal(await status(await sign(now() - 3600, now() + week)), 200, 'seven days from now');
    assert.equal(await status(await sign(now() - 3600, now() + week + 60)), 401, 'more than seven days from now');
    assert.equal((await api.fetch('/api/v1/auth/portal-key/acme-clock', { method: 'DELETE' })).status, 204);
  });

  it('creates the application on the fly when asked', async () => {
    const token = await portal({ application: { name: 'Fresh Co' } }, 'fresh-co');
    assert.equal(decode(token).sub, (await api.svix.application.get('fresh-co')).id);
    assert.equal((await apiError(api.svix.authentication.appPortalAccess('nobody', {}))).code, 404);
  });

  it("accepts tokens the vendor signs with its own registered key, with that key's issuer only", async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const created = await api.fetch('/api/v1/auth/portal-key', {
      method: 'POST',
      body: JSON.stringify({
        kid: 'acme-2026',
        issuer: 'https://acme.example',
        alg: 'ES256',
        publicKey: await exportSPKI(publicKey),
      }),
    });
    assert.equal(created.status, 201);
    const sign = (claims: object, options: { iss?: string; lifetime?: number; kid?: string } = {}) => {
      const now = Math.floor(clock.now().getTime() / 1000);
      return new SignJWT({ capabilities: ['ManageEndpoint'], ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? 'acme-2026' })
        .setIssuer(options.iss ?? 'https://acme.example')
        .setAudience('patchbay-portal')
        .setSubject('acme')
        .setIssuedAt(now)
        .setExpirationTime(now + (options.lifetime ?? 600))
        .setJti(`jti-${Math.random()}`)
        .sign(privateKey);
    };
    const customer = api.client(await sign({}));
    assert.ok((await customer.endpoint.create('acme', { url: 'https://hooks.example.com/vendor-signed' })).id);
    assert.equal((await apiError(customer.endpoint.list('other'))).code, 403);

    for (const bad of [
      await sign({}, { iss: 'https://evil.example' }),
      await sign({}, { lifetime: 8 * 24 * 3600 }),
      await sign({}, { kid: 'unknown' }),
    ]) {
      assert.equal((await api.fetch('/api/v1/app/acme/endpoint', { token: bad })).status, 401);
    }
    const listed = await (await api.fetch('/api/v1/auth/portal-key')).json();
    assert.deepEqual(
      listed.data.map((k: { kid: string }) => k.kid),
      ['acme-2026'],
    );
    assert.equal((await api.fetch('/api/v1/auth/portal-key/acme-2026', { method: 'DELETE' })).status, 204);
    assert.equal((await apiError(customer.endpoint.list('acme'))).code, 401, 'a removed key stops working at once');
  });

  it('refuses a registered key that is not a public key of the named algorithm', async () => {
    const res = await api.fetch('/api/v1/auth/portal-key', {
      method: 'POST',
      body: JSON.stringify({
        issuer: 'x',
        alg: 'ES256',
        publicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----',
      }),
    });
    assert.equal(res.status, 422);
    assert.deepEqual((await res.json()).detail[0].loc, ['body', 'publicKey']);
  });
});

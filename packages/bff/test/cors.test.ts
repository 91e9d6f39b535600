import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Svix } from 'svix';
import { startApi } from './helpers.ts';

/** Headers a browser sends without asking (CORS-safelisted), which a preflight never names. */
const SAFELISTED = new Set(['accept', 'accept-language', 'content-language']);

describe('CORS for the svix SDK on another origin', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  before(async () => {
    api = await startApi();
    await api.svix.application.create({ name: 'Acme', uid: 'acme' });
  });
  after(() => api.close());

  /** The header names the real SDK puts on its requests: a read, a write, and a read it retries after a 503. */
  async function sdkHeaderNames(): Promise<string[]> {
    const names = new Set<string>();
    let failNext = false;
    const capture: typeof fetch = async (input, init) => {
      for (const name of Object.keys((init?.headers ?? {}) as Record<string, string>)) names.add(name.toLowerCase());
      if (failNext) {
        failNext = false;
        return new Response('{"code":"unavailable","detail":"try again"}', { status: 503 });
      }
      return fetch(input, init);
    };
    const token = (await api.svix.authentication.appPortalAccess('acme', {})).token;
    const svix = new Svix(token, { serverUrl: api.url, fetch: capture, retryScheduleInMs: [1] });
    await svix.endpoint.list('acme');
    await svix.endpoint.create('acme', { url: 'https://hooks.example.com/a' });
    failNext = true;
    await svix.message.list('acme');
    return [...names].filter((name) => !SAFELISTED.has(name));
  }

  it('allows every header the SDK sends (svix-req-id, svix-retry-count, …) and exposes what Patchbay answers', async () => {
    const names = await sdkHeaderNames();
    assert.ok(names.includes('svix-req-id') && names.includes('svix-retry-count'), names.join());
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) {
      const preflight = await fetch(`${api.url}/api/v1/app/acme/endpoint`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': method,
          'access-control-request-headers': names.join(','),
        },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
      assert.match(preflight.headers.get('access-control-allow-methods') ?? '', new RegExp(method));
      const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').split(/,\s*/);
      for (const name of names) assert.ok(allowed.includes(name), `${name} is allowed (${allowed.join()})`);
    }
    const answer = await fetch(`${api.url}/api/v1/app/acme/msg`, { headers: { origin: 'http://localhost:5173' } });
    const exposed = (answer.headers.get('access-control-expose-headers') ?? '').split(/,\s*/);
    for (const name of ['x-request-id', 'idempotent-replayed', 'retry-after']) assert.ok(exposed.includes(name), name);
  });
});

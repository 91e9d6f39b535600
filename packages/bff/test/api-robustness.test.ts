import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../src/store/types.ts';
import { startApi } from './helpers.ts';
import { openFreshPostgresStore, postgresSuite } from './postgres.ts';

interface Operation {
  operationId: string;
  requestBody?: unknown;
  parameters: { name: string; in: string }[];
}

const GARBAGE_BODIES = [
  'null',
  '[]',
  '42',
  '"text"',
  '{}',
  '{"name": {"$gt": ""}, "url": ["x"], "payload": null, "eventType": 1}',
  JSON.stringify({ name: 'x'.repeat(10_000), uid: 'y'.repeat(5_000), url: `https://${'a'.repeat(70_000)}.com` }),
  JSON.stringify({ metadata: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 'v'])) }),
  JSON.stringify({ __proto__: { admin: true }, constructor: { prototype: { polluted: true } } }),
  '{"unterminated": ',
];
const GARBAGE_IDS = ['app_', 'x'.repeat(2000), '%00', '..%2F..%2Fetc', '%F0%9F%92%A9', "' OR 1=1 --", 'ep_\u0000'];
const GARBAGE_QUERIES = [
  'limit=0',
  'limit=-1',
  'limit=abc',
  'limit=100000',
  'iterator[$gt]=',
  'order=sideways',
  'before=yesterday',
  'status=x',
];

describe('bad input never causes a 5xx', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let operations: { method: string; path: string; op: Operation }[];
  let epId: string;
  let msgId: string;

  before(async () => {
    api = await startApi();
    await api.svix.application.create({ name: 'Acme', uid: 'acme' });
    epId = (await api.svix.endpoint.create('acme', { url: 'https://hooks.example.com/r' })).id;
    msgId = (await api.svix.message.create('acme', { eventType: 'x.y', payload: {} })).id;
    const doc = await (await api.fetch('/api/v1/openapi.json')).json();
    operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method, path, op })),
    );
  });
  after(() => api.close());

  const fill = (path: string, id?: string) =>
    path
      .replace('{app_id}', id ?? 'acme')
      .replace('{endpoint_id}', id ?? epId)
      .replace('{msg_id}', id ?? msgId)
      .replace(/\{\w+\}/g, id ?? 'missing');

  async function expectClientError(method: string, path: string, body?: string) {
    const res = await api.fetch(path, { method: method.toUpperCase(), ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    assert.ok(
      res.status < 500,
      `${method.toUpperCase()} ${path.slice(0, 80)} ${body?.slice(0, 60)} → ${res.status} ${text}`,
    );
    if (res.status >= 400) {
      const problem = JSON.parse(text);
      assert.equal(typeof problem.code, 'string');
      assert.ok(problem.detail !== undefined);
    }
  }

  it('covers every documented operation with garbage bodies', async () => {
    assert.ok(operations.length >= 35, `only ${operations.length} operations documented`);
    for (const { method, path, op } of operations) {
      if (!op.requestBody) continue;
      for (const body of GARBAGE_BODIES) await expectClientError(method, fill(path), body);
    }
  });

  it('covers every documented operation with garbage ids and query strings', async () => {
    for (const { method, path, op } of operations) {
      if (path.includes('{'))
        for (const id of GARBAGE_IDS)
          await expectClientError(method, fill(path, id), op.requestBody ? '{}' : undefined);
      if (op.parameters.some((p) => p.in === 'query')) {
        for (const q of GARBAGE_QUERIES)
          await expectClientError(method, `${fill(path)}?${q}`, op.requestBody ? '{}' : undefined);
      }
    }
  });

  it('answers a malformed percent-encoding in any path with 400 {code, detail}', async () => {
    const malformed = ['%E0%A4%A', '%', '%zz', '%C0%80', 'ok%E0'];
    const paths = [
      ...operations.filter(({ path }) => path.includes('{')).map(({ method, path }) => ({ method, path })),
      { method: 'get', path: '/oauth/{provider}/start' },
      { method: 'get', path: '/oauth/{provider}/callback' },
    ];
    for (const { method, path } of paths) {
      for (const id of malformed) {
        const res = await api.fetch(fill(path, id), { method: method.toUpperCase() });
        const problem = await res.json();
        assert.equal(res.status, 400, `${method} ${fill(path, id)} → ${res.status} ${JSON.stringify(problem)}`);
        assert.equal(problem.code, 'invalid_path');
        assert.match(problem.detail, /percent-encoding/);
      }
    }
  });

  it('refuses a body nested deeper than 256 levels with a 422 at it, however deep (a message payload aside)', async () => {
    // Written as text: JSON.parse takes any depth, a recursive walk of it did not (a 500).
    const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    for (const levels of [300, 100_000]) {
      const res = await api.fetch('/api/v1/app', {
        method: 'POST',
        body: `{"name":"Deep","metadata":${nested(levels)}}`,
      });
      assert.equal(res.status, 422);
      assert.deepEqual((await res.json()).detail, [
        { loc: ['body'], msg: 'must not nest deeper than 256 levels', type: 'value_error.too_deep' },
      ]);
    }
  });

  it('does not let a body pollute prototypes', async () => {
    assert.equal(({} as Record<string, unknown>).admin, undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

/** PostgreSQL's text holds no NUL: on either store, an id with one is a 404 and a query parameter with one a 422. */
function nulSuite(name: string, openStore?: () => Promise<Store>) {
  describe(`a NUL character in an id or a query parameter (${name})`, () => {
    let api: Awaited<ReturnType<typeof startApi>>;
    let operations: { method: string; path: string; op: Operation }[];
    before(async () => {
      api = await startApi(openStore ? { openStore } : {});
      await api.svix.application.create({ name: 'Acme', uid: 'acme' });
      const doc = await (await api.fetch('/api/v1/openapi.json')).json();
      operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({ method, path, op })),
      );
    });
    after(() => api.close());

    it('is a 404 in any id of any operation, for the vendor and for a portal session', async () => {
      const token = (await api.svix.authentication.appPortalAccess('acme', {})).token;
      for (const { method, path, op } of operations.filter(({ path }) => path.includes('{'))) {
        for (const auth of [{}, { token }]) {
          const res = await api.fetch(path.replace(/\{\w+\}/g, 'x%00'), {
            method: method.toUpperCase(),
            ...auth,
            ...(op.requestBody ? { body: '{}' } : {}),
          });
          const problem = await res.json();
          assert.equal(res.status, 404, `${method} ${path} → ${res.status} ${JSON.stringify(problem)}`);
          assert.equal(problem.code, 'not_found');
        }
      }
    });

    it("is a 422 at the parameter (the list's iterator, a filter) of any operation", async () => {
      for (const { method, path, op } of operations.filter(({ op }) => op.parameters.some((p) => p.in === 'query'))) {
        const query = op.parameters.find((p) => p.in === 'query' && p.name !== 'limit')?.name ?? 'iterator';
        const res = await api.fetch(
          `${path.replace('{app_id}', 'acme').replace(/\{\w+\}/g, 'missing')}?${query}=a%00b`,
          {
            method: method.toUpperCase(),
            ...(op.requestBody ? { body: '{}' } : {}),
          },
        );
        const problem = await res.json();
        assert.equal(res.status, 422, `${method} ${path}?${query} → ${res.status} ${JSON.stringify(problem)}`);
        assert.deepEqual(problem.detail[0].loc, ['query', query]);
      }
      for (const query of ['iterator=%00', 'tag=%00', 'status=2&iterator=-%00']) {
        const res = await api.fetch(`/api/v1/app/acme/msg?${query}`);
        assert.equal(res.status, 422, `${query} → ${res.status} ${await res.text()}`);
      }
    });

    it("is a 422 at the field in a body's string or key, for creates, updates and upserts; a payload may hold one", async () => {
      const token = (await api.svix.authentication.appPortalAccess('acme', {})).token;
      const nul = 'a\u0000b';
      const cases: [string, string, object, (string | number)[], { token?: string }][] = [
        ['POST', '/api/v1/app', { name: nul }, ['body', 'name'], {}],
        [
          'PUT',
          '/api/v1/app/acme/endpoint/fresh',
          { url: 'https://example.com', description: nul },
          ['body', 'description'],
          { token },
        ],
        ['POST', '/api/v1/app/acme/endpoint', { url: `https://example.com/${nul}` }, ['body', 'url'], { token }],
        ['PUT', '/api/v1/connector/fresh', { name: nul, transformation: 'x' }, ['body', 'name'], {}],
        [
          'POST',
          '/api/v1/app/acme/endpoint',
          { url: 'https://example.com', metadata: { [nul]: 'v' } },
          ['body', 'metadata', nul],
          {},
        ],
        [
          'POST',
          '/api/v1/event-type',
          { name: 'nul.test', description: 'd', schemas: { 1: { title: nul } } },
          ['body', 'schemas', '1', 'title'],
          {},
        ],
        ['POST', '/api/v1/app/acme/msg', { eventType: 'x', payload: {}, tags: [nul] }, ['body', 'tags', 0], {}],
      ];
      for (const [method, path, body, loc, auth] of cases) {
        const res = await api.fetch(path, { method, body: JSON.stringify(body), ...auth });
        const problem = await res.json();
        assert.equal(res.status, 422, `${method} ${path} → ${res.status} ${JSON.stringify(problem)}`);
        assert.deepEqual(problem.detail[0].loc, loc, `${method} ${path}`);
      }
      const sent = await api.svix.message.create('acme', { eventType: 'x.y', payload: { note: nul } });
      assert.deepEqual((await api.svix.message.get('acme', sent.id, { withContent: true })).payload, { note: nul });
    });
  });
}

nulSuite('SQLite');
describe('PostgreSQL', postgresSuite, () => nulSuite('PostgreSQL', () => openFreshPostgresStore()));

describe('OpenAPI document', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('is OpenAPI 3.1, public, and describes the routes with the schemas that validate them', async () => {
    const res = await api.fetch('/api/v1/openapi.json');
    assert.equal(res.status, 200);
    const doc = await res.json();
    assert.equal(doc.openapi, '3.1.0');
    const create = doc.paths['/api/v1/app/{app_id}/endpoint'].post;
    assert.equal(create.operationId, 'v1.endpoint.create');
    const body = create.requestBody.content['application/json'].schema;
    assert.deepEqual(body.required, ['url']);
    assert.equal(body.properties.url.maxLength, 65_536);
    assert.ok(create.responses['201'] && create.responses['422']);
    assert.deepEqual(
      doc.paths['/api/v1/app/{app_id}/msg'].post.parameters.map((p: { name: string }) => p.name),
      ['app_id', 'with_content', 'idempotency-key'],
    );
    const operationIds = Object.values(doc.paths).flatMap((methods) =>
      Object.values(methods as Record<string, { operationId: string }>).map((o) => o.operationId),
    );
    assert.equal(new Set(operationIds).size, operationIds.length, 'operation ids are unique');
  });
});

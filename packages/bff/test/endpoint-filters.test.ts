import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { Store } from '../src/store/types.ts';
import { FILTER_LIMITS, FILTERED_OUT, filterPasses, filterProblems } from '../src/transform/filter.ts';
import { type Json, manualClock, startApi } from './helpers.ts';
import { openFreshPostgresStore, POSTGRES_URL } from './postgres.ts';
import { startReceiver } from './receiver.ts';
import { openSqliteStore } from './stores.ts';

/**
 * Endpoint payload filters (docs/transformations.md "Filters") through the real server and
 * worker, on both stores: the `filter` field in and out, its validation, and a message it stops
 * recorded as filtered out, with nothing sent and no retry.
 */
const stores: [string, (() => Promise<Store>) | undefined][] = [
  ['SQLite', () => openSqliteStore(':memory:')],
  ['PostgreSQL', POSTGRES_URL ? () => openFreshPostgresStore() : undefined],
];

const PAID_OVER_100 = {
  and: [{ '==': [{ var: 'status' }, 'paid'] }, { '>': [{ var: 'amount' }, 100] }],
};

for (const [storeName, openStore] of stores) {
  describe(`endpoint filters (${storeName})`, {
    skip: openStore ? false : 'PATCHBAY_TEST_POSTGRES_URL is not set',
  }, () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let api: Awaited<ReturnType<typeof startApi>>;
    let clock: ReturnType<typeof manualClock>;

    before(async () => {
      receiver = await startReceiver();
    });
    after(() => receiver.close());
    beforeEach(async () => {
      clock = manualClock(new Date());
      receiver.received.length = 0;
      api = await startApi({
        clock,
        openStore: openStore as () => Promise<Store>,
        delivery: { allowPrivateNetworks: true, retrySchedule: [5, 300] },
      });
      await api.svix.eventType.create({ name: 'invoice.created', description: 'An invoice' });
      for (const uid of ['acme', 'rival']) await api.svix.application.create({ name: uid, uid });
    });
    afterEach(() => api.close());

    const json = async (path: string, init: RequestInit & { token?: string } = {}) => {
      const res = await api.fetch(path, init);
      return { status: res.status, body: res.status === 204 ? null : await res.json() };
    };
    const createEndpoint = (body: object, app = 'acme', token?: string) =>
      json(`/api/v1/app/${app}/endpoint`, {
        method: 'POST',
        body: JSON.stringify({ url: `${receiver.url}/hook`, ...body }),
        ...(token ? { token } : {}),
      });
    const send = (payload: object) => api.svix.message.create('acme', { eventType: 'invoice.created', payload });
    const attemptsOf = async (msgId: string): Promise<Json[]> =>
      (await json(`/api/v1/app/acme/attempt/msg/${msgId}`)).body.data;

    it('stops the message the filter does not pass and sends the one it does; the stopped one is logged as filtered out, never retried', async () => {
      const created = await createEndpoint({ filter: PAID_OVER_100 });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(created.body.filter, PAID_OVER_100);

      const stopped = await send({ status: 'draft', amount: 500 });
      const passed = await send({ status: 'paid', amount: 500 });
      await api.worker.tick();

      assert.deepEqual(
        receiver.received.map((r) => JSON.parse(r.body)),
        [{ status: 'paid', amount: 500 }],
        'only the message the filter passes went out',
      );
      const [filtered, ...more] = await attemptsOf(stopped.id);
      assert.deepEqual(more, []);
      assert.equal(filtered.status, 4);
      assert.equal(filtered.statusText, 'canceled');
      assert.equal(filtered.response, FILTERED_OUT);
      assert.equal(filtered.responseStatusCode, 0);
      assert.equal((await attemptsOf(passed.id))[0].status, 0);

      // The Svix SDK reads the stopped message's attempt as it reads a canceled one.
      const viaSdk = await api.svix.messageAttempt.listByMsg('acme', stopped.id, { withContent: true });
      assert.equal(viaSdk.data[0]?.response, FILTERED_OUT);

      // Past every retry's time, nothing more is attempted or sent.
      clock.advance(3_600_000);
      await api.worker.tick();
      assert.equal((await attemptsOf(stopped.id)).length, 1);
      assert.equal(receiver.received.length, 1);
    });

    it('the costliest filter validation allows, on a payload near the size limit, settles its message in the same pass as another application’s', async () => {
      const hostile = {
        or: Array.from({ length: 24 }, (_, i) =>
          i % 2 ? { in: ['needle', { var: 'text' }] } : { '==': [{ var: 'list' }, 'abc'] },
        ),
      };
      assert.equal((await createEndpoint({ filter: hostile })).status, 201);
      assert.equal((await createEndpoint({}, 'rival')).status, 201);
      const big = await send({
        text: 'x'.repeat(400 * 1024),
        list: Array.from({ length: 20_000 }, () => 'abcdefghijklmnopqrst'),
      });
      const other = await api.svix.message.create('rival', { eventType: 'invoice.created', payload: { n: 1 } });
      await api.worker.tick();
      assert.equal((await attemptsOf(big.id))[0]?.response, FILTERED_OUT);
      assert.deepEqual(
        receiver.received.map((r) => r.headers['webhook-id']),
        [other.id],
        'the other application is delivered to in the same pass',
      );
    });

    it('is read, changed, removed and reset through the endpoint routes, and set by a portal session on its own application', async () => {
      const { body: endpoint } = await createEndpoint({});
      assert.equal(endpoint.filter, null);
      const path = `/api/v1/app/acme/endpoint/${endpoint.id}`;

      const patched = await json(path, { method: 'PATCH', body: JSON.stringify({ filter: PAID_OVER_100 }) });
      assert.equal(patched.status, 200);
      assert.deepEqual((await json(path)).body.filter, PAID_OVER_100);
      // A PATCH of something else leaves it; the SDK's own fields round-trip beside it.
      await api.svix.endpoint.patch('acme', endpoint.id, { description: 'billing' });
      assert.deepEqual((await json(path)).body.filter, PAID_OVER_100);
      assert.deepEqual((await api.svix.endpoint.get('acme', endpoint.id)).description, 'billing');
      await json(path, { method: 'PATCH', body: JSON.stringify({ filter: null }) });
      assert.equal((await json(path)).body.filter, null);

      await json(path, { method: 'PATCH', body: JSON.stringify({ filter: PAID_OVER_100 }) });
      // A PUT through Svix's SDK, which knows no filter, keeps the customer's; an explicit null removes it.
      await api.svix.endpoint.upsert('acme', endpoint.id, { url: `${receiver.url}/moved` });
      const kept = (await json(path)).body;
      assert.equal(kept.url, `${receiver.url}/moved`);
      assert.deepEqual(kept.filter, PAID_OVER_100);
      await json(path, { method: 'PUT', body: JSON.stringify({ url: `${receiver.url}/hook`, filter: null }) });
      assert.equal((await json(path)).body.filter, null);

      const { token } = await api.svix.authentication.appPortalAccess('acme', {});
      const own = await json(path, { method: 'PATCH', token, body: JSON.stringify({ filter: PAID_OVER_100 }) });
      assert.equal(own.status, 200);
      assert.deepEqual(own.body.filter, PAID_OVER_100);
      const rival = await createEndpoint({}, 'rival');
      const other = await json(`/api/v1/app/rival/endpoint/${rival.body.id}`, {
        method: 'PATCH',
        token,
        body: JSON.stringify({ filter: PAID_OVER_100 }),
      });
      assert.equal(other.status, 403);
      assert.equal((await json(`/api/v1/app/rival/endpoint/${rival.body.id}`)).body.filter, null);
    });

    it('refuses a filter it cannot evaluate with a 422 that says where and why', async () => {
      const deep = (n: number): object => (n === 0 ? { '==': [{ var: 'a' }, 1] } : { '!': deep(n - 1) });
      const wide = { or: Array.from({ length: 60 }, (_, i) => ({ '==': [{ var: 'n' }, i] })) };
      for (const [filter, loc, says] of [
        [{ map: [{ var: 'items' }, { var: '' }] }, [], 'operator "map"'],
        [{ and: [{ '==': [{ var: 'a' }, 1] }, { reduce: [[], {}, 0] }] }, ['and', 1], 'operator "reduce"'],
        [{ '==': [{ cat: ['a', 'b'] }, 'ab'] }, ['==', 0], 'a field'],
        // A rule where a value belongs, even of the operators filters have: its arguments would go unchecked.
        [{ '==': [{ or: [{ map: [[1, 2], { var: '' }] }] }, 1] }, ['==', 0], 'a field'],
        [{ in: ['a', { or: [{ merge: [[1], [2]] }] }] }, ['in', 1], 'a field'],
        [{ '==': [{ var: '__proto__.polluted' }, 1] }, ['==', 0, 'var'], '__proto__'],
        [{ '==': [{ var: 'a..b' }, 1] }, ['==', 0, 'var'], 'none empty'],
        [{ var: 'status' }, ['var'], 'not a rule'],
        [{ '==': [{ var: 'a' }] }, ['=='], 'two operands'],
        [{ '==': [{ var: 'a' }, 'x'.repeat(FILTER_LIMITS.maxString + 1)] }, ['==', 1], 'characters'],
        [{ in: [{ var: 'a' }, Array.from({ length: FILTER_LIMITS.maxItems + 1 }, (_, i) => i)] }, ['in', 1], 'at most'],
        [deep(FILTER_LIMITS.maxDepth), Array(FILTER_LIMITS.maxDepth).fill('!'), 'deep'],
        [wide, null, 'more than 100'],
        [{ '==': [{ var: 'a' }, 'x'.repeat(200)], z: 1 }, [], 'one operator'],
      ] as [object, string[] | null, string][]) {
        const res = await createEndpoint({ filter });
        assert.equal(res.status, 422, JSON.stringify(filter).slice(0, 80));
        assert.equal(res.body.code, 'validation_error');
        const [problem] = res.body.detail as { loc: (string | number)[]; msg: string }[];
        if (loc) assert.deepEqual(problem?.loc, ['body', 'filter', ...loc], JSON.stringify(res.body.detail));
        assert.match(problem?.msg ?? '', new RegExp(says.replace(/[.*+?^${}()|[\]\\"]/g, '\\$&')));
      }
      const huge = { in: [{ var: 'a' }, Array.from({ length: 90 }, () => 'y'.repeat(100))] };
      const tooBig = await createEndpoint({ filter: huge });
      assert.equal(tooBig.status, 422);
      assert.match(JSON.stringify(tooBig.body.detail), /at most 8192 bytes/);
      assert.equal((await api.svix.endpoint.list('acme')).data.length, 0, 'nothing refused was made');
    });
  });
}

describe('filterPasses, the evaluator the worker and the dry run call', () => {
  it('answers fields, comparisons, and/or/not, in and exists as JSON Logic does', () => {
    const payload = { status: 'paid', amount: 250, tags: ['vip', 'eu'], customer: { email: 'a@b.example', vat: null } };
    const cases: [Record<string, unknown>, boolean][] = [
      [{ '==': [{ var: 'status' }, 'paid'] }, true],
      [{ '!=': [{ var: 'status' }, 'paid'] }, false],
      [{ '>=': [{ var: 'amount' }, 250] }, true],
      [{ '<': [{ var: 'amount' }, 100] }, false],
      [{ and: [{ '==': [{ var: 'status' }, 'paid'] }, { '>': [{ var: 'amount' }, 1000] }] }, false],
      [{ or: [{ '==': [{ var: 'status' }, 'void'] }, { '>': [{ var: 'amount' }, 100] }] }, true],
      [{ '!': { '==': [{ var: 'status' }, 'paid'] } }, false],
      [{ in: ['vip', { var: 'tags' }] }, true],
      [{ in: [{ var: 'status' }, ['paid', 'void']] }, true],
      [{ in: ['b.example', { var: 'customer.email' }] }, true],
      [{ '!': { missing: ['customer.email'] } }, true],
      [{ '!': { missing: ['customer.vat'] } }, false],
      [{ missing: ['customer.phone'] }, true],
      [{ '!!': { var: 'customer.email' } }, true],
      [{ '==': [{ var: ['customer.phone', 'none'] }, 'none'] }, true],
    ];
    for (const [filter, expected] of cases) {
      assert.deepEqual(filterProblems(filter), [], JSON.stringify(filter));
      assert.equal(filterPasses(filter, payload), expected, JSON.stringify(filter));
    }
  });

  it('reads only the payload’s own fields, and sees a big value as present but equal to nothing', () => {
    // Inherited properties are not fields: `toString` is missing, `constructor` cannot be written.
    assert.equal(filterPasses({ '!': { missing: ['toString'] } }, {}), false);
    assert.equal(filterPasses({ '!': { missing: ['hasOwnProperty'] } }, { a: 1 }), false);
    // A list too long to compare whole is not converted to text (plain JSON Logic would join all of it).
    const big = Array.from({ length: FILTER_LIMITS.maxArrayItems + 1 }, (_, i) => i);
    assert.equal(filterPasses({ '==': [{ var: 'big' }, big.join(',')] }, { big }), false);
    assert.equal(filterPasses({ '!': { missing: ['big'] } }, { big }), true);
    assert.equal(filterPasses({ '==': [{ var: 'big.3' }, 3] }, { big }), true, 'its items are still fields');
    assert.equal(filterPasses({ '==': [{ var: 'o' }, '[object Object]'] }, { o: { a: 1 } }), true);
    // A list and a path into it, in either order: the list stays whole for `in`, its items readable.
    const tags = { tags: ['vip', 'eu'] };
    const member = { in: ['eu', { var: 'tags' }] };
    const first = { '==': [{ var: 'tags.0' }, 'vip'] };
    assert.equal(filterPasses({ and: [member, first] }, tags), true);
    assert.equal(filterPasses({ and: [first, member] }, tags), true);
    const nested = { '==': [{ var: 'o.a' }, 1] };
    const whole = { '!': { missing: ['o'] } };
    assert.equal(filterPasses({ and: [nested, whole] }, { o: { a: 1 } }), true);
    assert.equal(filterPasses({ and: [whole, nested] }, { o: { a: 1 } }), true);
    // Not a message's JSON at all: it does not pass, and nothing throws.
    assert.equal(filterPasses({ '==': [{ var: 'a' }, 1] }, null), false);
  });

  it('refuses every rule in an operand, and evaluates no rule its validation refuses, however it was stored', () => {
    for (const rule of [
      { '==': [{ or: [{ map: [[1, 2], { var: '' }] }] }, 1] },
      { '==': [1, { and: [{ log: 'x' }] }] },
      { in: [{ '!': { reduce: [[], { var: '' }, 0] } }, ['a']] },
      { in: ['a', { or: [{ merge: [[1], [2]] }] }] },
      { '!!': { and: [{ cat: ['a', 'b'] }] } },
    ])
      assert.notDeepEqual(filterProblems(rule), [], JSON.stringify(rule));
    // JSON Logic itself says true to both: refused, they pass nothing, and run nothing.
    assert.equal(filterPasses({ '==': [{ cat: ['a', 'b'] }, 'ab'] }, {}), false);
    assert.equal(filterPasses({ '==': [{ or: [{ map: [[1], { var: '' }] }] }, 1] }, {}), false);
  });

  it('evaluates the largest filter validation allows on a 1 MiB payload, each operator once', () => {
    // The worst a valid rule can ask: its every operand a field of a payload at the size limit.
    const text = 'x'.repeat(1024 * 1024 - 100);
    const payload = { text, list: Array.from({ length: 50_000 }, () => 'abcdefghijklmnopqrst') };
    const conditions = Array.from({ length: 24 }, (_, i) =>
      i % 2 ? { in: ['needle', { var: 'text' }] } : { '==': [{ var: 'list' }, 'abc'] },
    );
    const hostile = { or: conditions };
    assert.deepEqual(filterProblems(hostile), []);
    assert.equal(filterPasses(hostile, payload), false);
    const over = { or: [...conditions, ...conditions, ...conditions] };
    assert.match(filterProblems(over)[0]?.msg ?? '', /more than 100/);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId, sortableId } from '../src/ids.ts';
import {
  type ApiKey,
  type Application,
  type Attempt,
  AttemptStatus,
  type BackgroundTask,
  type Connector,
  type ConnectSession,
  type DeliveryTask,
  type Endpoint,
  EXPUNGED_RESPONSE,
  type Integration,
  type Message,
  TriggerType,
} from '../src/model.ts';
import {
  type ApplicationFilter,
  type NewDeliveryTask,
  type ReplayFilter,
  type Store,
  UniqueViolation,
} from '../src/store/types.ts';
import { byteOrder } from './helpers.ts';

/** Rows to store, each a second after the one before. */
/** Later than any dispatch is due. */
const END_OF_TIME = new Date(8.64e15);

export function storeFixtures() {
  let t = Date.parse('2026-01-01T00:00:00Z');
  const tick = () => {
    t += 1000;
    return new Date(t);
  };

  const makeApp = (uid: string | null = null): Application => {
    const now = tick();
    return {
      id: newId('app', now.getTime()),
      uid,
      name: `App ${uid}`,
      throttleRate: null,
      metadata: { tier: 'gold' },
      createdAt: now,
      updatedAt: now,
    };
  };
  const makeEndpoint = (app: Application, uid: string | null = null): Endpoint => {
    const now = tick();
    return {
      id: newId('ep', now.getTime()),
      appId: app.id,
      uid,
      url: 'https://example.com/hook',
      description: '',
      eventTypes: ['invoice.created'],
      channels: null,
      disabled: false,
      metadata: {},
      headers: { 'X-Team': 'billing' },
      throttleRate: 10,
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      previousSecrets: [{ secret: 'whsec_old', expiresAt: new Date(t + 3600_000) }],
      connectorId: null,
      transformation: { code: null, enabled: false, variables: { region: 'eu' }, updatedAt: null },
      filter: { '==': [{ var: 'customer.tier' }, 'gold'] },
      retrySchedule: [1, 60],
      failSince: null,
      failReason: null,
      disabledReason: null,
      draft: false,
      createdAt: now,
      updatedAt: now,
    };
  };
  const makeMessage = (app: Application, fields: Partial<Message> = {}): Message => {
    const now = tick();
    return {
      id: newId('msg', now.getTime()),
      appId: app.id,
      eventId: null,
      eventType: 'invoice.created',
      payload: '{"amount":12}',
      channels: null,
      tags: null,
      transformationsParams: null,
      timestamp: now,
      payloadExpiresAt: new Date(now.getTime() + 90 * 86_400_000),
      deliverAt: null,
      ...fields,
    };
  };

  const makeConnector = (fields: Partial<Connector> = {}): Connector => {
    const now = tick();
    return {
      id: newId('trtmpl', now.getTime()),
      uid: null,
      name: 'Connector',
      logo: null,
      description: 'Posts invoices',
      kind: 'Slack',
      instructions: '',
      allowedEventTypes: ['invoice.created'],
      transformation: 'function handler(webhook) { return webhook }',
      featureFlags: null,
      productType: null,
      defaultUrl: null,
      authenticationMethod: null,
      translations: { fr: { name: 'Connecteur' } },
      createdAt: now,
      updatedAt: now,
      transformationUpdatedAt: now,
      ...fields,
    };
  };
  /** A connect session just started: its ticket issued, nothing else done yet. */
  const makeConnectSession = (app: Application, fields: Partial<ConnectSession> = {}): ConnectSession => {
    const now = tick();
    return {
      id: 'cs_contract',
      appId: app.id,
      connectorId: 'trtmpl_contract',
      provider: 'slack',
      status: 'pending',
      ticketHash: 'ticket-hash',
      ticketUsed: false,
      stateHash: null,
      stateUsed: false,
      codeVerifier: null,
      origin: 'https://app.example.com',
      portalSession: 'sid:user-1',
      eventTypes: ['invoice.created'],
      result: null,
      claimHash: null,
      claimUsed: false,
      endpointId: null,
      error: null,
      expiresAt: new Date(now.getTime() + 600_000),
      createdAt: now,
      updatedAt: now,
      ...fields,
    };
  };

  /** A successful attempt of `task` (a dispatch of its message to its endpoint), without content. */
  const makeAttempt = (
    task: Pick<DeliveryTask, 'appId' | 'msgId' | 'endpointId'> & { id?: number | undefined },
    fields: Partial<Attempt> = {},
  ): Attempt => {
    const now = tick();
    return {
      id: newId('atmpt', now.getTime()),
      appId: task.appId,
      msgId: task.msgId,
      endpointId: task.endpointId,
      url: 'https://example.com/hook',
      response: 'ok',
      responseStatusCode: 200,
      responseDurationMs: 3,
      status: AttemptStatus.Success,
      triggerType: TriggerType.Scheduled,
      timestamp: now,
      taskId: task.id ?? null,
      attemptNumber: 1,
      request: null,
      responseHeaders: null,
      ...fields,
    };
  };
  /** One dispatch of each message to the endpoint, due at `at`. */
  const dispatchesOf = (messages: Message[], endpointId: string, at: Date): NewDeliveryTask[] =>
    messages.map((m) => ({
      appId: m.appId,
      msgId: m.id,
      endpointId,
      triggerType: TriggerType.Scheduled,
      nextAttemptAt: at,
    }));

  return { tick, makeApp, makeEndpoint, makeMessage, makeConnector, makeConnectSession, makeAttempt, dispatchesOf };
}

/** Ends every pending dispatch (as delivered unless said), as a worker would: what the tests after find is their own. */
export async function drain(
  store: Store,
  now: Date,
  outcome: (t: DeliveryTask) => AttemptStatus = () => AttemptStatus.Success,
): Promise<void> {
  for (;;) {
    const tasks = await store.queue.claim({ now, limit: 100, leaseMs: 1000, perEndpoint: 100 });
    if (tasks.length === 0) return;
    for (const t of tasks) await store.queue.finish(t, outcome(t), 1, now);
  }
}

/**
 * What every {@link Store} implementation must do. Each implementation's test file calls this
 * with a factory that returns a fresh, migrated, empty store.
 */
export function storeContract(name: string, openStore: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    const { tick, makeApp, makeEndpoint, makeMessage, makeConnector, makeConnectSession, makeAttempt, dispatchesOf } =
      storeFixtures();

    before(async () => {
      store = await openStore();
    });
    after(() => store.close());

    it('stores an application and finds it by id and by uid', async () => {
      const app = makeApp('acme');
      await store.applications.insert(app);
      assert.deepEqual(await store.applications.get(app.id), app);
      assert.deepEqual(await store.applications.get('acme'), app);
      assert.equal(await store.applications.get('nobody'), undefined);
    });

    it('refuses a second application with the same uid with UniqueViolation', async () => {
      await store.applications.insert(makeApp('dup'));
      await assert.rejects(store.applications.insert(makeApp('dup')), UniqueViolation);
    });

    it('updates and deletes an application, cascading to its endpoints and messages', async () => {
      const app = makeApp('to-delete');
      await store.applications.insert(app);
      const endpoint = makeEndpoint(app);
      await store.endpoints.insert(endpoint);
      await store.messages.insert(makeMessage(app));
      await store.applications.update({ ...app, name: 'Renamed', metadata: {} });
      assert.equal((await store.applications.get(app.id))?.name, 'Renamed');
      assert.equal(await store.applications.delete(app.id), true);
      assert.equal(await store.applications.delete(app.id), false);
      assert.equal(await store.endpoints.get(app.id, endpoint.id), undefined);
      assert.deepEqual((await store.messages.list(app.id, { limit: 10, order: 'ascending' })).data, []);
    });

    it('lists applications less those without endpoints (drafts are none), or with only disabled ones', async () => {
      const [none, onlyDraft, onlyDisabled, mixed, enabled] = [
        'f-none',
        'f-draft',
        'f-disabled',
        'f-mixed',
        'f-enabled',
      ].map((uid) => makeApp(uid)) as [Application, Application, Application, Application, Application];
      for (const app of [none, onlyDraft, onlyDisabled, mixed, enabled]) await store.applications.insert(app);
      await store.endpoints.insert({ ...makeEndpoint(onlyDraft), draft: true });
      await store.endpoints.insert({ ...makeEndpoint(onlyDisabled), disabled: true });
      await store.endpoints.insert({ ...makeEndpoint(mixed), disabled: true });
      await store.endpoints.insert(makeEndpoint(mixed));
      await store.endpoints.insert(makeEndpoint(enabled));
      const mine = new Set([none, onlyDraft, onlyDisabled, mixed, enabled].map((a) => a.uid));
      const listed = async (filter: ApplicationFilter) =>
        (await store.applications.list({ limit: 250, order: 'ascending', ...filter })).data
          .map((a) => a.uid)
          .filter((uid) => mine.has(uid));
      assert.deepEqual(await listed({}), ['f-none', 'f-draft', 'f-disabled', 'f-mixed', 'f-enabled']);
      assert.deepEqual(await listed({ excludeNoEndpoints: true }), ['f-disabled', 'f-mixed', 'f-enabled']);
      assert.deepEqual(await listed({ excludeOnlyDisabledEndpoints: true }), [
        'f-none',
        'f-draft',
        'f-mixed',
        'f-enabled',
      ]);
      assert.deepEqual(await listed({ excludeNoEndpoints: true, excludeOnlyDisabledEndpoints: true }), [
        'f-mixed',
        'f-enabled',
      ]);
    });

    it('lists connectors of one product type, one stored without any counting as Dispatch', async () => {
      const unset = makeConnector({ uid: 'p-unset', productType: null });
      const dispatch = makeConnector({ uid: 'p-dispatch', productType: 'Dispatch' });
      const stream = makeConnector({ uid: 'p-stream', productType: 'Stream' });
      for (const c of [unset, dispatch, stream]) await store.connectors.insert(c);
      const mine = new Set(['p-unset', 'p-dispatch', 'p-stream']);
      const listed = async (productType: 'Dispatch' | 'Stream' | null) =>
        (await store.connectors.list({ limit: 250, order: 'ascending', productType })).data
          .map((c) => c.uid)
          .filter((uid) => mine.has(uid ?? ''));
      assert.deepEqual(await listed(null), ['p-unset', 'p-dispatch', 'p-stream']);
      assert.deepEqual(await listed('Dispatch'), ['p-unset', 'p-dispatch']);
      assert.deepEqual(await listed('Stream'), ['p-stream']);
    });

    it('pages forwards and back in both orders with keyset cursors', async () => {
      const app = makeApp('pager');
      await store.applications.insert(app);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const endpoint = makeEndpoint(app);
        ids.push(endpoint.id);
        await store.endpoints.insert(endpoint);
      }
      const first = await store.endpoints.list(app.id, { limit: 2, order: 'ascending' });
      assert.deepEqual(
        first.data.map((e) => e.id),
        ids.slice(0, 2),
      );
      assert.equal(first.done, false);
      const second = await store.endpoints.list(app.id, { limit: 2, order: 'ascending', iterator: first.iterator });
      assert.deepEqual(
        second.data.map((e) => e.id),
        ids.slice(2, 4),
      );
      const third = await store.endpoints.list(app.id, { limit: 2, order: 'ascending', iterator: second.iterator });
      assert.deepEqual(
        third.data.map((e) => e.id),
        ids.slice(4),
      );
      assert.equal(third.done, true);
      const back = await store.endpoints.list(app.id, { limit: 2, order: 'ascending', iterator: third.prevIterator });
      assert.deepEqual(
        back.data.map((e) => e.id),
        ids.slice(2, 4),
      );
      const newest = await store.endpoints.list(app.id, { limit: 3, order: 'descending' });
      assert.deepEqual(
        newest.data.map((e) => e.id),
        ids.slice(2).reverse(),
      );
      const older = await store.endpoints.list(app.id, { limit: 3, order: 'descending', iterator: newest.iterator });
      assert.deepEqual(
        older.data.map((e) => e.id),
        ids.slice(0, 2).reverse(),
      );
      assert.equal(older.done, true);
    });

    it('stores a connector, finds it by id and by uid, and a batch of them by ids', async () => {
      const [a, b] = [makeConnector({ uid: 'batch-a' }), makeConnector({ uid: 'batch-b' })];
      await store.connectors.insert(a);
      await store.connectors.insert(b);
      assert.deepEqual(await store.connectors.get(a.id), a);
      assert.deepEqual(await store.connectors.get('batch-b'), b);
      const found = await store.connectors.getMany([b.id, a.id, 'trtmpl_missing']);
      assert.deepEqual(
        found.sort((x, y) => byteOrder(x.id, y.id)),
        [a, b],
      );
      assert.deepEqual(await store.connectors.getMany([]), []);
    });

    it('lists the event types a set of feature flags shows, pages and iterators holding no other', async () => {
      const at = new Date(tick());
      for (const [name, featureFlags] of [
        ['flags.a', null],
        ['flags.b', ['beta']],
        ['flags.c', []],
        ['flags.d', ['gamma', 'beta']],
        ['flags.e', ['other']],
      ] as const) {
        await store.eventTypes.insert({
          name,
          description: name,
          archived: false,
          deprecated: false,
          schemas: null,
          groupName: null,
          featureFlags: featureFlags && [...featureFlags],
          createdAt: at,
          updatedAt: at,
        });
      }
      const walk = async (featureFlags: string[] | null) => {
        const names: string[] = [];
        let iterator: string | null = null;
        do {
          const page = await store.eventTypes.list({
            limit: 1,
            order: 'ascending',
            iterator,
            includeArchived: false,
            featureFlags,
          });
          names.push(...page.data.map((e) => e.name), `(${page.iterator})`);
          iterator = page.done ? null : page.iterator;
        } while (iterator);
        return names.filter((n) => n.includes('flags.'));
      };
      assert.deepEqual(await walk([]), ['flags.a', '(flags.a)', 'flags.c', '(flags.c)']);
      assert.deepEqual(await walk(['beta']), [
        'flags.a',
        '(flags.a)',
        'flags.b',
        '(flags.b)',
        'flags.c',
        '(flags.c)',
        'flags.d',
        '(flags.d)',
      ]);
      assert.equal((await walk(null)).length, 10, 'null: all of them');
    });

    it("keeps an endpoint's newest transformation versions, scoped to its application, and drops them with it", async () => {
      const a = makeApp('versions-a');
      const b = makeApp('versions-b');
      await store.applications.insert(a);
      await store.applications.insert(b);
      const ea = makeEndpoint(a, 'v');
      const eb = makeEndpoint(b, 'v');
      await store.endpoints.insert(ea);
      await store.endpoints.insert(eb);
      const version = (endpoint: typeof ea, n: number) => {
        const at = tick();
        return {
          id: `trver_${sortableId(at.getTime())}`,
          appId: endpoint.appId,
          endpointId: endpoint.id,
          code: `// ${n}`,
          author: n % 2 ? 'vendor' : 'sess-1',
          createdAt: at,
        };
      };
      for (let n = 1; n <= 5; n++) await store.transformationVersions.insert(version(ea, n), 3);
      const theirs = version(eb, 9);
      await store.transformationVersions.insert(theirs, 3);
      const kept = await store.transformationVersions.list(a.id, ea.id, 50);
      assert.deepEqual(
        kept.map((v) => v.code),
        ['// 5', '// 4', '// 3'],
        'newest first, the older beyond 3 removed',
      );
      assert.deepEqual(await store.transformationVersions.get(a.id, ea.id, kept[0]?.id ?? ''), kept[0]);
      assert.equal(await store.transformationVersions.get(a.id, ea.id, theirs.id), undefined);
      assert.equal(await store.transformationVersions.get(a.id, eb.id, theirs.id), undefined, 'another application');
      assert.deepEqual(await store.transformationVersions.list(b.id, eb.id, 50), [theirs]);
      assert.equal((await store.transformationVersions.list(a.id, ea.id, 2)).length, 2);
      await store.endpoints.delete(a.id, ea.id);
      assert.deepEqual(await store.transformationVersions.list(a.id, ea.id, 50), []);
    });

    it('scopes endpoints and their uids to one application', async () => {
      const a = makeApp('scope-a');
      const b = makeApp('scope-b');
      await store.applications.insert(a);
      await store.applications.insert(b);
      const ea = makeEndpoint(a, 'main');
      await store.endpoints.insert(ea);
      await store.endpoints.insert(makeEndpoint(b, 'main'));
      assert.deepEqual(await store.endpoints.get(a.id, 'main'), ea);
      assert.equal(await store.endpoints.get(b.id, ea.id), undefined);
      await assert.rejects(store.endpoints.insert(makeEndpoint(a, 'main')), UniqueViolation);
      const changed = { ...ea, url: 'https://example.org/', previousSecrets: [], disabled: true };
      await store.endpoints.update(changed);
      assert.deepEqual(await store.endpoints.get(a.id, ea.id), changed);
      assert.equal(await store.endpoints.delete(b.id, ea.id), false);
      assert.equal(await store.endpoints.delete(a.id, ea.id), true);
    });

    it('keeps message eventIds unique per application and filters messages', async () => {
      const app = makeApp('messages');
      const other = makeApp('messages-other');
      await store.applications.insert(app);
      await store.applications.insert(other);
      const paid = makeMessage(app, { eventId: 'evt-1', eventType: 'invoice.paid', tags: ['vip'], channels: ['eu'] });
      await store.messages.insert(paid);
      await store.messages.insert(makeMessage(other, { eventId: 'evt-1' }));
      await assert.rejects(store.messages.insert(makeMessage(app, { eventId: 'evt-1' })), UniqueViolation);
      const created = makeMessage(app);
      await store.messages.insert(created);
      assert.deepEqual(await store.messages.get(app.id, 'evt-1'), paid);
      assert.deepEqual(await store.messages.get(app.id, paid.id), paid);
      const query = { limit: 10, order: 'descending' as const };
      const ids = async (filter: object) =>
        (await store.messages.list(app.id, { ...query, ...filter })).data.map((d) => d.message.id);
      assert.deepEqual(await ids({}), [created.id, paid.id]);
      assert.deepEqual(await ids({ eventTypes: ['invoice.paid'] }), [paid.id]);
      assert.deepEqual(await ids({ tag: 'vip' }), [paid.id]);
      assert.deepEqual(await ids({ channel: 'eu' }), [paid.id]);
      assert.deepEqual(await ids({ before: created.timestamp }), [paid.id]);
      assert.deepEqual(await ids({ after: paid.timestamp }), [created.id]);
    });

    it('lists attempts by endpoint and by message with status and message filters', async () => {
      const app = makeApp('attempts');
      await store.applications.insert(app);
      const endpoint = makeEndpoint(app);
      await store.endpoints.insert(endpoint);
      const m1 = makeMessage(app, { eventType: 'invoice.paid' });
      const m2 = makeMessage(app);
      await store.messages.insert(m1);
      await store.messages.insert(m2);
      const attempt = (msg: Message, status: Attempt['status']): Attempt => {
        const now = tick();
        return {
          id: newId('atmpt', now.getTime()),
          appId: app.id,
          msgId: msg.id,
          endpointId: endpoint.id,
          url: endpoint.url,
          response: 'ok',
          responseStatusCode: status === AttemptStatus.Success ? 200 : 500,
          responseDurationMs: 12,
          status,
          triggerType: TriggerType.Scheduled,
          timestamp: now,
          taskId: null,
          attemptNumber: null,
          request: null,
          responseHeaders: null,
        };
      };
      const failed = attempt(m1, AttemptStatus.Fail);
      const succeeded = attempt(m1, AttemptStatus.Success);
      const other = attempt(m2, AttemptStatus.Success);
      for (const a of [failed, succeeded, other]) await store.attempts.insert(a);
      const query = { limit: 10, order: 'ascending' as const };
      const byEndpoint = await store.attempts.listByEndpoint(app.id, endpoint.id, query);
      assert.deepEqual(byEndpoint.data, [failed, succeeded, other]);
      const failures = await store.attempts.listByEndpoint(app.id, endpoint.id, {
        ...query,
        status: AttemptStatus.Fail,
      });
      assert.deepEqual(failures.data, [failed]);
      const paidOnly = await store.attempts.listByEndpoint(app.id, endpoint.id, {
        ...query,
        eventTypes: ['invoice.paid'],
      });
      assert.deepEqual(paidOnly.data, [failed, succeeded]);
      assert.deepEqual((await store.attempts.listByMessage(app.id, m2.id, query)).data, [other]);
      assert.deepEqual(await store.attempts.get(app.id, failed.id), failed);
      assert.equal(await store.attempts.get('app_other', failed.id), undefined);
      const byClass = async (statusCodeClass: number) =>
        (await store.attempts.listByMessage(app.id, m1.id, { ...query, statusCodeClass })).data;
      assert.deepEqual(await byClass(500), [failed]);
      assert.deepEqual(await byClass(200), [succeeded]);
      assert.deepEqual(await byClass(0), []);
      const unanswered = { ...attempt(m2, AttemptStatus.Fail), responseStatusCode: 0 };
      await store.attempts.insert(unanswered);
      assert.deepEqual(
        (await store.attempts.listByEndpoint(app.id, endpoint.id, { ...query, statusCodeClass: 0 })).data,
        [unanswered],
      );
      const elsewhere = makeEndpoint(app);
      await store.endpoints.insert(elsewhere);
      const there = { ...attempt(m1, AttemptStatus.Success), endpointId: elsewhere.id };
      await store.attempts.insert(there);
      assert.deepEqual(
        (await store.attempts.listByMessage(app.id, m1.id, { ...query, endpointId: elsewhere.id })).data,
        [there],
      );
      assert.deepEqual(
        (await store.attempts.listByMessage(app.id, m1.id, { ...query, endpointId: endpoint.id })).data,
        [failed, succeeded],
      );
    });

    it('remembers idempotent requests, refuses concurrent twins, and forgets after expiry, release or a crash', async () => {
      const now = tick();
      const later = new Date(now.getTime() + 60_000);
      const until = (expiresAt: Date, abandonedBefore = new Date(0)) => ({ expiresAt, abandonedBefore });
      assert.deepEqual(await store.idempotency.begin('vendor', 'k1', 'fp', now, until(later)), { state: 'new' });
      assert.deepEqual(await store.idempotency.begin('vendor', 'k1', 'fp', now, until(later)), {
        state: 'pending',
        fingerprint: 'fp',
      });
      assert.deepEqual(await store.idempotency.begin('portal:x', 'k1', 'fp', now, until(later)), { state: 'new' });
      await store.idempotency.complete('vendor', 'k1', 201, '{"id":1}', null);
      assert.deepEqual(await store.idempotency.begin('vendor', 'k1', 'fp', now, until(later)), {
        state: 'done',
        fingerprint: 'fp',
        status: 201,
        body: '{"id":1}',
      });
      const afterwards = until(new Date(later.getTime() + 1));
      assert.deepEqual(await store.idempotency.begin('vendor', 'k1', 'fp', later, afterwards), { state: 'new' });
      await store.idempotency.release('vendor', 'k1');
      assert.deepEqual(await store.idempotency.begin('vendor', 'k1', 'fp2', later, afterwards), { state: 'new' });
      // Left pending by a request that died: free again once it is older than the abandon limit,
      // and never a finished one.
      assert.equal((await store.idempotency.begin('vendor', 'k1', 'fp2', later, afterwards)).state, 'pending');
      const abandoned = until(new Date(later.getTime() + 60_000), later);
      assert.deepEqual(await store.idempotency.begin('vendor', 'k1', 'fp2', later, abandoned), { state: 'new' });
      await store.idempotency.complete('vendor', 'k1', 202, '{}', null);
      assert.equal((await store.idempotency.begin('vendor', 'k1', 'fp2', later, abandoned)).state, 'done');
    });

    it('keeps Patchbay keys and vendor keys apart', async () => {
      const own = {
        kid: 'own-1',
        alg: 'EdDSA',
        publicJwk: { x: 'pub' },
        privateJwk: { d: 'priv' },
        issuer: null,
        createdAt: tick(),
      };
      const vendor = {
        kid: 'vendor-1',
        alg: 'ES256',
        publicJwk: { x: 'v' },
        privateJwk: null,
        issuer: 'acme',
        createdAt: tick(),
      };
      await store.portalKeys.insert(own);
      await store.portalKeys.insert(vendor);
      await assert.rejects(store.portalKeys.insert(vendor), UniqueViolation);
      assert.deepEqual(await store.portalKeys.listOwn(), [own]);
      assert.deepEqual(await store.portalKeys.listVendor(), [vendor]);
      assert.deepEqual(await store.portalKeys.get('vendor-1'), vendor);
      assert.equal(await store.portalKeys.delete('vendor-1'), true);
      assert.equal(await store.portalKeys.get('vendor-1'), undefined);
    });

    it('revokes sessions by application, by session id, from a moment on, and single tokens', async () => {
      const issued = tick();
      const revokedAt = tick();
      const effective = new Date(revokedAt.getTime() + 60_000);
      await store.revocations.insert({
        appId: 'app_r',
        sessionId: 'sess-1',
        issuedBefore: revokedAt,
        effectiveAt: effective,
      });
      assert.equal(await store.revocations.isRevoked('app_r', 'sess-1', issued, revokedAt), false, 'not yet effective');
      assert.equal(await store.revocations.isRevoked('app_r', 'sess-1', issued, effective), true);
      assert.equal(await store.revocations.isRevoked('app_r', 'sess-2', issued, effective), false, 'another session');
      assert.equal(await store.revocations.isRevoked('app_r', 'sess-1', tick(), effective), false, 'issued afterwards');
      await store.revocations.insert({
        appId: 'app_r',
        sessionId: null,
        issuedBefore: revokedAt,
        effectiveAt: revokedAt,
      });
      assert.equal(await store.revocations.isRevoked('app_r', null, issued, revokedAt), true, 'whole application');
      assert.equal(await store.revocations.isRevoked('app_other', null, issued, revokedAt), false);
      await store.revocations.revokeToken('jti-1', effective);
      assert.equal(await store.revocations.isTokenRevoked('jti-1'), true);
      assert.equal(await store.revocations.isTokenRevoked('jti-2'), false);
    });

    it('records runs of endpoint failures batch by batch, and disabling, without touching other fields', async () => {
      const app = makeApp('failing');
      await store.applications.insert(app);
      const [endpoint, other, fine] = [makeEndpoint(app), makeEndpoint(app), makeEndpoint(app)];
      for (const e of [endpoint, other, fine]) await store.endpoints.insert(e);
      const ids = [endpoint.id, other.id, fine.id];
      const first = tick();
      await store.endpoints.recordStreaks([
        { id: endpoint.id, failing: true, since: first, reason: '500 Internal Server Error', restart: false },
        { id: other.id, failing: true, since: first, reason: '502 Bad Gateway', restart: false },
        { id: fine.id, failing: false },
      ]);
      assert.deepEqual(
        await store.endpoints.failingSince(ids),
        new Map([
          [endpoint.id, first],
          [other.id, first],
        ]),
      );
      const second = tick();
      await store.endpoints.recordStreaks([
        { id: endpoint.id, failing: true, since: second, reason: '401 Unauthorized', restart: false },
        // A success earlier in its batch ended its run: the failure after it starts a new one.
        { id: other.id, failing: true, since: second, reason: '503 Service Unavailable', restart: true },
      ]);
      assert.deepEqual((await store.endpoints.failingSince(ids)).get(endpoint.id), first, 'the first failure is kept');
      assert.deepEqual((await store.endpoints.failingSince(ids)).get(other.id), second);
      assert.equal(
        (await store.endpoints.get(app.id, endpoint.id))?.failReason,
        '401 Unauthorized',
        'the latest reason',
      );
      await store.endpoints.recordStreaks([{ id: endpoint.id, failing: false }]);
      const recovered = await store.endpoints.get(app.id, endpoint.id);
      assert.equal(recovered?.failSince, null);
      assert.equal(recovered?.failReason, null);
      assert.deepEqual([...(await store.endpoints.failingSince(ids)).keys()], [other.id]);
      assert.equal(await store.endpoints.disable(endpoint.id, 'HTTP 410 Gone', tick()), true);
      assert.equal(await store.endpoints.disable(endpoint.id, 'again', tick()), false);
      const disabled = await store.endpoints.get(app.id, endpoint.id);
      assert.equal(disabled?.disabled, true);
      assert.equal(disabled?.disabledReason, 'HTTP 410 Gone');
      assert.deepEqual(disabled?.headers, endpoint.headers);
    });

    it('settles a batch of tasks in one go, each under its own lease: a lost one changes that task only', async () => {
      const app = makeApp('batch-settle');
      await store.applications.insert(app);
      const [endpoint, elsewhere] = [makeEndpoint(app), makeEndpoint(app)];
      for (const e of [endpoint, elsewhere]) await store.endpoints.insert(e);
      const messages = [makeMessage(app), makeMessage(app), makeMessage(app), makeMessage(app)];
      for (const m of messages) await store.messages.insert(m);
      const now = tick();
      await store.queue.enqueue(dispatchesOf(messages, endpoint.id, now), now);
      const claimed = await store.queue.claim({ now, limit: 10, leaseMs: 1000, perEndpoint: 10 });
      assert.equal(claimed.length, 4);
      const [lost, delivered, retried, failed] = claimed as [DeliveryTask, DeliveryTask, DeliveryTask, DeliveryTask];
      // The delivered message's resend waiting for its time, and its dispatch to another endpoint.
      const inAnHour = new Date(now.getTime() + 3_600_000);
      const resent = [messages[1] as Message];
      await store.queue.enqueue(
        [...dispatchesOf(resent, endpoint.id, inAnHour), ...dispatchesOf(resent, elsewhere.id, inAnHour)],
        now,
      );
      // Every lease runs out; another claim takes the oldest task, the others are still this claim's to settle.
      const later = new Date(now.getTime() + 1001);
      const [taken] = await store.queue.claim({ now: later, limit: 1, leaseMs: 1000, perEndpoint: 10 });
      assert.equal(taken?.id, lost.id);
      const retryAt = new Date(later.getTime() + 5000);
      const held = await store.queue.settle(
        [
          { task: lost, status: AttemptStatus.Success, attempts: 1 },
          { task: delivered, status: AttemptStatus.Success, attempts: 1 },
          { task: retried, status: AttemptStatus.Pending, attempts: 1, retryAt, failingNotified: true },
          { task: failed, status: AttemptStatus.Fail, attempts: 1 },
        ],
        later,
      );
      assert.deepEqual([...held].sort(), [delivered.id, retried.id, failed.id].sort());
      const settled = new Map((await store.queue.getMany(claimed.map((t) => t.id))).map((t) => [t.id, t]));
      assert.deepEqual(
        { ...settled.get(lost.id) },
        { ...lost, leaseUntil: taken?.leaseUntil, updatedAt: later },
        'the lost one is as the new claim left it',
      );
      assert.equal(settled.get(delivered.id)?.status, AttemptStatus.Success);
      assert.equal(settled.get(delivered.id)?.leaseUntil, null);
      assert.equal(settled.get(failed.id)?.status, AttemptStatus.Fail);
      assert.deepEqual(
        { ...settled.get(retried.id) },
        { ...retried, attempts: 1, nextAttemptAt: retryAt, failingNotified: true, leaseUntil: null, updatedAt: later },
      );
      assert.deepEqual(
        await store.queue.endpointStats(endpoint.id, later),
        { success: 2, pending: 1, sending: 1, fail: 1, canceled: 0 },
        "the delivered message's resend is settled with it; the retry waits, the lost one is still being sent",
      );
      assert.equal((await store.queue.endpointStats(elsewhere.id, later)).pending, 1, 'another endpoint keeps its own');
      assert.deepEqual(
        await store.queue.settle([{ task: delivered, status: AttemptStatus.Fail, attempts: 2 }], later),
        new Set(),
      );
      await store.queue.finish(taken as DeliveryTask, AttemptStatus.Success, 1, later);
      await drain(store, inAnHour);
    });

    it("records a batch's attempts at once, without the content of a message expunged meanwhile", async () => {
      const app = makeApp('batch-attempts');
      await store.applications.insert(app);
      const endpoint = makeEndpoint(app);
      await store.endpoints.insert(endpoint);
      const [kept, expunged] = [makeMessage(app), makeMessage(app)];
      for (const m of [kept, expunged]) await store.messages.insert(m);
      await store.messages.expungeContent(app.id, [expunged.id], tick());
      const attempt = (msg: Message) =>
        makeAttempt(
          { appId: app.id, msgId: msg.id, endpointId: endpoint.id },
          {
            response: '{"ok":true}',
            request: {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: '{}',
              bodyTruncated: false,
            },
            responseHeaders: { 'content-type': 'application/json' },
          },
        );
      const [first, second] = [attempt(kept), attempt(expunged)];
      await store.attempts.insertMany([first, second]);
      assert.deepEqual(await store.attempts.get(app.id, first.id), first);
      const dropped = await store.attempts.get(app.id, second.id);
      assert.equal(dropped?.response, EXPUNGED_RESPONSE);
      assert.equal(dropped?.request, null);
      assert.equal(dropped?.responseHeaders, null);
    });

    it('records nothing of a batch whose transaction fails, and its tasks are claimed again when their leases run out', async () => {
      const app = makeApp('batch-fails');
      await store.applications.insert(app);
      const endpoint = makeEndpoint(app);
      await store.endpoints.insert(endpoint);
      const messages = [makeMessage(app), makeMessage(app)];
      for (const m of messages) await store.messages.insert(m);
      const now = tick();
      await store.queue.enqueue(dispatchesOf(messages, endpoint.id, now), now);
      const claimed = await store.queue.claim({ now, limit: 10, leaseMs: 1000, perEndpoint: 10 });
      assert.equal(claimed.length, 2);
      // Both have one id: the second insert is refused, and the whole batch with it.
      const attempt = (t: DeliveryTask) => makeAttempt(t, { id: 'atmpt_twice' });
      await assert.rejects(
        store.transaction(async () => {
          const held = await store.queue.settle(
            claimed.map((task) => ({ task, status: AttemptStatus.Success, attempts: 1 })),
            now,
          );
          assert.equal(held.size, 2);
          await store.attempts.insertMany(claimed.map(attempt));
          await store.endpoints.recordStreaks([
            { id: endpoint.id, failing: true, since: now, reason: 'x', restart: false },
          ]);
        }),
        UniqueViolation,
      );
      assert.equal((await store.queue.endpointStats(endpoint.id, now)).sending, 2, 'still leased, unchanged');
      assert.equal(await store.attempts.get(app.id, 'atmpt_twice'), undefined);
      assert.equal((await store.endpoints.failingSince([endpoint.id])).size, 0);
      const later = new Date(now.getTime() + 1001);
      const again = await store.queue.claim({ now: later, limit: 10, leaseMs: 1000, perEndpoint: 10 });
      assert.deepEqual(again.map((t) => t.id).sort(), claimed.map((t) => t.id).sort());
      assert.equal(
        (
          await store.queue.settle(
            again.map((task) => ({ task, status: AttemptStatus.Success, attempts: 1 })),
            later,
          )
        ).size,
        2,
      );
    });

    it('queues tasks, leases due ones fairly across endpoints, and gives expired leases back', async () => {
      const app = makeApp('queue');
      await store.applications.insert(app);
      const busy = makeEndpoint(app);
      const quiet = makeEndpoint(app);
      await store.endpoints.insert(busy);
      await store.endpoints.insert(quiet);
      const now = tick();
      const messages = Array.from({ length: 6 }, () => makeMessage(app));
      for (const m of messages) await store.messages.insert(m);
      const task = (m: Message, endpointId: string, at: Date) => ({
        appId: app.id,
        msgId: m.id,
        endpointId,
        triggerType: TriggerType.Scheduled,
        nextAttemptAt: at,
      });
      const later = new Date(now.getTime() + 60_000);
      await store.queue.enqueue(
        [
          ...messages.slice(0, 5).map((m) => task(m, busy.id, now)),
          task(messages[5] as Message, quiet.id, now),
          task(messages[0] as Message, quiet.id, later),
        ],
        now,
      );
      assert.equal((await store.queue.depth()).pending, 7);

      const claimed = await store.queue.claim({ now, limit: 3, leaseMs: 30_000, perEndpoint: 2 });
      assert.deepEqual(
        claimed.map((t) => t.endpointId).sort(),
        [busy.id, busy.id, quiet.id].sort(),
        'at most two of the busy endpoint, and the quiet one is not starved',
      );
      assert.ok(claimed.every((t) => t.leaseUntil?.getTime() === now.getTime() + 30_000));
      const again = await store.queue.claim({ now, limit: 10, leaseMs: 30_000, perEndpoint: 2 });
      assert.deepEqual(again, [], 'the busy endpoint has two leased already and the quiet one has nothing due');

      const [done, retried] = claimed.filter((t) => t.endpointId === busy.id) as [DeliveryTask, DeliveryTask];
      await store.queue.finish(done, AttemptStatus.Success, 1, now);
      await store.queue.retryAt(retried, 1, later, true, now);
      const stats = await store.queue.endpointStats(busy.id, now);
      assert.deepEqual(stats, { success: 1, pending: 4, sending: 0, fail: 0, canceled: 0 });

      const expired = new Date(now.getTime() + 30_001);
      const reclaimed = await store.queue.claim({
        now: expired,
        limit: 10,
        leaseMs: 30_000,
        perEndpoint: 10,
      });
      assert.deepEqual(
        reclaimed.map((t) => t.endpointId).sort(),
        [busy.id, busy.id, busy.id, quiet.id].sort(),
        "a crashed worker's lease expires and the task comes back; the retried one waits",
      );
      assert.equal((await store.queue.endpointStats(busy.id, expired)).sending, 3);
      await store.queue.release(reclaimed, later, expired);
      assert.deepEqual(await store.queue.nextWakeup(), later);
      const atLater = await store.queue.claim({
        now: later,
        limit: 10,
        leaseMs: 1000,
        perEndpoint: 10,
      });
      assert.equal(atLater.length, 6);
      const retriedAgain = atLater.find((t) => t.id === retried.id);
      assert.equal(retriedAgain?.attempts, 1);
      assert.equal(retriedAgain?.failingNotified, true);
    });

    it("claims in turns: one endpoint's backlog, however long, delays no other endpoint or application", async () => {
      const heavyApp = makeApp('heavy');
      const lightApp = makeApp('light');
      await store.applications.insert(heavyApp);
      await store.applications.insert(lightApp);
      const heavy = makeEndpoint(heavyApp);
      const heavySecond = makeEndpoint(heavyApp);
      const light = makeEndpoint(lightApp);
      for (const e of [heavy, heavySecond, light]) await store.endpoints.insert(e);
      const now = tick();
      // Several messages: only one dispatch of a message to an endpoint goes out at a time.
      const messages = Array.from({ length: 8 }, () => makeMessage(heavyApp));
      for (const m of messages) await store.messages.insert(m);
      const heavyMessage = (i: number) => (messages[i % messages.length] as Message).id;
      const lightMessage = makeMessage(lightApp);
      await store.messages.insert(lightMessage);
      const due = (endpointId: string, appId: string, msgId: string, at: Date) => ({
        appId,
        msgId,
        endpointId,
        triggerType: TriggerType.Scheduled,
        nextAttemptAt: at,
      });
      // 300 due tasks queued before anything else, oldest first: a claim by age would see only these.
      const past = new Date(now.getTime() - 60_000);
      await store.queue.enqueue(
        Array.from({ length: 300 }, (_, i) => due(heavy.id, heavyApp.id, heavyMessage(i), past)),
        now,
      );
      await store.queue.enqueue(
        Array.from({ length: 50 }, (_, i) => due(heavySecond.id, heavyApp.id, heavyMessage(i), past)),
        now,
      );
      await store.queue.enqueue([due(light.id, lightApp.id, lightMessage.id, now)], now);

      const first = await store.queue.claim({ now, limit: 3, leaseMs: 1000, perEndpoint: 4 });
      assert.ok(
        first.some((t) => t.endpointId === light.id),
        'the light application gets a turn in the very first claim',
      );
      assert.equal(first.filter((t) => t.appId === heavyApp.id).length, 2, 'the heavy application gets its turns too');
      // The heavy endpoint at its cap: later claims skip it without scanning its backlog, and stay fair.
      const counts = new Map<string, number>();
      for (let i = 0; i < 4; i++) {
        for (const t of await store.queue.claim({ now, limit: 2, leaseMs: 1000, perEndpoint: 4 }))
          counts.set(t.endpointId, (counts.get(t.endpointId) ?? 0) + 1);
      }
      assert.ok((counts.get(heavy.id) ?? 0) + 1 <= 4 && (counts.get(heavySecond.id) ?? 0) + 1 <= 4);
      assert.equal(await leasedCount(heavy.id), 4, 'the per-endpoint cap holds');
      assert.equal(await leasedCount(heavySecond.id), 4);
      // Later tests claim from this store too: their tasks must not wait behind these.
      for (const app of [heavyApp, lightApp]) await store.applications.delete(app.id);

      async function leasedCount(endpointId: string) {
        return (await store.queue.endpointStats(endpointId, now)).sending;
      }
    });

    it('lets only the claim that holds the lease finish, retry or release a task', async () => {
      const app = makeApp('fenced');
      await store.applications.insert(app);
      const endpoint = makeEndpoint(app);
      await store.endpoints.insert(endpoint);
      const message = makeMessage(app);
      await store.messages.insert(message);
      const now = tick();
      await store.queue.enqueue(
        [
          {
            appId: app.id,
            msgId: message.id,
            endpointId: endpoint.id,
            triggerType: TriggerType.Scheduled,
            nextAttemptAt: now,
          },
        ],
        now,
      );
      const [slow] = await store.queue.claim({ now, limit: 1, leaseMs: 1000, perEndpoint: 1 });
      assert.ok(slow);
      // The first claim's lease runs out mid-delivery; another claim takes the task.
      const later = new Date(now.getTime() + 1001);
      const [taken] = await store.queue.claim({ now: later, limit: 1, leaseMs: 1000, perEndpoint: 1 });
      assert.equal(taken?.id, slow.id);
      assert.equal(await store.queue.finish(slow, AttemptStatus.Success, 1, later), false);
      assert.equal(await store.queue.retryAt(slow, 1, new Date(later.getTime() + 5000), false, later), false);
      await store.queue.release([slow], later, later);
      assert.equal((await store.queue.endpointStats(endpoint.id, later)).sending, 1, 'the new claim still holds it');
      assert.equal(await store.queue.finish(taken as DeliveryTask, AttemptStatus.Success, 1, later), true);
      assert.deepEqual(await store.queue.endpointStats(endpoint.id, later), {
        success: 1,
        pending: 0,
        sending: 0,
        fail: 0,
        canceled: 0,
      });
    });

    it('fans a message out to the enabled endpoints that subscribe to its event type and channels', async () => {
      const app = makeApp('fan-out');
      await store.applications.insert(app);
      const make = async (fields: Partial<Endpoint>) => {
        const endpoint = { ...makeEndpoint(app), ...fields };
        await store.endpoints.insert(endpoint);
        return endpoint.id;
      };
      const all = await make({ eventTypes: null });
      const emptyFilter = await make({ eventTypes: [] });
      const created = await make({ eventTypes: ['invoice.created', 'invoice.paid'] });
      const paid = await make({ eventTypes: ['invoice.paid'] });
      const eu = await make({ eventTypes: null, channels: ['eu', 'uk'] });
      await make({ eventTypes: null, disabled: true });
      await make({ eventTypes: null, draft: true });
      const targets = async (fields: Partial<Message>) => {
        const message = makeMessage(app, fields);
        await store.messages.insert(message);
        const count = await store.queue.fanOut(message, tick());
        const endpoints = await queued(message.id);
        assert.equal(count, endpoints.length);
        return endpoints.sort();
      };
      const queued = async (msgId: string) => {
        const tasks = await store.queue.claim({
          now: new Date(8.64e15),
          limit: 100,
          leaseMs: 1,
          perEndpoint: 100,
        });
        return tasks.filter((t) => t.msgId === msgId).map((t) => t.endpointId);
      };
      assert.deepEqual(await targets({ eventType: 'invoice.created' }), [all, emptyFilter, created].sort());
      assert.deepEqual(
        await targets({ eventType: 'invoice.paid', channels: ['uk'] }),
        [all, emptyFilter, created, paid, eu].sort(),
      );
      assert.deepEqual(await targets({ eventType: 'user.created', channels: ['us'] }), [all, emptyFilter].sort());
    });

    it('keeps drafts out of the endpoint list, lists them apart, and deletes those last changed before a time', async () => {
      const app = makeApp('drafts');
      const other = makeApp('drafts-other');
      await store.applications.insert(app);
      await store.applications.insert(other);
      const live = makeEndpoint(app);
      const old = { ...makeEndpoint(app), draft: true };
      const recent = { ...makeEndpoint(app), draft: true };
      const elsewhere = { ...makeEndpoint(other), draft: true };
      for (const e of [live, old, recent, elsewhere]) await store.endpoints.insert(e);
      await store.credentials.put({
        endpointId: old.id,
        kind: 'Slack',
        ciphertext: 'sealed',
        hint: {},
        updatedAt: old.updatedAt,
      });
      assert.deepEqual(
        (await store.credentials.getMany([old.id, live.id, recent.id])).map((c) => c.endpointId),
        [old.id],
        "a batch's credentials, of the endpoints that have some",
      );
      const page = await store.endpoints.list(app.id, { limit: 10, order: 'ascending' });
      assert.deepEqual(
        page.data.map((e) => e.id),
        [live.id],
      );
      assert.deepEqual(
        (await store.endpoints.drafts(app.id, 10)).map((e) => e.id),
        [recent.id, old.id],
        'last changed first, of this application only',
      );
      assert.equal((await store.endpoints.drafts(app.id, 1)).length, 1, 'at most the limit');
      assert.equal(await store.endpoints.get(app.id, old.id).then((e) => e?.draft), true);
      // Only drafts, only those changed before the time, with what belongs to them. (The sweep is
      // over every application, and other tests' drafts share this store: counts are at least.)
      assert.ok((await store.endpoints.deleteDrafts(recent.updatedAt)) >= 1);
      assert.equal(await store.endpoints.get(app.id, old.id), undefined);
      assert.equal(await store.credentials.get(old.id), undefined);
      assert.ok(await store.endpoints.get(app.id, recent.id));
      assert.ok(await store.endpoints.get(app.id, live.id));
      assert.ok((await store.endpoints.deleteDrafts(new Date(8.64e15))) >= 2);
      assert.equal(await store.endpoints.get(other.id, elsewhere.id), undefined);
      assert.ok(await store.endpoints.get(app.id, live.id), 'a live endpoint is never swept');
    });

    it('makes a draft live only by publish, which a write from an older read cannot undo, and which answers whether it did', async () => {
      const app = makeApp('publish');
      await store.applications.insert(app);
      const draft = { ...makeEndpoint(app), draft: true };
      await store.endpoints.insert(draft);
      const stale = { ...draft, description: 'edited before Save' };
      const at = tick();
      const live = {
        eventTypes: ['invoice.paid'],
        transformation: { code: 'function handler(w) { return w; }', enabled: true, updatedAt: at },
        updatedAt: at,
      };
      assert.equal(await store.endpoints.publish('app_other', draft.id, live), false, 'only in its own application');
      assert.equal(await store.endpoints.publish(app.id, draft.id, live), true);
      assert.equal(await store.endpoints.publish(app.id, draft.id, live), false, 'once');
      assert.equal(await store.endpoints.touchDraft(app.id, draft.id, tick()), false, 'a live one is no draft');
      // A PATCH that read the draft before Save writes its fields, never the draft flag.
      assert.equal(await store.endpoints.update(stale), true);
      const after = await store.endpoints.get(app.id, draft.id);
      assert.deepEqual(
        [after?.draft, after?.description, after?.eventTypes, after?.transformation],
        [false, 'edited before Save', draft.eventTypes, draft.transformation],
        'the stale write keeps its own (older) fields, and the endpoint live',
      );
      assert.equal(await store.endpoints.delete(app.id, draft.id), true);
      assert.equal(await store.endpoints.update(stale), false, 'nothing to write over once it is gone');
      assert.equal(await store.endpoints.publish(app.id, draft.id, live), false);

      const resumed = { ...makeEndpoint(app), draft: true };
      await store.endpoints.insert(resumed);
      const later = new Date(resumed.updatedAt.getTime() + 3600_000);
      assert.equal(await store.endpoints.touchDraft(app.id, resumed.id, later), true);
      assert.deepEqual((await store.endpoints.get(app.id, resumed.id))?.updatedAt, later);
      await store.endpoints.delete(app.id, resumed.id);
    });

    it('inserts drafts up to a limit per application, concurrent inserts included', async () => {
      const app = makeApp('draft-limit');
      const next = makeApp('draft-limit-other');
      await store.applications.insert(app);
      await store.applications.insert(next);
      await store.endpoints.insert(makeEndpoint(app));
      const inserted = await Promise.all(
        Array.from({ length: 8 }, () => store.endpoints.insertDraft({ ...makeEndpoint(app), draft: true }, 3)),
      );
      assert.equal(inserted.filter(Boolean).length, 3, inserted.join());
      assert.equal((await store.endpoints.drafts(app.id, 10)).length, 3, 'live endpoints do not count');
      assert.equal(
        await store.endpoints.insertDraft({ ...makeEndpoint(next), draft: true }, 3),
        true,
        'per application',
      );
    });

    it('counts and recovers, batch by batch, the messages whose latest dispatch to an endpoint failed', async () => {
      const app = makeApp('recover');
      await store.applications.insert(app);
      const endpoint = makeEndpoint(app);
      await store.endpoints.insert(endpoint);
      const [failed, recovered, ok] = [makeMessage(app), makeMessage(app), makeMessage(app)];
      for (const m of [failed, recovered, ok]) await store.messages.insert(m);
      const now = tick();
      const enqueue = (m: Message) =>
        store.queue.enqueue(
          [
            {
              appId: app.id,
              msgId: m.id,
              endpointId: endpoint.id,
              triggerType: TriggerType.Scheduled,
              nextAttemptAt: now,
            },
          ],
          now,
        );
      const claimAndFinish = async (status: AttemptStatus) => {
        const [t] = await store.queue.claim({ now, limit: 1, leaseMs: 1000, perEndpoint: 1 });
        assert.ok(t);
        await store.queue.finish(t, status, 1, now);
      };
      await enqueue(failed);
      await claimAndFinish(AttemptStatus.Fail);
      await enqueue(recovered);
      await claimAndFinish(AttemptStatus.Fail);
      await enqueue(recovered);
      await claimAndFinish(AttemptStatus.Success);
      await enqueue(ok);
      await claimAndFinish(AttemptStatus.Success);
      assert.equal(await store.queue.countFailed(endpoint.id, new Date(0), null), 1, 'the failed one');
      assert.equal(await store.queue.countFailed(endpoint.id, new Date(now.getTime() + 1), null), 0);

      // Recovered two dispatches a batch, after the window: what it queues is not walked again.
      const later = new Date(now.getTime() + 1);
      const batch = (since: Date, cursor: string | null) =>
        store.queue.enqueueFailed({
          appId: app.id,
          endpointId: endpoint.id,
          window: { since, until: now },
          cursor,
          limit: 2,
          now: later,
        });
      assert.deepEqual(await batch(later, null), { enqueued: [], cursor: null }, 'nothing in the window');
      const first = await batch(new Date(0), null);
      assert.deepEqual(first.enqueued, [failed.id], 'its latest dispatch failed; the other message recovered since');
      const second = await batch(new Date(0), first.cursor);
      assert.deepEqual(second.enqueued, []);
      assert.ok(second.cursor, 'a full batch: there may be more');
      assert.deepEqual(await batch(new Date(0), second.cursor), { enqueued: [], cursor: null });
      assert.equal(await store.queue.countFailed(endpoint.id, new Date(0), null), 0, 'its resend is pending');
      assert.equal(await store.queue.countDue(endpoint.id, END_OF_TIME, 10), 1);
      const [resend] = await store.queue.claim({ now: later, limit: 1, leaseMs: 1000, perEndpoint: 1 });
      assert.ok(resend);
      assert.deepEqual([resend.msgId, resend.triggerType], [failed.id, TriggerType.Manual], 'sent again, as by hand');
      await store.queue.finish(resend, AttemptStatus.Success, 1, later);
    });

    it("reads messages with their latest dispatches' status, overall and at one endpoint, and a message's destinations", async () => {
      const app = makeApp('log');
      const other = makeApp('log-other');
      for (const a of [app, other]) await store.applications.insert(a);
      const [a, b] = [makeEndpoint(app), makeEndpoint(app)];
      const theirs = makeEndpoint(other);
      for (const e of [a, b, theirs]) await store.endpoints.insert(e);
      const [resent, failing, pending, none] = [makeMessage(app), makeMessage(app), makeMessage(app), makeMessage(app)];
      const [mixed, twice] = [makeMessage(app), makeMessage(app)];
      const foreign = makeMessage(other);
      for (const m of [resent, failing, pending, none, mixed, twice, foreign]) await store.messages.insert(m);
      const now = tick();
      const later = new Date(now.getTime() + 60_000);
      // Each dispatch is claimed alone (one pair at a time), and settled as said.
      const dispatch = async (m: Message, e: Endpoint, settle: (t: DeliveryTask) => Promise<unknown>) => {
        await store.queue.enqueue(
          [{ appId: m.appId, msgId: m.id, endpointId: e.id, triggerType: TriggerType.Scheduled, nextAttemptAt: now }],
          now,
        );
        const [t] = await store.queue.claim({ now, limit: 1, leaseMs: 1000, perEndpoint: 1 });
        assert.ok(t && t.msgId === m.id && t.endpointId === e.id);
        await settle(t);
      };
      const finish = (status: AttemptStatus) => (t: DeliveryTask) => store.queue.finish(t, status, 1, now);
      await dispatch(resent, a, finish(AttemptStatus.Fail));
      await dispatch(resent, a, finish(AttemptStatus.Success));
      await dispatch(resent, b, finish(AttemptStatus.Canceled));
      await dispatch(failing, a, finish(AttemptStatus.Success));
      await dispatch(failing, b, finish(AttemptStatus.Fail));
      await dispatch(pending, a, (t) => store.queue.retryAt(t, 1, later, false, now));
      await dispatch(foreign, theirs, finish(AttemptStatus.Fail));
      // Pending at one endpoint and failed at the other: failed. Failed at both: listed once.
      await dispatch(mixed, a, (t) => store.queue.retryAt(t, 1, later, false, now));
      await dispatch(mixed, b, finish(AttemptStatus.Fail));
      await dispatch(twice, a, finish(AttemptStatus.Fail));
      await dispatch(twice, b, finish(AttemptStatus.Fail));

      const query = { limit: 10, order: 'descending' as const };
      const list = async (filter: object) =>
        (await store.messages.list(app.id, { ...query, ...filter })).data.map((d) => [
          d.message.id,
          d.status,
          d.nextAttempt?.getTime() ?? null,
        ]);
      assert.deepEqual(await list({}), [
        [twice.id, AttemptStatus.Fail, null],
        [mixed.id, AttemptStatus.Fail, null],
        [none.id, null, null],
        [pending.id, AttemptStatus.Pending, null],
        [failing.id, AttemptStatus.Fail, null],
        [resent.id, AttemptStatus.Success, null],
      ]);
      // Failed and pending, few among many, are read from the dispatches in that state.
      const failed = [AttemptStatus.Fail];
      assert.deepEqual(await list({ status: failed }), [
        [twice.id, AttemptStatus.Fail, null],
        [mixed.id, AttemptStatus.Fail, null],
        [failing.id, AttemptStatus.Fail, null],
      ]);
      assert.deepEqual(await list({ status: failed, before: twice.timestamp, eventTypes: ['invoice.created'] }), [
        [mixed.id, AttemptStatus.Fail, null],
        [failing.id, AttemptStatus.Fail, null],
      ]);
      assert.deepEqual(await list({ status: [AttemptStatus.Pending] }), [[pending.id, AttemptStatus.Pending, null]]);
      assert.deepEqual(await list({ status: [AttemptStatus.Success, AttemptStatus.Canceled] }), [
        [resent.id, AttemptStatus.Success, null],
      ]);
      const between = { after: resent.timestamp, before: mixed.timestamp };
      assert.deepEqual(await list({ status: [AttemptStatus.Success, AttemptStatus.Pending], ...between }), [
        [pending.id, AttemptStatus.Pending, null],
      ]);
      const failedPage = await store.messages.list(app.id, { ...query, limit: 2, status: failed });
      assert.equal(failedPage.done, false);
      const failedRest = await store.messages.list(app.id, {
        ...query,
        limit: 2,
        status: failed,
        iterator: failedPage.iterator,
      });
      assert.deepEqual(
        [...failedPage.data, ...failedRest.data].map((d) => d.message.id),
        [twice.id, mixed.id, failing.id],
      );
      assert.equal(failedRest.done, true);
      assert.deepEqual(await list({ endpointId: a.id }), [
        [twice.id, AttemptStatus.Fail, null],
        [mixed.id, AttemptStatus.Pending, later.getTime()],
        [pending.id, AttemptStatus.Pending, later.getTime()],
        [failing.id, AttemptStatus.Success, null],
        [resent.id, AttemptStatus.Success, null],
      ]);
      assert.deepEqual(await list({ endpointId: b.id }), [
        [twice.id, AttemptStatus.Fail, null],
        [mixed.id, AttemptStatus.Fail, null],
        [failing.id, AttemptStatus.Fail, null],
        [resent.id, AttemptStatus.Canceled, null],
      ]);
      assert.deepEqual(await list({ endpointId: b.id, status: [AttemptStatus.Canceled] }), [
        [resent.id, AttemptStatus.Canceled, null],
      ]);
      assert.deepEqual(await list({ endpointId: theirs.id }), [], "another application's endpoint lists nothing");
      const firstPage = await store.messages.list(app.id, { ...query, limit: 1, endpointId: a.id });
      const secondPage = await store.messages.list(app.id, {
        ...query,
        limit: 1,
        endpointId: a.id,
        iterator: firstPage.iterator,
      });
      assert.deepEqual(
        [...firstPage.data, ...secondPage.data].map((d) => d.message.id),
        [twice.id, mixed.id],
      );

      const destinations = async (m: Message, q = { limit: 10, order: 'ascending' as const }) =>
        (await store.messages.destinations(app.id, m.id, q)).data.map((d) => [d.endpoint.id, d.status]);
      const [first, second] = [a, b].sort((x, y) => byteOrder(x.id, y.id)) as [Endpoint, Endpoint];
      const statusAt = (e: Endpoint) => (e === a ? AttemptStatus.Success : AttemptStatus.Fail);
      assert.deepEqual(await destinations(failing), [
        [first.id, statusAt(first)],
        [second.id, statusAt(second)],
      ]);
      const [dest] = (await store.messages.destinations(app.id, pending.id, { limit: 10, order: 'ascending' })).data;
      assert.deepEqual(dest?.endpoint, a);
      assert.equal(dest?.nextAttempt?.getTime(), later.getTime());
      assert.deepEqual(await destinations(none), []);
      assert.deepEqual(await destinations(foreign), [], "another application's message has none here");
    });

    it('leases one dispatch of a message to an endpoint at a time, so a retry and a resend never both go out', async () => {
      const app = makeApp('one-at-a-time');
      await store.applications.insert(app);
      const endpoint = makeEndpoint(app);
      await store.endpoints.insert(endpoint);
      const [message, next] = [makeMessage(app), makeMessage(app)];
      for (const m of [message, next]) await store.messages.insert(m);
      const now = tick();
      const dispatch = (msgId: string, triggerType: TriggerType, at = now) =>
        store.queue.enqueue([{ appId: app.id, msgId, endpointId: endpoint.id, triggerType, nextAttemptAt: at }], now);
      const claim = async (at = now) =>
        (await store.queue.claim({ now: at, limit: 10, leaseMs: 1000, perEndpoint: 10 })).filter(
          (t) => t.appId === app.id,
        );
      // A retry falls due while a resend of the same message waits, and another message is due too.
      await dispatch(message.id, TriggerType.Scheduled);
      await dispatch(message.id, TriggerType.Manual);
      await dispatch(next.id, TriggerType.Scheduled);
      const batch = await claim();
      assert.deepEqual(
        batch.map((t) => t.msgId).sort(),
        [message.id, next.id].sort(),
        'one dispatch of each message in a batch, the oldest; the other message is not held back',
      );
      const [first, other] = [message.id, next.id].map((id) => batch.find((t) => t.msgId === id)) as DeliveryTask[];
      assert.equal(first?.triggerType, TriggerType.Scheduled);
      await store.queue.finish(other as DeliveryTask, AttemptStatus.Success, 1, now);
      assert.deepEqual(await claim(), [], 'nor in a later batch while the first one is out');

      // The first one fails: the resend goes next, once the first is no longer out.
      const soon = new Date(now.getTime() + 5000);
      await store.queue.retryAt(first as DeliveryTask, 1, soon, false, now);
      const [resend, ...more] = await claim(soon);
      assert.deepEqual([resend?.triggerType, more], [TriggerType.Manual, []]);
      // The resend delivers: the retry is settled, not sent.
      await store.queue.finish(resend as DeliveryTask, AttemptStatus.Success, 1, soon);
      assert.equal(await store.queue.settleOthers(resend as DeliveryTask, soon), 1);
      assert.deepEqual(await claim(new Date(now.getTime() + 3_600_000)), []);
      assert.equal((await store.queue.getMany([(first as DeliveryTask).id]))[0]?.status, AttemptStatus.Success);

      // A lease that ran out (its worker died) no longer holds the others back.
      await dispatch(message.id, TriggerType.Manual);
      await dispatch(message.id, TriggerType.Manual);
      const [lost] = await claim();
      assert.ok(lost);
      const expired = new Date(now.getTime() + 1001);
      const [taken, ...rest] = await claim(expired);
      assert.deepEqual([taken?.id, rest], [lost.id, []], 'the oldest again, once');
    });

    for (const held of ['a dispatch of the same message out', 'their cap of live leases'] as const) {
      it(`passes over endpoints whose due tasks wait for ${held}: the endpoints after them are served`, async () => {
        const app = makeApp(`pass-over-${held.length}`);
        await store.applications.insert(app);
        // In the order of their ids, as the claim walks them: two that will wait, one with work
        // to do, and one whose claim leaves the walk's cursor just before the two that wait.
        const made = [makeEndpoint(app), makeEndpoint(app), makeEndpoint(app), makeEndpoint(app)];
        for (const e of made) await store.endpoints.insert(e);
        const [a, b, free, last] = made.map((e) => e.id).sort() as [string, string, string, string];
        const messages = Array.from({ length: 6 }, () => makeMessage(app));
        for (const m of messages) await store.messages.insert(m);
        const [m1, m2, m3, m4, m5, m6] = messages.map((m) => m.id) as [string, string, string, string, string, string];
        const now = tick();
        const dispatch = (msgId: string, endpointId: string, triggerType: TriggerType = TriggerType.Scheduled) =>
          store.queue.enqueue([{ appId: app.id, msgId, endpointId, triggerType, nextAttemptAt: now }], now);
        // Out: a dispatch to each of the two, and one to the last endpoint (every due task is
        // leased by this claim, other tests' too).
        for (const [msg, endpoint] of [
          [m1, a],
          [m2, b],
          [m3, last],
        ] as const)
          await dispatch(msg, endpoint);
        const out = await store.queue.claim({ now, limit: 10_000, leaseMs: 60_000, perEndpoint: 10 });
        assert.equal(out.filter((t) => t.appId === app.id).length, 3);
        // Due now: for the two, a resend of what is out (or, at a cap of one, another message);
        // for the free endpoint, a message of its own.
        const sameMessage = held === 'a dispatch of the same message out';
        await dispatch(sameMessage ? m1 : m4, a, TriggerType.Manual);
        await dispatch(sameMessage ? m2 : m5, b, TriggerType.Manual);
        await dispatch(m6, free);
        const perEndpoint = sameMessage ? 2 : 1;
        const taken: DeliveryTask[] = [];
        for (let i = 0; i < 5 && !taken.some((t) => t.endpointId === free); i++)
          taken.push(...(await store.queue.claim({ now, limit: 2, leaseMs: 60_000, perEndpoint })));
        assert.deepEqual(
          taken.filter((t) => t.appId === app.id).map((t) => [t.endpointId, t.msgId]),
          [[free, m6]],
          'the free endpoint is served, the two that wait are not',
        );
      });
    }

    it('counts a failure still waiting for its retry as failed, and settles other dispatches only where no claim holds them', async () => {
      const app = makeApp('settle');
      await store.applications.insert(app);
      const [endpoint, other] = [makeEndpoint(app), makeEndpoint(app)];
      for (const e of [endpoint, other]) await store.endpoints.insert(e);
      const message = makeMessage(app);
      await store.messages.insert(message);
      const now = tick();
      const dispatch = (endpointId: string, triggerType: TriggerType) =>
        store.queue.enqueue([{ appId: app.id, msgId: message.id, endpointId, triggerType, nextAttemptAt: now }], now);
      const claim = async (endpointId: string, at = now) =>
        (await store.queue.claim({ now: at, limit: 10, leaseMs: 1000, perEndpoint: 10 })).filter(
          (t) => t.endpointId === endpointId,
        );
      await dispatch(endpoint.id, TriggerType.Scheduled);
      await dispatch(other.id, TriggerType.Scheduled);
      const [retrying] = await claim(endpoint.id);
      assert.ok(retrying);
      const inAnHour = new Date(now.getTime() + 3_600_000);
      await store.queue.retryAt(retrying, 1, inAnHour, false, now);
      assert.equal(await store.queue.countFailed(endpoint.id, new Date(0), now), 1);

      // A resend, and a second one made while the first is out: it waits, and the delivery settles it.
      await dispatch(endpoint.id, TriggerType.Manual);
      const [resend] = await claim(endpoint.id);
      assert.ok(resend);
      await dispatch(endpoint.id, TriggerType.Manual);
      assert.deepEqual(await claim(endpoint.id), [], 'not while the first one is out');
      await store.queue.finish(resend, AttemptStatus.Success, 1, now);
      assert.equal(await store.queue.settleOthers(resend, now), 2, 'the waiting retry and the second resend');
      assert.equal((await store.queue.getMany([retrying.id]))[0]?.status, AttemptStatus.Success);

      // Another dispatch is out while one delivers only after a lease ran out mid-delivery (here a
      // resend queued by a process whose clock is behind is the older one): it is left to finish.
      await dispatch(endpoint.id, TriggerType.Manual);
      const [slow] = await claim(endpoint.id);
      assert.ok(slow);
      const behind = new Date(now.getTime() - 1);
      await store.queue.enqueue(
        [
          {
            appId: app.id,
            msgId: message.id,
            endpointId: endpoint.id,
            triggerType: TriggerType.Manual,
            nextAttemptAt: behind,
          },
        ],
        now,
      );
      const expired = new Date(now.getTime() + 1001);
      const [held, ...more] = await claim(endpoint.id, expired);
      assert.ok(held && held.id !== slow.id && more.length === 0);
      assert.equal(await store.queue.finish(slow, AttemptStatus.Success, 1, expired), true);
      assert.equal(await store.queue.settleOthers(slow, expired), 0, 'not the one being sent');
      assert.equal((await store.queue.getMany([held.id]))[0]?.status, AttemptStatus.Pending);
      assert.equal(
        await store.queue.finish(held, AttemptStatus.Success, 1, expired),
        true,
        'its claim still finishes it',
      );
      const elsewhere = await store.queue.endpointStats(other.id, now);
      assert.equal(elsewhere.pending + elsewhere.sending, 1, 'another endpoint keeps its dispatch');
      assert.equal(await store.queue.countFailed(endpoint.id, new Date(0), null), 0);
    });

    it("counts an endpoint's dispatches in a window, and hour by hour in bounded buckets", async () => {
      const app = makeApp('stats-window');
      await store.applications.insert(app);
      const endpoint = makeEndpoint(app);
      const other = makeEndpoint(app);
      await store.endpoints.insert(endpoint);
      await store.endpoints.insert(other);
      const hour = 3600_000;
      const start = new Date(Date.parse('2026-03-01T00:00:00Z'));
      const at = (hours: number, minutes = 0) => new Date(start.getTime() + hours * hour + minutes * 60_000);
      const send = async (endpointId: string, when: Date, status: AttemptStatus | null) => {
        const message = makeMessage(app);
        await store.messages.insert(message);
        const task = { appId: app.id, msgId: message.id, endpointId, triggerType: TriggerType.Scheduled };
        // Made at `when`, due long before any other test's task, so the claim takes this one only;
        // one left pending is due long after them, so that no later claim takes it.
        const early = new Date(1000);
        const due = status === null ? new Date('2100-01-01T00:00:00Z') : early;
        await store.queue.enqueue([{ ...task, nextAttemptAt: due }], when);
        if (status === null) return;
        const [claimed] = await store.queue.claim({ now: early, limit: 1, leaseMs: 1000, perEndpoint: 1 });
        assert.ok(claimed, 'the task just queued is claimed');
        await store.queue.finish(claimed, status, 1, when);
      };
      await send(endpoint.id, at(0, 5), AttemptStatus.Success);
      await send(endpoint.id, at(0, 59), AttemptStatus.Fail);
      await send(endpoint.id, at(2, 30), AttemptStatus.Success);
      await send(endpoint.id, at(3), AttemptStatus.Success);
      // Last, so that no claim above takes it.
      await send(endpoint.id, at(2, 31), null);
      await send(other.id, at(2, 10), AttemptStatus.Fail);
      const now = at(4);

      const window = { since: at(0, 30), until: at(3) };
      assert.deepEqual(
        await store.queue.endpointStats(endpoint.id, now, window),
        { success: 2, pending: 1, sending: 0, fail: 1, canceled: 0 },
        'from since to until, both included; not before, nor another endpoint',
      );
      assert.deepEqual(await store.queue.endpointStats(endpoint.id, now), {
        success: 3,
        pending: 1,
        sending: 0,
        fail: 1,
        canceled: 0,
      });
      assert.deepEqual(await store.queue.endpointSeries(endpoint.id, start, hour, 3), [
        { success: 1, fail: 1, pending: 0 },
        { success: 0, fail: 0, pending: 0 },
        { success: 1, fail: 0, pending: 1 },
      ]);
      assert.deepEqual(
        await store.queue.endpointSeries(endpoint.id, at(-2), hour, 2),
        [
          { success: 0, fail: 0, pending: 0 },
          { success: 0, fail: 0, pending: 0 },
        ],
        'as many buckets as asked, empty ones too',
      );
    });

    it("holds each endpoint to its rate, with a burst of one second's worth", async () => {
      const app = makeApp('throttle');
      await store.applications.insert(app);
      const endpoint = makeEndpoint(app);
      await store.endpoints.insert(endpoint);
      const now = tick();
      const waits = [];
      for (let i = 0; i < 5; i++) waits.push(await store.throttle.take(endpoint.id, 4, now));
      assert.deepEqual(waits.slice(0, 4), [0, 0, 0, 0], 'a burst of four at four per second');
      assert.equal(waits[4], 250, 'the fifth waits for the next slot');
      assert.equal(await store.throttle.take(endpoint.id, 4, new Date(now.getTime() + 250)), 0);
      assert.equal(await store.throttle.take(endpoint.id, 4, new Date(now.getTime() + 250)), 250);
      const other = makeEndpoint(app);
      await store.endpoints.insert(other);
      assert.equal(await store.throttle.take(other.id, 1, now), 0, 'each endpoint has its own rate');
    });

    it('commits a transaction whole or not at all', async () => {
      const kept = makeApp('tx-kept');
      const lost = makeApp('tx-lost');
      await store.transaction(async () => {
        await store.applications.insert(kept);
      });
      await assert.rejects(
        store.transaction(async () => {
          await store.applications.insert(lost);
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.ok(await store.applications.get('tx-kept'));
      assert.equal(await store.applications.get('tx-lost'), undefined);
    });

    it('keeps a connect session, finds it by ticket and state, and lets one caller use each of them once', async () => {
      const app = makeApp('connecting');
      await store.applications.insert(app);
      const session = makeConnectSession(app);
      await store.connectSessions.insert(session);
      assert.deepEqual(await store.connectSessions.byTicketHash('ticket-hash'), session);
      const authorized = {
        ...session,
        status: 'authorized' as const,
        stateHash: 'state-hash',
        result: 'v1.sealed',
        claimHash: 'claim-hash',
      };
      await store.connectSessions.update(authorized);
      assert.deepEqual(await store.connectSessions.byStateHash('state-hash'), authorized);
      for (const what of ['ticket', 'state', 'claim'] as const) {
        const wins = await Promise.all([1, 2, 3].map(() => store.connectSessions.use(session.id, what)));
        assert.deepEqual(wins.filter(Boolean).length, 1, what);
      }
      const used = await store.connectSessions.get(session.id);
      assert.deepEqual([used?.ticketUsed, used?.stateUsed, used?.claimUsed], [true, true, true]);
      assert.equal(await store.connectSessions.get('cs_none'), undefined);
    });

    describe('background tasks and replays', () => {
      const makeTask = (app: Application, fields: Partial<BackgroundTask> = {}): BackgroundTask => {
        const now = tick();
        return {
          id: newId('qtask', now.getTime()),
          appId: app.id,
          task: 'endpoint.replay',
          status: 'running',
          data: { messagesSent: 0, cursor: null },
          leaseUntil: null,
          createdAt: now,
          updatedAt: now,
          ...fields,
        };
      };

      it('adds a running task only while its application has fewer than the most running, and lists them by status and kind', async () => {
        const app = makeApp('tasks-capped');
        const other = makeApp('tasks-other');
        for (const a of [app, other]) await store.applications.insert(a);
        const done = makeTask(app, { status: 'finished', task: 'endpoint.recover' });
        assert.equal(await store.backgroundTasks.insert(done, 2), true);
        const running = [makeTask(app), makeTask(app)];
        const inserted = await Promise.all(running.map((t) => store.backgroundTasks.insert(t, 2)));
        assert.deepEqual(inserted, [true, true], 'a finished one does not count');
        assert.equal(await store.backgroundTasks.insert(makeTask(app), 2), false, 'two running already');
        assert.equal(await store.backgroundTasks.insert(makeTask(other), 2), true, 'per application');
        assert.deepEqual(await store.backgroundTasks.get(done.id), done);
        assert.equal(await store.backgroundTasks.get('qtask_none'), undefined);

        const ids = async (query: Parameters<Store['backgroundTasks']['list']>[0]) =>
          (await store.backgroundTasks.list(query)).data.map((t) => t.id);
        const mine = [done, ...running].map((t) => t.id);
        assert.deepEqual(
          (await ids({ limit: 50, order: 'ascending' })).filter((id) => mine.includes(id)),
          mine,
        );
        assert.deepEqual(await ids({ limit: 50, order: 'ascending', status: 'finished' }), [done.id]);
        assert.deepEqual(await ids({ limit: 50, order: 'ascending', task: 'endpoint.recover' }), [done.id]);
        const page = await store.backgroundTasks.list({ limit: 1, order: 'descending', status: 'running' });
        assert.equal(page.done, false);
        const next = await store.backgroundTasks.list({
          limit: 10,
          order: 'descending',
          status: 'running',
          iterator: page.iterator,
        });
        assert.deepEqual(
          [...page.data, ...next.data].map((t) => t.id),
          await ids({ limit: 10, order: 'descending', status: 'running' }),
        );
        assert.equal(next.done, true);
      });

      it('leases each running task to one claim, the one whose last batch is oldest first, and saves only under the lease', async () => {
        const now = tick();
        const running = (await store.backgroundTasks.list({ limit: 250, order: 'ascending', status: 'running' })).data;
        // What the test before left running is finished first, so only this test's tasks are claimed.
        for (const t of await store.backgroundTasks.claim({ now, limit: 250, leaseMs: 1000 })) {
          assert.equal(await store.backgroundTasks.save(t, { status: 'finished', data: t.data }, now), true);
        }
        assert.ok(running.length > 0);
        const app = makeApp('tasks-leased');
        await store.applications.insert(app);
        const tasks = [makeTask(app), makeTask(app), makeTask(app)];
        for (const t of tasks) await store.backgroundTasks.insert(t, 10);
        const at = tick();
        // Claims at once may come back short (they wanted the same tasks), never with a task twice.
        const claims = await Promise.all(
          [1, 2, 3].map(() => store.backgroundTasks.claim({ now: at, limit: 2, leaseMs: 1000 })),
        );
        claims.push(await store.backgroundTasks.claim({ now: at, limit: 2, leaseMs: 1000 }));
        const claimed = claims.flat().map((t) => t.id);
        assert.deepEqual([...claimed].sort(), tasks.map((t) => t.id).sort(), 'each one once');
        const [first] = claims.flat().filter((t) => t.id === tasks[0]?.id);
        assert.ok(first?.leaseUntil);
        assert.deepEqual(await store.backgroundTasks.claim({ now: at, limit: 10, leaseMs: 1000 }), [], 'all held');

        const progress = { status: 'running' as const, data: { messagesSent: 5, cursor: 'msg_5' } };
        assert.equal(await store.backgroundTasks.save(first, progress, at), true);
        assert.equal(await store.backgroundTasks.save(first, progress, at), false, 'its lease is gone');
        const saved = await store.backgroundTasks.get(first.id);
        assert.deepEqual([saved?.data, saved?.leaseUntil, saved?.updatedAt], [progress.data, null, at]);

        // The others' leases run out (their runner died): taken again, the task that waited longest first.
        const expired = new Date(at.getTime() + 1001);
        const again = await store.backgroundTasks.claim({ now: expired, limit: 10, leaseMs: 1000 });
        assert.deepEqual(
          again.map((t) => t.id),
          [tasks[1]?.id, tasks[2]?.id, first.id],
        );
        const stale = claims.flat().find((t) => t.id === tasks[1]?.id);
        assert.ok(stale);
        assert.equal(
          await store.backgroundTasks.save(stale, progress, expired),
          false,
          'the old claim changes nothing',
        );
        for (const t of again) {
          assert.equal(await store.backgroundTasks.save(t, { status: 'failed', data: { error: 'x' } }, expired), true);
        }
        assert.deepEqual(await store.backgroundTasks.claim({ now: expired, limit: 10, leaseMs: 1000 }), [], 'ended');
      });

      it("rolls a batch's dispatches back with its task's save when another claim took the task", async () => {
        // The runner's crash safety (delivery/background-tasks.ts): a batch and its task's progress
        // commit together, and a runner whose lease ran out changes neither.
        const app = makeApp('lease-lost');
        await store.applications.insert(app);
        const endpoint = { ...makeEndpoint(app), eventTypes: null };
        await store.endpoints.insert(endpoint);
        const since = tick();
        const message = makeMessage(app);
        await store.messages.insert(message);
        const now = tick();
        await store.queue.enqueue(
          [
            {
              appId: app.id,
              msgId: message.id,
              endpointId: endpoint.id,
              triggerType: TriggerType.Scheduled,
              nextAttemptAt: now,
            },
          ],
          now,
        );
        await drain(store, now);
        const task = makeTask(app, { task: 'endpoint.bulk-replay' });
        await store.backgroundTasks.insert(task, 10);
        const mine = (await store.backgroundTasks.claim({ now, limit: 250, leaseMs: 1000 })).find(
          (t) => t.id === task.id,
        );
        assert.ok(mine);
        const later = new Date(now.getTime() + 1001);
        const theirs = (await store.backgroundTasks.claim({ now: later, limit: 250, leaseMs: 1000 })).find(
          (t) => t.id === task.id,
        );
        assert.ok(theirs, 'taken again once the lease ran out');
        const scope = {
          appId: app.id,
          endpointId: endpoint.id,
          window: { since, until: now },
          cursor: null,
          limit: 10,
          now: later,
        };
        await assert.rejects(
          store.transaction(async () => {
            assert.deepEqual((await store.queue.enqueueDispatched(scope, {})).enqueued, [message.id]);
            const outcome = { status: 'running' as const, data: { messagesSent: 1, cursor: message.id } };
            if (!(await store.backgroundTasks.save(mine, outcome, later))) throw new Error('lease lost');
          }),
          /lease lost/,
        );
        assert.equal(await store.queue.countDue(endpoint.id, END_OF_TIME, 10), 0, 'no dispatch of the batch stayed');
        assert.deepEqual((await store.backgroundTasks.get(task.id))?.data, task.data, 'nor its progress');
        assert.equal(await store.backgroundTasks.save(theirs, { status: 'finished', data: {} }, later), true);
      });

      it('replays, batch by batch, the messages an endpoint subscribes to and never had, and counts them', async () => {
        const app = makeApp('replay-missing');
        const other = makeApp('replay-missing-other');
        for (const a of [app, other]) await store.applications.insert(a);
        const endpoint = { ...makeEndpoint(app), channels: ['eu'] };
        const bystander = makeEndpoint(app);
        for (const e of [endpoint, bystander]) await store.endpoints.insert(e);
        const before = makeMessage(app, { channels: ['eu'] });
        const since = tick();
        const missed = [makeMessage(app, { channels: ['eu'] }), makeMessage(app, { channels: ['eu', 'us'] })];
        const delivered = makeMessage(app, { channels: ['eu'] });
        const otherType = makeMessage(app, { channels: ['eu'], eventType: 'invoice.paid' });
        const otherChannel = makeMessage(app, { channels: ['us'] });
        const noChannel = makeMessage(app);
        const otherApp = makeMessage(other, { channels: ['eu'] });
        const lastMissed = makeMessage(app, { channels: ['eu'] });
        const until = tick();
        const after = makeMessage(app, { channels: ['eu'] });
        const all = [before, ...missed, delivered, otherType, otherChannel, noChannel, otherApp, lastMissed, after];
        for (const m of all) await store.messages.insert(m);
        const now = tick();
        await store.queue.enqueue(
          [delivered, missed[0]].map((m) => ({
            appId: app.id,
            msgId: (m as Message).id,
            endpointId: (m === delivered ? endpoint : bystander).id,
            triggerType: TriggerType.Scheduled,
            nextAttemptAt: now,
          })),
          now,
        );
        const window = { since, until };
        assert.equal(await store.queue.countMissing(app.id, endpoint.id, window), 3);
        const batch = (cursor: string | null) =>
          store.queue.enqueueMissing({ appId: app.id, endpointId: endpoint.id, window, cursor, limit: 4, now });
        const first = await batch(null);
        assert.deepEqual(first.enqueued, missed.map((m) => m.id).sort(), 'four messages looked at, two missed');
        const rest: string[] = [];
        for (let cursor = first.cursor; cursor; ) {
          const next = await batch(cursor);
          assert.ok(!next.cursor || next.cursor > cursor, 'each batch goes on from the last');
          rest.push(...next.enqueued);
          cursor = next.cursor;
        }
        assert.deepEqual(rest, [lastMissed.id]);
        assert.equal(await store.queue.countMissing(app.id, endpoint.id, window), 0, 'none missing any more');
        assert.deepEqual((await batch(null)).enqueued, [], 'a batch done again sends nothing twice');
        assert.equal(
          await store.queue.countDue(endpoint.id, END_OF_TIME, 10),
          4,
          'the delivered one and three replayed',
        );
        assert.equal(await store.queue.countDue(endpoint.id, END_OF_TIME, 2), 2, 'counted up to the bound');
        await drain(store, now);
      });

      it("counts an endpoint's dispatches due or being sent, not the retries and scheduled ones waiting", async () => {
        const app = makeApp('due-count');
        await store.applications.insert(app);
        const endpoint = makeEndpoint(app);
        await store.endpoints.insert(endpoint);
        const now = tick();
        const hour = new Date(now.getTime() + 3600_000);
        const [due, sending, waiting] = [makeMessage(app), makeMessage(app), makeMessage(app)];
        for (const m of [due, sending, waiting]) await store.messages.insert(m);
        const task = (m: Message, at: Date) => ({
          appId: app.id,
          msgId: m.id,
          endpointId: endpoint.id,
          triggerType: TriggerType.Manual,
          nextAttemptAt: at,
        });
        await store.queue.enqueue([task(sending, now)], now);
        const claimed = await store.queue.claim({ now, limit: 100, leaseMs: 60_000, perEndpoint: 10 });
        await store.queue.enqueue([task(due, now), task(waiting, hour)], now);
        assert.equal(await store.queue.countDue(endpoint.id, now, 10), 2, 'the due one and the one being sent');
        assert.equal(await store.queue.countDue(endpoint.id, hour, 10), 3);
        for (const t of claimed) await store.queue.finish(t, AttemptStatus.Success, 1, now);
        await drain(store, hour);
      });

      it('counts as missed a message whose dispatch was dropped untried (its endpoint off when due), not one tried and failed', async () => {
        const app = makeApp('replay-dropped');
        await store.applications.insert(app);
        const endpoint = { ...makeEndpoint(app), eventTypes: null };
        await store.endpoints.insert(endpoint);
        const since = tick();
        const [dropped, tried] = [makeMessage(app), makeMessage(app)];
        for (const m of [dropped, tried]) await store.messages.insert(m);
        const now = tick();
        await store.queue.enqueue(
          [dropped, tried].map((m) => ({
            appId: app.id,
            msgId: m.id,
            endpointId: endpoint.id,
            triggerType: TriggerType.Scheduled,
            nextAttemptAt: now,
          })),
          now,
        );
        const claimed = await store.queue.claim({ now, limit: 100, leaseMs: 1000, perEndpoint: 10 });
        for (const t of claimed) {
          // As the worker ends them: the one due while its endpoint was off with no attempt made.
          await store.queue.finish(t, AttemptStatus.Fail, t.msgId === dropped.id ? 0 : 1, now);
        }
        const window = { since, until: now };
        assert.equal(await store.queue.countMissing(app.id, endpoint.id, window), 1);
        const scope = { appId: app.id, endpointId: endpoint.id, window, cursor: null, limit: 10, now };
        assert.deepEqual((await store.queue.enqueueMissing(scope)).enqueued, [dropped.id]);
        await drain(store, now);
      });

      it('replays no message whose payload is gone, and a scheduled one no earlier than its deliverAt', async () => {
        const app = makeApp('replay-content');
        await store.applications.insert(app);
        const endpoint = { ...makeEndpoint(app), eventTypes: null };
        await store.endpoints.insert(endpoint);
        const since = tick();
        const expunged = makeMessage(app);
        const scheduledAt = new Date(since.getTime() + 3600_000);
        const scheduled = makeMessage(app, { deliverAt: scheduledAt });
        const plain = makeMessage(app);
        for (const m of [expunged, scheduled, plain]) await store.messages.insert(m);
        const now = tick();
        await store.messages.expungeContent(app.id, [expunged.id], now);
        const scope = {
          appId: app.id,
          endpointId: endpoint.id,
          window: { since, until: now },
          cursor: null,
          limit: 10,
          now,
        };
        assert.equal(await store.queue.countMissing(app.id, endpoint.id, scope.window), 2);
        assert.deepEqual((await store.queue.enqueueMissing(scope)).enqueued, [scheduled.id, plain.id].sort());
        const due = await store.queue.claim({ now, limit: 10, leaseMs: 1000, perEndpoint: 10 });
        assert.deepEqual(
          due.filter((t) => t.endpointId === endpoint.id).map((t) => t.msgId),
          [plain.id],
          'the scheduled one waits for its time',
        );
        for (const t of due) await store.queue.finish(t, AttemptStatus.Fail, 1, now);
        const then = await store.queue.claim({ now: scheduledAt, limit: 100, leaseMs: 1000, perEndpoint: 10 });
        assert.deepEqual(
          then.filter((t) => t.endpointId === endpoint.id).map((t) => t.msgId),
          [scheduled.id],
        );
        for (const t of then) await store.queue.finish(t, AttemptStatus.Fail, 1, scheduledAt);
        await store.messages.expungeContent(app.id, [plain.id], scheduledAt);
        const later = { ...scope, window: { since, until: scheduledAt }, now: scheduledAt };
        assert.equal(
          await store.queue.countFailed(endpoint.id, since, scheduledAt),
          1,
          'the expunged failure is not counted',
        );
        assert.deepEqual((await store.queue.enqueueFailed(later)).enqueued, [scheduled.id]);
        assert.deepEqual((await store.queue.enqueueDispatched(later, {})).enqueued, [scheduled.id]);
        await drain(store, scheduledAt);
      });

      it('replays in bulk the messages dispatched to an endpoint that the filters keep', async () => {
        const app = makeApp('bulk-replay');
        await store.applications.insert(app);
        const [endpoint, bystander] = [{ ...makeEndpoint(app), eventTypes: null }, makeEndpoint(app)];
        for (const e of [endpoint, bystander]) await store.endpoints.insert(e);
        const since = tick();
        const ok = makeMessage(app, { tags: ['vip'] });
        const failed = makeMessage(app, { tags: ['vip'], eventType: 'invoice.paid' });
        const untagged = makeMessage(app);
        const elsewhere = makeMessage(app, { tags: ['vip'] });
        const never = makeMessage(app, { tags: ['vip'] });
        for (const m of [ok, failed, untagged, elsewhere, never]) await store.messages.insert(m);
        const now = tick();
        for (const [m, e] of [
          [ok, endpoint],
          [failed, endpoint],
          [untagged, endpoint],
          [elsewhere, bystander],
        ] as const) {
          await store.queue.enqueue(
            [{ appId: app.id, msgId: m.id, endpointId: e.id, triggerType: TriggerType.Scheduled, nextAttemptAt: now }],
            now,
          );
        }
        await drain(store, now, (t) => (t.msgId === failed.id ? AttemptStatus.Fail : AttemptStatus.Success));
        const replay = (filter: ReplayFilter) =>
          store.queue.enqueueDispatched(
            { appId: app.id, endpointId: endpoint.id, window: { since, until: now }, cursor: null, limit: 10, now },
            filter,
          );
        assert.deepEqual((await replay({ tag: 'vip', status: AttemptStatus.Fail })).enqueued, [failed.id]);
        assert.deepEqual(
          (await replay({ eventTypes: ['invoice.created'], status: AttemptStatus.Success })).enqueued,
          [ok.id, untagged.id].sort(),
        );
        assert.deepEqual(
          (await replay({ status: AttemptStatus.Pending })).enqueued,
          [failed.id, ok.id, untagged.id].sort(),
          'each latest dispatch is now the pending replay',
        );
        assert.equal(await store.queue.countDue(bystander.id, END_OF_TIME, 10), 0, 'not another endpoint');
        await drain(store, now);
      });
    });

    describe('scheduled messages', () => {
      it("keeps a message's deliverAt and makes its dispatches due then, not before", async () => {
        const app = makeApp('scheduling');
        await store.applications.insert(app);
        const endpoint = makeEndpoint(app);
        await store.endpoints.insert(endpoint);
        const now = tick();
        const deliverAt = new Date(now.getTime() + 3600_000);
        const message = makeMessage(app, { deliverAt });
        await store.messages.insert(message);
        assert.equal(await store.queue.fanOut(message, now), 1);
        assert.deepEqual((await store.messages.get(app.id, message.id))?.deliverAt, deliverAt);
        const claimAt = async (at: Date) =>
          (await store.queue.claim({ now: at, limit: 100, leaseMs: 1000, perEndpoint: 100 })).filter(
            (t) => t.msgId === message.id,
          );
        assert.deepEqual(await claimAt(new Date(deliverAt.getTime() - 1)), []);
        const [task] = await claimAt(deliverAt);
        assert.equal(task?.endpointId, endpoint.id);
        assert.deepEqual(task?.nextAttemptAt, deliverAt);
        assert.deepEqual(task?.createdAt, now, 'made when the message was, so the stats count it then');
      });

      it('reaches a due endpoint past a crowd of endpoints waiting for a scheduled message, as soon as it is due', async () => {
        // One message scheduled to an application with more endpoints than a claim's walk takes
        // at once (256) must not hold up the next endpoint's delivery for as long as it waits.
        const app = makeApp('crowd');
        await store.applications.insert(app);
        for (let i = 0; i < 300; i++) await store.endpoints.insert({ ...makeEndpoint(app), eventTypes: null });
        const now = tick();
        const scheduled = makeMessage(app, { deliverAt: new Date(now.getTime() + 3600_000) });
        await store.messages.insert(scheduled);
        assert.equal(await store.queue.fanOut(scheduled, now), 300);
        const rival = makeApp('behind-the-crowd');
        await store.applications.insert(rival);
        const late = makeEndpoint(rival);
        await store.endpoints.insert(late);
        const message = makeMessage(rival);
        await store.messages.insert(message);
        await store.queue.enqueue(
          [
            {
              appId: rival.id,
              msgId: message.id,
              endpointId: late.id,
              triggerType: TriggerType.Scheduled,
              nextAttemptAt: now,
            },
          ],
          now,
        );
        // Claims as the worker makes them, small (a walk of 256 endpoints at most), until nothing is
        // left to take (the store may hold other tests' due tasks too).
        const taken: string[] = [];
        for (let claims = 0; claims < 50; claims++) {
          const batch = await store.queue.claim({ now, limit: 4, leaseMs: 60_000, perEndpoint: 4 });
          if (batch.length === 0) break;
          taken.push(...batch.map((t) => t.msgId));
        }
        assert.ok(taken.includes(message.id), 'the due message behind the crowd is claimed');
        assert.ok(!taken.includes(scheduled.id), 'the scheduled one is not, before its time');
      });
    });
  });

  describe(`store contract, retention: ${name}`, () => {
    let store: Store;
    const { tick, makeApp, makeEndpoint, makeMessage, makeConnectSession } = storeFixtures();
    /** Later than every row any test writes. */
    const FAR = new Date('2100-01-01T00:00:00Z');
    const MARK = 'retention-marker-7f3a';

    before(async () => {
      store = await openStore();
      // The file of the SQLite contract may hold the rows of the suite before: each step starts empty.
      const { retention } = store;
      while ((await retention.expirePayloads(FAR, 1000)) === 1000);
      while ((await retention.deleteMessages(FAR, 1000)) === 1000);
      while ((await retention.deleteExpired(FAR, 1000)) === 1000);
      while ((await retention.deleteRevocations(FAR, 1000)) === 1000);
      while ((await retention.deleteTasks(FAR, 1000)) === 1000);
    });
    after(() => store.close());

    async function appWithEndpoint() {
      const app = makeApp();
      await store.applications.insert(app);
      const endpoint = makeEndpoint(app);
      await store.endpoints.insert(endpoint);
      return { app, endpoint };
    }
    /** An attempt that sent the marker and got it back, in its body and headers. */
    async function attemptOf(m: Message, endpointId: string): Promise<Attempt> {
      const now = tick();
      const attempt: Attempt = {
        id: newId('atmpt', now.getTime()),
        appId: m.appId,
        msgId: m.id,
        endpointId,
        url: 'https://example.com/hook',
        response: `{"echo":"${MARK}"}`,
        responseStatusCode: 200,
        responseDurationMs: 5,
        status: AttemptStatus.Success,
        triggerType: TriggerType.Scheduled,
        timestamp: now,
        taskId: null,
        attemptNumber: 1,
        request: { method: 'POST', headers: { 'x-mark': MARK }, body: m.payload ?? '', bodyTruncated: false },
        responseHeaders: { 'x-echo': MARK },
      };
      await store.attempts.insert(attempt);
      return attempt;
    }
    const expunged = (a: Attempt | undefined) => ({
      response: a?.response,
      request: a?.request,
      responseHeaders: a?.responseHeaders,
    });
    const gone = { response: 'EXPUNGED', request: null, responseHeaders: null };
    const pendingTask = async (m: Message, endpointId: string, at: Date) => {
      await store.queue.enqueue([{ appId: m.appId, msgId: m.id, endpointId, triggerType: 0, nextAttemptAt: at }], at);
    };

    it("removes expired payloads and their attempts' bodies in batches, keeping those a delivery still waits for", async () => {
      const { app, endpoint } = await appWithEndpoint();
      const now = tick();
      const expired = [1, 2, 3].map(() => makeMessage(app, { payload: `{"s":"${MARK}"}`, payloadExpiresAt: now }));
      const waiting = makeMessage(app, { payload: `{"s":"${MARK}"}`, payloadExpiresAt: now });
      const young = makeMessage(app, { payloadExpiresAt: new Date(now.getTime() + 3600_000) });
      for (const m of [...expired, waiting, young]) await store.messages.insert(m);
      const sent = await attemptOf(expired[0] as Message, endpoint.id);
      const youngAttempt = await attemptOf(young, endpoint.id);
      const retryAt = new Date(now.getTime() + 60_000);
      await pendingTask(waiting, endpoint.id, retryAt);

      assert.equal(await store.retention.expirePayloads(new Date(now.getTime() - 1), 10), 0, 'nothing before its time');
      assert.equal(await store.retention.expirePayloads(now, 2), 2, 'a batch is at most the limit');
      assert.equal(await store.retention.expirePayloads(now, 2), 1);
      assert.equal(await store.retention.expirePayloads(now, 2), 0, 'the waiting one keeps its payload');
      for (const m of expired) assert.equal((await store.messages.get(app.id, m.id))?.payload, null);
      assert.deepEqual(expunged(await store.attempts.get(app.id, sent.id)), gone);
      assert.equal((await store.messages.get(app.id, waiting.id))?.payload, waiting.payload);
      assert.equal((await store.messages.get(app.id, young.id))?.payload, young.payload);
      assert.deepEqual(await store.attempts.get(app.id, youngAttempt.id), youngAttempt);

      const [task] = await store.queue.claim({ now: retryAt, limit: 10, leaseMs: 30_000, perEndpoint: 10 });
      assert.ok(task);
      assert.equal(await store.queue.finish(task, AttemptStatus.Fail, 1, retryAt), true);
      assert.equal(await store.retention.expirePayloads(retryAt, 10), 1, 'once its delivery ended');
      assert.equal((await store.messages.get(app.id, waiting.id))?.payload, null);
    });

    it('deletes messages past the retention whose payload is gone, with their attempts and dispatches, never one still pending', async () => {
      const { app, endpoint } = await appWithEndpoint();
      const now = tick();
      const old = makeMessage(app, { payloadExpiresAt: now });
      const oldPending = makeMessage(app, { payloadExpiresAt: now });
      await store.messages.insert(old);
      await store.messages.insert(oldPending);
      const before = tick();
      const young = makeMessage(app, { payloadExpiresAt: before });
      await store.messages.insert(young);
      const attempt = await attemptOf(old, endpoint.id);
      await pendingTask(old, endpoint.id, now);
      const [task] = await store.queue.claim({ now, limit: 10, leaseMs: 30_000, perEndpoint: 10 });
      assert.ok(task);
      await store.queue.finish(task, AttemptStatus.Success, 1, now);
      await pendingTask(oldPending, endpoint.id, new Date(FAR.getTime() - 1));
      await store.messages.expungeContent(app.id, [oldPending.id], now);
      while ((await store.retention.expirePayloads(before, 10)) === 10);

      // Earlier tests' messages are past it too: a batch is at most the limit, and the walk ends.
      assert.equal(await store.retention.deleteMessages(before, 1), 1);
      while ((await store.retention.deleteMessages(before, 10)) === 10);
      assert.equal(await store.retention.deleteMessages(before, 10), 0);
      assert.equal(await store.messages.get(app.id, old.id), undefined);
      assert.equal(await store.attempts.get(app.id, attempt.id), undefined);
      assert.deepEqual(await store.queue.getMany([task.id]), []);
      assert.ok(await store.messages.get(app.id, oldPending.id), 'a pending dispatch keeps its message');
      assert.ok(await store.messages.get(app.id, young.id), 'a young message stays');
    });

    it('deletes expired idempotency keys, revoked tokens and connect sessions, and revocations no live token predates', async () => {
      const app = makeApp();
      await store.applications.insert(app);
      const now = tick();
      const soon = new Date(now.getTime() + 1000);
      const later = new Date(now.getTime() + 3600_000);
      for (const [key, expiresAt] of [
        ['k-soon', soon],
        ['k-later', later],
      ] as const) {
        await store.idempotency.begin('vendor', key, 'fp', now, { expiresAt, abandonedBefore: new Date(0) });
      }
      await store.revocations.revokeToken('jti-soon', soon);
      await store.revocations.revokeToken('jti-later', later);
      await store.connectSessions.insert(makeConnectSession(app, { id: 'cs_soon', expiresAt: soon }));
      await store.connectSessions.insert(
        makeConnectSession(app, { id: 'cs_later', ticketHash: 'later-hash', expiresAt: later }),
      );

      assert.equal(await store.retention.deleteExpired(now, 10), 0);
      assert.equal(await store.retention.deleteExpired(soon, 10), 3);
      assert.equal(await store.revocations.isTokenRevoked('jti-soon'), false);
      assert.equal(await store.revocations.isTokenRevoked('jti-later'), true);
      assert.equal(await store.connectSessions.get('cs_soon'), undefined);
      assert.ok(await store.connectSessions.get('cs_later'));
      assert.equal(
        (
          await store.idempotency.begin('vendor', 'k-later', 'other', soon, {
            expiresAt: later,
            abandonedBefore: new Date(0),
          })
        ).state,
        'pending',
        'a live key stays',
      );
      await store.revocations.revokeToken('jti-later-2', later);
      assert.equal(await store.retention.deleteExpired(later, 1), 3, 'a batch of at most the limit in each table');
      assert.equal(await store.retention.deleteExpired(later, 1), 1, 'the rest in the next batch');

      await store.revocations.insert({ appId: app.id, sessionId: null, issuedBefore: now, effectiveAt: now });
      await store.revocations.insert({ appId: app.id, sessionId: 's', issuedBefore: later, effectiveAt: later });
      assert.equal(await store.retention.deleteRevocations(soon, 10), 1);
      assert.equal(await store.revocations.isRevoked(app.id, null, new Date(now.getTime() - 1), later), false);
      assert.equal(await store.revocations.isRevoked(app.id, 's', now, later), true);
    });

    it('deletes background tasks that ended before the retention, never a running one', async () => {
      const app = makeApp();
      await store.applications.insert(app);
      const task = (status: BackgroundTask['status'], at: Date): BackgroundTask => ({
        id: newId('qtask', at.getTime()),
        appId: app.id,
        task: 'endpoint.replay',
        status,
        data: {},
        leaseUntil: null,
        createdAt: at,
        updatedAt: at,
      });
      const old = tick();
      const ended = [task('finished', old), task('failed', old)];
      const running = task('running', old);
      const before = tick();
      const young = task('finished', tick());
      for (const t of [...ended, running, young]) assert.ok(await store.backgroundTasks.insert(t, 10));
      assert.equal(await store.retention.deleteTasks(before, 1), 1, 'a batch is at most the limit');
      assert.equal(await store.retention.deleteTasks(before, 10), 1);
      assert.equal(await store.retention.deleteTasks(before, 10), 0);
      for (const t of ended) assert.equal(await store.backgroundTasks.get(t.id), undefined);
      assert.ok(await store.backgroundTasks.get(running.id), 'a running task stays, however old');
      assert.ok(await store.backgroundTasks.get(young.id));
    });

    it("expunges the application's messages by id or eventId, with their attempts' bodies, and makes their deliveries due", async () => {
      const { app, endpoint } = await appWithEndpoint();
      const other = await appWithEndpoint();
      const byEventId = makeMessage(app, { eventId: 'evt-expunge', payload: `{"s":"${MARK}"}` });
      const waiting = makeMessage(app, { payload: `{"s":"${MARK}"}` });
      const foreign = makeMessage(other.app, { payload: `{"s":"${MARK}"}` });
      for (const m of [byEventId, waiting, foreign]) await store.messages.insert(m);
      const sent = await attemptOf(byEventId, endpoint.id);
      const foreignAttempt = await attemptOf(foreign, other.endpoint.id);
      const now = tick();
      await pendingTask(waiting, endpoint.id, new Date(now.getTime() + 3600_000));

      assert.deepEqual(
        await store.messages.expungeContent(app.id, ['evt-expunge', waiting.id, foreign.id, 'msg_none'], now),
        ['evt-expunge', waiting.id],
      );
      assert.equal((await store.messages.get(app.id, byEventId.id))?.payload, null);
      assert.equal((await store.messages.get(app.id, waiting.id))?.payload, null);
      assert.deepEqual(expunged(await store.attempts.get(app.id, sent.id)), gone);
      assert.equal((await store.messages.get(other.app.id, foreign.id))?.payload, foreign.payload);
      assert.deepEqual(await store.attempts.get(other.app.id, foreignAttempt.id), foreignAttempt);
      const due = await store.queue.claim({ now, limit: 10, leaseMs: 30_000, perEndpoint: 10 });
      assert.deepEqual(
        due.filter((t) => t.appId === app.id).map((t) => t.msgId),
        [waiting.id],
        'due at once, not at its retry',
      );
      // A delivery in flight meanwhile records what it sent and got: not kept for an expunged message.
      const late = await attemptOf(waiting, endpoint.id);
      assert.deepEqual(expunged(await store.attempts.get(app.id, late.id)), gone);
    });

    it('expunges all of an application up to a message, in batches that say where to continue', async () => {
      const { app } = await appWithEndpoint();
      const other = await appWithEndpoint();
      const mine = [1, 2, 3, 4, 5].map(() => makeMessage(app));
      const theirs = makeMessage(other.app);
      const later = makeMessage(app);
      for (const m of [...mine, theirs, later]) await store.messages.insert(m);
      const now = tick();
      const throughId = mine[4]?.id as string;
      const batch = (afterId: string | null, limit = 2) =>
        store.messages.expungeAll(app.id, { afterId, throughId }, limit, now);
      const first = await batch(null);
      assert.deepEqual(first, { expunged: 2, next: mine[1]?.id });
      const second = await batch(first.next);
      assert.deepEqual(second, { expunged: 2, next: mine[3]?.id });
      assert.deepEqual(await batch(second.next), { expunged: 1, next: null });
      for (const m of mine) assert.equal((await store.messages.get(app.id, m.id))?.payload, null);
      assert.equal((await store.messages.get(other.app.id, theirs.id))?.payload, theirs.payload);
      assert.equal(
        (await store.messages.get(app.id, later.id))?.payload,
        later.payload,
        'one after the bound keeps it',
      );
      assert.deepEqual(await batch(null, 10), { expunged: 0, next: null });
    });

    it("expunges one attempt's bodies, of its own message and application only", async () => {
      const { app, endpoint } = await appWithEndpoint();
      const m = makeMessage(app);
      const sibling = makeMessage(app);
      await store.messages.insert(m);
      await store.messages.insert(sibling);
      const a = await attemptOf(m, endpoint.id);
      const kept = await attemptOf(m, endpoint.id);
      assert.equal(await store.attempts.expungeContent('app_other', m.id, a.id), false);
      assert.equal(await store.attempts.expungeContent(app.id, sibling.id, a.id), false);
      assert.equal(await store.attempts.expungeContent(app.id, m.id, a.id), true);
      assert.deepEqual(expunged(await store.attempts.get(app.id, a.id)), gone);
      assert.deepEqual(await store.attempts.get(app.id, kept.id), kept);
      assert.equal((await store.messages.get(app.id, m.id))?.payload, m.payload, 'the payload is the message’s own');
    });
  });

  describe(`store contract, integrations and API keys: ${name}`, () => {
    let store: Store;
    const { tick, makeApp } = storeFixtures();
    before(async () => {
      store = await openStore();
    });
    after(() => store.close());

    const makeIntegration = (app: Application, name = 'Zapier'): Integration => {
      const now = tick();
      return {
        id: newId('integ', now.getTime()),
        appId: app.id,
        name,
        featureFlags: ['beta'],
        keyCiphertext: 'v1.sealed',
        createdAt: now,
        updatedAt: now,
      };
    };

    it("keeps an application's integrations apart from another's, pages them, and deletes them with it", async () => {
      const app = makeApp();
      const other = makeApp();
      await store.applications.insert(app);
      await store.applications.insert(other);
      const first = makeIntegration(app, 'one');
      const second = makeIntegration(app, 'two');
      const theirs = makeIntegration(other);
      for (const i of [first, second, theirs]) await store.integrations.insert(i);

      assert.deepEqual(await store.integrations.get(app.id, first.id), first);
      assert.equal(
        await store.integrations.get(other.id, first.id),
        undefined,
        "another application's id names nothing",
      );
      const page = await store.integrations.list(app.id, { limit: 1, order: 'ascending' });
      assert.deepEqual(page.data, [first]);
      assert.equal(page.done, false);
      const next = await store.integrations.list(app.id, { limit: 1, order: 'ascending', iterator: page.iterator });
      assert.deepEqual(next.data, [second]);
      assert.equal(next.done, true);

      const renamed = { ...first, name: 'renamed', featureFlags: [], keyCiphertext: 'v1.other', updatedAt: tick() };
      assert.equal(await store.integrations.update(renamed), true);
      assert.deepEqual(await store.integrations.get(app.id, first.id), renamed);
      assert.equal(await store.integrations.delete(other.id, second.id), false);
      assert.equal(await store.integrations.delete(app.id, second.id), true);
      assert.ok((await store.integrations.all()).some((i) => i.id === theirs.id));

      await store.applications.delete(app.id);
      assert.equal(await store.integrations.get(app.id, first.id), undefined);
      assert.deepEqual((await store.integrations.list(app.id, { limit: 10, order: 'ascending' })).data, []);
      assert.deepEqual(await store.integrations.get(other.id, theirs.id), theirs);
    });

    it('finds an API key by its hash until it is revoked, and lists revoked ones too', async () => {
      const created = tick();
      const key: ApiKey = {
        id: 'key_contract1',
        name: 'ci',
        hash: 'a'.repeat(64),
        createdAt: created,
        revokedAt: null,
      };
      await store.apiKeys.insert(key);
      assert.deepEqual(await store.apiKeys.findActive(key.hash), key);
      assert.equal(await store.apiKeys.findActive('b'.repeat(64)), undefined);
      await assert.rejects(store.apiKeys.insert({ ...key, id: 'key_contract2' }), UniqueViolation);

      const at = tick();
      assert.equal(await store.apiKeys.revoke(key.id, at), true);
      assert.equal(await store.apiKeys.revoke(key.id, tick()), false, 'revoked once');
      assert.equal(await store.apiKeys.revoke('key_nobody', tick()), false);
      assert.equal(await store.apiKeys.findActive(key.hash), undefined);
      assert.deepEqual(
        (await store.apiKeys.list()).find((k) => k.id === key.id),
        { ...key, revokedAt: at },
      );
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiError, startApi } from './helpers.ts';

const invoiceSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, amount: { type: 'number' } },
  examples: [{ name: 'Ada', amount: 42 }],
};

const HANDLER = 'function handler(webhook) { return webhook; }';

describe('event types through the svix SDK', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('creates with schemas, group and flags; lists with and without content; gets, updates, patches', async () => {
    const created = await api.svix.eventType.create({
      name: 'invoice.created',
      description: 'An invoice was created',
      schemas: { '1': invoiceSchema },
      groupName: 'invoice',
      featureFlags: ['beta-invoices'],
    });
    assert.equal(created.name, 'invoice.created');
    assert.deepEqual(created.schemas, { '1': invoiceSchema });
    assert.equal(created.groupName, 'invoice');
    assert.deepEqual(created.featureFlags, ['beta-invoices']);

    const lean = await api.svix.eventType.list();
    assert.equal(lean.data[0]?.schemas, null, 'the SDK lists without content by default');
    const full = await api.svix.eventType.list({ withContent: true });
    assert.deepEqual(full.data[0]?.schemas, { '1': invoiceSchema });

    assert.equal((await api.svix.eventType.get('invoice.created')).description, 'An invoice was created');
    const updated = await api.svix.eventType.upsert('invoice.created', { description: 'Created', deprecated: true });
    assert.equal(updated.deprecated, true);
    assert.equal(updated.groupName, null, 'PUT replaces: fields not sent go back to defaults');
    const patched = await api.svix.eventType.patch('invoice.created', { groupName: 'billing' });
    assert.equal(patched.groupName, 'billing');
    assert.equal(patched.description, 'Created');
  });

  it('archives on delete (hidden unless include_archived), and expunges on request', async () => {
    await api.svix.eventType.create({ name: 'invoice.deleted', description: 'Gone' });
    await api.svix.eventType.delete('invoice.deleted');
    assert.equal((await api.svix.eventType.get('invoice.deleted')).archived, true);
    const visible = (await api.svix.eventType.list()).data.map((e) => e.name);
    assert.ok(!visible.includes('invoice.deleted'));
    const all = (await api.svix.eventType.list({ includeArchived: true })).data.map((e) => e.name);
    assert.ok(all.includes('invoice.deleted'));
    const res = await api.fetch('/api/v1/event-type/invoice.deleted?expunge=true', { method: 'DELETE' });
    assert.equal(res.status, 204);
    assert.equal((await apiError(api.svix.eventType.get('invoice.deleted'))).code, 404);
  });

  it('lists to a portal session, as Svix does, only the live event types its feature flags allow, paged', async () => {
    for (const [name, flags] of [
      ['order.created', null],
      ['order.flagged', ['beta-orders']],
      ['order.other', ['other-flag']],
      ['order.shipped', null],
    ] as const)
      await api.svix.eventType.create({ name, description: name, featureFlags: flags ? [...flags] : null });
    await api.svix.eventType.create({ name: 'order.archived', description: 'old', archived: true });
    await api.svix.application.create({ name: 'Shop', uid: 'shop' });
    const session = async (featureFlags?: string[]) =>
      api.client((await api.svix.authentication.appPortalAccess('shop', featureFlags ? { featureFlags } : {})).token);
    const names = async (client: Awaited<ReturnType<typeof session>>, limit = 2) => {
      const seen: string[] = [];
      let iterator: string | null = null;
      do {
        const page = await client.eventType.list({ limit, iterator, includeArchived: true });
        assert.ok(page.data.length <= limit);
        seen.push(...page.data.map((e) => e.name));
        iterator = page.done ? null : page.iterator;
      } while (iterator);
      return seen.filter((n) => n.startsWith('order.'));
    };
    assert.deepEqual(await names(await session()), ['order.created', 'order.shipped']);
    assert.deepEqual(await names(await session(['beta-orders'])), ['order.created', 'order.flagged', 'order.shipped']);
    // Walked one by one, both ways: every page holds one visible type, and no iterator names a hidden one.
    const plain = await session();
    const answers: string[] = [];
    let forward: string | null = null;
    let last: Awaited<ReturnType<typeof plain.eventType.list>> | undefined;
    do {
      last = await plain.eventType.list({ limit: 1, iterator: forward });
      answers.push(JSON.stringify(last));
      if (!last.done) assert.equal(last.data.length, 1, 'a page not at the end is full');
      forward = last.done ? null : last.iterator;
    } while (forward);
    for (let back = last.prevIterator; back; ) {
      const page = await plain.eventType.list({ limit: 1, iterator: back });
      answers.push(JSON.stringify(page));
      back = page.data.length ? page.prevIterator : null;
    }
    assert.doesNotMatch(answers.join('\n'), /order\.(flagged|other|archived)/);
    assert.deepEqual(await names(api.svix, 250), [
      'order.archived',
      'order.created',
      'order.flagged',
      'order.other',
      'order.shipped',
    ]);
    const viewer = await session();
    for (const call of [
      () => viewer.eventType.get('order.created'),
      () => viewer.eventType.create({ name: 'order.mine', description: 'x' }),
      () => viewer.eventType.delete('order.created'),
    ])
      assert.equal((await apiError(call())).code, 403);
  });

  it('refuses a duplicate name (409) and a bad one (422 at the field)', async () => {
    await api.svix.eventType.create({ name: 'user.created', description: 'x' });
    const dup = await apiError(api.svix.eventType.create({ name: 'user.created', description: 'y' }));
    assert.equal(dup.code, 409);
    const bad = await apiError(api.svix.eventType.create({ name: 'user created!', description: 'y' }));
    assert.equal(bad.code, 422);
    assert.deepEqual((bad.body.detail as { loc: unknown[] }[])[0]?.loc, ['body', 'name']);
  });
});

describe('connectors through the svix SDK', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  before(async () => {
    api = await startApi();
    await api.svix.eventType.create({ name: 'invoice.paid', description: 'Paid' });
  });
  after(() => api.close());

  it('creates, gets by id and uid, lists, replaces, patches and deletes', async () => {
    const slack = await api.svix.connector.create({
      name: 'Slack',
      uid: 'slack',
      kind: 'Slack' as never,
      description: 'Post invoices to a channel',
      allowedEventTypes: ['invoice.paid'],
      transformation: HANDLER,
      featureFlags: ['connectors'],
    });
    assert.match(slack.id, /^trtmpl_[A-Za-z0-9]{27}$/);
    assert.equal(slack.kind, 'Slack');
    assert.equal((await api.svix.connector.get('slack')).id, slack.id);
    assert.deepEqual(
      (await api.svix.connector.list()).data.map((c) => c.uid),
      ['slack'],
    );

    const replaced = await api.svix.connector.upsert('slack', {
      name: 'Slack alerts',
      kind: 'Slack' as never,
      transformation: `${HANDLER} // v2`,
    });
    assert.equal(replaced.name, 'Slack alerts');
    assert.equal(replaced.uid, 'slack', 'a PUT by uid keeps it (ConnectorUpsertIn has none to replace it with)');
    assert.equal(
      (await api.svix.connector.upsert(slack.id, { name: 'Slack alerts', transformation: HANDLER })).uid,
      null,
    );
    assert.ok(replaced.transformationUpdatedAt.getTime() >= slack.transformationUpdatedAt.getTime());

    const patched = await api.svix.connector.patch(slack.id, { description: 'Alerts' });
    assert.equal(patched.description, 'Alerts');
    assert.equal(patched.name, 'Slack alerts');

    await api.svix.connector.delete(slack.id);
    assert.equal((await apiError(api.svix.connector.get(slack.id))).code, 404);
  });

  it("answers Svix's ConnectorOut: the one orgId, a productType (Dispatch when none was given), and lists by product_type", async () => {
    const plain = await api.svix.connector.create({ name: 'Plain', uid: 'product-plain', transformation: HANDLER });
    assert.match(plain.orgId, /^org_[A-Za-z0-9]{27}$/);
    assert.equal(plain.productType, 'Dispatch');
    const stream = await api.svix.connector.create({
      name: 'Stream',
      uid: 'product-stream',
      transformation: HANDLER,
      productType: 'Stream' as never,
    });
    assert.equal(stream.productType, 'Stream');
    assert.equal(stream.orgId, plain.orgId, 'one deployment, one environment');
    const uids = async (productType?: string) =>
      (await api.svix.connector.list({ ...(productType ? { productType: productType as never } : {}) })).data
        .map((c) => c.uid)
        .filter((uid) => uid?.startsWith('product-'));
    assert.deepEqual(await uids(), ['product-plain', 'product-stream']);
    assert.deepEqual(await uids('Dispatch'), ['product-plain']);
    assert.deepEqual(await uids('Stream'), ['product-stream']);
    const unknown = await api.fetch('/api/v1/connector?product_type=Ingest');
    assert.equal(unknown.status, 422);
    for (const c of [plain, stream]) await api.svix.connector.delete(c.id);
  });

  it('keeps Custom options for Custom connectors only, and allowed event types real', async () => {
    const custom = await api.fetch('/api/v1/connector', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Our ERP',
        kind: 'Custom',
        transformation: HANDLER,
        defaultUrl: 'https://erp.example.com/hooks',
        authenticationMethod: 'HttpBearer',
      }),
    });
    assert.equal(custom.status, 201);
    assert.equal((await custom.json()).authenticationMethod, 'HttpBearer');

    const slackWithUrl = await api.fetch('/api/v1/connector', {
      method: 'POST',
      body: JSON.stringify({ name: 'Slack', kind: 'Slack', transformation: HANDLER, defaultUrl: 'https://x.example' }),
    });
    assert.equal(slackWithUrl.status, 422);
    assert.deepEqual((await slackWithUrl.json()).detail[0].loc, ['body', 'defaultUrl']);

    const unknownType = await apiError(
      api.svix.connector.create({
        name: 'Slack',
        transformation: HANDLER,
        allowedEventTypes: ['invoice.paid', 'nope'],
      }),
    );
    assert.equal(unknownType.code, 422);
    assert.deepEqual((unknownType.body.detail as { loc: unknown[] }[])[0]?.loc, ['body', 'allowedEventTypes', 1]);

    const unknownKind = await apiError(
      api.svix.connector.create({ name: 'SF', kind: 'Salesforce' as never, transformation: HANDLER }),
    );
    assert.equal(unknownKind.code, 422);
    const shortCode = await apiError(api.svix.connector.create({ name: 'Short', transformation: 'x' }));
    assert.equal(shortCode.code, 422);
  });

  it('PUT on a connector that does not exist creates it under the uid in the path (201), then replaces it (200)', async () => {
    const put = (path: string, body: object) =>
      api.fetch(`/api/v1/connector/${path}`, { method: 'PUT', body: JSON.stringify(body) });
    const withUid = async (uid: string) => (await api.svix.connector.list()).data.filter((c) => c.uid === uid);
    const made = await put('erp', { name: 'Our ERP', transformation: HANDLER, allowedEventTypes: ['invoice.paid'] });
    assert.equal(made.status, 201);
    const created = await made.json();
    assert.match(created.id, /^trtmpl_[A-Za-z0-9]{27}$/);
    assert.deepEqual([created.uid, created.name, created.kind], ['erp', 'Our ERP', 'Custom']);
    const again = await put('erp', { name: 'Our ERP v2', transformation: HANDLER });
    assert.equal(again.status, 200);
    assert.deepEqual([(await again.json()).id, (await api.svix.connector.get('erp')).name], [created.id, 'Our ERP v2']);
    const viaSdk = await api.svix.connector.upsert('sdk-made', { name: 'Made by the SDK', transformation: HANDLER });
    assert.equal(viaSdk.uid, 'sdk-made');
    const twins = await Promise.all([1, 2].map(() => put('twin', { name: 'Twin', transformation: HANDLER })));
    assert.deepEqual(twins.map((r) => r.status).sort(), [200, 201]);
    assert.equal((await withUid('twin')).length, 1);

    const count = (await api.svix.connector.list()).data.length;
    const unknown = await put('trtmpl_2ZZZZZZZZZZZZZZZZZZZZZZZZZZ', { name: 'x', transformation: HANDLER });
    assert.equal(unknown.status, 404);
    assert.match((await unknown.json()).detail, /only under a uid/);
    for (const path of ['ep_x', 'app_x', 'bad%20uid']) {
      const res = await put(path, { name: 'x', transformation: HANDLER });
      assert.equal(res.status, 422, path);
      assert.deepEqual((await res.json()).detail[0].loc, ['path', 'connector_id'], path);
    }
    const badBody = await put('fresh', { name: 'x', transformation: HANDLER, allowedEventTypes: ['nope'] });
    assert.equal(badBody.status, 422);
    assert.deepEqual((await badBody.json()).detail[0].loc, ['body', 'allowedEventTypes', 0]);
    assert.equal((await api.svix.connector.list()).data.length, count, 'nothing was made');
    const session = (await api.svix.authentication.appPortalAccess('portal-app', { application: { name: 'P' } })).token;
    assert.equal(
      (
        await api.fetch('/api/v1/connector/by-portal', {
          method: 'PUT',
          body: JSON.stringify({ name: 'x', transformation: HANDLER }),
          token: session,
        })
      ).status,
      403,
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EnvironmentIn, EnvironmentOut } from 'svix';
import type { Store } from '../src/store/types.ts';
import { apiError, type Json, manualClock, startApi } from './helpers.ts';
import { openFreshPostgresStore, POSTGRES_URL } from './postgres.ts';

const stores: [string, (() => Promise<Store>) | undefined][] = [
  ['SQLite', undefined],
  ['PostgreSQL', POSTGRES_URL ? () => openFreshPostgresStore() : undefined],
];

const code = 'function handler(webhook) { return webhook; }';

/** An export as an import's body: what EventTypeIn and ConnectorIn take. */
function asInput(out: EnvironmentOut): EnvironmentIn {
  return {
    eventTypes: out.eventTypes.map(({ name, description, archived, deprecated, schemas, groupName, featureFlags }) => ({
      name,
      description,
      archived,
      deprecated,
      schemas,
      groupName,
      featureFlags,
    })),
    connectors: out.connectors.map(({ id, orgId, createdAt, updatedAt, transformationUpdatedAt, ...rest }) => rest),
    settings: out.settings,
  };
}

/** The export without what an import regenerates: ids and timestamps. */
function comparable(out: EnvironmentOut) {
  return {
    eventTypes: out.eventTypes.map(({ createdAt, updatedAt, ...rest }) => rest),
    connectors: out.connectors
      .map(({ id, createdAt, updatedAt, transformationUpdatedAt, ...rest }) => rest)
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    settings: out.settings,
  };
}

for (const [storeName, openStore] of stores) {
  const skip = storeName === 'PostgreSQL' && !openStore ? 'PATCHBAY_TEST_POSTGRES_URL is not set' : false;
  describe(`environment export and import through the svix SDK (${storeName})`, { skip }, () => {
    let source: Awaited<ReturnType<typeof startApi>>;
    let target: Awaited<ReturnType<typeof startApi>>;
    before(async () => {
      source = await startApi({ clock: manualClock() });
      target = await startApi({ clock: manualClock(), ...(openStore ? { openStore } : {}) });
      const et = source.svix.eventType;
      await et.create({
        name: 'invoice.paid',
        description: 'Paid',
        schemas: { '1': { type: 'object', properties: { id: { type: 'string' } } } },
        groupName: 'invoice',
        featureFlags: ['beta'],
      });
      await et.create({ name: 'invoice.old', description: 'Old', deprecated: true });
      await et.create({ name: 'user.gone', description: 'Archived', archived: true });
      await source.svix.connector.create({
        name: 'Hook',
        uid: 'hook',
        transformation: code,
        allowedEventTypes: ['invoice.paid'],
      });
      await source.svix.connector.create({ name: 'No uid', transformation: code, description: 'matched by name' });
    });
    after(async () => {
      await source.close();
      await target.close();
    });

    it('round-trips: export, import into a fresh Patchbay, export again gives the same environment', async () => {
      const first = await source.svix.environment.export();
      assert.equal(first.eventTypes.length, 3);
      assert.equal(first.connectors.length, 2);
      assert.equal(first.settings, null);
      await target.svix.environment.import(asInput(first));
      const second = await target.svix.environment.export();
      assert.deepEqual(comparable(second), comparable(first));
      // Again: an upsert, so nothing is added twice (the uid-less connector is matched by name).
      await target.svix.environment.import(asInput(first));
      assert.deepEqual(comparable(await target.svix.environment.export()), comparable(first));
    });

    it('a bad element is a 422 at its place, and nothing of the import is written', async () => {
      const body: Json = {
        eventTypes: [{ name: 'new.one', description: 'fine' }],
        connectors: [
          { name: 'Fine', uid: 'fine', transformation: code },
          { name: 'Bad', uid: 'bad', transformation: code, allowedEventTypes: ['no.such.type'] },
        ],
      };
      const refused = await apiError(target.svix.environment.import(body));
      assert.equal(refused.code, 422);
      assert.deepEqual((refused.body.detail as { loc: unknown[] }[])[0]?.loc, [
        'body',
        'connectors',
        1,
        'allowedEventTypes',
        0,
      ]);
      await assert.rejects(target.svix.eventType.get('new.one'));
      await assert.rejects(target.svix.connector.get('fine'));
      const badName = await apiError(
        target.svix.environment.import({ eventTypes: [{ name: 'bad name!', description: '' }] }),
      );
      assert.deepEqual((badName.body.detail as { loc: unknown[] }[])[0]?.loc, ['body', 'eventTypes', 0, 'name']);
    });

    it('refuses settings it cannot store, too many elements, and any key but the vendor one', async () => {
      const settings = await apiError(target.svix.environment.import({ settings: { enableChannels: true } }));
      assert.equal(settings.code, 422);
      assert.match(JSON.stringify(settings.body.detail), /environment variables/);
      await target.svix.environment.import({ settings: {} });
      const many = Array.from({ length: 1001 }, (_, i) => ({ name: `e.${i}`, description: '' }));
      assert.equal((await apiError(target.svix.environment.import({ eventTypes: many }))).code, 422);
      for (const path of ['/api/v1/environment/export', '/api/v1/environment/import']) {
        const res = await target.fetch(path, { method: 'POST', token: 'not-a-key', body: '{}' });
        assert.equal(res.status, 401);
      }
      await target.svix.application.create({ name: 'Acme', uid: 'acme' });
      const portal = target.client((await target.svix.authentication.appPortalAccess('acme', {})).token);
      assert.equal((await apiError(portal.environment.export())).code, 403);
      assert.equal((await apiError(portal.environment.import({ eventTypes: [] }))).code, 403);
      const spec = { openapi: '3.1.0', webhooks: {} };
      assert.equal((await apiError(portal.eventType.importOpenapi({ spec, replaceAll: true }))).code, 403);
    });
  });
}

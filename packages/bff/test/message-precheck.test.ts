import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../src/ids.ts';
import type { Store } from '../src/store/types.ts';
import { apiError, type Json, manualClock, startApi } from './helpers.ts';
import { openFreshPostgresStore, POSTGRES_URL } from './postgres.ts';

const stores: [string, (() => Promise<Store>) | undefined][] = [
  ['SQLite', undefined],
  ['PostgreSQL', POSTGRES_URL ? () => openFreshPostgresStore() : undefined],
];

for (const [storeName, openStore] of stores) {
  const skip = storeName === 'PostgreSQL' && !openStore ? 'PATCHBAY_TEST_POSTGRES_URL is not set' : false;
  describe(`message precheck agrees with the fan-out (${storeName})`, { skip }, () => {
    let api: Awaited<ReturnType<typeof startApi>>;
    before(async () => {
      api = await startApi({ clock: manualClock(), ...(openStore ? { openStore } : {}) });
      const app = await api.svix.application.create({ name: 'Acme', uid: 'acme' });
      await api.svix.application.create({ name: 'Empty', uid: 'empty' });
      const url = 'https://example.com/hook';
      for (const name of ['a.only', 'c.typed']) await api.svix.eventType.create({ name, description: name });
      await api.svix.endpoint.create('acme', { url, eventTypes: ['a.only'] });
      await api.svix.endpoint.create('acme', { url, channels: ['eu'] });
      await api.svix.endpoint.create('acme', { url, eventTypes: ['c.typed'], channels: ['c1'] });
      // Neither a disabled endpoint nor a draft receives anything, though both would take every event type.
      await api.svix.endpoint.create('acme', { url, disabled: true, uid: 'off' });
      const off = await api.store.endpoints.get(app.id, 'off');
      assert.ok(off);
      await api.store.endpoints.insertDraft(
        { ...off, id: newId('ep', Date.now()), uid: null, disabled: false, draft: true },
        10,
      );
    });
    after(() => api.close());

    /** Whether a message really sent with these went to any endpoint (its status is null when it went to none). */
    async function reached(app: string, eventType: string, channels?: string[]): Promise<boolean> {
      const msg = await api.svix.message.create(app, { eventType, payload: {}, ...(channels ? { channels } : {}) });
      const page: Json = await (await api.fetch(`/api/v1/app/${app}/msg?limit=250`)).json();
      const listed = page.data.find((m: Json) => m.id === msg.id);
      return listed.status !== null;
    }

    const shapes: [string, string, string[] | undefined, boolean][] = [
      ['acme', 'a.only', undefined, true],
      ['acme', 'a.only', ['us'], true],
      ['acme', 'b.other', undefined, false],
      ['acme', 'b.other', ['eu'], true],
      ['acme', 'b.other', ['us', 'eu'], true],
      ['acme', 'b.other', ['us'], false],
      ['acme', 'c.typed', ['c1'], true],
      ['acme', 'd.none', ['c1'], false],
      ['empty', 'a.only', undefined, false],
    ];
    for (const [app, eventType, channels, expected] of shapes) {
      it(`${app} ${eventType} ${channels?.join(',') ?? '(no channels)'} → ${expected}`, async () => {
        const pre = await api.svix.message.precheck(app, { eventType, ...(channels ? { channels } : {}) });
        assert.equal(pre.active, expected);
        assert.equal(await reached(app, eventType, channels), expected);
      });
    }

    it('answers 404 for an unknown application, 422 for a bad event type, 401 without the vendor key', async () => {
      assert.equal((await apiError(api.svix.message.precheck('nobody', { eventType: 'a.only' }))).code, 404);
      assert.equal((await apiError(api.svix.message.precheck('acme', { eventType: 'bad name!' }))).code, 422);
      const res = await api.fetch('/api/v1/app/acme/msg/precheck/active', {
        method: 'POST',
        token: 'not-a-key',
        body: JSON.stringify({ eventType: 'a.only' }),
      });
      assert.equal(res.status, 401);
    });

    it("refuses a portal session, even its own application's (sending is the vendor's)", async () => {
      const { token } = await api.svix.authentication.appPortalAccess('acme', {});
      const portal = api.client(token);
      assert.equal((await apiError(portal.message.precheck('acme', { eventType: 'a.only' }))).code, 403);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiError, startApi } from './helpers.ts';

describe('applications through the svix SDK', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('creates, reads by id and uid, updates, patches and deletes', async () => {
    const created = await api.svix.application.create({ name: 'Globex', uid: 'globex', metadata: { plan: 'pro' } });
    assert.match(created.id, /^app_[A-Za-z0-9]{27}$/);
    assert.equal(created.uid, 'globex');
    assert.deepEqual(created.metadata, { plan: 'pro' });
    assert.ok(created.createdAt instanceof Date);

    assert.equal((await api.svix.application.get(created.id)).name, 'Globex');
    assert.equal((await api.svix.application.get('globex')).id, created.id);

    const replaced = await api.svix.application.upsert('globex', { name: 'Globex Corp', throttleRate: 5 });
    assert.equal(replaced.name, 'Globex Corp');
    assert.equal(replaced.throttleRate, 5);
    assert.equal(replaced.uid, 'globex', 'a PUT by uid keeps it, so the same PUT finds it again');
    const byId = await api.svix.application.upsert(created.id, { name: 'Globex Corp' });
    assert.equal(byId.uid, null, 'PUT by id replaces: the uid not sent is cleared');
    await api.svix.application.patch(created.id, { uid: 'globex' });

    const patched = await api.svix.application.patch(created.id, { uid: 'globex-2', metadata: { plan: 'team' } });
    assert.equal(patched.uid, 'globex-2');
    assert.equal(patched.name, 'Globex Corp', 'PATCH keeps what it does not name');
    assert.deepEqual(patched.metadata, { plan: 'team' });

    await api.svix.application.delete('globex-2');
    const gone = await apiError(api.svix.application.get(created.id));
    assert.equal(gone.code, 404);
    assert.equal(gone.body.code, 'not_found');
  });

  it('upserts with PUT on a uid that does not exist yet (201), and refuses an unknown app_ id (404)', async () => {
    const res = await api.fetch('/api/v1/app/initech', { method: 'PUT', body: JSON.stringify({ name: 'Initech' }) });
    assert.equal(res.status, 201);
    assert.equal((await res.json()).uid, 'initech');
    const missing = await api.fetch('/api/v1/app/app_2ZZZZZZZZZZZZZZZZZZZZZZZZZZ', {
      method: 'PUT',
      body: JSON.stringify({ name: 'x' }),
    });
    assert.equal(missing.status, 404);
    const again = await api.fetch('/api/v1/app/initech', { method: 'PUT', body: JSON.stringify({ name: 'Initech' }) });
    assert.equal(again.status, 200, 'the same PUT again replaces what the first made');
    const twins = await Promise.all(
      [1, 2].map(() =>
        api.fetch('/api/v1/app/umbrella', { method: 'PUT', body: JSON.stringify({ name: 'Umbrella' }) }),
      ),
    );
    assert.deepEqual(twins.map((r) => r.status).sort(), [200, 201]);
    assert.equal((await api.svix.application.list({ limit: 250 })).data.filter((a) => a.uid === 'umbrella').length, 1);
  });

  it('answers a taken uid with 409, or with the existing application when get_if_exists', async () => {
    const first = await api.svix.application.create({ name: 'Hooli', uid: 'hooli' });
    const conflict = await apiError(api.svix.application.create({ name: 'Hooli again', uid: 'hooli' }));
    assert.equal(conflict.code, 409);
    assert.match(String(conflict.body.detail), /uid "hooli" already exists/);
    const existing = await api.svix.application.getOrCreate({ name: 'Hooli again', uid: 'hooli' });
    assert.equal(existing.id, first.id);
  });

  it("app-portal-access on an existing application's id or uid ignores `application`: no second application", async () => {
    const wayne = await api.svix.application.create({ name: 'Wayne', uid: 'wayne' });
    const count = async () => {
      let n = 0;
      let iterator: string | null | undefined;
      do {
        const page = await api.svix.application.list({ limit: 250, iterator });
        n += page.data.length;
        iterator = page.done ? null : page.iterator;
      } while (iterator);
      return n;
    };
    const before = await count();
    const sub = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()).sub;
    for (const ref of [wayne.id, 'wayne']) {
      const { token } = await api.svix.authentication.appPortalAccess(ref, { application: { name: 'Impostor' } });
      assert.equal(sub(token), wayne.id, ref);
    }
    assert.equal(await count(), before, 'nothing created');
    const found = await api.svix.application.get(wayne.id);
    assert.deepEqual([found.name, found.uid], ['Wayne', 'wayne']);

    // Not there yet: made, with the path as its uid; an id that does not exist is not made.
    const { token } = await api.svix.authentication.appPortalAccess('wayne-2', { application: { name: 'Wayne 2' } });
    assert.equal(sub(token), (await api.svix.application.get('wayne-2')).id);
    const unknown = await apiError(
      api.svix.authentication.appPortalAccess('app_2ZZZZZZZZZZZZZZZZZZZZZZZZZZ', { application: { name: 'x' } }),
    );
    assert.equal(unknown.code, 404);
    const otherUid = await apiError(
      api.svix.authentication.appPortalAccess('wayne-3', { application: { name: 'x', uid: 'wayne' } }),
    );
    assert.equal(otherUid.code, 422, 'the path names the application to make');
    assert.deepEqual((otherUid.body.detail as { loc: string[] }[])[0]?.loc, ['body', 'application', 'uid']);
  });

  it('refuses a uid that looks like an id, wherever a uid is given (422)', async () => {
    const made = await api.svix.application.create({ name: 'Stark', uid: 'stark' });
    const bad = [
      'app_2ZZZZZZZZZZZZZZZZZZZZZZZZZZ',
      'app_x',
      made.id,
      'ep_x',
      'msg_x',
      'atmpt_x',
      'trtmpl_x',
      'qtask_x',
    ];
    for (const uid of bad) {
      const calls = [
        api.fetch('/api/v1/app', { method: 'POST', body: JSON.stringify({ name: 'x', uid }) }),
        api.fetch('/api/v1/app?get_if_exists=true', { method: 'POST', body: JSON.stringify({ name: 'x', uid }) }),
        api.fetch(`/api/v1/app/${made.id}`, { method: 'PATCH', body: JSON.stringify({ uid }) }),
        api.fetch(`/api/v1/app/${made.id}`, { method: 'PUT', body: JSON.stringify({ name: 'x', uid }) }),
        api.fetch('/api/v1/auth/app-portal-access/fresh', {
          method: 'POST',
          body: JSON.stringify({ application: { name: 'x', uid } }),
        }),
      ];
      for (const res of await Promise.all(calls)) {
        assert.equal(res.status, 422, `${uid}: ${res.url}`);
        const problem = await res.json();
        assert.equal(problem.code, 'validation_error');
        assert.match(problem.detail[0].msg, /same prefix as an id/);
      }
    }
    for (const path of ['ep_x', 'msg_x']) {
      const put = await api.fetch(`/api/v1/app/${path}`, { method: 'PUT', body: JSON.stringify({ name: 'x' }) });
      assert.equal(put.status, 422, `PUT ${path}`);
      assert.deepEqual((await put.json()).detail[0].loc, ['path', 'app_id']);
      const access = await api.fetch(`/api/v1/auth/app-portal-access/${path}`, {
        method: 'POST',
        body: JSON.stringify({ application: { name: 'x' } }),
      });
      assert.equal(access.status, 422, `app-portal-access ${path}`);
    }
    assert.equal((await api.svix.application.get(made.id)).uid, 'stark', 'nothing changed');
  });

  it("leaves out, when asked as Svix's list is, applications without endpoints or with only disabled ones", async () => {
    const [none, disabled, mixed] = [
      await api.svix.application.create({ name: 'No endpoints', uid: 'filter-none' }),
      await api.svix.application.create({ name: 'Only disabled', uid: 'filter-disabled' }),
      await api.svix.application.create({ name: 'Mixed', uid: 'filter-mixed' }),
    ];
    await api.svix.endpoint.create(disabled.id, { url: 'https://example.com/a', disabled: true });
    await api.svix.endpoint.create(mixed.id, { url: 'https://example.com/b', disabled: true });
    await api.svix.endpoint.create(mixed.id, { url: 'https://example.com/c' });
    const mine = [none.id, disabled.id, mixed.id];
    const listed = async (options: object) =>
      (await api.svix.application.list({ limit: 250, ...options })).data
        .map((a) => a.id)
        .filter((id) => mine.includes(id));
    assert.deepEqual(await listed({}), mine);
    assert.deepEqual(await listed({ excludeAppsWithNoEndpoints: true }), [disabled.id, mixed.id]);
    assert.deepEqual(await listed({ excludeAppsWithDisabledEndpoints: true }), [none.id, mixed.id]);
    assert.deepEqual(await listed({ excludeAppsWithNoEndpoints: true, excludeAppsWithDisabledEndpoints: true }), [
      mixed.id,
    ]);
    // No Svix Play endpoints exist here: no application has only those, so none is left out.
    assert.deepEqual(await listed({ excludeAppsWithSvixPlayEndpoints: true }), mine);
    assert.deepEqual(await listed({ excludeAppsWithNoEndpoints: true, order: 'descending' }), [mixed.id, disabled.id]);
    const bad = await api.fetch('/api/v1/app?exclude_apps_with_no_endpoints=perhaps');
    assert.equal(bad.status, 422);
  });

  it('pages with limit and iterator until done, and back with prevIterator', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await api.svix.application.create({ name: `Pager ${i}`, uid: `pager-${i}` })).id);
    const seen: string[] = [];
    let iterator: string | null | undefined;
    let pages = 0;
    for (;;) {
      const page = await api.svix.application.list({ limit: 2, iterator });
      seen.push(...page.data.map((a) => a.id));
      pages++;
      if (page.done) break;
      iterator = page.iterator;
    }
    assert.deepEqual(
      seen.filter((id) => ids.includes(id)),
      ids,
    );
    assert.ok(pages >= 3);
    const desc = await api.svix.application.list({ limit: 2, order: 'descending' as never });
    assert.deepEqual(
      desc.data.map((a) => a.id),
      [ids[4], ids[3]],
    );
    const second = await api.svix.application.list({ limit: 2, order: 'descending' as never, iterator: desc.iterator });
    const back = await api.svix.application.list({
      limit: 2,
      order: 'descending' as never,
      iterator: second.prevIterator,
    });
    assert.deepEqual(
      back.data.map((a) => a.id),
      desc.data.map((a) => a.id),
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../src/store/types.ts';
import { apiError, byteOrder, type Json, manualClock, startApi } from './helpers.ts';
import { openFreshPostgresStore, POSTGRES_URL } from './postgres.ts';
import { startReceiver } from './receiver.ts';

/**
 * The reads the App Portal's delivery log makes (Svix's message-attempt operations and
 * Patchbay's message status), through the real server, the real worker and the svix SDK, on
 * both stores.
 */
const stores: [string, (() => Promise<Store>) | undefined][] = [
  ['SQLite', undefined],
  ['PostgreSQL', POSTGRES_URL ? () => openFreshPostgresStore() : undefined],
];

for (const [storeName, openStore] of stores) {
  const skip = storeName === 'PostgreSQL' && !openStore ? 'PATCHBAY_TEST_POSTGRES_URL is not set' : false;
  describe(`the delivery log's reads (${storeName})`, { skip }, () => {
    const clock = manualClock(new Date());
    let api: Awaited<ReturnType<typeof startApi>>;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    // m1 went to both endpoints and failed for good at `down`; m2 only to `ok`; m3 is not sent
    // yet; m4 subscribes no endpoint. In the rival application: its own message and endpoint.
    const ids: Record<'ok' | 'down' | 'm1' | 'm2' | 'm3' | 'm4' | 'rivalEp' | 'rivalMsg', string> = {} as never;
    let downRetryAt: string | null = null;
    let firstTry: number;
    let acmeAttempt: Json;
    let rivalAttempt: Json;
    let acmeToken: string;
    let rivalToken: string;

    const get = async (path: string, token?: string): Promise<{ status: number; json: Json }> => {
      const res = await api.fetch(path, token ? { token } : {});
      return { status: res.status, json: await res.json() };
    };
    const send = (app: string, eventType: string, eventId?: string) =>
      api.svix.message.create(app, { eventType, payload: { eventType }, ...(eventId ? { eventId } : {}) });

    before(async () => {
      receiver = await startReceiver();
      receiver.script('/down', { status: 503, body: 'down for maintenance' });
      // One retry, 5 s after the first try.
      const delivery = { allowPrivateNetworks: true, retrySchedule: [5] };
      api = await startApi({ clock, delivery, ...(openStore ? { openStore } : {}) });
      for (const name of ['invoice.created', 'invoice.paid', 'user.created'])
        await api.svix.eventType.create({ name, description: name });
      for (const uid of ['acme', 'rival']) await api.svix.application.create({ name: uid, uid });
      const endpoint = (app: string, path: string, fields: object) =>
        api.svix.endpoint.create(app, { url: `${receiver.url}${path}`, ...fields });
      ids.ok = (await endpoint('acme', '/ok', { uid: 'ok', eventTypes: ['invoice.created', 'invoice.paid'] })).id;
      ids.down = (await endpoint('acme', '/down', { uid: 'down', eventTypes: ['invoice.created'] })).id;
      ids.rivalEp = (await endpoint('rival', '/rival', {})).id;
      ids.m1 = (await send('acme', 'invoice.created', 'evt-m1')).id;
      clock.advance(10);
      ids.m2 = (await send('acme', 'invoice.paid')).id;
      ids.rivalMsg = (await send('rival', 'invoice.created')).id;
      firstTry = clock.now().getTime();
      await api.worker.tick();
      downRetryAt = (await api.svix.messageAttempt.listAttemptedDestinations('acme', ids.m1)).data
        .find((d) => d.id === ids.down)
        ?.nextAttempt?.toISOString() as string;
      clock.advance(6000);
      await api.worker.tick();
      clock.advance(10);
      ids.m3 = (await send('acme', 'invoice.created')).id;
      clock.advance(10);
      ids.m4 = (await send('acme', 'user.created')).id;
      acmeAttempt = (await get(`/api/v1/app/acme/attempt/msg/${ids.m1}`)).json.data[0];
      rivalAttempt = (await get(`/api/v1/app/rival/attempt/msg/${ids.rivalMsg}`)).json.data[0];
      acmeToken = (await api.svix.authentication.appPortalAccess('acme', {})).token;
      rivalToken = (await api.svix.authentication.appPortalAccess('rival', {})).token;
    });
    after(async () => {
      await api?.close();
      receiver?.close();
    });

    it("shows a portal session nothing of another application's log, whatever ids it names", async () => {
      const attempts: [string, number][] = [
        // Its own application in the path, the other's ids after it.
        [`/api/v1/app/rival/msg/${ids.m1}/attempt/${acmeAttempt.id}`, 404],
        [`/api/v1/app/rival/msg/${ids.rivalMsg}/attempt/${acmeAttempt.id}`, 404],
        [`/api/v1/app/rival/msg/evt-m1/attempt/${acmeAttempt.id}`, 404],
        [`/api/v1/app/rival/msg/${ids.m1}/endpoint`, 404],
        [`/api/v1/app/rival/endpoint/${ids.ok}/msg`, 404],
        [`/api/v1/app/rival/endpoint/ok/msg`, 404],
        [`/api/v1/app/rival/msg?endpoint_id=${ids.ok}`, 404],
        [`/api/v1/app/rival/msg?endpoint_id=down`, 404],
        [`/api/v1/app/rival/attempt/msg/${ids.rivalMsg}?endpoint_id=${ids.down}`, 404],
        // The other application in the path.
        [`/api/v1/app/acme/msg/${ids.m1}/attempt/${acmeAttempt.id}`, 403],
        [`/api/v1/app/acme/msg/${ids.m1}/endpoint`, 403],
        [`/api/v1/app/acme/endpoint/${ids.ok}/msg`, 403],
        [`/api/v1/app/acme/msg?status=2`, 403],
        [`/api/v1/app/acme/msg?endpoint_id=${ids.rivalEp}`, 403],
      ];
      for (const [path, status] of attempts) {
        const { status: got, json } = await get(path, rivalToken);
        assert.equal(got, status, path);
        assert.equal(typeof json.code, 'string', path);
        assert.equal(typeof json.detail, 'string', path);
        assert.doesNotMatch(JSON.stringify(json), /acme|\/ok|\/down|invoice/, path);
      }
      // The attempt of its own message, under its own application: the only one it sees.
      const own = await api.client(rivalToken).messageAttempt.get('rival', ids.rivalMsg, rivalAttempt.id);
      assert.equal(own.endpointId, ids.rivalEp);
      const listed = await api.client(rivalToken).message.list('rival');
      assert.deepEqual(
        listed.data.map((m) => m.id),
        [ids.rivalMsg],
      );
    });

    it('lists messages newest first with their status: the worst of their latest dispatches', async () => {
      const list = async (query = '') =>
        (await get(`/api/v1/app/acme/msg${query}`, acmeToken)).json.data.map((m: Json) => [m.id, m.status]);
      assert.deepEqual(await list(), [
        [ids.m4, null],
        [ids.m3, 1],
        [ids.m2, 0],
        [ids.m1, 2],
      ]);
      assert.deepEqual(await list('?status=2'), [[ids.m1, 2]]);
      assert.deepEqual(await list('?status=1'), [[ids.m3, 1]]);
      assert.deepEqual(await list('?status=0'), [[ids.m2, 0]]);
      // With an endpoint, its own latest dispatch: m1 delivered to ok, failed at down.
      assert.deepEqual(await list(`?endpoint_id=${ids.ok}`), [
        [ids.m3, 1],
        [ids.m2, 0],
        [ids.m1, 0],
      ]);
      assert.deepEqual(await list('?endpoint_id=down'), [
        [ids.m3, 1],
        [ids.m1, 2],
      ]);
      assert.deepEqual(await list('?endpoint_id=down&status=2'), [[ids.m1, 2]]);
      assert.deepEqual(await list('?endpoint_id=ok&status=0&event_types=invoice.paid'), [[ids.m2, 0]]);
      assert.deepEqual(
        await list(`?endpoint_id=ok&before=${encodeURIComponent(new Date(clock.now().getTime() - 15).toISOString())}`),
        [
          [ids.m2, 0],
          [ids.m1, 0],
        ],
      );
    });

    it('pages the filtered message list with Svix iterators, forwards and back', async () => {
      const seen: string[] = [];
      let iterator: string | null = null;
      let pages = 0;
      do {
        const query = new URLSearchParams({ endpoint_id: ids.ok, limit: '1', ...(iterator ? { iterator } : {}) });
        const page: Json = (await get(`/api/v1/app/acme/msg?${query}`, acmeToken)).json;
        seen.push(...page.data.map((m: Json) => m.id));
        iterator = page.done ? null : page.iterator;
        pages++;
        assert.ok(pages <= 4, 'the pages end');
      } while (iterator);
      assert.deepEqual(seen, [ids.m3, ids.m2, ids.m1]);
      const last = (await get(`/api/v1/app/acme/msg?endpoint_id=ok&limit=1&iterator=${ids.m2}`, acmeToken)).json;
      const back = (await get(`/api/v1/app/acme/msg?endpoint_id=ok&limit=1&iterator=${last.prevIterator}`, acmeToken))
        .json;
      assert.deepEqual(
        back.data.map((m: Json) => m.id),
        [ids.m2],
      );
      const sdkPage = await api.client(acmeToken).message.list('acme', { limit: 2 });
      assert.equal(sdkPage.done, false);
      assert.deepEqual(
        (await api.client(acmeToken).message.list('acme', { limit: 2, iterator: sdkPage.iterator })).data.map(
          (m) => m.id,
        ),
        [ids.m2, ids.m1],
      );
    });

    it("lists a message's destinations (MessageEndpointOut) with their latest dispatch, through the SDK", async () => {
      const svix = api.client(acmeToken);
      const destinations = await svix.messageAttempt.listAttemptedDestinations('acme', ids.m1);
      assert.deepEqual(
        destinations.data.map((d) => [d.id, d.uid, d.status, d.statusText, d.nextAttempt]),
        [
          [ids.ok, 'ok', 0, 'success', null],
          [ids.down, 'down', 2, 'fail', null],
        ].sort((a, b) => byteOrder(String(a[0]), String(b[0]))),
      );
      assert.equal(destinations.done, true);
      assert.equal(destinations.data[0]?.url.startsWith(receiver.url), true);
      // While the retry was waiting, it said when: 5 s after the first try.
      assert.equal(downRetryAt, new Date(firstTry + 5000).toISOString());
      assert.equal(receiver.at('/down').length, 2);
      const pending = await svix.messageAttempt.listAttemptedDestinations('acme', ids.m3, { limit: 1 });
      assert.equal(pending.data.length, 1);
      assert.equal(pending.data[0]?.statusText, 'pending');
      assert.ok(pending.data[0]?.nextAttempt instanceof Date);
      const rest = await svix.messageAttempt.listAttemptedDestinations('acme', ids.m3, { iterator: pending.iterator });
      assert.equal(rest.data.length, 1);
      assert.notEqual(rest.data[0]?.id, pending.data[0]?.id);
      assert.deepEqual((await svix.messageAttempt.listAttemptedDestinations('acme', ids.m4)).data, []);
      const missing = await apiError(svix.messageAttempt.listAttemptedDestinations('acme', 'msg_missing'));
      assert.equal(missing.code, 404);
    });

    it("lists an endpoint's messages (EndpointMessageOut) with their status there, through the SDK", async () => {
      const svix = api.client(acmeToken);
      const atDown = await svix.messageAttempt.listAttemptedMessages('acme', 'down');
      assert.deepEqual(
        atDown.data.map((m) => [m.id, m.status, m.statusText, m.payload]),
        [
          [ids.m3, 1, 'pending', {}],
          [ids.m1, 2, 'fail', {}],
        ],
        'the SDK asks for no content by default',
      );
      assert.ok(atDown.data[0]?.nextAttempt instanceof Date);
      assert.equal(atDown.data[1]?.nextAttempt, null);
      const failed = await svix.messageAttempt.listAttemptedMessages('acme', ids.down, {
        status: 2,
        withContent: true,
      });
      assert.deepEqual(
        failed.data.map((m) => [m.id, m.payload]),
        [[ids.m1, { eventType: 'invoice.created' }]],
      );
      const paid = await svix.messageAttempt.listAttemptedMessages('acme', ids.ok, { eventTypes: ['invoice.paid'] });
      assert.deepEqual(
        paid.data.map((m) => m.id),
        [ids.m2],
      );
      const page = await svix.messageAttempt.listAttemptedMessages('acme', ids.ok, { limit: 2 });
      assert.equal(page.done, false);
      const next = await svix.messageAttempt.listAttemptedMessages('acme', ids.ok, {
        limit: 2,
        iterator: page.iterator,
      });
      assert.deepEqual(
        [...page.data, ...next.data].map((m) => m.id),
        [ids.m3, ids.m2, ids.m1],
      );
      assert.equal(next.done, true);
    });

    it('gets one attempt by message id or eventId, and refuses one of another message', async () => {
      const svix = api.client(acmeToken);
      const attempts = await svix.messageAttempt.listByMsg('acme', ids.m1, { withContent: true });
      assert.equal(attempts.data.length, 3);
      for (const listed of attempts.data) {
        assert.deepEqual(await svix.messageAttempt.get('acme', ids.m1, listed.id), listed);
        assert.deepEqual(await svix.messageAttempt.get('acme', 'evt-m1', listed.id), listed);
      }
      const raw = (await get(`/api/v1/app/acme/msg/${ids.m1}/attempt/${acmeAttempt.id}`, acmeToken)).json;
      assert.deepEqual(raw, acmeAttempt);
      const other = await apiError(svix.messageAttempt.get('acme', ids.m2, acmeAttempt.id));
      assert.equal(other.code, 404);
      assert.equal(other.body.code, 'not_found');
      const unknown = await apiError(svix.messageAttempt.get('acme', ids.m1, 'atmpt_nope'));
      assert.equal(unknown.code, 404);
    });

    it('filters attempt lists by endpoint, status code class, content and message', async () => {
      const svix = api.client(acmeToken);
      const codes = async (options: object) =>
        (await svix.messageAttempt.listByMsg('acme', ids.m1, options)).data.map((a) => a.responseStatusCode);
      assert.deepEqual(await codes({ endpointId: ids.down }), [503, 503]);
      assert.deepEqual(await codes({ endpointId: 'ok' }), [200]);
      assert.deepEqual(await codes({ statusCodeClass: 500 }), [503, 503]);
      assert.deepEqual(await codes({ statusCodeClass: 200 }), [200]);
      assert.deepEqual(await codes({ statusCodeClass: 0 }), []);
      const byEndpoint = await svix.messageAttempt.listByEndpoint('acme', ids.down, { statusCodeClass: 400 });
      assert.deepEqual(byEndpoint.data, []);
      const withContent = await svix.messageAttempt.listByEndpoint('acme', ids.down, {
        withContent: true,
        withMsg: true,
      });
      assert.deepEqual(
        withContent.data.map((a) => a.response),
        ['down for maintenance', 'down for maintenance'],
      );
      assert.equal(withContent.data[0]?.msg?.id, ids.m1);
      assert.deepEqual(withContent.data[0]?.msg?.payload, {}, 'a message in an attempt comes without its payload');
      const without = await svix.messageAttempt.listByEndpoint('acme', ids.down);
      assert.deepEqual(
        without.data.map((a) => [a.response, a.msg]),
        [
          ['', undefined],
          ['', undefined],
        ],
      );
      const raw = (await get(`/api/v1/app/acme/attempt/endpoint/${ids.down}?with_content=false`, acmeToken)).json;
      assert.deepEqual(
        raw.data.map((a: Json) => [a.response, a.requestBody, a.requestHeaders, a.responseHeaders, a.method]),
        [
          ['', null, null, null, 'POST'],
          ['', null, null, null, 'POST'],
        ],
      );
      const full = (await get(`/api/v1/app/acme/attempt/endpoint/${ids.down}`, acmeToken)).json.data[0];
      assert.equal(full.response, 'down for maintenance');
      assert.deepEqual(JSON.parse(full.requestBody), { eventType: 'invoice.created' });
      const missing = await apiError(svix.messageAttempt.listByMsg('acme', ids.m1, { endpointId: 'ep_missing' }));
      assert.equal(missing.code, 404);
    });

    it('answers bad input with a 422 naming the parameter, never a 500', async () => {
      const cases: [string, string][] = [
        ['/api/v1/app/acme/msg?status=3', 'status'],
        ['/api/v1/app/acme/msg?status=failed', 'status'],
        ['/api/v1/app/acme/msg?endpoint_id=not%20an%20id', 'endpoint_id'],
        [`/api/v1/app/acme/msg?endpoint_id=${'e'.repeat(300)}`, 'endpoint_id'],
        [`/api/v1/app/acme/attempt/msg/${ids.m1}?status_code_class=250`, 'status_code_class'],
        [`/api/v1/app/acme/attempt/msg/${ids.m1}?status_code_class=2xx`, 'status_code_class'],
        [`/api/v1/app/acme/attempt/endpoint/${ids.ok}?with_content=yes`, 'with_content'],
        [`/api/v1/app/acme/attempt/msg/${ids.m1}?endpoint_id=a/b`, 'endpoint_id'],
        [`/api/v1/app/acme/endpoint/${ids.ok}/msg?status=9`, 'status'],
        [`/api/v1/app/acme/endpoint/${ids.ok}/msg?limit=0`, 'limit'],
        [`/api/v1/app/acme/msg/${ids.m1}/endpoint?limit=251`, 'limit'],
      ];
      for (const [path, param] of cases) {
        const { status, json } = await get(path, acmeToken);
        assert.equal(status, 422, path);
        assert.equal(json.code, 'validation_error');
        assert.deepEqual(json.detail[0].loc, ['query', param], path);
      }
    });
  });
}

describe('the delivery log masks secret webhook URLs as the endpoint answers do', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  before(async () => {
    api = await startApi();
    await api.svix.application.create({ name: 'Acme', uid: 'acme' });
  });
  after(() => api.close());

  it("shows a ViewBase session a Slack URL's secret part masked, the vendor and ViewEndpointSecret the whole URL", async () => {
    const url = 'https://hooks.slack.com/services/T0/B0/secret';
    const slack = await api.svix.endpoint.create('acme', { url });
    const msg = await api.svix.message.create('acme', { eventType: 'invoice.created', payload: {} });
    const urlFor = async (capabilities?: string[]) => {
      const token = capabilities
        ? (await api.svix.authentication.appPortalAccess('acme', { capabilities: capabilities as never })).token
        : undefined;
      const page = (await (await api.fetch(`/api/v1/app/acme/msg/${msg.id}/endpoint`, token ? { token } : {})).json())
        .data;
      assert.equal(page[0].id, slack.id);
      return page[0].url as string;
    };
    assert.equal(await urlFor(['ViewBase']), 'https://hooks.slack.com/services/T0…/…');
    assert.equal(await urlFor(['ViewEndpointSecret']), url);
    assert.equal(await urlFor(), url);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Json, manualClock, startApi } from './helpers.ts';

describe("an endpoint's stats: Svix's since/until, and the portal's hourly series", () => {
  const clock = manualClock(new Date('2026-01-15T10:20:00Z'));
  let api: Awaited<ReturnType<typeof startApi>>;
  let endpointId: string;
  const hour = 3600_000;
  const iso = (ms: number) => new Date(ms).toISOString();

  before(async () => {
    api = await startApi({ clock });
    await api.svix.application.create({ name: 'Acme', uid: 'acme' });
    await api.svix.application.create({ name: 'Other', uid: 'other' });
    await api.svix.eventType.create({ name: 'invoice.created', description: 'Created' });
    endpointId = (await api.svix.endpoint.create('acme', { url: 'https://hooks.example.com/acme' })).id;
    // The worker is not started: every dispatch stays pending, at the time its message was sent.
    await api.svix.message.create('acme', { eventType: 'invoice.created', payload: { n: 1 } });
    clock.advance(2 * hour);
    await api.svix.message.create('acme', { eventType: 'invoice.created', payload: { n: 2 } });
    await api.svix.message.create('acme', { eventType: 'invoice.created', payload: { n: 3 } });
    clock.advance(hour);
  });
  after(() => api.close());

  it('counts only the dispatches made from since to until; without them, all', async () => {
    const start = Date.parse('2026-01-15T10:20:00Z');
    const all = await api.svix.endpoint.getStats('acme', endpointId);
    assert.deepEqual(all, { success: 0, pending: 3, sending: 0, fail: 0, canceled: 0 });
    const later = await api.svix.endpoint.getStats('acme', endpointId, { since: new Date(start + hour) });
    assert.equal(later.pending, 2, 'since alone: until now');
    const first = await api.svix.endpoint.getStats('acme', endpointId, {
      since: new Date(start),
      until: new Date(start + hour),
    });
    assert.equal(first.pending, 1);
    const none = await api.svix.endpoint.getStats('acme', endpointId, { until: new Date(start - 1) });
    assert.equal(none.pending, 0, 'until alone: the window before it');
  });

  it('refuses a window that ends before it starts, one longer than 90 days, or a date that is none, as 422s naming the field', async () => {
    const now = clock.now().getTime();
    const cases: [string, string, string][] = [
      [`since=${iso(now)}&until=${iso(now - 1)}`, 'since', 'value_error.date.order'],
      [`since=${iso(now - 91 * 24 * hour)}`, 'since', 'value_error.date.range'],
      ['since=yesterday', 'since', ''],
      [`until=${iso(now)}&since=2026-13-01T00:00:00Z`, 'since', ''],
    ];
    for (const [query, field, type] of cases) {
      const res = await api.fetch(`/api/v1/app/acme/endpoint/${endpointId}/stats?${query}`);
      const body: Json = await res.json();
      assert.equal(res.status, 422, `${query}: ${JSON.stringify(body)}`);
      assert.deepEqual(body.detail[0].loc, ['query', field], query);
      if (type) assert.equal(body.detail[0].type, type);
    }
    const exact = await api.fetch(
      `/api/v1/app/acme/endpoint/${endpointId}/stats?since=${iso(now - 90 * 24 * hour)}&until=${iso(now)}`,
    );
    assert.equal(exact.status, 200, '90 days is allowed');
  });

  it("answers a portal session 168 hourly buckets of its own endpoint, the last being the current hour; another application's session gets a 404", async () => {
    const { token } = await api.svix.authentication.appPortalAccess('acme', {});
    const res = await api.fetch(`/portal/v1/endpoints/${endpointId}/stats/series`, { token });
    const series: Json = await res.json();
    assert.equal(res.status, 200, JSON.stringify(series));
    assert.equal(series.bucketSeconds, 3600);
    assert.equal(series.buckets.length, 168);
    // Now is 13:20: the last bucket is 13:00–14:00, so the series starts 167 hours before 13:00.
    assert.equal(series.start, iso(Date.parse('2026-01-15T13:00:00Z') - 167 * hour));
    const pending = series.buckets.map((b: Json) => b.pending);
    assert.deepEqual(pending.slice(-4), [1, 0, 2, 0], '10:20 → 10:00, 12:20 twice → 12:00, nothing since');
    assert.equal(
      pending.reduce((a: number, b: number) => a + b, 0),
      3,
    );

    const { token: stranger } = await api.svix.authentication.appPortalAccess('other', {});
    const refused = await api.fetch(`/portal/v1/endpoints/${endpointId}/stats/series`, { token: stranger });
    assert.equal(refused.status, 404);
    assert.equal(((await refused.json()) as Json).code, 'not_found');
    const vendor = await api.fetch(`/portal/v1/endpoints/${endpointId}/stats/series`);
    assert.equal(vendor.status, 403, 'a portal route, for portal sessions');
  });
});

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { BackgroundTaskStatus, BackgroundTaskType } from 'svix';
import { STATS_BATCH } from '../src/delivery/stats-tasks.ts';
import { MAX_RUNNING_PER_APP } from '../src/domain/background-tasks.ts';
import type { Store } from '../src/store/types.ts';
import { apiError, byteOrder, type Json, manualClock, startApi } from './helpers.ts';
import { openFreshPostgresStore, postgresSuite } from './postgres.ts';
import { openSqliteStore } from './stores.ts';

const HOUR = 3_600_000;

/**
 * Svix's statistics operations through the `svix` SDK: each starts a vendor-wide background
 * task, run here by ticking the runner with a hand-moved clock, and followed with
 * backgroundTask.get until it ends.
 */
function statisticsSuite(name: string, openStore: () => Promise<Store>): void {
  describe(`statistics (${name})`, () => {
    let api: Awaited<ReturnType<typeof startApi>>;
    let clock: ReturnType<typeof manualClock>;
    let apps = { acme: '', other: '', quiet: '' };

    beforeEach(async () => {
      clock = manualClock(new Date('2026-03-01T12:00:00Z'));
      api = await startApi({ openStore, clock, delivery: { allowPrivateNetworks: true } });
      const made = async (uid: string) => (await api.svix.application.create({ name: uid, uid })).id;
      apps = { acme: await made('acme'), other: await made('other'), quiet: await made('quiet') };
      for (const name of ['invoice.created', 'invoice.paid', 'invoice.voided']) {
        await api.svix.eventType.create({ name, description: name });
      }
    });
    afterEach(() => api.close());

    // Raw HTTP, not the SDK: it names the event type filter filterTypes.
    const endpoint = async (app: string, eventTypes?: string[]): Promise<{ id: string }> => {
      const res = await api.fetch(`/api/v1/app/${app}/endpoint`, {
        method: 'POST',
        body: JSON.stringify({ url: 'http://127.0.0.1:9/hook', ...(eventTypes ? { eventTypes } : {}) }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      return res.json();
    };
    const send = (app: string, eventType = 'invoice.created') =>
      api.svix.message.create(app, { eventType, payload: { at: clock.now().toISOString() } });
    /** Ticks the runner until the task has ended; answers it as backgroundTask.get does. */
    const runToEnd = async (id: string) => {
      for (;;) {
        await api.tasks.tick();
        const task = await api.svix.backgroundTask.get(id);
        if (task.status !== BackgroundTaskStatus.Running) return task;
      }
    };
    const statsOf = (data: Json) =>
      Object.fromEntries(
        (data.appStats as Json[]).map((s) => [s.appUid, { messages: s.messages, destinations: s.messageDestinations }]),
      );

    it("counts each application's messages of the window and the endpoints they went to, as Svix's appStats", async () => {
      await endpoint('acme', ['invoice.created']);
      await endpoint('acme');
      await endpoint('other', ['invoice.paid']);
      await send('acme'); // before the window
      clock.advance(HOUR);
      const since = clock.now();
      await send('acme');
      await send('acme');
      await send('acme', 'invoice.paid'); // only the catch-all endpoint takes it
      await send('other'); // no endpoint of other's subscribes: a message, no destination
      await send('other', 'invoice.paid');
      clock.advance(HOUR);
      const until = clock.now();
      await send('acme'); // after it

      const started = await api.svix.statistics.aggregateAppStats({ since, until });
      assert.equal(started.status, BackgroundTaskStatus.Running);
      assert.equal(started.task, BackgroundTaskType.ApplicationStats);
      assert.deepEqual(started.unresolvedAppIds, []);
      const finished = await runToEnd(started.id);
      assert.equal(finished.status, BackgroundTaskStatus.Finished);
      assert.equal(finished.task, BackgroundTaskType.ApplicationStats);
      assert.deepEqual(statsOf(finished.data), {
        acme: { messages: 3, destinations: 5 },
        other: { messages: 2, destinations: 1 },
        quiet: { messages: 0, destinations: 0 },
      });
      const acme = (finished.data.appStats as Json[]).find((s) => s.appUid === 'acme');
      assert.equal(acme.appId, apps.acme);
      assert.deepEqual(Object.keys(finished.data).sort(), ['appIds', 'appStats', 'since', 'until'], 'no cursor shown');
    });

    it('does not count a manual resend as another destination', async () => {
      const ep = await endpoint('acme');
      const since = clock.now();
      const msg = await send('acme');
      await api.svix.messageAttempt.resend('acme', msg.id, ep.id);
      clock.advance(1000);
      const started = await api.svix.statistics.aggregateAppStats({ since, until: clock.now(), appIds: ['acme'] });
      const finished = await runToEnd(started.id);
      assert.deepEqual(statsOf(finished.data), { acme: { messages: 1, destinations: 1 } });
    });

    it('counts only the applications named by id or uid, and answers the names that found none', async () => {
      await send('acme');
      await send('other');
      clock.advance(1000);
      const started = await api.svix.statistics.aggregateAppStats({
        since: new Date(clock.now().getTime() - HOUR),
        until: clock.now(),
        // The operational webhooks' internal application (its id) is no application of the vendor's.
        appIds: [apps.other, 'acme', 'nobody', 'app_2zzzzzzzzzzzzzzzzzzzzzzzzzz', 'operational'],
      });
      assert.deepEqual(started.unresolvedAppIds, ['nobody', 'app_2zzzzzzzzzzzzzzzzzzzzzzzzzz', 'operational']);
      const finished = await runToEnd(started.id);
      assert.deepEqual(statsOf(finished.data), {
        acme: { messages: 1, destinations: 0 },
        other: { messages: 1, destinations: 0 },
      });
      assert.deepEqual(finished.data.appIds, [apps.acme, apps.other].sort(byteOrder));
    });

    it('refuses, as Svix, a list of which no name is an application, and a window that ends before it starts', async () => {
      const since = new Date(clock.now().getTime() - HOUR);
      const none = await apiError(
        api.svix.statistics.aggregateAppStats({ since, until: clock.now(), appIds: ['nobody'] }),
      );
      assert.equal(none.code, 422);
      assert.equal(none.body.code, 'validation_error');
      const backwards = await apiError(api.svix.statistics.aggregateAppStats({ since: clock.now(), until: since }));
      assert.equal(backwards.code, 422);
      const raw = await api.fetch('/api/v1/stats/usage/app', {
        method: 'POST',
        body: JSON.stringify({ since: 'soon' }),
      });
      assert.equal(raw.status, 422);
      const dup = await api.fetch('/api/v1/stats/usage/app', {
        method: 'POST',
        body: JSON.stringify({
          since: since.toISOString(),
          until: clock.now().toISOString(),
          appIds: ['acme', 'acme'],
        }),
      });
      assert.equal(dup.status, 422);
    });

    it("lists, per application, the event types its endpoints name and whether one takes every type, as Svix's event_types", async () => {
      await endpoint('acme', ['invoice.paid', 'invoice.created']);
      await endpoint('acme', ['invoice.created']);
      await endpoint('other', ['invoice.voided']);
      await endpoint('other');
      const started = await api.svix.statistics.aggregateEventTypes();
      assert.equal(started.task, BackgroundTaskType.EventTypeAggregate);
      assert.equal(started.status, BackgroundTaskStatus.Running);
      const finished = await runToEnd(started.id);
      assert.equal(finished.status, BackgroundTaskStatus.Finished);
      const byApp = Object.fromEntries((finished.data.event_types as Json[]).map((e) => [e.appId, e]));
      assert.deepEqual(byApp[apps.acme], {
        appId: apps.acme,
        explicitlySubscribedEventTypes: ['invoice.created', 'invoice.paid'],
        hasCatchAllEndpoint: false,
      });
      assert.deepEqual(byApp[apps.other], {
        appId: apps.other,
        explicitlySubscribedEventTypes: ['invoice.voided'],
        hasCatchAllEndpoint: true,
      });
      assert.deepEqual(byApp[apps.quiet], {
        appId: apps.quiet,
        explicitlySubscribedEventTypes: [],
        hasCatchAllEndpoint: false,
      });
    });

    it('walks the applications a batch at a time, every one counted once', async () => {
      const total = STATS_BATCH * 2 + 1;
      for (let i = 3; i < total; i++) await api.svix.application.create({ name: `app ${i}` });
      const started = await api.svix.statistics.aggregateEventTypes();
      await api.tasks.tick();
      const first = await api.svix.backgroundTask.get(started.id);
      assert.equal(first.status, BackgroundTaskStatus.Running);
      assert.equal(first.data.event_types.length, STATS_BATCH);
      const finished = await runToEnd(started.id);
      const ids = (finished.data.event_types as Json[]).map((e) => e.appId);
      assert.equal(ids.length, total);
      assert.equal(new Set(ids).size, total);
    });

    it('caps running vendor-wide tasks as an application is capped, apart from any application', async () => {
      for (let i = 0; i < MAX_RUNNING_PER_APP; i++) await api.svix.statistics.aggregateEventTypes();
      const refused = await apiError(api.svix.statistics.aggregateEventTypes());
      assert.equal(refused.code, 409);
      assert.equal(refused.body.code, 'too_many_background_tasks');
      // An application's own tasks are not held back by the vendor's.
      const ep = await endpoint('acme');
      await api.svix.endpoint.recover('acme', ep.id, { since: new Date(clock.now().getTime() - HOUR) });
    });

    it('caps vendor-wide tasks asked for all at once too: the requests take turns', async () => {
      const answers = await Promise.allSettled(
        Array.from({ length: 2 * MAX_RUNNING_PER_APP }, () => api.svix.statistics.aggregateEventTypes()),
      );
      assert.equal(answers.filter((a) => a.status === 'fulfilled').length, MAX_RUNNING_PER_APP);
    });

    it("is the vendor's alone: a portal session can neither start one nor read its task", async () => {
      const started = await api.svix.statistics.aggregateEventTypes();
      const { token } = await api.svix.authentication.appPortalAccess('acme', {});
      const session = api.client(token);
      assert.equal((await apiError(session.statistics.aggregateEventTypes())).code, 403);
      const window = { since: new Date(clock.now().getTime() - HOUR), until: clock.now() };
      assert.equal((await apiError(session.statistics.aggregateAppStats(window))).code, 403);
      assert.equal((await apiError(session.backgroundTask.get(started.id))).code, 403);
      const portal = await api.fetch(`/portal/v1/background-tasks/${started.id}`, { token });
      assert.equal(portal.status, 404);
    });
  });
}

statisticsSuite('SQLite', () => openSqliteStore(':memory:'));
describe('PostgreSQL', postgresSuite, () => statisticsSuite('PostgreSQL', () => openFreshPostgresStore()));

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { BackgroundTaskStatus, BackgroundTaskType } from 'svix';
import { REPLAY_BACKLOG, REPLAY_BATCH } from '../src/delivery/replay-tasks.ts';
import { MAX_RUNNING_PER_APP } from '../src/domain/background-tasks.ts';
import type { Store } from '../src/store/types.ts';
import { apiError, type Json, manualClock, startApi } from './helpers.ts';
import { startReceiver } from './receiver.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TASK_ID = /^qtask_[A-Za-z0-9]{27}$/;

/** Svix's RecoverOut / ReplayOut, as the wire carries it: exactly these fields. */
function assertStarted(raw: Json, task: string): void {
  assert.deepEqual(Object.keys(raw).sort(), ['id', 'status', 'task', 'updatedAt']);
  assert.match(raw.id, TASK_ID);
  assert.equal(raw.status, 'running');
  assert.equal(raw.task, task);
  assert.equal(new Date(raw.updatedAt).toISOString(), raw.updatedAt);
}

/**
 * Recoveries and replays as background tasks, end to end through the API with the `svix` SDK,
 * on the store `openStore` makes (fresh for each test). The runner and the worker are ticked
 * by hand, with a hand-moved clock.
 */
export function replaySuite(name: string, openStore: () => Promise<Store>): void {
  describe(`recoveries and replays (${name})`, () => {
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
      api = await startApi({ openStore, clock, delivery: { allowPrivateNetworks: true } });
      for (const uid of ['acme', 'other']) await api.svix.application.create({ name: uid, uid });
      for (const name of ['invoice.created', 'invoice.paid']) {
        await api.svix.eventType.create({ name, description: name });
      }
    });
    afterEach(() => api.close());

    // Raw HTTP, not the SDK: it names the event type filter filterTypes, and has no retrySchedule.
    const endpoint = async (path: string, extra: object = {}, app = 'acme'): Promise<{ id: string }> => {
      const res = await api.fetch(`/api/v1/app/${app}/endpoint`, {
        method: 'POST',
        body: JSON.stringify({ url: `${receiver.url}${path}`, ...extra }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      return res.json();
    };
    const send = (eventType = 'invoice.created', extra: object = {}, app = 'acme') =>
      api.svix.message.create(app, { eventType, payload: { at: clock.now().toISOString() }, ...extra });
    const setDisabled = async (id: string, disabled: boolean) => {
      const res = await api.fetch(`/api/v1/app/acme/endpoint/${id}`, {
        method: 'PATCH',
        body: JSON.stringify({ disabled }),
      });
      assert.equal(res.status, 200, await res.clone().text());
    };
    const ids = (path: string) => receiver.at(path).map((r) => String(r.headers['webhook-id']));
    /** Runs the runner and the worker until the task is no longer running, and what it queued is sent. */
    const runToEnd = async (taskId: string) => {
      for (;;) {
        await api.tasks.tick();
        await api.worker.tick();
        const task = await api.svix.backgroundTask.get(taskId);
        if (task.status !== BackgroundTaskStatus.Running) {
          while ((await api.worker.tick()) > 0);
          return task;
        }
      }
    };
    const since = () => new Date(clock.now().getTime() - HOUR);

    it('replays exactly the messages an endpoint missed while disabled: not those it had, not others its filter or another app holds', async () => {
      const target = await endpoint('/target', { eventTypes: ['invoice.created'], channels: ['eu', 'us'] });
      await endpoint('/bystander');
      const delivered = await send('invoice.created', { channels: ['eu'] });
      await api.worker.tick();
      clock.advance(1000);
      await setDisabled(target.id, true);
      const missed = [
        await send('invoice.created', { channels: ['eu'] }),
        await send('invoice.created', { channels: ['us'] }),
      ];
      const otherType = await send('invoice.paid', { channels: ['eu'] });
      const otherChannel = await send('invoice.created', { channels: ['asia'] });
      const noChannel = await send('invoice.created');
      await endpoint('/other-app', {}, 'other');
      await send('invoice.created', { channels: ['eu'] }, 'other');
      await api.worker.tick();
      clock.advance(1000);
      await setDisabled(target.id, false);
      const afterwards = await send('invoice.created', { channels: ['eu'] });
      await api.worker.tick();
      assert.deepEqual(ids('/target'), [delivered.id, afterwards.id]);
      const bystanderBefore = ids('/bystander').length;

      const { token } = await api.svix.authentication.appPortalAccess('acme', {});
      const window = `since=${encodeURIComponent(since().toISOString())}`;
      const counted = await (
        await api.fetch(`/portal/v1/endpoints/${target.id}/replay-missing?${window}`, { token })
      ).json();
      assert.deepEqual(Object.keys(counted).sort(), ['messages', 'until']);
      assert.equal(counted.messages, 2, 'counted first');

      const raw = await api.fetch(`/api/v1/app/acme/endpoint/${target.id}/replay-missing`, {
        method: 'POST',
        token,
        body: JSON.stringify({ since: since().toISOString(), until: counted.until }),
      });
      assert.equal(raw.status, 202);
      const started = await raw.json();
      assertStarted(started, 'endpoint.replay');
      const finished = await runToEnd(started.id);
      assert.equal(finished.status, BackgroundTaskStatus.Finished);
      assert.equal(finished.task, BackgroundTaskType.EndpointReplay);
      assert.equal(finished.data.messagesSent, 2);
      assert.deepEqual(ids('/target').slice(2).sort(), missed.map((m) => m.id).sort());
      for (const m of [otherType, otherChannel, noChannel]) assert.ok(!ids('/target').includes(m.id));
      assert.equal(ids('/bystander').length, bystanderBefore, 'no other endpoint gets anything');
      assert.equal(receiver.at('/other-app').length, 1, "nor another application's");

      const portalView = await (await api.fetch(`/portal/v1/background-tasks/${started.id}`, { token })).json();
      assert.deepEqual(Object.keys(portalView).sort(), ['data', 'id', 'status', 'task', 'updatedAt']);
      assert.deepEqual(portalView.data, {
        endpointId: target.id,
        since: since().toISOString(),
        until: counted.until,
        messagesSent: 2,
      });
      const again = await api.svix.endpoint.replayMissing('acme', target.id, { since: since() });
      assert.equal((await runToEnd(again.id)).data.messagesSent, 0, 'nothing is missing any more');
      assert.equal(ids('/target').length, 4);
    });

    it('replays in bulk what was dispatched to the endpoint, filtered by status, answer, event type, tag and channel', async () => {
      const ep = await endpoint('/bulk', { channels: ['eu', 'us'], retrySchedule: [1] });
      // a: delivered; b: refused (500, and so is its one retry); c: delivered, untagged; d: another channel.
      receiver.script('/bulk', [{}, { status: 500 }, {}, {}, { status: 500 }]);
      const a = await send('invoice.created', { tags: ['vip'], channels: ['eu'] });
      await api.worker.tick();
      const b = await send('invoice.paid', { tags: ['vip'], channels: ['eu'] });
      await api.worker.tick();
      const c = await send('invoice.created', { channels: ['eu'] });
      await api.worker.tick();
      const d = await send('invoice.created', { tags: ['vip'], channels: ['us'] });
      await api.worker.tick();
      clock.advance(1000);
      await api.worker.tick();
      assert.equal((await api.svix.endpoint.getStats('acme', ep.id)).fail, 1);
      receiver.script('/bulk', {});
      const before = receiver.at('/bulk').length;
      const replay = async (filter: object) => {
        const task = await api.svix.endpoint.bulkReplay('acme', ep.id, {
          since: new Date(clock.now().getTime() - 30 * DAY),
          ...filter,
        });
        assert.match(task.id, TASK_ID);
        assert.equal(task.task, BackgroundTaskType.EndpointBulkReplay);
        const start = receiver.at('/bulk').length;
        const done = await runToEnd(task.id);
        assert.equal(done.status, BackgroundTaskStatus.Finished);
        const sent = ids('/bulk').slice(start);
        assert.equal(done.data.messagesSent, sent.length);
        return sent.sort();
      };
      assert.deepEqual(await replay({ status: 2 }), [b.id], 'the failed one');
      assert.deepEqual(await replay({ statusCodeClass: 500 }), [], 'its latest answer is a 200 now');
      assert.deepEqual(
        await replay({ statusCodeClass: 200, tag: 'vip', eventTypes: ['invoice.created'] }),
        [a.id, d.id].sort(),
      );
      assert.deepEqual(await replay({ channel: 'us' }), [d.id]);
      assert.deepEqual(await replay({ status: 0 }), [a.id, b.id, c.id, d.id].sort(), 'all of them, delivered');
      assert.equal(receiver.at('/bulk').length, before + 8, 'each replayed once per task');
    });

    it('shows a long replay advance batch by batch, no faster than the endpoint takes it, and lists tasks by status and kind', async () => {
      const ep = await endpoint('/long');
      await setDisabled(ep.id, true);
      const total = REPLAY_BATCH + 20;
      for (let i = 0; i < total; i++) await send();
      await setDisabled(ep.id, false);
      const task = await api.svix.endpoint.replayMissing('acme', ep.id, { since: since() });
      assert.equal(await api.tasks.tick(), 1);
      const first = await api.svix.backgroundTask.get(task.id);
      assert.deepEqual([first.status, first.data.messagesSent], [BackgroundTaskStatus.Running, REPLAY_BATCH]);
      assert.equal(await api.tasks.tick(), 0, 'the endpoint has a batch pending: the replay waits');
      const stats = await api.svix.endpoint.getStats('acme', ep.id);
      assert.equal(stats.pending + stats.sending, REPLAY_BACKLOG, 'a replay never queues more than that at once');
      const done = await runToEnd(task.id);
      assert.equal(done.data.messagesSent, total);
      assert.equal(new Set(ids('/long')).size, total);
      assert.equal(receiver.at('/long').length, total, 'each once');

      // The vendor's list: every application's tasks, filtered and paged.
      const other = await endpoint('/other', {}, 'other');
      const recovery = await api.svix.endpoint.recover('other', other.id, { since: since() });
      const list = await api.svix.backgroundTask.list({ limit: 1, order: 'ascending' } as never);
      assert.deepEqual(
        list.data.map((t) => t.id),
        [task.id],
      );
      assert.equal(list.done, false);
      const next = await api.svix.backgroundTask.list({
        limit: 1,
        order: 'ascending',
        iterator: list.iterator,
      } as never);
      assert.deepEqual([next.data.map((t) => t.id), next.done], [[recovery.id], true]);
      const running = await api.svix.backgroundTask.list({ status: BackgroundTaskStatus.Running });
      assert.deepEqual(
        running.data.map((t) => t.id),
        [recovery.id],
      );
      const replays = await api.svix.backgroundTask.list({ task: BackgroundTaskType.EndpointReplay });
      assert.deepEqual(
        replays.data.map((t) => t.id),
        [task.id],
      );
      const newestFirst = await api.svix.backgroundTask.list({});
      assert.deepEqual(
        newestFirst.data.map((t) => t.id),
        [recovery.id, task.id],
      );
      assert.deepEqual(await runToEnd(recovery.id).then((t) => t.data.messagesSent), 0);
    });

    it("refuses a window too old or backwards, a disabled endpoint, and portal sessions on the vendor list or on other applications' tasks", async () => {
      const ep = await endpoint('/checked');
      const tooOld = await apiError(
        api.svix.endpoint.replayMissing('acme', ep.id, { since: new Date(clock.now().getTime() - 91 * DAY) }),
      );
      assert.equal(tooOld.code, 422);
      assert.match(JSON.stringify(tooOld.body.detail), /within the last 90 days/);
      const backwards = await apiError(
        api.svix.endpoint.bulkReplay('acme', ep.id, { since: since(), until: new Date(since().getTime() - 1) }),
      );
      assert.equal(backwards.code, 422);
      assert.match(JSON.stringify(backwards.body.detail), /after since/);
      const future = await apiError(
        api.svix.endpoint.recover('acme', ep.id, { since: new Date(clock.now().getTime() + HOUR) }),
      );
      assert.deepEqual([future.code, JSON.stringify(future.body.detail).includes('future')], [422, true]);
      const badClass = await api.fetch(`/api/v1/app/acme/endpoint/${ep.id}/bulk-replay`, {
        method: 'POST',
        body: JSON.stringify({ since: since().toISOString(), statusCodeClass: 250 }),
      });
      assert.equal(badClass.status, 422);
      await setDisabled(ep.id, true);
      // One at a time: a refusal not yet awaited would count as unhandled.
      for (const call of [
        () => api.svix.endpoint.recover('acme', ep.id, { since: since() }),
        () => api.svix.endpoint.replayMissing('acme', ep.id, { since: since() }),
        () => api.svix.endpoint.bulkReplay('acme', ep.id, { since: since() }),
      ]) {
        const refused = await apiError(call());
        assert.deepEqual([refused.code, refused.body.code], [409, 'endpoint_disabled']);
      }
      await setDisabled(ep.id, false);

      const theirs = await endpoint('/theirs', {}, 'other');
      const task = await api.svix.endpoint.replayMissing('other', theirs.id, { since: since() });
      const { token } = await api.svix.authentication.appPortalAccess('acme', {});
      const portal = api.client(token);
      assert.equal((await apiError(portal.backgroundTask.list())).code, 403, 'the vendor list is the vendor’s');
      assert.equal((await apiError(portal.backgroundTask.get(task.id))).code, 403);
      const hidden = await api.fetch(`/portal/v1/background-tasks/${task.id}`, { token });
      assert.equal(hidden.status, 404, 'another application’s task is not there');
      const missing = await api.fetch(`/portal/v1/background-tasks/qtask_${'0'.repeat(27)}`, { token });
      assert.equal(missing.status, 404);
    });

    it('lets a hostile portal session run only a few tasks at once, each in turn with other applications’ tasks', async () => {
      const ep = await endpoint('/hostile');
      await setDisabled(ep.id, true);
      for (let i = 0; i < 3; i++) await send();
      await setDisabled(ep.id, false);
      const { token } = await api.svix.authentication.appPortalAccess('acme', {});
      const hostile = api.client(token);
      const mine = [];
      for (let i = 0; i < MAX_RUNNING_PER_APP; i++) {
        mine.push(await hostile.endpoint.bulkReplay('acme', ep.id, { since: since() }));
      }
      const refused = await apiError(hostile.endpoint.replayMissing('acme', ep.id, { since: since() }));
      assert.deepEqual([refused.code, refused.body.code], [409, 'too_many_background_tasks']);
      const theirs = await endpoint('/quiet', {}, 'other');
      const quiet = await api.svix.endpoint.replayMissing('other', theirs.id, { since: since() });
      assert.equal(await api.tasks.tick(), MAX_RUNNING_PER_APP + 1, 'one round takes every application’s task');
      assert.equal((await api.svix.backgroundTask.get(quiet.id)).status, BackgroundTaskStatus.Finished);
      for (const t of mine) await runToEnd(t.id);
      const again = await hostile.endpoint.replayMissing('acme', ep.id, { since: since() });
      assert.equal((await runToEnd(again.id)).status, BackgroundTaskStatus.Finished, 'room again once they finished');
    });
  });
}

import { AttemptStatus, type DeliveryTask, type Message, TriggerType } from '../../model.ts';
import type { DeliveryQueue, TaskChange } from '../types.ts';
import type { SqlDatabase, SqlValue } from './database.ts';
import { sqlReplays } from './replays.ts';
import { subscribes } from './subscription.ts';
import { flag, optionalTime, plain, table, time } from './table.ts';
import { padded, valuesTable } from './values.ts';

interface Row {
  id: number;
  app_id: string;
  msg_id: string;
  endpoint_id: string;
  status: AttemptStatus;
  trigger_type: TriggerType;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  failing_notified: number;
  created_at: number;
  updated_at: number;
}

const { fromRow } = table<DeliveryTask>('tasks', 'id', {
  id: plain(),
  appId: plain(),
  msgId: plain(),
  endpointId: plain(),
  status: plain(),
  triggerType: plain(),
  attempts: plain(),
  nextAttemptAt: time,
  leaseUntil: optionalTime,
  failingNotified: flag,
  createdAt: time,
  updatedAt: time,
});

const PENDING = 1;
/** The channel on which PostgreSQL tells idle workers of other processes that work was queued. */
const CHANNEL = 'patchbay_tasks';
/** Above every id (ids are ASCII letters, digits and `_`, compared bytewise in both databases). */
const END = '~';

/**
 * One step of the circle of endpoints that have pending tasks, from just after `?` (the lower
 * bound) to `?` (the upper bound), at most `?` steps: an index seek each, so the walk costs
 * the number of busy endpoints it passes, never the length of anyone's backlog.
 */
const walk = (name: string) => `${name}(endpoint_id, step) AS (
  SELECT (SELECT MIN(endpoint_id) FROM tasks WHERE status = ${PENDING} AND endpoint_id > ?), 1
  UNION ALL
  SELECT (SELECT MIN(t.endpoint_id) FROM tasks t WHERE t.status = ${PENDING} AND t.endpoint_id > ${name}.endpoint_id), ${name}.step + 1
  FROM ${name} WHERE ${name}.endpoint_id IS NOT NULL AND ${name}.endpoint_id < ? AND ${name}.step < ?
)`;
/** Task `t` is due now (`?`) and no live lease is on it (`?`). */
const DUE = (t: string) =>
  `${t}.status = ${PENDING} AND ${t}.next_attempt_at <= ? AND (${t}.lease_until IS NULL OR ${t}.lease_until <= ?)`;

/**
 * One message goes to one endpoint in one dispatch at a time: task `t` waits while another
 * task of its message and endpoint holds a live lease (`?`) — a retry and a resend, or a second
 * resend — or is older (so due too, as `t` is), so a claim takes the oldest of them only.
 * Whichever goes out first settles the others when it delivers (settleOthers), or hands over to
 * the next when it fails. Each test is one seek, however many dispatches the pair has: among the
 * pair's leases (tasks_pair_leased), and the pair's first entry in tasks_pair_order — asked as
 * "is `t` that first", since "is any older" scans every task of the pair due at the same time.
 */
const FIRST_OF_ITS_MESSAGE = (t: string) => `NOT EXISTS (SELECT 1 FROM tasks o
      WHERE o.msg_id = ${t}.msg_id AND o.endpoint_id = ${t}.endpoint_id AND o.lease_until > ? AND o.status = ${PENDING})
    AND ${t}.id = (SELECT o.id FROM tasks o
      WHERE o.msg_id = ${t}.msg_id AND o.endpoint_id = ${t}.endpoint_id AND o.status = ${PENDING}
      ORDER BY o.next_attempt_at, o.id LIMIT 1)`;

/**
 * How many of an endpoint's oldest due tasks a claim reads per free slot. The claim passes over
 * tasks waiting for another dispatch of their message; reading a bounded range keeps a pile of
 * them (a message resent a thousand times) from making every claim slower, at the cost of that
 * endpoint's later messages waiting behind the pile until its message is delivered (which
 * settles the pile) or its dispatches have failed one by one.
 */
const WINDOW = 4;

/**
 * The walked endpoints a claim can take something from now, with their application: under
 * their cap of live leases (`?`, `?`), and with a due task that is the first of its message's
 * dispatches to them among their oldest `?` due ones (as OLDEST_OF_ENDPOINT reads them). An
 * endpoint that has only tasks waiting for a dispatch already out, or that is at its cap, is
 * passed over like one with nothing due: counted, it would take a place of the claim's `limit`
 * and the claim would come back empty-handed, again and again, while endpoints after it wait.
 */
const dueOf = (name: string, bound: string) => `SELECT ${name}.endpoint_id AS endpoint_id,
    (SELECT a.app_id FROM tasks a WHERE a.endpoint_id = ${name}.endpoint_id AND a.status = ${PENDING} LIMIT 1) AS app_id,
    (SELECT COUNT(*) FROM tasks l WHERE l.endpoint_id = ${name}.endpoint_id AND l.status = ${PENDING} AND l.lease_until > ?) AS leased
  FROM ${name}
  WHERE ${name}.endpoint_id IS NOT NULL AND ${name}.endpoint_id ${bound} ?
    AND (SELECT COUNT(*) FROM tasks l WHERE l.endpoint_id = ${name}.endpoint_id AND l.status = ${PENDING} AND l.lease_until > ?) < ?
    AND EXISTS (SELECT 1 FROM (
      SELECT d.id, d.msg_id, d.endpoint_id FROM tasks d WHERE d.endpoint_id = ${name}.endpoint_id AND ${DUE('d')}
      ORDER BY d.next_attempt_at, d.id LIMIT ?) AS w
      WHERE ${FIRST_OF_ITS_MESSAGE('w')})`;
/** From the cursor to the end of the ids, then from the start back to the cursor: one turn of the circle. */
const DUE_ENDPOINTS = `WITH RECURSIVE ${walk('ahead')}, ${walk('behind')}
  SELECT * FROM (${dueOf('ahead', '<')} UNION ALL ${dueOf('behind', '<=')}) AS due LIMIT ?`;

/**
 * Where a walk from the cursor stopped short, when it did: the endpoint at its last step ahead
 * (before the end of the ids), else the one at its last step behind (before the cursor); none
 * when it went all the way round.
 */
const WALK_STOPS = `WITH RECURSIVE ${walk('ahead')}, ${walk('behind')}
  SELECT (SELECT endpoint_id FROM ahead WHERE step = ?) AS ahead,
    (SELECT endpoint_id FROM behind WHERE step = ? AND endpoint_id < ?) AS behind`;

/**
 * How many walks one claim makes at most when the endpoints walked have nothing it can take:
 * a crowd of endpoints waiting (for scheduled messages, for retries) is passed by this many
 * walks' worth in one claim, and the next claim goes on from there.
 */
const MAX_WALKS = 16;

/**
 * One endpoint's oldest claimable tasks, at most `?` of them, from its oldest `?` due ones (an
 * index range, however long its backlog).
 */
const OLDEST_OF_ENDPOINT = (i: number) => `SELECT id FROM (
  SELECT w.id FROM (
    SELECT t.id, t.msg_id, t.endpoint_id, t.next_attempt_at FROM tasks t WHERE t.endpoint_id = ? AND ${DUE('t')}
    ORDER BY t.next_attempt_at, t.id LIMIT ?) AS w
  WHERE ${FIRST_OF_ITS_MESSAGE('w')}
  ORDER BY w.next_attempt_at, w.id LIMIT ?) AS p${i}`;

export function sqlQueue(db: SqlDatabase): DeliveryQueue {
  const { dialect } = db;
  /** Endpoint `e` of application `app` takes a message of `eventType` sent to `channels` (JSON): fanOut and wouldFanOut decide alike. */
  const receives = (app: string, eventType: string, channels: string) =>
    `e.app_id = ${app} AND e.disabled = 0 AND e.draft = 0 AND ${subscribes(dialect, 'e', eventType, channels)}`;
  /** DeliveryQueue.fanOutAll: the messages are read back from their table, where they are by now. */
  async function fanOutAll(messages: Message[], now: Date): Promise<number> {
    if (messages.length === 0) return 0;
    // One statement for every message of the batch, each found by its id. A scheduled message's dispatches are due at its deliverAt: the
    // worker sleeps until then, as for a retry.
    const ms = now.getTime();
    return db.transaction(async (tx) => {
      const { changes } = await tx.run(
        `INSERT INTO tasks (app_id, msg_id, endpoint_id, status, trigger_type, attempts, next_attempt_at, lease_until, failing_notified, created_at, updated_at)
         SELECT e.app_id, m.id, e.id, ${PENDING}, ${TriggerType.Scheduled}, 0, COALESCE(m.deliver_at, CAST(? AS BIGINT)), NULL, 0, CAST(? AS BIGINT), CAST(? AS BIGINT)
         FROM messages m JOIN endpoints e ON ${receives('m.app_id', 'm.event_type', "COALESCE(m.channels, '[]')")}
         WHERE ${dialect.oneOf('m.id')}`,
        [ms, ms, ms, JSON.stringify(messages.map((m) => m.id))],
      );
      if (changes > 0) await tx.notify(CHANNEL);
      return changes;
    });
  }
  /** Where the circle of busy endpoints was left: the last endpoint a claim served. */
  let cursor = '';
  /** Whether the last claim took as many as it was asked for. */
  let lastFull = false;

  /**
   * The batch's task changes in one statement. A task changes only while its claim's lease is
   * the one on the row (`lease_until` acts as a fencing token), compared row by row: one lost lease leaves that task alone and no other. Answers
   * the tasks changed, with their message and endpoint.
   */
  async function change(tx: SqlDatabase, changes: TaskChange[], ms: number) {
    // Padded to a power of two (rows of nulls match no task), so a handful of statement texts serve every batch.
    const rows = padded(changes).map((c): SqlValue[] =>
      c
        ? [
            c.task.id,
            c.task.leaseUntil?.getTime() ?? null,
            c.status,
            c.attempts,
            c.status === AttemptStatus.Pending ? c.retryAt.getTime() : null,
            c.status === AttemptStatus.Pending ? Number(c.failingNotified) : null,
          ]
        : [null, null, null, null, null, null],
    );
    const changed = await tx.all<{ id: number | string; msg_id: string; endpoint_id: string; status: number }>(
      `UPDATE tasks SET status = v.column3, attempts = v.column4,
         next_attempt_at = COALESCE(v.column5, tasks.next_attempt_at),
         failing_notified = COALESCE(v.column6, tasks.failing_notified), lease_until = NULL, updated_at = ?
       FROM ${valuesTable(rows, ['BIGINT', 'BIGINT', 'INTEGER', 'INTEGER', 'BIGINT', 'INTEGER'])}
       WHERE tasks.id = v.column1 AND tasks.status = ${PENDING} AND tasks.lease_until = v.column2
       RETURNING tasks.id, tasks.msg_id, tasks.endpoint_id, tasks.status`,
      [ms, ...rows.flat()],
    );
    return changed.map((r) => ({ ...r, id: Number(r.id) }));
  }

  /**
   * The message is there: a retry still waiting for it (or a second resend) would deliver it
   * twice. Ends the other pending dispatches of each delivered task's message to its endpoint,
   * those no claim holds, in one statement.
   */
  const settleOthersOf = (
    tx: SqlDatabase,
    delivered: { id: number; msg_id: string; endpoint_id: string }[],
    ms: number,
  ) =>
    tx.run(
      `UPDATE tasks SET status = 0, lease_until = NULL, updated_at = ?
       WHERE ${dialect.oneOf('msg_id')} AND status = ${PENDING} AND (lease_until IS NULL OR lease_until <= ?)
         AND msg_id || ' ' || endpoint_id IN (SELECT value FROM ${dialect.jsonValues('?')})
         AND id NOT IN (SELECT CAST(value AS BIGINT) FROM ${dialect.jsonValues('?')})`,
      [
        ms,
        JSON.stringify([...new Set(delivered.map((r) => r.msg_id))]),
        ms,
        JSON.stringify(delivered.map((r) => `${r.msg_id} ${r.endpoint_id}`)),
        JSON.stringify(delivered.map((r) => r.id)),
      ],
    );

  /** {@link change} alone, for one task: true when its lease held. */
  const changeOne = (c: TaskChange, now: Date) =>
    db.transaction(async (tx) => (await change(tx, [c], now.getTime())).length === 1);

  return {
    ...sqlReplays(db, CHANNEL),
    async enqueue(tasks, now) {
      if (tasks.length === 0) return;
      await db.transaction(async (tx) => {
        for (const t of tasks) {
          await tx.run(
            `INSERT INTO tasks (app_id, msg_id, endpoint_id, status, trigger_type, attempts, next_attempt_at, lease_until, failing_notified, created_at, updated_at)
             VALUES (?, ?, ?, ${PENDING}, ?, 0, ?, NULL, 0, ?, ?)`,
            [t.appId, t.msgId, t.endpointId, t.triggerType, t.nextAttemptAt.getTime(), now.getTime(), now.getTime()],
          );
        }
        await tx.notify(CHANNEL);
      });
    },

    fanOut: (message, now) => fanOutAll([message], now),
    fanOutAll,

    async wouldFanOut(appId, eventType, channels) {
      return !!(await db.get(`SELECT 1 AS hit FROM endpoints e WHERE ${receives('?', '?', '?')} LIMIT 1`, [
        appId,
        eventType,
        JSON.stringify(channels ?? []),
      ]));
    },

    claim({ now, limit, leaseMs, perEndpoint }) {
      return db.transaction(async (tx) => {
        const ms = now.getTime();
        // The endpoints next in turn that have something due, continuing where the last claim
        // stopped: one endpoint's backlog, however long, is one turn among the others.
        const maxSteps = Math.max(256, limit * 16);
        const window = Math.min(limit, perEndpoint) * WINDOW;
        const claimable = (bound: string) => [ms, bound, ms, perEndpoint, ms, ms, window, ms];
        // Nothing due at all (one seek among the pending tasks by time): no walk. After a full
        // claim more is likely due: the walk itself finds out.
        const full = lastFull;
        lastFull = false;
        if (!full && !(await tx.get(`SELECT 1 AS due FROM tasks WHERE ${DUE('tasks')} LIMIT 1`, [ms, ms]))) return [];
        let due: { endpoint_id: string; app_id: string; leased: number }[] = [];
        for (let walked = 0; walked < MAX_WALKS; walked++) {
          // Both walks' bounds: from the cursor to the end of the ids, and from the start to the cursor.
          const walks = [cursor, END, maxSteps, '', cursor, maxSteps];
          due = await tx.all(DUE_ENDPOINTS, [...walks, ...claimable(END), ...claimable(cursor), limit]);
          if (due.length > 0) break;
          // The endpoints walked have nothing to take, though something is due: the walk goes on
          // from where it stopped, so an endpoint past a crowd of waiting ones is reached.
          const stops = await tx.get<{ ahead: string | null; behind: string | null }>(WALK_STOPS, [
            ...walks,
            maxSteps,
            maxSteps,
            cursor,
          ]);
          const next = stops?.ahead ?? stops?.behind;
          if (!next) return [];
          cursor = next;
        }
        if (due.length === 0) return [];
        // Should another process change what the walk saw before this claim takes anything, the
        // next claim still moves on past these endpoints, rather than find the same ones again.
        const passOver = () => {
          cursor = due.at(-1)?.endpoint_id ?? cursor;
          return [];
        };
        // The per-endpoint limit counts every process's live leases. Holding the endpoint rows
        // makes two processes' claims for one endpoint take turns, so neither overshoots on a
        // count the other is about to change; taking them in id order keeps two claims from
        // waiting on each other.
        // (SQLite has one writer, this process, whose claims take turns: the walk's count holds.)
        let busy: { endpoint_id: string; leased: number | string }[] = due;
        if (dialect.hold) {
          const ids = JSON.stringify(due.map((d) => d.endpoint_id).sort());
          await tx.all(
            `SELECT id FROM endpoints WHERE id IN (SELECT value FROM ${dialect.jsonValues('?')}) ORDER BY id${dialect.hold}`,
            [ids],
          );
          busy = await tx.all<{ endpoint_id: string; leased: number }>(
            `SELECT endpoint_id, COUNT(*) AS leased FROM tasks
             WHERE endpoint_id IN (SELECT value FROM ${dialect.jsonValues('?')}) AND status = ${PENDING} AND lease_until > ?
             GROUP BY endpoint_id`,
            [ids, ms],
          );
        }
        const leased = new Map(busy.map((b) => [b.endpoint_id, Number(b.leased)]));
        const open = due
          .map((d) => ({ ...d, free: Math.min(limit, perEndpoint - (leased.get(d.endpoint_id) ?? 0)) }))
          .filter((d) => d.free > 0);
        if (open.length === 0) return passOver();
        // Padded to a power of two, so a handful of statement texts serve every claim.
        const parts = 2 ** Math.ceil(Math.log2(open.length));
        const params: (string | number)[] = [];
        for (let i = 0; i < parts; i++) {
          const d = open[i];
          const free = d?.free ?? 0;
          params.push(d?.endpoint_id ?? '', ms, ms, free * WINDOW, ms, free);
        }
        params.push(ms, ms);
        // The outer conditions are not redundant: when a row changed after this statement's
        // snapshot (settleOthers delivered it, its old worker rescheduled it), PostgreSQL locks
        // its newest version and re-tests only the outer WHERE on it, not the subquery's. The
        // chosen ids are worked out once (MATERIALIZED): a planner that thinks the due tasks are
        // one row (statistics taken while the queue was empty) would otherwise run the whole
        // choice again for each due task, seconds per claim behind a backlog.
        const rows = await tx.all<Row>(
          `WITH chosen AS MATERIALIZED (${Array.from({ length: parts }, (_, i) => OLDEST_OF_ENDPOINT(i)).join(' UNION ALL ')})
           SELECT * FROM tasks WHERE ${DUE('tasks')} AND id IN (SELECT id FROM chosen)${dialect.skipLocked}`,
          params,
        );
        const picked = takeInTurn(open, rows, limit);
        if (picked.length === 0) return passOver();
        const last = open.findLast((d) => picked.some((r) => r.endpoint_id === d.endpoint_id));
        // A full claim may have left endpoints of this turn unserved: the next claim starts after the last served.
        cursor = picked.length === limit ? (last?.endpoint_id ?? cursor) : (open.at(-1)?.endpoint_id ?? cursor);
        const leaseUntil = ms + leaseMs;
        // Only what is still due and free is leased: on SQLite the statements of a group commit
        // interleave, so a settleOthers may have run since the read above.
        const updated = await tx.all<{ id: number }>(
          `UPDATE tasks SET lease_until = ?, updated_at = ?
           WHERE id IN (SELECT CAST(value AS BIGINT) FROM ${dialect.jsonValues('?')}) AND ${DUE('tasks')}
           RETURNING id`,
          [leaseUntil, ms, JSON.stringify(picked.map((r) => r.id)), ms, ms],
        );
        const taken = new Set(updated.map((r) => Number(r.id)));
        lastFull = taken.size === limit;
        return picked
          .filter((r) => taken.has(Number(r.id)))
          .map((r) => fromRow({ ...r, lease_until: leaseUntil, updated_at: ms }));
      });
    },

    finish: (task, status, attempts, now) => changeOne({ task, status, attempts } as TaskChange, now),

    retryAt: (task, attempts, retryAt, failingNotified, now) =>
      changeOne({ task, attempts, status: AttemptStatus.Pending, retryAt, failingNotified }, now),

    async settle(changes, now) {
      if (changes.length === 0) return new Set<number>();
      const ms = now.getTime();
      return db.transaction(async (tx) => {
        const changed = await change(tx, changes, ms);
        const delivered = changed.filter((r) => Number(r.status) === AttemptStatus.Success);
        if (delivered.length > 0) await settleOthersOf(tx, delivered, ms);
        return new Set(changed.map((r) => r.id));
      });
    },

    async release(tasks, next, now) {
      if (tasks.length === 0) return;
      const fenced = JSON.stringify(tasks.map((t) => `${t.id}:${t.leaseUntil?.getTime()}`));
      await db.transaction(async (tx) => {
        await tx.run(
          `UPDATE tasks SET lease_until = NULL, next_attempt_at = ?, updated_at = ?
           WHERE status = ${PENDING} AND id IN (SELECT CAST(value AS BIGINT) FROM ${dialect.jsonValues('?')})
             AND CAST(id AS TEXT) || ':' || CAST(lease_until AS TEXT) IN (SELECT value FROM ${dialect.jsonValues('?')})`,
          [next.getTime(), now.getTime(), JSON.stringify(tasks.map((t) => t.id)), fenced],
        );
        await tx.notify(CHANNEL);
      });
    },

    subscribe: (listener) => db.listen(CHANNEL, listener),

    async nextWakeup() {
      // Two index reads, never every pending task (a day of scheduled messages may be waiting):
      // the first one free of a lease by time (tasks_due), and when the leases on pending ones
      // run out (tasks_leased: as many as are in flight, or were when their worker died).
      const row = await db.get<{ free: number | string | null; leased: number | string | null }>(
        `SELECT (SELECT next_attempt_at FROM tasks WHERE status = ${PENDING} AND lease_until IS NULL
                 ORDER BY next_attempt_at LIMIT 1) AS free,
          (SELECT MIN(CASE WHEN status = ${PENDING} THEN ${dialect.greatest('next_attempt_at', 'lease_until')} END)
           FROM tasks WHERE lease_until IS NOT NULL) AS leased`,
      );
      const times = [row?.free, row?.leased].filter((at) => at != null).map(Number);
      return times.length ? new Date(Math.min(...times)) : null;
    },

    async depth() {
      const row = await db.get<{ pending: number; oldest: number | null }>(
        `SELECT COUNT(*) AS pending, MIN(next_attempt_at) AS oldest FROM tasks WHERE status = ${PENDING}`,
      );
      return { pending: row?.pending ?? 0, oldestDue: row?.oldest == null ? null : new Date(row.oldest) };
    },

    async endpointStats(endpointId, now, window) {
      const within = window ? 'AND created_at >= ? AND created_at <= ?' : '';
      const rows = await db.all<{ status: number; sending: number; count: number }>(
        `SELECT status, (status = ${PENDING} AND lease_until > ?) AS sending, COUNT(*) AS count
         FROM tasks WHERE endpoint_id = ? ${within} GROUP BY 1, 2`,
        [now.getTime(), endpointId, ...(window ? [window.since.getTime(), window.until.getTime()] : [])],
      );
      const stats = { success: 0, pending: 0, sending: 0, fail: 0, canceled: 0 };
      for (const r of rows) {
        const count = Number(r.count);
        if (r.status === PENDING) stats[r.sending ? 'sending' : 'pending'] += count;
        else if (r.status === 0) stats.success += count;
        else if (r.status === 2) stats.fail += count;
        else if (r.status === 4) stats.canceled += count;
      }
      return stats;
    },

    async endpointSeries(endpointId, start, bucketMs, count) {
      const from = start.getTime();
      // The bucket is worked out in the database (whole buckets: SQLite binds the numbers as reals),
      // so at most count × statuses rows come back.
      const rows = await db.all<{ bucket: number; status: number; count: number }>(
        `SELECT CAST((created_at - ?) / ? AS INTEGER) AS bucket, status, COUNT(*) AS count
         FROM tasks WHERE endpoint_id = ? AND created_at >= ? AND created_at < ? GROUP BY 1, 2`,
        [from, bucketMs, endpointId, from, from + bucketMs * count],
      );
      const buckets = Array.from({ length: count }, () => ({ success: 0, fail: 0, pending: 0 }));
      for (const r of rows) {
        const bucket = buckets[Number(r.bucket)];
        if (!bucket) continue;
        if (r.status === PENDING) bucket.pending += Number(r.count);
        else if (r.status === 0) bucket.success += Number(r.count);
        else if (r.status === 2) bucket.fail += Number(r.count);
      }
      return buckets;
    },

    async settleOthers(task, now) {
      const delivered = { id: task.id, msg_id: task.msgId, endpoint_id: task.endpointId };
      const { changes } = await db.transaction((tx) => settleOthersOf(tx, [delivered], now.getTime()));
      return changes;
    },

    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db.all<Row>(
        `SELECT * FROM tasks WHERE id IN (SELECT CAST(value AS BIGINT) FROM ${dialect.jsonValues('?')})`,
        [JSON.stringify(ids)],
      );
      return rows.map((r) => fromRow({ ...r }));
    },
  };
}

/**
 * Picks up to `limit` of `rows` in turns: each application in turn gives one task, from its
 * endpoints in turn, so neither a busy endpoint nor an application with many of them takes a
 * claim for itself. `open` is the order of the endpoints in the circle.
 */
function takeInTurn(open: { endpoint_id: string; app_id: string }[], rows: Row[], limit: number): Row[] {
  const byEndpoint = new Map(open.map((d) => [d.endpoint_id, [] as Row[]]));
  for (const row of rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.id - b.id))
    byEndpoint.get(row.endpoint_id)?.push(row);
  // Per application, its endpoints with tasks left, the one whose turn is next first.
  const apps = new Map<string, Row[][]>();
  for (const d of open) {
    const queue = byEndpoint.get(d.endpoint_id);
    if (!queue?.length) continue;
    const queues = apps.get(d.app_id) ?? [];
    queues.push(queue);
    apps.set(d.app_id, queues);
  }
  const chosen: Row[] = [];
  let turns = [...apps.values()];
  while (chosen.length < limit && turns.length > 0) {
    for (const queues of turns) {
      if (chosen.length >= limit) break;
      const queue = queues.shift() as Row[];
      chosen.push(queue.shift() as Row);
      if (queue.length > 0) queues.push(queue);
    }
    turns = turns.filter((queues) => queues.length > 0);
  }
  return chosen;
}

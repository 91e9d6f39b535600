import { type AttemptStatus, type DeliveryQueue, type DeliveryTask, TriggerType } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { date, fromMs } from './rows.ts';

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

const fromRow = (r: Row): DeliveryTask => ({
  id: r.id,
  appId: r.app_id,
  msgId: r.msg_id,
  endpointId: r.endpoint_id,
  status: r.status,
  triggerType: r.trigger_type,
  attempts: r.attempts,
  nextAttemptAt: date(r.next_attempt_at),
  leaseUntil: fromMs(r.lease_until),
  failingNotified: r.failing_notified === 1,
  createdAt: date(r.created_at),
  updatedAt: date(r.updated_at),
});

const PENDING = 1;
/** The channel on which PostgreSQL tells idle workers of other processes that work was queued. */
const CHANNEL = 'patchbay_tasks';
// A claim looks a few times further than it takes, so one endpoint's backlog at the head of
// the queue does not hide other endpoints' due tasks.
const LOOKAHEAD = 4;

export function sqlQueue(db: SqlDatabase): DeliveryQueue {
  const { dialect } = db;
  return {
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

    async fanOut(message, now) {
      // One statement, so a message's whole fan-out costs one trip to the database. Empty
      // filters are stored as '[]' (or NULL) and mean "everything".
      const ms = now.getTime();
      const { changes } = await db.transaction(async (tx) => {
        const inserted = await tx.run(
          `INSERT INTO tasks (app_id, msg_id, endpoint_id, status, trigger_type, attempts, next_attempt_at, lease_until, failing_notified, created_at, updated_at)
           SELECT e.app_id, CAST(? AS TEXT), e.id, ${PENDING}, ${TriggerType.Scheduled}, 0, CAST(? AS BIGINT), NULL, 0, CAST(? AS BIGINT), CAST(? AS BIGINT)
           FROM endpoints e
           WHERE e.app_id = ? AND e.disabled = 0
             AND (e.event_types IS NULL OR e.event_types = '[]'
                  OR EXISTS (SELECT 1 FROM ${dialect.jsonValues('e.event_types')} WHERE value = ?))
             AND (e.channels IS NULL OR e.channels = '[]'
                  OR EXISTS (SELECT 1 FROM ${dialect.jsonValues('e.channels')}
                             WHERE value IN (SELECT value FROM ${dialect.jsonValues('?')})))`,
          [message.id, ms, ms, ms, message.appId, message.eventType, JSON.stringify(message.channels ?? [])],
        );
        if (inserted.changes > 0) await tx.notify(CHANNEL);
        return inserted;
      });
      return changes;
    },

    claim({ now, limit, leaseMs, perEndpoint }) {
      return db.transaction(async (tx) => {
        const ms = now.getTime();
        const candidates = await tx.all<Row>(
          `SELECT * FROM tasks
           WHERE status = ${PENDING} AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
           ORDER BY next_attempt_at, id LIMIT ?${dialect.skipLocked}`,
          [ms, ms, limit * LOOKAHEAD],
        );
        if (candidates.length === 0) return [];
        // The per-endpoint limit counts every process's live leases. Holding the endpoint rows
        // makes two processes' claims for one endpoint take turns, so neither overshoots on a
        // count the other is about to change; taking them in id order keeps two claims from
        // waiting on each other.
        const endpointIds = JSON.stringify([...new Set(candidates.map((r) => r.endpoint_id))]);
        const held = await tx.all<{ id: string }>(
          `SELECT id FROM endpoints WHERE id IN (SELECT value FROM ${dialect.jsonValues('?')}) ORDER BY id${dialect.hold}`,
          [endpointIds],
        );
        const busy = await tx.all<{ endpoint_id: string; leased: number }>(
          `SELECT endpoint_id, COUNT(*) AS leased FROM tasks
           WHERE endpoint_id IN (SELECT value FROM ${dialect.jsonValues('?')}) AND status = ${PENDING} AND lease_until > ?
           GROUP BY endpoint_id`,
          [JSON.stringify(held.map((e) => e.id)), ms],
        );
        const free = new Map(held.map((e) => [e.id, perEndpoint]));
        for (const b of busy) free.set(b.endpoint_id, perEndpoint - b.leased);
        const chosen: Row[] = [];
        for (const row of candidates) {
          const left = free.get(row.endpoint_id) ?? 0;
          if (left <= 0) continue;
          free.set(row.endpoint_id, left - 1);
          chosen.push(row);
          if (chosen.length >= limit) break;
        }
        if (chosen.length === 0) return [];
        const leaseUntil = ms + leaseMs;
        await tx.run(
          `UPDATE tasks SET lease_until = ?, updated_at = ? WHERE id IN (SELECT CAST(value AS BIGINT) FROM ${dialect.jsonValues('?')})`,
          [leaseUntil, ms, JSON.stringify(chosen.map((r) => r.id))],
        );
        return chosen.map((r) => fromRow({ ...r, lease_until: leaseUntil, updated_at: ms }));
      });
    },

    async finish(id, status, attempts, now) {
      await db.transaction((tx) =>
        tx.run('UPDATE tasks SET status = ?, attempts = ?, lease_until = NULL, updated_at = ? WHERE id = ?', [
          status,
          attempts,
          now.getTime(),
          id,
        ]),
      );
    },

    async retryAt(id, attempts, next, failingNotified, now) {
      await db.transaction((tx) =>
        tx.run(
          'UPDATE tasks SET attempts = ?, next_attempt_at = ?, failing_notified = ?, lease_until = NULL, updated_at = ? WHERE id = ?',
          [attempts, next.getTime(), failingNotified ? 1 : 0, now.getTime(), id],
        ),
      );
    },

    async release(ids, next, now) {
      if (ids.length === 0) return;
      await db.transaction(async (tx) => {
        await tx.run(
          `UPDATE tasks SET lease_until = NULL, next_attempt_at = ?, updated_at = ?
           WHERE status = ${PENDING} AND id IN (SELECT CAST(value AS BIGINT) FROM ${dialect.jsonValues('?')})`,
          [next.getTime(), now.getTime(), JSON.stringify(ids)],
        );
        await tx.notify(CHANNEL);
      });
    },

    subscribe: (listener) => db.listen(CHANNEL, listener),

    async nextWakeup() {
      const row = await db.get<{ at: number | null }>(
        `SELECT MIN(${dialect.greatest('next_attempt_at', 'COALESCE(lease_until, 0)')}) AS at FROM tasks WHERE status = ${PENDING}`,
      );
      return fromMs(row?.at ?? null);
    },

    async depth() {
      const row = await db.get<{ pending: number; oldest: number | null }>(
        `SELECT COUNT(*) AS pending, MIN(next_attempt_at) AS oldest FROM tasks WHERE status = ${PENDING}`,
      );
      return { pending: row?.pending ?? 0, oldestDue: fromMs(row?.oldest ?? null) };
    },

    async endpointStats(endpointId, now) {
      const rows = await db.all<{ status: number; sending: number; count: number }>(
        `SELECT status, (status = ${PENDING} AND lease_until > ?) AS sending, COUNT(*) AS count
         FROM tasks WHERE endpoint_id = ? GROUP BY 1, 2`,
        [now.getTime(), endpointId],
      );
      const stats = { success: 0, pending: 0, sending: 0, fail: 0, canceled: 0 };
      for (const r of rows) {
        if (r.status === PENDING) stats[r.sending ? 'sending' : 'pending'] += r.count;
        else if (r.status === 0) stats.success += r.count;
        else if (r.status === 2) stats.fail += r.count;
        else if (r.status === 4) stats.canceled += r.count;
      }
      return stats;
    },

    async failedMessages(endpointId, since, until) {
      const rows = await db.all<{ msg_id: string }>(
        `SELECT t.msg_id FROM tasks t
         WHERE t.endpoint_id = ? AND t.status = 2 AND t.created_at >= ? AND t.created_at < ?
           AND t.id = (SELECT MAX(id) FROM tasks WHERE endpoint_id = t.endpoint_id AND msg_id = t.msg_id)
         ORDER BY t.id`,
        [endpointId, since.getTime(), (until ?? new Date(8.64e15)).getTime()],
      );
      return rows.map((r) => r.msg_id);
    },
  };
}

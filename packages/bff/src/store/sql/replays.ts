import { idBound } from '../../ids.ts';
import { AttemptStatus, TriggerType } from '../../model.ts';
import type { DeliveryQueue, ReplayBatch, ReplayScope, TimeWindow } from '../types.ts';
import { REMOVED_PAYLOAD } from './content.ts';
import type { SqlDatabase, SqlValue } from './database.ts';
import { messageFilterSql } from './message-filter.ts';
import { subscribes } from './subscription.ts';

type Replays = Pick<
  DeliveryQueue,
  'enqueueFailed' | 'countFailed' | 'enqueueMissing' | 'countMissing' | 'enqueueDispatched' | 'countDue'
>;

const PENDING = AttemptStatus.Pending;
/** Svix's MessageStatus.Sending: a pending dispatch a worker holds. */
const SENDING = AttemptStatus.Sending;

/**
 * A new dispatch, due at `due`, of what the SELECT after it names (application, message,
 * endpoint): sent as a manual one, like a resend. The parameters are the endpoint, those of `due`,
 * and the time twice.
 */
const INSERT_DISPATCH = (appId: string, msgId: string, due = 'CAST(? AS BIGINT)') => `INSERT INTO tasks
    (app_id, msg_id, endpoint_id, status, trigger_type, attempts, next_attempt_at, lease_until, failing_notified, created_at, updated_at)
  SELECT ${appId}, ${msgId}, CAST(? AS TEXT), ${PENDING}, ${TriggerType.Manual}, 0, ${due}, NULL, 0, CAST(? AS BIGINT), CAST(? AS BIGINT)`;
/** Due now, or at message `m`'s deliverAt while that is ahead: a replay does not send a scheduled message early. */
const DUE_FOR_MESSAGE = 'CASE WHEN m.deliver_at > CAST(? AS BIGINT) THEN m.deliver_at ELSE CAST(? AS BIGINT) END';
/** Message `m` still has its payload: one whose payload expired or was expunged has nothing to send again. */
const HELD = `m.payload <> '${REMOVED_PAYLOAD}'`;
/** The message of task `t` still has its payload (see {@link HELD}). */
const TASK_HELD = `EXISTS (SELECT 1 FROM messages m WHERE m.id = t.msg_id AND ${HELD})`;

/** Task `t` is the latest dispatch of its message to its endpoint. */
const LATEST = (t: string) =>
  `NOT EXISTS (SELECT 1 FROM tasks n WHERE n.endpoint_id = ${t}.endpoint_id AND n.msg_id = ${t}.msg_id AND n.id > ${t}.id)`;
/** Failed: for good, or failed so far and waiting for a retry (the log shows it failed; a delivered resend settles the retry). */
const FAILED = (t: string) => `(${t}.status = 2 OR (${t}.status = ${PENDING} AND ${t}.attempts > 0))`;

/** Message `m` was created in the window (`?` to `?`, both included). */
const IN_WINDOW = 'm.timestamp >= ? AND m.timestamp <= ?';
const windowParams = (w: TimeWindow): SqlValue[] => [w.since.getTime(), w.until.getTime()];

/**
 * The ids that bracket the messages created in the window. A message's id and its timestamp are
 * read from the clock one after the other, so the range is widened by a second and the window
 * itself tested on the timestamp.
 */
const SLACK_MS = 1000;
const messageRange = (w: TimeWindow) => ({
  first: idBound('msg', w.since.getTime() - SLACK_MS, 'first'),
  last: idBound('msg', w.until.getTime() + SLACK_MS, 'last'),
});

export function sqlReplays(db: SqlDatabase, channel: string): Replays {
  const { dialect } = db;
  const ids = (values: string) => `SELECT value FROM ${dialect.jsonValues(values)}`;
  const timeParams = (scope: ReplayScope) => {
    const ms = scope.now.getTime();
    return [scope.endpointId, ms, ms, ms];
  };
  /** The parameters of {@link INSERT_DISPATCH} due at {@link DUE_FOR_MESSAGE}. */
  const messageTimeParams = (scope: ReplayScope) => {
    const ms = scope.now.getTime();
    return [scope.endpointId, ms, ms, ms, ms];
  };

  /**
   * The next `limit` of the application's messages by id, from the cursor on, within the
   * window's range: an index range (messages_app), so a batch costs its limit however large
   * the application. Then `insert` queues what it keeps of them, in the same transaction.
   */
  async function messageBatch(
    scope: ReplayScope,
    insert: (tx: SqlDatabase, scanned: string) => Promise<{ msg_id: string }[]>,
  ): Promise<ReplayBatch> {
    const range = messageRange(scope.window);
    return db.transaction(async (tx) => {
      const scanned = await tx.all<{ id: string }>(
        'SELECT id FROM messages WHERE app_id = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?',
        [scope.appId, scope.cursor ?? range.first, range.last, scope.limit],
      );
      const inserted = scanned.length ? await insert(tx, JSON.stringify(scanned.map((r) => r.id))) : [];
      if (inserted.length) await tx.notify(channel);
      return {
        enqueued: inserted.map((r) => r.msg_id).sort(),
        cursor: scanned.length < scope.limit ? null : (scanned.at(-1)?.id ?? null),
      };
    });
  }

  /**
   * The endpoint `e` takes message `m`, which still has its payload, and never had a dispatch of
   * it that was tried: one that failed without an attempt was dropped because the endpoint was
   * disabled before it was sent (a backlog when the customer paused it, a scheduled message due
   * while it was off), so it missed that message too.
   */
  const MISSING = `${HELD} AND ${subscribes(dialect, 'e', 'm.event_type', "COALESCE(m.channels, '[]')")}
    AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.endpoint_id = e.id AND t.msg_id = m.id
                    AND (t.status <> ${AttemptStatus.Fail} OR t.attempts > 0))`;

  return {
    async enqueueFailed(scope) {
      // Walks the endpoint's dispatches made in the window in creation order (tasks_endpoint_created),
      // `limit` of them a batch, and sends again those failed that are still their message's latest.
      const { since, until } = scope.window;
      const [afterTime = -1, afterId = -1] = scope.cursor?.split(':').map(Number) ?? [];
      return db.transaction(async (tx) => {
        const scanned = await tx.all<{ id: number; created_at: number }>(
          `SELECT id, created_at FROM tasks
           WHERE endpoint_id = ? AND created_at >= ? AND created_at <= ? AND (created_at > ? OR (created_at = ? AND id > ?))
           ORDER BY created_at, id LIMIT ?`,
          [scope.endpointId, since.getTime(), until.getTime(), afterTime, afterTime, afterId, scope.limit],
        );
        const inserted = scanned.length
          ? await tx.all<{ msg_id: string }>(
              `${INSERT_DISPATCH('t.app_id', 't.msg_id')} FROM tasks t
               WHERE t.id IN (SELECT CAST(value AS BIGINT) FROM ${dialect.jsonValues('?')}) AND t.endpoint_id = ?
                 AND ${FAILED('t')} AND ${LATEST('t')} AND ${TASK_HELD}
               RETURNING msg_id`,
              [...timeParams(scope), JSON.stringify(scanned.map((r) => Number(r.id))), scope.endpointId],
            )
          : [];
        if (inserted.length) await tx.notify(channel);
        const last = scanned.at(-1);
        return {
          enqueued: inserted.map((r) => r.msg_id).sort(),
          cursor: scanned.length < scope.limit || !last ? null : `${last.created_at}:${last.id}`,
        };
      });
    },

    async countFailed(endpointId, since, until) {
      const row = await db.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM tasks t
         WHERE t.endpoint_id = ? AND t.created_at >= ? AND t.created_at <= ? AND ${FAILED('t')} AND ${LATEST('t')}
           AND ${TASK_HELD}`,
        [endpointId, since.getTime(), (until ?? new Date(8.64e15)).getTime()],
      );
      return Number(row?.n ?? 0);
    },

    enqueueMissing: (scope) =>
      messageBatch(scope, (tx, scanned) =>
        tx.all(
          `${INSERT_DISPATCH('m.app_id', 'm.id', DUE_FOR_MESSAGE)}
           FROM messages m JOIN endpoints e ON e.id = ? AND e.app_id = m.app_id
           WHERE m.id IN (${ids('?')}) AND ${IN_WINDOW} AND ${MISSING}
           RETURNING msg_id`,
          [...messageTimeParams(scope), scope.endpointId, scanned, ...windowParams(scope.window)],
        ),
      ),

    async countMissing(appId, endpointId, window) {
      const range = messageRange(window);
      const row = await db.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM messages m JOIN endpoints e ON e.id = ? AND e.app_id = m.app_id
         WHERE m.app_id = ? AND m.id > ? AND m.id <= ? AND ${IN_WINDOW} AND ${MISSING}`,
        [endpointId, appId, range.first, range.last, ...windowParams(window)],
      );
      return Number(row?.n ?? 0);
    },

    enqueueDispatched: (scope, filter) =>
      messageBatch(scope, (tx, scanned) => {
        const messages = messageFilterSql(filter, 'm', dialect);
        const where = [...messages.where];
        const params = [...messages.params];
        if (filter.status != null) {
          const ms = scope.now.getTime();
          if (filter.status === PENDING) {
            where.push(`l.status = ${PENDING} AND (l.lease_until IS NULL OR l.lease_until <= ?)`);
            params.push(ms);
          } else if (filter.status === SENDING) {
            where.push(`l.status = ${PENDING} AND l.lease_until > ?`);
            params.push(ms);
          } else {
            where.push('l.status = ?');
            params.push(filter.status);
          }
        }
        if (filter.statusCodeClass != null) {
          // The answer to the latest attempt there: 0 when none came, otherwise its hundred.
          const code = `(SELECT a.response_status_code FROM attempts a WHERE a.msg_id = m.id AND a.endpoint_id = l.endpoint_id
            ORDER BY a.id DESC LIMIT 1)`;
          if (filter.statusCodeClass === 0) where.push(`${code} = 0`);
          else {
            where.push(`${code} >= ? AND ${code} < ?`);
            params.push(filter.statusCodeClass, filter.statusCodeClass + 100);
          }
        }
        return tx.all(
          `${INSERT_DISPATCH('m.app_id', 'm.id', DUE_FOR_MESSAGE)}
           FROM messages m JOIN tasks l ON l.endpoint_id = ? AND l.msg_id = m.id AND ${LATEST('l')}
           WHERE m.id IN (${ids('?')}) AND ${HELD} AND ${IN_WINDOW}${where.map((w) => ` AND ${w}`).join('')}
           RETURNING msg_id`,
          [...messageTimeParams(scope), scope.endpointId, scanned, ...windowParams(scope.window), ...params],
        );
      }),

    async countDue(endpointId, now, atMost) {
      // A dispatch being sent is one that was due when claimed: due by now too (tasks_endpoint_pending).
      const row = await db.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM tasks
           WHERE endpoint_id = ? AND status = ${PENDING} AND next_attempt_at <= ? LIMIT ?) AS p`,
        [endpointId, now.getTime(), atMost],
      );
      return Number(row?.n ?? 0);
    },
  };
}

import { AttemptStatus, type Message } from '../../model.ts';
import type { DeliveredMessage, MessageDestination, MessageRepo } from '../types.ts';
import { namesAnId } from './applications.ts';
import { REMOVED_PAYLOAD, removeContent } from './content.ts';
import type { SqlDatabase, SqlValue } from './database.ts';
import { endpoints } from './endpoints.ts';
import { messageFilterSql } from './message-filter.ts';
import { type Field, json, optionalTime, paginate, plain, repository, table, time } from './table.ts';

/** A payload, or null once removed (stored as {@link REMOVED_PAYLOAD}). */
const payload: Field<string | null> = {
  columns: (column) => [column],
  write: (value) => [value ?? REMOVED_PAYLOAD],
  read: (row, column) => (row[column] === REMOVED_PAYLOAD ? null : (row[column] as string)),
};

const messages = table<Message>('messages', 'id', {
  id: plain(),
  appId: plain(),
  eventId: plain(),
  eventType: plain(),
  payload,
  channels: json(),
  tags: json(),
  transformationsParams: json(),
  timestamp: time,
  payloadExpiresAt: time,
  deliverAt: optionalTime,
});

type Row = Record<string, unknown>;

/** The columns of `messages` that hold integers (times), the others text: how a batch's JSON rows are read. */
const INTEGER_COLUMNS = new Set(['timestamp', 'payload_expires_at', 'deliver_at']);
/** A batch's row: the message's columns but its application's, then the application as named (by id, or by uid). */
const BATCH_COLUMNS: [string, 'text' | 'integer'][] = [
  ...messages.columns
    .filter((c) => c !== 'app_id')
    .map((c): [string, 'text' | 'integer'] => [c, INTEGER_COLUMNS.has(c) ? 'integer' : 'text']),
  ['app_by_id', 'text'],
  ['app_by_uid', 'text'],
];
const APP_COLUMN = messages.columns.indexOf('app_id');

/**
 * MessageRepo.insertUnder's statement: each row's application looked up by its id or its uid (one
 * index seek each), rows without one left out, and rows whose id or eventId is taken left out too
 * (ON CONFLICT DO NOTHING, which also settles two of the batch with one eventId: the first in).
 */
const insertUnder = (jsonRows: string) => `INSERT INTO messages (${messages.columns.join(', ')})
  SELECT ${messages.columns.join(', ')} FROM (
    SELECT r.*, COALESCE((SELECT a.id FROM applications a WHERE a.id = r.app_by_id),
      (SELECT a.id FROM applications a WHERE a.uid = r.app_by_uid)) AS app_id
    FROM (${jsonRows}) AS r) AS named
  WHERE app_id IS NOT NULL
  ON CONFLICT DO NOTHING
  RETURNING id, app_id`;

/**
 * Task `x` is the latest dispatch of its message to its endpoint: one seek in tasks_endpoint_msgs.
 * Said as "no later one" rather than "the MAX id", which PostgreSQL takes for a rare match and
 * sorts a whole endpoint's dispatches for, where walking them in message order stops at the page.
 */
const latest = (x: string) =>
  `NOT EXISTS (SELECT 1 FROM tasks l WHERE l.endpoint_id = ${x}.endpoint_id AND l.msg_id = ${x}.msg_id AND l.id > ${x}.id)`;
const LATEST = latest('t');
/** Message `${x}.msg_id` has a latest dispatch in `status`, to an endpoint after `${x}`'s when `after` is given. */
const hasLatest = (x: string, status: number, after?: string) =>
  `EXISTS (SELECT 1 FROM tasks o WHERE o.msg_id = ${x}.msg_id AND o.status = ${status}${after ? ` AND o.endpoint_id > ${after}.endpoint_id` : ''} AND ${latest('o')})`;
/** The worst of message `m`'s latest dispatches (fail, then pending, then success); null when it has none. */
const WORST_STATUS = `(SELECT MAX(CASE t.status WHEN 2 THEN 2 WHEN 1 THEN 1 ELSE 0 END) FROM tasks t
  WHERE t.msg_id = m.id AND ${LATEST})`;
/** When a pending task `t` is tried next. */
const NEXT_ATTEMPT = 'CASE WHEN t.status = 1 THEN t.next_attempt_at END';

const nextAttempt = (row: Row) => (row.delivery_next == null ? null : new Date(row.delivery_next as number));

export function sqlMessages(db: SqlDatabase): MessageRepo {
  const rows = repository(db, messages);
  /** Expunges the messages `select` finds (in a transaction, the caller's if any); answers the rows found. */
  const expungeFound = <R extends { id: string }>(select: string, params: SqlValue[], now: Date) =>
    db.transaction(async (tx) => {
      const found = await tx.all<R>(select, params);
      await expunge(
        tx,
        found.map((r) => r.id),
        now,
      );
      return found;
    });
  const insertUnderSql = insertUnder(db.dialect.jsonRows('?', BATCH_COLUMNS));
  return {
    insert: rows.insert,
    async insertUnder(batch) {
      if (batch.length === 0) return [];
      const json = JSON.stringify(
        batch.map(({ app, message }) => {
          const values: SqlValue[] = messages.values({ ...message, appId: '' });
          values.splice(APP_COLUMN, 1);
          return namesAnId(app) ? [...values, app, null] : [...values, null, app];
        }),
      );
      const inserted = await db.transaction((tx) => tx.all<{ id: string; app_id: string }>(insertUnderSql, [json]));
      const appOf = new Map(inserted.map((r) => [r.id, r.app_id]));
      return batch.flatMap(({ message }) => {
        const appId = appOf.get(message.id);
        return appId === undefined ? [] : [{ ...message, appId }];
      });
    },
    get: (appId, idOrEventId) =>
      rows.one('app_id = ? AND (id = ? OR event_id = ?) ORDER BY id = ? DESC LIMIT 1', [
        appId,
        idOrEventId,
        idOrEventId,
        idOrEventId,
      ]),
    getMany: rows.getMany,
    list(appId, query) {
      const filter = messageFilterSql(query, 'm', db.dialect);
      const where = ['m.app_id = ?', ...filter.where];
      const params = [appId, ...filter.params];
      // A dispatch being sent is stored as pending under a lease: no row is ever Sending, so a
      // filter for that alone answers at once rather than after reading every dispatch.
      const statuses = query.status?.length ? query.status.filter((s) => s !== AttemptStatus.Sending) : null;
      if (statuses?.length === 0) return Promise.resolve({ data: [], iterator: null, prevIterator: null, done: true });
      const statusIn = (column: string) => {
        if (!statuses) return;
        where.push(`${column} IN (${statuses.map(() => '?').join(', ')})`);
        params.push(...statuses);
      };
      const map = (row: Row): DeliveredMessage => ({
        message: messages.fromRow(row),
        status: row.delivery_status == null ? null : (row.delivery_status as DeliveredMessage['status']),
        nextAttempt: nextAttempt(row),
      });
      const keyOf = (d: DeliveredMessage) => d.message.id;
      /** A page walked from dispatches `t` (the conditions say which), one per message, each with its message. */
      const fromDispatches = (nextAttempt: string) =>
        paginate(db, {
          select: `SELECT m.*, t.status AS delivery_status, ${nextAttempt} AS delivery_next
            FROM tasks t JOIN messages m ON m.id = t.msg_id`,
          where,
          params,
          key: 't.msg_id',
          query,
          map,
          keyOf,
        });
      const sparse = statuses?.length === 1 ? statuses[0] : undefined;
      const few = sparse === AttemptStatus.Fail || sparse === AttemptStatus.Pending;
      if (query.endpointId) {
        // Walked from the endpoint's dispatches in message order (tasks_endpoint_msgs), one per
        // message; its failed or pending ones, few among many, from tasks_endpoint_failed or
        // tasks_endpoint_pending, which only a status written out (not a parameter) selects.
        where.unshift('t.endpoint_id = ?', LATEST);
        params.unshift(query.endpointId);
        if (few) where.push(`t.status = ${sparse}`);
        else statusIn('t.status');
        return fromDispatches(NEXT_ATTEMPT);
      }
      if (few) {
        // Failed or pending messages are few among many: walked from the application's dispatches
        // in that state, in message order (tasks_app_failed, tasks_app_pending), where a walk of
        // its messages would read every one until a page is found. One row per message: its
        // dispatch to the last such endpoint; pending only when none failed.
        where.unshift('t.app_id = ?', `t.status = ${sparse}`, LATEST, `NOT ${hasLatest('t', sparse, 't')}`);
        params.unshift(appId);
        if (sparse === AttemptStatus.Pending) where.push(`NOT ${hasLatest('t', AttemptStatus.Fail)}`);
        return fromDispatches('NULL');
      }
      statusIn(WORST_STATUS);
      return paginate(db, {
        select: `SELECT m.*, ${WORST_STATUS} AS delivery_status, NULL AS delivery_next FROM messages m`,
        where,
        params,
        key: 'm.id',
        query,
        map,
        keyOf,
      });
    },
    async expungeContent(appId, msgIds, now) {
      if (msgIds.length === 0) return [];
      const names = JSON.stringify(msgIds);
      const { oneOf } = db.dialect;
      const found = await expungeFound<{ id: string; event_id: string | null }>(
        `SELECT id, event_id FROM messages WHERE app_id = ? AND ${oneOf('id')}
         UNION SELECT id, event_id FROM messages WHERE app_id = ? AND ${oneOf('event_id')}`,
        [appId, names, appId, names],
        now,
      );
      // Gone from the WAL's older frames too before the answer (outside the transaction, which has ended).
      await db.checkpoint();
      const named = new Set(found.flatMap((r) => [r.id, r.event_id]));
      return msgIds.filter((name) => named.has(name));
    },
    async expungeAll(appId, { afterId, throughId }, limit, now) {
      const batch = await expungeFound<{ id: string; held: number }>(
        `SELECT id, CASE WHEN payload <> ? THEN 1 ELSE 0 END AS held FROM messages
         WHERE app_id = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?`,
        [REMOVED_PAYLOAD, appId, afterId ?? '', throughId, limit],
        now,
      );
      return {
        expunged: batch.filter((r) => r.held === 1).length,
        next: batch.length < limit ? null : (batch.at(-1)?.id ?? null),
      };
    },
    destinations(appId, msgId, query) {
      return paginate(db, {
        select: `SELECT e.*, t.status AS delivery_status, ${NEXT_ATTEMPT} AS delivery_next
          FROM tasks t JOIN endpoints e ON e.id = t.endpoint_id`,
        where: ['t.app_id = ?', 't.msg_id = ?', LATEST],
        params: [appId, msgId],
        key: 't.endpoint_id',
        query,
        map: (row: Row): MessageDestination => ({
          endpoint: endpoints.fromRow(row),
          status: row.delivery_status as MessageDestination['status'],
          nextAttempt: nextAttempt(row),
        }),
        keyOf: (d) => d.endpoint.id,
      });
    },
  };
}

/**
 * Removes the messages' content; their dispatches still pending become due now, so the worker
 * ends each at once (canceled, saying why) rather than at its next retry, hours away maybe.
 */
async function expunge(tx: SqlDatabase, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await removeContent(tx, ids);
  await tx.run(
    `UPDATE tasks SET next_attempt_at = ? WHERE ${tx.dialect.oneOf('msg_id')}
     AND status = ${AttemptStatus.Pending} AND next_attempt_at > ?`,
    [now.getTime(), JSON.stringify(ids), now.getTime()],
  );
}

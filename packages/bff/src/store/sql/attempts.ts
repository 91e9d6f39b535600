import { type Attempt, EXPUNGED_RESPONSE } from '../../model.ts';
import type { AttemptFilter, AttemptRepo, ListQuery } from '../types.ts';
import { REMOVED_PAYLOAD } from './content.ts';
import type { SqlDatabase } from './database.ts';
import { messageFilterSql } from './message-filter.ts';
import { json, plain, repository, table, time } from './table.ts';

const attempts = table<Attempt>('attempts', 'id', {
  id: plain(),
  appId: plain(),
  msgId: plain(),
  endpointId: plain(),
  url: plain(),
  response: plain(),
  responseStatusCode: plain(),
  responseDurationMs: plain(),
  status: plain(),
  triggerType: plain(),
  timestamp: time,
  taskId: plain(),
  attemptNumber: plain(),
  request: json(),
  responseHeaders: json(),
});

export function sqlAttempts(db: SqlDatabase): AttemptRepo {
  const rows = repository(db, attempts);
  // Event type, channel and tag filters are properties of the message an attempt belongs to.
  const list = (column: 'endpoint_id' | 'msg_id', appId: string, value: string, query: ListQuery & AttemptFilter) => {
    const { before, after, ...messageFilter } = query;
    const filter = messageFilterSql(messageFilter, 'm', db.dialect);
    const where = ['a.app_id = ?', `a.${column} = ?`, ...filter.where];
    const params = [appId, value, ...filter.params];
    if (query.status !== undefined && query.status !== null) {
      where.push('a.status = ?');
      params.push(query.status);
    }
    if (query.statusCodeClass !== undefined && query.statusCodeClass !== null) {
      // 0: no answer came (refused, timed out, blocked); otherwise the hundred the status code is in.
      if (query.statusCodeClass === 0) where.push('a.response_status_code = 0');
      else {
        where.push('a.response_status_code >= ? AND a.response_status_code < ?');
        params.push(query.statusCodeClass, query.statusCodeClass + 100);
      }
    }
    if (query.endpointId) {
      where.push('a.endpoint_id = ?');
      params.push(query.endpointId);
    }
    if (before) {
      where.push('a.timestamp < ?');
      params.push(before.getTime());
    }
    if (after) {
      where.push('a.timestamp > ?');
      params.push(after.getTime());
    }
    const select = 'SELECT a.* FROM attempts a JOIN messages m ON m.id = a.msg_id';
    return rows.page(query, { select, where, params, key: 'a.id' });
  };

  async function insertMany(list: Attempt[]): Promise<void> {
    if (list.length === 0) return;
    const columns = attempts.values(list[0] as Attempt).map(() => '?');
    await db.transaction(async (tx) => {
      await tx.run(
        `${attempts.insert}${`, (${columns.join(', ')})`.repeat(list.length - 1)}`,
        list.flatMap((a) => attempts.values(a)),
      );
      // A delivery in flight when its message was expunged must not write the content back:
      // what it sent, and an answer (which always has headers). An attempt with neither says
      // only why nothing went out, and keeps that.
      await tx.run(
        `UPDATE attempts SET response = ?, request = NULL, response_headers = NULL
         WHERE ${db.dialect.oneOf('id')} AND (request IS NOT NULL OR response_headers IS NOT NULL)
         AND EXISTS (SELECT 1 FROM messages WHERE id = attempts.msg_id AND payload = ?)`,
        [EXPUNGED_RESPONSE, JSON.stringify(list.map((a) => a.id)), REMOVED_PAYLOAD],
      );
    });
  }

  return {
    insert: (attempt) => insertMany([attempt]),
    insertMany,
    get: (appId, id) => rows.one('app_id = ? AND id = ?', [appId, id]),
    listByEndpoint: (appId, endpointId, query) => list('endpoint_id', appId, endpointId, query),
    listByMessage: (appId, msgId, query) => list('msg_id', appId, msgId, query),
    async expungeContent(appId, msgId, attemptId) {
      const changed = await rows.change(
        'UPDATE attempts SET response = ?, request = NULL, response_headers = NULL WHERE app_id = ? AND msg_id = ? AND id = ?',
        [EXPUNGED_RESPONSE, appId, msgId, attemptId],
      );
      // Only a change leaves frames to empty: a checkpoint holds up every write while it copies.
      if (changed) await db.checkpoint();
      return changed;
    },
  };
}

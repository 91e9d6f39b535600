import type { Attempt } from '../../model.ts';
import type { AttemptFilter, AttemptRepo, ListQuery } from '../types.ts';
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

  return {
    insert: rows.insert,
    listByEndpoint: (appId, endpointId, query) => list('endpoint_id', appId, endpointId, query),
    listByMessage: (appId, msgId, query) => list('msg_id', appId, msgId, query),
  };
}

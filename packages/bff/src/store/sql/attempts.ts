import type { Attempt, AttemptStatus, TriggerType } from '../../model.ts';
import type { AttemptFilter, AttemptRepo, ListQuery } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { messageFilterSql } from './message-filter.ts';
import { date, paginate, statements } from './rows.ts';

interface Row {
  id: string;
  app_id: string;
  msg_id: string;
  endpoint_id: string;
  url: string;
  response: string;
  response_status_code: number;
  response_duration_ms: number;
  status: AttemptStatus;
  trigger_type: TriggerType;
  timestamp: number;
}

const fromRow = (r: Row): Attempt => ({
  id: r.id,
  appId: r.app_id,
  msgId: r.msg_id,
  endpointId: r.endpoint_id,
  url: r.url,
  response: r.response,
  responseStatusCode: r.response_status_code,
  responseDurationMs: r.response_duration_ms,
  status: r.status,
  triggerType: r.trigger_type,
  timestamp: date(r.timestamp),
});

const sql = statements('attempts', [
  'app_id',
  'msg_id',
  'endpoint_id',
  'url',
  'response',
  'response_status_code',
  'response_duration_ms',
  'status',
  'trigger_type',
  'timestamp',
  'id',
]);

export function sqlAttempts(db: SqlDatabase): AttemptRepo {
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
    return paginate(db, {
      select: 'SELECT a.* FROM attempts a JOIN messages m ON m.id = a.msg_id',
      where,
      params,
      key: 'a.id',
      query,
      map: fromRow,
      keyOf: (a: Attempt) => a.id,
    });
  };

  return {
    async insert(a) {
      await db.transaction((tx) =>
        tx.run(sql.insert, [
          a.appId,
          a.msgId,
          a.endpointId,
          a.url,
          a.response,
          a.responseStatusCode,
          a.responseDurationMs,
          a.status,
          a.triggerType,
          a.timestamp.getTime(),
          a.id,
        ]),
      );
    },
    listByEndpoint: (appId, endpointId, query) => list('endpoint_id', appId, endpointId, query),
    listByMessage: (appId, msgId, query) => list('msg_id', appId, msgId, query),
  };
}

import type { Message } from '../../model.ts';
import type { MessageRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { messageFilterSql } from './message-filter.ts';
import { json, plain, repository, table, time } from './table.ts';

const messages = table<Message>('messages', 'id', {
  id: plain(),
  appId: plain(),
  eventId: plain(),
  eventType: plain(),
  payload: plain(),
  channels: json(),
  tags: json(),
  transformationsParams: json(),
  timestamp: time,
});

export function sqlMessages(db: SqlDatabase): MessageRepo {
  const rows = repository(db, messages);
  return {
    insert: rows.insert,
    get: (appId, idOrEventId) =>
      rows.one('app_id = ? AND (id = ? OR event_id = ?) ORDER BY id = ? DESC LIMIT 1', [
        appId,
        idOrEventId,
        idOrEventId,
        idOrEventId,
      ]),
    getMany: rows.getMany,
    list(appId, query) {
      const filter = messageFilterSql(query, 'messages', db.dialect);
      return rows.page(query, { where: ['app_id = ?', ...filter.where], params: [appId, ...filter.params] });
    },
  };
}

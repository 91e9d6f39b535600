import type { Message } from '../../model.ts';
import type { MessageRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { messageFilterSql } from './message-filter.ts';
import { date, fromJson, paginate, selectByIds, statements, toJson } from './rows.ts';

interface Row {
  id: string;
  app_id: string;
  event_id: string | null;
  event_type: string;
  payload: string;
  channels: string | null;
  tags: string | null;
  transformations_params: string | null;
  timestamp: number;
}

const fromRow = (r: Row): Message => ({
  id: r.id,
  appId: r.app_id,
  eventId: r.event_id,
  eventType: r.event_type,
  payload: r.payload,
  channels: fromJson(r.channels),
  tags: fromJson(r.tags),
  transformationsParams: fromJson(r.transformations_params),
  timestamp: date(r.timestamp),
});

const sql = statements('messages', [
  'app_id',
  'event_id',
  'event_type',
  'payload',
  'channels',
  'tags',
  'transformations_params',
  'timestamp',
  'id',
]);

export function sqlMessages(db: SqlDatabase): MessageRepo {
  return {
    async insert(m) {
      await db.transaction((tx) =>
        tx.run(sql.insert, [
          m.appId,
          m.eventId,
          m.eventType,
          m.payload,
          toJson(m.channels),
          toJson(m.tags),
          toJson(m.transformationsParams),
          m.timestamp.getTime(),
          m.id,
        ]),
      );
    },
    async get(appId, idOrEventId) {
      const row = await db.get<Row>(
        'SELECT * FROM messages WHERE app_id = ? AND (id = ? OR event_id = ?) ORDER BY id = ? DESC LIMIT 1',
        [appId, idOrEventId, idOrEventId, idOrEventId],
      );
      return row && fromRow(row);
    },
    getMany: (ids) => selectByIds(db, 'messages', ids, fromRow),
    list(appId, query) {
      const filter = messageFilterSql(query, 'messages', db.dialect);
      return paginate(db, {
        select: 'SELECT * FROM messages',
        where: ['app_id = ?', ...filter.where],
        params: [appId, ...filter.params],
        key: 'id',
        query,
        map: fromRow,
        keyOf: (m) => m.id,
      });
    },
  };
}

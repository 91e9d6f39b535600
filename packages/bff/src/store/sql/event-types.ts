import type { EventType } from '../../model.ts';
import type { EventTypeRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { flag, json, plain, repository, table, time } from './table.ts';

const eventTypes = table<EventType>('event_types', 'name', {
  name: plain(),
  description: plain(),
  archived: flag,
  deprecated: flag,
  schemas: json(),
  groupName: plain(),
  featureFlags: json(),
  createdAt: time,
  updatedAt: time,
});

export function sqlEventTypes(db: SqlDatabase): EventTypeRepo {
  const rows = repository(db, eventTypes);
  return {
    insert: rows.insert,
    update: rows.update,
    get: (name) => rows.one('name = ?', [name]),
    delete: (name) => rows.delete('name = ?', [name]),
    list: (query) => rows.page(query, { where: query.includeArchived ? [] : ['archived = 0'] }),
  };
}

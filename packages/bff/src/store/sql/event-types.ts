import type { EventType } from '../../model.ts';
import type { EventTypeRepo } from '../types.ts';
import type { SqlDatabase, SqlValue } from './database.ts';
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
    list(query) {
      const where = query.includeArchived ? [] : ['archived = 0'];
      const params: SqlValue[] = [];
      if (query.featureFlags) {
        // As visibleWith: no flags, or one of the session's. Filtered here, so that a page (and
        // its iterators) only ever holds event types the session may see.
        const flags = db.dialect.jsonValues('feature_flags');
        where.push(
          `(feature_flags IS NULL OR feature_flags = '[]' OR EXISTS (SELECT 1 FROM ${flags} WHERE value IN (SELECT value FROM ${db.dialect.jsonValues('?')})))`,
        );
        params.push(JSON.stringify(query.featureFlags));
      }
      return rows.page(query, { where, params });
    },
  };
}

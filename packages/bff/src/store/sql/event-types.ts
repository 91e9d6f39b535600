import type { EventType } from '../../model.ts';
import type { EventTypeRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { date, fromJson, paginate, statements, toJson } from './rows.ts';

interface Row {
  name: string;
  description: string;
  archived: number;
  deprecated: number;
  schemas: string | null;
  group_name: string | null;
  feature_flags: string | null;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: Row): EventType => ({
  name: r.name,
  description: r.description,
  archived: r.archived === 1,
  deprecated: r.deprecated === 1,
  schemas: fromJson(r.schemas),
  groupName: r.group_name,
  featureFlags: fromJson(r.feature_flags),
  createdAt: date(r.created_at),
  updatedAt: date(r.updated_at),
});

const sql = statements('event_types', [
  'description',
  'archived',
  'deprecated',
  'schemas',
  'group_name',
  'feature_flags',
  'created_at',
  'updated_at',
  'name',
]);

const values = (e: EventType) => [
  e.description,
  e.archived ? 1 : 0,
  e.deprecated ? 1 : 0,
  toJson(e.schemas),
  e.groupName,
  toJson(e.featureFlags),
  e.createdAt.getTime(),
  e.updatedAt.getTime(),
  e.name,
];

export function sqlEventTypes(db: SqlDatabase): EventTypeRepo {
  return {
    async insert(eventType) {
      await db.transaction((tx) => tx.run(sql.insert, values(eventType)));
    },
    async get(name) {
      const row = await db.get<Row>('SELECT * FROM event_types WHERE name = ?', [name]);
      return row && fromRow(row);
    },
    async update(eventType) {
      await db.transaction((tx) => tx.run(sql.update, values(eventType)));
    },
    async delete(name) {
      const { changes } = await db.transaction((tx) => tx.run('DELETE FROM event_types WHERE name = ?', [name]));
      return changes > 0;
    },
    list(query) {
      return paginate(db, {
        select: 'SELECT * FROM event_types',
        where: query.includeArchived ? [] : ['archived = 0'],
        params: [],
        key: 'name',
        query,
        map: fromRow,
        keyOf: (e) => e.name,
      });
    },
  };
}

import type { Application } from '../../model.ts';
import type { ApplicationRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { date, paginate, statements } from './rows.ts';

interface Row {
  id: string;
  uid: string | null;
  name: string;
  throttle_rate: number | null;
  metadata: string;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: Row): Application => ({
  id: r.id,
  uid: r.uid,
  name: r.name,
  throttleRate: r.throttle_rate,
  metadata: JSON.parse(r.metadata),
  createdAt: date(r.created_at),
  updatedAt: date(r.updated_at),
});

const sql = statements('applications', ['uid', 'name', 'throttle_rate', 'metadata', 'created_at', 'updated_at', 'id']);

const values = (a: Application) => [
  a.uid,
  a.name,
  a.throttleRate,
  JSON.stringify(a.metadata),
  a.createdAt.getTime(),
  a.updatedAt.getTime(),
  a.id,
];

export function sqlApplications(db: SqlDatabase): ApplicationRepo {
  return {
    async insert(app) {
      await db.transaction((tx) => tx.run(sql.insert, values(app)));
    },
    async get(idOrUid) {
      // An id is looked up as an id only: a uid never reads as one, so the answer is one application.
      const column = idOrUid.startsWith('app_') ? 'id' : 'uid';
      const row = await db.get<Row>(`SELECT * FROM applications WHERE ${column} = ?`, [idOrUid]);
      return row && fromRow(row);
    },
    async update(app) {
      await db.transaction((tx) => tx.run(sql.update, values(app)));
    },
    async delete(id) {
      const { changes } = await db.transaction((tx) => tx.run('DELETE FROM applications WHERE id = ?', [id]));
      return changes > 0;
    },
    list(query) {
      return paginate(db, {
        select: 'SELECT * FROM applications',
        where: [],
        params: [],
        key: 'id',
        query,
        map: fromRow,
        keyOf: (a) => a.id,
      });
    },
  };
}

import type { Application } from '../../model.ts';
import type { ApplicationRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { json, plain, repository, table, time } from './table.ts';

const applications = table<Application>('applications', 'id', {
  id: plain(),
  uid: plain(),
  name: plain(),
  throttleRate: plain(),
  metadata: json(),
  createdAt: time,
  updatedAt: time,
});

/** One of the application's endpoints, to complete with a condition. */
const ENDPOINT = 'SELECT 1 FROM endpoints e WHERE e.app_id = applications.id';

export function sqlApplications(db: SqlDatabase): ApplicationRepo {
  const rows = repository(db, applications);
  return {
    insert: rows.insert,
    update: rows.update,
    // An id is looked up as an id only: a uid never reads as one, so the answer is one application.
    get: (idOrUid) => rows.one(`${idOrUid.startsWith('app_') ? 'id' : 'uid'} = ?`, [idOrUid]),
    delete: (id) => rows.delete('id = ?', [id]),
    list(query) {
      // Each a probe of the application's endpoints by index (endpoints_app, endpoints_app_enabled)
      // beside the walk of applications in id order.
      const where: string[] = [];
      if (query.excludeNoEndpoints) where.push(`EXISTS (${ENDPOINT} AND e.draft = 0)`);
      if (query.excludeOnlyDisabledEndpoints) {
        where.push(
          `(NOT EXISTS (${ENDPOINT} AND e.draft = 0) OR EXISTS (${ENDPOINT} AND e.disabled = 0 AND e.draft = 0))`,
        );
      }
      return rows.page(query, { where });
    },
  };
}

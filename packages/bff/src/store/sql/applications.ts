import { type Application, OPERATIONAL_APP_ID } from '../../model.ts';
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

/** An id is looked up as an id only (by its prefix): a uid never reads as one, so a name finds one application. */
export const namesAnId = (idOrUid: string) => idOrUid.startsWith('app_');

/** `value` for one of the application's endpoints, to complete with a condition. */
const endpoint = (value: number) => `SELECT ${value} FROM endpoints e WHERE e.app_id = applications.id`;

export function sqlApplications(db: SqlDatabase): ApplicationRepo {
  const rows = repository(db, applications);
  return {
    insert: rows.insert,
    update: rows.update,
    get: (idOrUid) => rows.one(`${namesAnId(idOrUid) ? 'id' : 'uid'} = ?`, [idOrUid]),
    delete: (id) => rows.delete('id = ?', [id]),
    list(query) {
      // Each a probe of the application's endpoints by index (endpoints_app, endpoints_app_enabled)
      // beside the walk of applications in id order: scalar subqueries that stop at the first row,
      // which PostgreSQL cannot turn into a join over (or a hash of) every endpoint as it does EXISTS.
      // The operational webhooks' internal application is no vendor's (migration 18).
      const where: string[] = ['id <> ?'];
      if (query.excludeNoEndpoints) where.push(`(${endpoint(1)} AND e.draft = 0 LIMIT 1) IS NOT NULL`);
      if (query.excludeOnlyDisabledEndpoints) {
        // 0 when it has an enabled endpoint or none at all, 1 when all it has are disabled.
        where.push(
          `COALESCE((${endpoint(0)} AND e.disabled = 0 AND e.draft = 0 LIMIT 1), (${endpoint(1)} AND e.draft = 0 LIMIT 1), 0) = 0`,
        );
      }
      return rows.page(query, { where, params: [OPERATIONAL_APP_ID] });
    },
  };
}

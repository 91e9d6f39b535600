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

export function sqlApplications(db: SqlDatabase): ApplicationRepo {
  const rows = repository(db, applications);
  return {
    insert: rows.insert,
    update: rows.update,
    // An id is looked up as an id only: a uid never reads as one, so the answer is one application.
    get: (idOrUid) => rows.one(`${idOrUid.startsWith('app_') ? 'id' : 'uid'} = ?`, [idOrUid]),
    delete: (id) => rows.delete('id = ?', [id]),
    // The operational webhooks' internal application is no vendor's (migration 18).
    list: (query) => rows.page(query, { where: ['id <> ?'], params: [OPERATIONAL_APP_ID] }),
  };
}

import type { Integration } from '../../model.ts';
import type { IntegrationRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { json, plain, repository, table, time } from './table.ts';

const integrations = table<Integration>('integrations', 'id', {
  id: plain(),
  appId: plain(),
  name: plain(),
  featureFlags: json(),
  keyCiphertext: plain(),
  createdAt: time,
  updatedAt: time,
});

export function sqlIntegrations(db: SqlDatabase): IntegrationRepo {
  const rows = repository(db, integrations);
  return {
    insert: rows.insert,
    get: (appId, id) => rows.one('app_id = ? AND id = ?', [appId, id]),
    update: rows.update,
    delete: (appId, id) => rows.delete('app_id = ? AND id = ?', [appId, id]),
    list: (appId, query) => rows.page(query, { where: ['app_id = ?'], params: [appId] }),
    all: () => rows.all('ORDER BY id'),
  };
}

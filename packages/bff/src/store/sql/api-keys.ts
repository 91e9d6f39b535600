import type { ApiKey } from '../../model.ts';
import type { ApiKeyRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { optionalTime, plain, repository, table, time } from './table.ts';

const apiKeys = table<ApiKey>('api_keys', 'id', {
  id: plain(),
  name: plain(),
  hash: plain(),
  createdAt: time,
  revokedAt: optionalTime,
});

export function sqlApiKeys(db: SqlDatabase): ApiKeyRepo {
  const rows = repository(db, apiKeys);
  return {
    insert: rows.insert,
    findActive: (hash) => rows.one('hash = ? AND revoked_at IS NULL', [hash]),
    list: () => rows.all('ORDER BY id'),
    revoke: (id, at) =>
      rows.change('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at.getTime(), id]),
  };
}

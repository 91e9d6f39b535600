import type { CredentialRepo, StoredCredentials } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { json, plain, repository, table, time } from './table.ts';

const credentials = table<StoredCredentials>('endpoint_credentials', 'endpointId', {
  endpointId: plain(),
  kind: plain(),
  ciphertext: plain(),
  hint: json(),
  updatedAt: time,
});

export function sqlCredentials(db: SqlDatabase): CredentialRepo {
  const rows = repository(db, credentials);
  return {
    async put(c) {
      // One per endpoint: saved again, they replace the old ones.
      await rows.change(
        `${credentials.insert}
         ON CONFLICT (endpoint_id) DO UPDATE SET kind = excluded.kind, ciphertext = excluded.ciphertext,
           hint = excluded.hint, updated_at = excluded.updated_at`,
        credentials.values(c),
      );
    },
    get: (endpointId) => rows.one('endpoint_id = ?', [endpointId]),
    getMany: async (endpointIds) =>
      endpointIds.length === 0
        ? []
        : rows.all(`WHERE ${db.dialect.oneOf('endpoint_id')}`, [JSON.stringify(endpointIds)]),
    all: () => rows.all('ORDER BY endpoint_id'),
  };
}

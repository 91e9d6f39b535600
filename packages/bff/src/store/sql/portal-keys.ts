import type { PortalKey } from '../../model.ts';
import type { PortalKeyRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { json, plain, repository, table, time } from './table.ts';

const portalKeys = table<PortalKey>('portal_keys', 'kid', {
  kid: plain(),
  alg: plain(),
  publicJwk: json(),
  privateJwk: json(),
  issuer: plain(),
  createdAt: time,
});

export function sqlPortalKeys(db: SqlDatabase): PortalKeyRepo {
  const rows = repository(db, portalKeys);
  return {
    insert: rows.insert,
    get: (kid) => rows.one('kid = ?', [kid]),
    listOwn: () => rows.all('WHERE private_jwk IS NOT NULL ORDER BY created_at DESC'),
    listVendor: () => rows.all('WHERE private_jwk IS NULL ORDER BY created_at DESC'),
    async updatePrivate(kid, privateJwk) {
      await rows.change('UPDATE portal_keys SET private_jwk = ? WHERE kid = ?', [JSON.stringify(privateJwk), kid]);
    },
    delete: (kid) => rows.delete('kid = ?', [kid]),
  };
}

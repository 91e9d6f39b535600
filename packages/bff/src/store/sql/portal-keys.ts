import type { PortalKey } from '../../model.ts';
import type { PortalKeyRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { date, fromJson } from './rows.ts';

interface Row {
  kid: string;
  alg: string;
  public_jwk: string;
  private_jwk: string | null;
  issuer: string | null;
  created_at: number;
}

const fromRow = (r: Row): PortalKey => ({
  kid: r.kid,
  alg: r.alg,
  publicJwk: JSON.parse(r.public_jwk),
  privateJwk: fromJson(r.private_jwk),
  issuer: r.issuer,
  createdAt: date(r.created_at),
});

export function sqlPortalKeys(db: SqlDatabase): PortalKeyRepo {
  return {
    async insert(k) {
      await db.transaction((tx) =>
        tx.run(
          'INSERT INTO portal_keys (kid, alg, public_jwk, private_jwk, issuer, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          [
            k.kid,
            k.alg,
            JSON.stringify(k.publicJwk),
            k.privateJwk && JSON.stringify(k.privateJwk),
            k.issuer,
            k.createdAt.getTime(),
          ],
        ),
      );
    },
    async get(kid) {
      const row = await db.get<Row>('SELECT * FROM portal_keys WHERE kid = ?', [kid]);
      return row && fromRow(row);
    },
    async listOwn() {
      const rows = await db.all<Row>(
        'SELECT * FROM portal_keys WHERE private_jwk IS NOT NULL ORDER BY created_at DESC',
      );
      return rows.map(fromRow);
    },
    async listVendor() {
      const rows = await db.all<Row>('SELECT * FROM portal_keys WHERE private_jwk IS NULL ORDER BY created_at DESC');
      return rows.map(fromRow);
    },
    async updatePrivate(kid, privateJwk) {
      await db.transaction((tx) =>
        tx.run('UPDATE portal_keys SET private_jwk = ? WHERE kid = ?', [JSON.stringify(privateJwk), kid]),
      );
    },
    async delete(kid) {
      const { changes } = await db.transaction((tx) => tx.run('DELETE FROM portal_keys WHERE kid = ?', [kid]));
      return changes > 0;
    },
  };
}

import type { RevocationRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';

export function sqlRevocations(db: SqlDatabase): RevocationRepo {
  return {
    async insert(r) {
      await db.transaction((tx) =>
        tx.run('INSERT INTO portal_revocations (app_id, session_id, issued_before, effective_at) VALUES (?, ?, ?, ?)', [
          r.appId,
          r.sessionId,
          r.issuedBefore.getTime(),
          r.effectiveAt.getTime(),
        ]),
      );
    },
    async isRevoked(appId, sessionId, issuedAt, now) {
      const row = await db.get(
        `SELECT 1 FROM portal_revocations
         WHERE app_id = ? AND (session_id IS NULL OR session_id = ?) AND issued_before >= ? AND effective_at <= ?
         LIMIT 1`,
        [appId, sessionId, issuedAt.getTime(), now.getTime()],
      );
      return row !== undefined;
    },
    async revokeToken(jti, expiresAt) {
      await db.transaction((tx) =>
        tx.run('INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING', [
          jti,
          expiresAt.getTime(),
        ]),
      );
    },
    async isTokenRevoked(jti) {
      return (await db.get('SELECT 1 FROM revoked_tokens WHERE jti = ?', [jti])) !== undefined;
    },
  };
}

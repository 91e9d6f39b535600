import type { IdempotencyRecord, IdempotencyRepo } from '../types.ts';
import type { SqliteDatabase } from './database.ts';

interface Row {
  fingerprint: string;
  status: number | null;
  body: string | null;
  expires_at: number;
}

export function sqliteIdempotency(db: SqliteDatabase): IdempotencyRepo {
  return {
    begin(scope, key, fingerprint, now, expiresAt) {
      return db.transaction(async (tx): Promise<IdempotencyRecord> => {
        const row = await tx.get<Row>(
          'SELECT fingerprint, status, body, expires_at FROM idempotency_keys WHERE scope = ? AND key = ?',
          [scope, key],
        );
        if (row && row.expires_at > now.getTime()) {
          if (row.status === null || row.body === null) return { state: 'pending', fingerprint: row.fingerprint };
          return { state: 'done', fingerprint: row.fingerprint, status: row.status, body: row.body };
        }
        // Expired keys are swept here, a few at a time, so the table stays bounded without a job.
        await tx.run(
          'DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE expires_at <= ? LIMIT 100)',
          [now.getTime()],
        );
        await tx.run(
          'INSERT OR REPLACE INTO idempotency_keys (scope, key, fingerprint, status, body, created_at, expires_at) VALUES (?, ?, ?, NULL, NULL, ?, ?)',
          [scope, key, fingerprint, now.getTime(), expiresAt.getTime()],
        );
        return { state: 'new' };
      });
    },
    async complete(scope, key, status, body) {
      await db.transaction((tx) =>
        tx.run('UPDATE idempotency_keys SET status = ?, body = ? WHERE scope = ? AND key = ?', [
          status,
          body,
          scope,
          key,
        ]),
      );
    },
    async release(scope, key) {
      await db.transaction((tx) => tx.run('DELETE FROM idempotency_keys WHERE scope = ? AND key = ?', [scope, key]));
    },
  };
}

import type { IdempotencyRecord, IdempotencyRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';

interface Row {
  fingerprint: string;
  status: number | null;
  body: string | null;
}

export function sqlIdempotency(db: SqlDatabase): IdempotencyRepo {
  return {
    begin(scope, key, fingerprint, now, { expiresAt, abandonedBefore }) {
      return db.transaction(async (tx): Promise<IdempotencyRecord> => {
        // Claiming is one statement, so two requests with one key cannot both see it free.
        const { changes } = await tx.run(
          `INSERT INTO idempotency_keys (scope, key, fingerprint, status, body, created_at, expires_at)
           VALUES (?, ?, ?, NULL, NULL, ?, ?)
           ON CONFLICT (scope, key) DO UPDATE SET
             fingerprint = excluded.fingerprint, status = NULL, body = NULL,
             created_at = excluded.created_at, expires_at = excluded.expires_at
           WHERE idempotency_keys.expires_at <= excluded.created_at
              OR (idempotency_keys.status IS NULL AND idempotency_keys.created_at <= ?)`,
          [scope, key, fingerprint, now.getTime(), expiresAt.getTime(), abandonedBefore.getTime()],
        );
        if (changes > 0) {
          // Expired keys are swept here, a few at a time, so the table stays bounded without a job.
          await tx.run(
            'DELETE FROM idempotency_keys WHERE (scope, key) IN (SELECT scope, key FROM idempotency_keys WHERE expires_at <= ? LIMIT 100)',
            [now.getTime()],
          );
          return { state: 'new' };
        }
        const row = await tx.get<Row>(
          'SELECT fingerprint, status, body FROM idempotency_keys WHERE scope = ? AND key = ?',
          [scope, key],
        );
        if (!row || row.status === null || row.body === null)
          return { state: 'pending', fingerprint: row?.fingerprint ?? '' };
        return { state: 'done', fingerprint: row.fingerprint, status: row.status, body: row.body };
      });
    },
    async complete(scope, key, status, body, ref) {
      await db.transaction((tx) =>
        tx.run('UPDATE idempotency_keys SET status = ?, body = ?, ref = ? WHERE scope = ? AND key = ?', [
          status,
          body,
          ref,
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

import type { ThrottleRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';

const SECOND_US = 1_000_000;

/**
 * GCRA over one row per endpoint: `tat` is when the next delivery would be due at exactly the
 * rate. A delivery may go while that is at most one second ahead of now, which allows a burst
 * of one second's worth. The take is one statement, so processes sharing the database share
 * the rate without a lock of their own.
 */
export function sqlThrottle(db: SqlDatabase): ThrottleRepo {
  const { dialect } = db;
  return {
    take(endpointId, perSecond, now) {
      return db.transaction(async (tx) => {
        const interval = Math.max(1, Math.round(SECOND_US / perSecond));
        const nowUs = now.getTime() * 1000;
        const next = dialect.greatest('throttle_buckets.tat + ?', 'excluded.tat');
        const taken = await tx.all<{ tat: number }>(
          `INSERT INTO throttle_buckets (endpoint_id, tat) VALUES (?, ?)
           ON CONFLICT (endpoint_id) DO UPDATE SET tat = ${next} WHERE ${next} <= ?
           RETURNING tat`,
          [endpointId, nowUs + interval, interval, interval, nowUs + SECOND_US],
        );
        if (taken.length > 0) return 0;
        const row = await tx.get<{ tat: number }>('SELECT tat FROM throttle_buckets WHERE endpoint_id = ?', [
          endpointId,
        ]);
        return Math.max(1, Math.ceil(((row?.tat ?? nowUs) + interval - nowUs - SECOND_US) / 1000));
      });
    },
  };
}

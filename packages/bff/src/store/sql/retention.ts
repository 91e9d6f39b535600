import { AttemptStatus } from '../../model.ts';
import type { RetentionRepo } from '../types.ts';
import { REMOVED_PAYLOAD, removeContent } from './content.ts';
import type { SqlDatabase, SqlValue } from './database.ts';

/** The lock the cleaners of every process take for each batch (PostgreSQL advisory lock key). */
const CLEANER_LOCK = 7_316_221_018;

/** Message `m` has a dispatch still pending (being sent, or waiting for a retry): one seek in tasks_pair_order. */
const PENDING = `EXISTS (SELECT 1 FROM tasks t WHERE t.msg_id = m.id AND t.status = ${AttemptStatus.Pending})`;

export function sqlRetention(db: SqlDatabase): RetentionRepo {
  const { dialect } = db;
  /** `work` in one transaction holding the cleaners' lock; null when another cleaner holds it. */
  const locked = (work: (tx: SqlDatabase) => Promise<number>) =>
    db.transaction(async (tx) => {
      const lock = await tx.get<{ locked: number }>(dialect.tryLock(CLEANER_LOCK));
      return lock?.locked === 1 ? work(tx) : null;
    });
  const { rowId } = dialect;
  /**
   * Deletes the rows of `table` that the walk `where … ORDER BY … LIMIT ?` finds, each sought by
   * where it is stored: one statement, whatever the table's key (portal_revocations has none).
   */
  const deleteWalk = async (tx: SqlDatabase, table: string, walk: string, params: SqlValue[]) =>
    (
      await tx.run(
        `DELETE FROM ${table} WHERE ${dialect.inSelect(rowId, `SELECT ${rowId} FROM ${table} m WHERE ${walk}`)}`,
        params,
      )
    ).changes;

  return {
    expirePayloads: (now, limit) =>
      locked(async (tx) => {
        // Walked in expiry order over the payloads still held (messages_payload_expiry).
        const rows = await tx.all<{ id: string }>(
          `SELECT m.id FROM messages m WHERE m.payload <> '${REMOVED_PAYLOAD}' AND m.payload_expires_at <= ? AND NOT ${PENDING}
           ORDER BY m.payload_expires_at LIMIT ?`,
          [now.getTime(), limit],
        );
        await removeContent(
          tx,
          rows.map((r) => r.id),
        );
        return rows.length;
      }),
    deleteMessages: (before, limit) =>
      locked((tx) =>
        // Walked in time order over the messages whose payload is gone (messages_removed); their
        // attempts and dispatches go with them (ON DELETE CASCADE, by attempts_msg and tasks_msg_endpoints).
        deleteWalk(
          tx,
          'messages',
          `m.payload = '${REMOVED_PAYLOAD}' AND m.timestamp <= ? AND NOT ${PENDING} ORDER BY m.timestamp LIMIT ?`,
          [before.getTime(), limit],
        ),
      ),
    deleteExpired: (now, limit) =>
      locked(async (tx) => {
        const at = now.getTime();
        const keys = await deleteWalk(tx, 'idempotency_keys', 'expires_at <= ? ORDER BY expires_at LIMIT ?', [
          at,
          limit,
        ]);
        const tokens = await deleteWalk(tx, 'revoked_tokens', 'expires_at <= ? ORDER BY expires_at LIMIT ?', [
          at,
          limit,
        ]);
        // A session is used once, within its life: when that ends it can serve nothing more.
        const sessions = await deleteWalk(tx, 'connect_sessions', 'expires_at <= ? ORDER BY expires_at LIMIT ?', [
          at,
          limit,
        ]);
        return keys + tokens + sessions;
      }),
    deleteRevocations: (before, limit) =>
      locked((tx) =>
        deleteWalk(tx, 'portal_revocations', 'issued_before < ? ORDER BY issued_before LIMIT ?', [
          before.getTime(),
          limit,
        ]),
      ),
    deleteTasks: (before, limit) =>
      locked((tx) =>
        // Walked in the order they ended (background_tasks_ended); a running one is never touched.
        deleteWalk(tx, 'background_tasks', "status <> 'running' AND updated_at <= ? ORDER BY updated_at LIMIT ?", [
          before.getTime(),
          limit,
        ]),
      ),
    async reclaim(pages) {
      const { reclaim } = dialect;
      if (!reclaim) return 0;
      const free = async () => (await db.get<{ freelist_count: number }>(reclaim.freePages))?.freelist_count ?? 0;
      const before = await free();
      if (before === 0) return 0;
      await db.transaction((tx) => tx.exec(reclaim.vacuum(pages)));
      return before - (await free());
    },
    checkpoint: () => db.checkpoint(),
  };
}

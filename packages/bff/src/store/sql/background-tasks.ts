import { type BackgroundTask, OPERATIONAL_APP_ID } from '../../model.ts';
import type { BackgroundTaskRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { type Field, json, optionalTime, plain, repository, table, time } from './table.ts';

/** A vendor-wide task's appId, `''` (VENDOR_WIDE), is NULL in the table: it references no application. */
const appIdOrNull: Field<string> = {
  columns: (column) => [column],
  write: (value) => [value === '' ? null : value],
  read: (row, column) => (row[column] as string | null) ?? '',
};

const tasks = table<BackgroundTask>('background_tasks', 'id', {
  id: plain(),
  appId: appIdOrNull,
  task: plain(),
  status: plain(),
  data: json(),
  leaseUntil: optionalTime,
  createdAt: time,
  updatedAt: time,
});

/** Running, and no live lease on it (`?`: now). */
const FREE = "status = 'running' AND (lease_until IS NULL OR lease_until <= ?)";

export function sqlBackgroundTasks(db: SqlDatabase): BackgroundTaskRepo {
  const rows = repository(db, tasks);
  return {
    insert(task, maxRunning) {
      // The count and the insert are one statement; on PostgreSQL the application's row is held
      // first, so two requests of one application take turns instead of both counting max - 1
      // (vendor-wide tasks hold the operational application's, a row that is always there).
      return db.transaction(async (tx) => {
        if (db.dialect.hold)
          await tx.get(`SELECT id FROM applications WHERE id = ?${db.dialect.hold}`, [
            task.appId || OPERATIONAL_APP_ID,
          ]);
        // Vendor-wide tasks (no application) are counted together, as one more application's.
        const { changes } = task.appId
          ? await tx.run(
              `${tasks.insertSelect} WHERE (SELECT COUNT(*) FROM background_tasks WHERE app_id = ? AND status = 'running') < ?`,
              [...tasks.values(task), task.appId, maxRunning],
            )
          : await tx.run(
              `${tasks.insertSelect} WHERE (SELECT COUNT(*) FROM background_tasks WHERE app_id IS NULL AND status = 'running') < ?`,
              [...tasks.values(task), maxRunning],
            );
        return changes > 0;
      });
    },

    get: (id) => rows.one('id = ?', [id]),

    list(query) {
      const where: string[] = [];
      const params: string[] = [];
      if (query.status) {
        where.push('status = ?');
        params.push(query.status);
      }
      if (query.task) {
        where.push('task = ?');
        params.push(query.task);
      }
      return rows.page(query, { where, params });
    },

    claim({ now, limit, leaseMs }) {
      const ms = now.getTime();
      return db.transaction(async (tx) => {
        const free = await tx.all<{ id: string }>(
          `SELECT id FROM background_tasks WHERE ${FREE} ORDER BY updated_at, id LIMIT ?${db.dialect.skipLocked}`,
          [ms, limit],
        );
        if (free.length === 0) return [];
        // Leased only if still free: on SQLite the statements of a group commit interleave.
        const leased = await tx.all<Record<string, unknown>>(
          `UPDATE background_tasks SET lease_until = ?
           WHERE id IN (SELECT value FROM ${db.dialect.jsonValues('?')}) AND ${FREE} RETURNING *`,
          [ms + leaseMs, JSON.stringify(free.map((r) => r.id)), ms],
        );
        return leased.map(tasks.fromRow).sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime());
      });
    },

    async save(task, outcome, now) {
      // lease_until is the fencing token: a runner whose lease ran out (and another took the
      // task) changes nothing, and the caller rolls its batch back.
      const { changes } = await db.transaction((tx) =>
        tx.run(
          `UPDATE background_tasks SET status = ?, data = ?, lease_until = NULL, updated_at = ?
           WHERE id = ? AND status = 'running' AND lease_until = ?`,
          [outcome.status, JSON.stringify(outcome.data), now.getTime(), task.id, task.leaseUntil?.getTime() ?? null],
        ),
      );
      return changes === 1;
    },
  };
}

import type { Endpoint, RetiredSecret } from '../../model.ts';
import type { EndpointRepo } from '../types.ts';
import type { SqlDatabase, SqlValue } from './database.ts';
import { flag, json, jsonVia, nested, optionalTime, plain, repository, table, time } from './table.ts';
import { padded, valuesTable } from './values.ts';

export const endpoints = table<Endpoint>(
  'endpoints',
  'id',
  {
    id: plain(),
    appId: plain(),
    uid: plain(),
    url: plain(),
    description: plain(),
    eventTypes: json(),
    channels: json(),
    disabled: flag,
    metadata: json(),
    headers: json(),
    throttleRate: plain(),
    secret: plain(),
    previousSecrets: jsonVia(
      (secrets: RetiredSecret[]) => secrets.map((s) => ({ secret: s.secret, expiresAt: s.expiresAt.getTime() })),
      (stored: { secret: string; expiresAt: number }[]) =>
        stored.map((s) => ({ secret: s.secret, expiresAt: new Date(s.expiresAt) })),
    ),
    connectorId: plain(),
    transformation: nested({ code: plain(), enabled: flag, variables: json(), updatedAt: optionalTime }),
    filter: json(),
    retrySchedule: json(),
    failSince: optionalTime,
    failReason: plain(),
    disabledReason: plain(),
    draft: flag,
    createdAt: time,
    updatedAt: time,
  },
  // A draft goes live only by `publish` (docs/drafts.md); an edit from an older read must not make it a draft again.
  { insertOnly: ['draft'] },
);

export function sqlEndpoints(db: SqlDatabase): EndpointRepo {
  const rows = repository(db, endpoints);
  return {
    insert: rows.insert,
    async insertDraft(endpoint, max) {
      // The count and the insert are one statement; on PostgreSQL the application's row is held
      // first, so two connects of one application take turns instead of both counting max - 1.
      return db.transaction(async (tx) => {
        if (db.dialect.hold)
          await tx.get(`SELECT id FROM applications WHERE id = ?${db.dialect.hold}`, [endpoint.appId]);
        const { changes } = await tx.run(
          `${endpoints.insertSelect} WHERE (SELECT COUNT(*) FROM endpoints WHERE app_id = ? AND draft = 1) < ?`,
          [...endpoints.values(endpoint), endpoint.appId, max],
        );
        return changes > 0;
      });
    },
    update: rows.update,
    publish: (appId, id, live) =>
      rows.change(
        `UPDATE endpoints SET draft = 0, event_types = ?, transformation_code = ?, transformation_enabled = ?,
           transformation_updated_at = ?, updated_at = ?
         WHERE app_id = ? AND id = ? AND draft = 1`,
        [
          live.eventTypes === null ? null : JSON.stringify(live.eventTypes),
          live.transformation.code,
          live.transformation.enabled ? 1 : 0,
          live.transformation.updatedAt?.getTime() ?? null,
          live.updatedAt.getTime(),
          appId,
          id,
        ],
      ),
    touchDraft: (appId, id, at) =>
      rows.change('UPDATE endpoints SET updated_at = ? WHERE app_id = ? AND id = ? AND draft = 1', [
        at.getTime(),
        appId,
        id,
      ]),
    get: (appId, idOrUid) =>
      rows.one('app_id = ? AND (id = ? OR uid = ?) ORDER BY id = ? DESC LIMIT 1', [appId, idOrUid, idOrUid, idOrUid]),
    delete: (appId, id) => rows.delete('app_id = ? AND id = ?', [appId, id]),
    getMany: rows.getMany,
    async failingSince(ids) {
      if (ids.length === 0) return new Map();
      const failing = await db.all<{ id: string; fail_since: number | null }>(
        `SELECT id, fail_since FROM endpoints WHERE ${db.dialect.oneOf('id')} ORDER BY id${db.dialect.hold}`,
        [JSON.stringify(ids)],
      );
      return new Map(
        failing.flatMap((r) => (r.fail_since === null ? [] : [[r.id, new Date(Number(r.fail_since))] as const])),
      );
    },
    async recordStreaks(streaks) {
      const ended = streaks.filter((s) => !s.failing).map((s) => s.id);
      const failing = streaks.filter((s) => s.failing);
      await db.transaction(async (tx) => {
        if (ended.length > 0) {
          await tx.run(
            `UPDATE endpoints SET fail_since = NULL, fail_reason = NULL WHERE ${db.dialect.oneOf('id')} AND fail_since IS NOT NULL`,
            [JSON.stringify(ended)],
          );
        }
        if (failing.length === 0) return;
        const rows = padded(failing).map((s): SqlValue[] =>
          s ? [s.id, s.since.getTime(), s.reason, Number(s.restart)] : [null, null, null, null],
        );
        await tx.run(
          `UPDATE endpoints SET fail_reason = v.column3,
             fail_since = CASE WHEN v.column4 = 1 THEN v.column2 ELSE COALESCE(endpoints.fail_since, v.column2) END
           FROM ${valuesTable(rows, ['TEXT', 'BIGINT', 'TEXT', 'INTEGER'])}
           WHERE endpoints.id = v.column1`,
          rows.flat(),
        );
      });
    },
    disable: (id, reason, at) =>
      rows.change(
        'UPDATE endpoints SET disabled = 1, disabled_reason = ?, updated_at = ? WHERE id = ? AND disabled = 0',
        [reason, at.getTime(), id],
      ),
    list: (appId, query) => rows.page(query, { where: ['app_id = ?', 'draft = 0'], params: [appId] }),
    drafts: (appId, limit) =>
      rows.all('WHERE app_id = ? AND draft = 1 ORDER BY updated_at DESC, id DESC LIMIT ?', [appId, limit]),
    async deleteDrafts(before) {
      const { changes } = await db.transaction((tx) =>
        tx.run('DELETE FROM endpoints WHERE draft = 1 AND updated_at < ?', [before.getTime()]),
      );
      return changes;
    },
  };
}

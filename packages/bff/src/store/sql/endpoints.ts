import type { Endpoint, RetiredSecret } from '../../model.ts';
import type { EndpointRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { date, fromJson, fromMs, paginate, selectByIds, statements, toJson, toMs } from './rows.ts';

interface Row {
  id: string;
  app_id: string;
  uid: string | null;
  url: string;
  description: string;
  event_types: string | null;
  channels: string | null;
  disabled: number;
  metadata: string;
  headers: string;
  throttle_rate: number | null;
  secret: string;
  previous_secrets: string;
  connector_id: string | null;
  transformation_code: string | null;
  transformation_enabled: number;
  transformation_variables: string;
  transformation_updated_at: number | null;
  retry_schedule: string | null;
  fail_since: number | null;
  disabled_reason: string | null;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: Row): Endpoint => ({
  id: r.id,
  appId: r.app_id,
  uid: r.uid,
  url: r.url,
  description: r.description,
  eventTypes: fromJson(r.event_types),
  channels: fromJson(r.channels),
  disabled: r.disabled === 1,
  metadata: JSON.parse(r.metadata),
  headers: JSON.parse(r.headers),
  throttleRate: r.throttle_rate,
  secret: r.secret,
  previousSecrets: (JSON.parse(r.previous_secrets) as { secret: string; expiresAt: number }[]).map(
    (s): RetiredSecret => ({ secret: s.secret, expiresAt: date(s.expiresAt) }),
  ),
  connectorId: r.connector_id,
  transformation: {
    code: r.transformation_code,
    enabled: r.transformation_enabled === 1,
    variables: JSON.parse(r.transformation_variables),
    updatedAt: fromMs(r.transformation_updated_at),
  },
  retrySchedule: fromJson(r.retry_schedule),
  failSince: fromMs(r.fail_since),
  disabledReason: r.disabled_reason,
  createdAt: date(r.created_at),
  updatedAt: date(r.updated_at),
});

const sql = statements('endpoints', [
  'app_id',
  'uid',
  'url',
  'description',
  'event_types',
  'channels',
  'disabled',
  'metadata',
  'headers',
  'throttle_rate',
  'secret',
  'previous_secrets',
  'connector_id',
  'transformation_code',
  'transformation_enabled',
  'transformation_variables',
  'transformation_updated_at',
  'retry_schedule',
  'fail_since',
  'disabled_reason',
  'created_at',
  'updated_at',
  'id',
]);

const values = (e: Endpoint) => [
  e.appId,
  e.uid,
  e.url,
  e.description,
  toJson(e.eventTypes),
  toJson(e.channels),
  e.disabled ? 1 : 0,
  JSON.stringify(e.metadata),
  JSON.stringify(e.headers),
  e.throttleRate,
  e.secret,
  JSON.stringify(e.previousSecrets.map((s) => ({ secret: s.secret, expiresAt: s.expiresAt.getTime() }))),
  e.connectorId,
  e.transformation.code,
  e.transformation.enabled ? 1 : 0,
  JSON.stringify(e.transformation.variables),
  toMs(e.transformation.updatedAt),
  toJson(e.retrySchedule),
  toMs(e.failSince),
  e.disabledReason,
  e.createdAt.getTime(),
  e.updatedAt.getTime(),
  e.id,
];

export function sqlEndpoints(db: SqlDatabase): EndpointRepo {
  return {
    async insert(endpoint) {
      await db.transaction((tx) => tx.run(sql.insert, values(endpoint)));
    },
    async get(appId, idOrUid) {
      const row = await db.get<Row>(
        'SELECT * FROM endpoints WHERE app_id = ? AND (id = ? OR uid = ?) ORDER BY id = ? DESC LIMIT 1',
        [appId, idOrUid, idOrUid, idOrUid],
      );
      return row && fromRow(row);
    },
    async update(endpoint) {
      await db.transaction((tx) => tx.run(sql.update, values(endpoint)));
    },
    async delete(appId, id) {
      const { changes } = await db.transaction((tx) =>
        tx.run('DELETE FROM endpoints WHERE app_id = ? AND id = ?', [appId, id]),
      );
      return changes > 0;
    },
    getMany: (ids) => selectByIds(db, 'endpoints', ids, fromRow),
    recordFailure(id, at) {
      return db.transaction(async (tx) => {
        await tx.run('UPDATE endpoints SET fail_since = ? WHERE id = ? AND fail_since IS NULL', [at.getTime(), id]);
        const row = await tx.get<{ fail_since: number | null }>('SELECT fail_since FROM endpoints WHERE id = ?', [id]);
        return new Date(row?.fail_since ?? at.getTime());
      });
    },
    async recordSuccess(id) {
      await db.transaction((tx) =>
        tx.run('UPDATE endpoints SET fail_since = NULL WHERE id = ? AND fail_since IS NOT NULL', [id]),
      );
    },
    async disable(id, reason, at) {
      const { changes } = await db.transaction((tx) =>
        tx.run('UPDATE endpoints SET disabled = 1, disabled_reason = ?, updated_at = ? WHERE id = ? AND disabled = 0', [
          reason,
          at.getTime(),
          id,
        ]),
      );
      return changes > 0;
    },
    list(appId, query) {
      return paginate(db, {
        select: 'SELECT * FROM endpoints',
        where: ['app_id = ?'],
        params: [appId],
        key: 'id',
        query,
        map: fromRow,
        keyOf: (e) => e.id,
      });
    },
  };
}

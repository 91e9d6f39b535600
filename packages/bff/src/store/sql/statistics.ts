import { idBound } from '../../ids.ts';
import { OPERATIONAL_APP_ID } from '../../model.ts';
import type { StatisticsRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';

/** The dispatches a message's fan-out made (a manual resend is a task of its own, trigger_type 1). */
const SCHEDULED = 0;

/**
 * The counts behind Svix's statistics tasks, each over a handful of applications at a time and
 * each from an index: applications in id order, an application's messages of a window by the id
 * range its times make (messages_app: ids sort by creation time), its dispatches by message
 * (tasks_msg_endpoints), its endpoints by application (endpoints_app).
 */
export function sqlStatistics(db: SqlDatabase): StatisticsRepo {
  return {
    applicationsAfter: (afterId, limit) =>
      // The operational webhooks' internal application is no vendor's (migration 18).
      db.all<{ id: string; uid: string | null }>(
        'SELECT id, uid FROM applications WHERE id > ? AND id <> ? ORDER BY id LIMIT ?',
        [afterId ?? '', OPERATIONAL_APP_ID, limit],
      ),

    applicationsByIdOrUid: (idsOrUids) =>
      db.all<{ id: string; uid: string | null }>(
        `SELECT id, uid FROM applications WHERE (${db.dialect.oneOf('id')} OR ${db.dialect.oneOf('uid')}) AND id <> ?
         ORDER BY id`,
        [JSON.stringify(idsOrUids), JSON.stringify(idsOrUids), OPERATIONAL_APP_ID],
      ),

    async appUsage(appId, window) {
      const range = [
        appId,
        idBound('msg', window.since.getTime(), 'first'),
        idBound('msg', window.until.getTime() - 1, 'last'),
      ];
      const messages = await db.get<{ n: number | string }>(
        'SELECT COUNT(*) AS n FROM messages WHERE app_id = ? AND id >= ? AND id <= ?',
        range,
      );
      const destinations = await db.get<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM messages m JOIN tasks t ON t.msg_id = m.id AND t.trigger_type = ${SCHEDULED}
         WHERE m.app_id = ? AND m.id >= ? AND m.id <= ?`,
        range,
      );
      return { messages: Number(messages?.n ?? 0), messageDestinations: Number(destinations?.n ?? 0) };
    },

    async subscriptions(appId) {
      const rows = await db.all<{ event_types: string | null }>(
        'SELECT event_types FROM endpoints WHERE app_id = ? AND draft = 0',
        [appId],
      );
      const explicit = new Set<string>();
      let catchAll = false;
      for (const row of rows) {
        const types = row.event_types === null ? [] : (JSON.parse(row.event_types) as string[]);
        if (types.length === 0) catchAll = true;
        for (const type of types) explicit.add(type);
      }
      return { explicitlySubscribedEventTypes: [...explicit].sort(), hasCatchAllEndpoint: catchAll };
    },
  };
}

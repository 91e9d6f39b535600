import type { MessageFilter } from '../types.ts';
import type { Dialect, SqlValue } from './database.ts';

/** WHERE clauses for Svix's message filters over a table with `event_type`, `channels`, `tags` and `timestamp`. */
export function messageFilterSql(
  filter: MessageFilter,
  table: string,
  dialect: Dialect,
): { where: string[]; params: SqlValue[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (filter.eventTypes?.length) {
    where.push(`${table}.event_type IN (${filter.eventTypes.map(() => '?').join(', ')})`);
    params.push(...filter.eventTypes);
  }
  if (filter.channel) {
    where.push(`EXISTS (SELECT 1 FROM ${dialect.jsonValues(`${table}.channels`)} WHERE value = ?)`);
    params.push(filter.channel);
  }
  if (filter.tag) {
    where.push(`EXISTS (SELECT 1 FROM ${dialect.jsonValues(`${table}.tags`)} WHERE value = ?)`);
    params.push(filter.tag);
  }
  if (filter.before) {
    where.push(`${table}.timestamp < ?`);
    params.push(filter.before.getTime());
  }
  if (filter.after) {
    where.push(`${table}.timestamp > ?`);
    params.push(filter.after.getTime());
  }
  return { where, params };
}

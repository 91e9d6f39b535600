import type { ListQuery, Page } from '../types.ts';
import type { SqlDatabase, SqlValue } from './database.ts';

export const toJson = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);
export const fromJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
export const toMs = (date: Date | null): number | null => (date === null ? null : date.getTime());
export const fromMs = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
export const date = (ms: number): Date => new Date(ms);

export interface PageSpec<Row, T> {
  /** `SELECT … FROM …` without WHERE. */
  select: string;
  where: string[];
  params: SqlValue[];
  /** The unique, sortable column that cursors point into. */
  key: string;
  query: ListQuery;
  map: (row: Row) => T;
  keyOf: (item: T) => string;
}

/**
 * Keyset pagination. `iterator` continues after its key in the list's order; a
 * `prevIterator` (`-key`) walks the other way and the page is flipped back.
 */
export async function paginate<Row, T>(db: SqlDatabase, spec: PageSpec<Row, T>): Promise<Page<T>> {
  const { query } = spec;
  const backwards = query.iterator?.startsWith('-') ?? false;
  const cursor = backwards ? query.iterator?.slice(1) : query.iterator;
  const ascending = (query.order === 'ascending') !== backwards;
  const where = [...spec.where];
  const params = [...spec.params];
  if (cursor) {
    where.push(`${spec.key} ${ascending ? '>' : '<'} ?`);
    params.push(cursor);
  }
  const sql = `${spec.select}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${spec.key} ${ascending ? 'ASC' : 'DESC'} LIMIT ?`;
  const rows = await db.all<Row>(sql, [...params, query.limit + 1]);
  const more = rows.length > query.limit;
  const data = rows.slice(0, query.limit).map(spec.map);
  if (backwards) data.reverse();
  const first = data[0];
  const last = data.at(-1);
  return {
    data,
    iterator: last ? spec.keyOf(last) : null,
    prevIterator: first ? `-${spec.keyOf(first)}` : null,
    done: backwards ? false : !more,
  };
}

/**
 * INSERT and UPDATE statements over `columns`, the last of which is the primary key, so one
 * `values()` list in that order serves both.
 */
export function statements(table: string, columns: readonly string[]) {
  const key = columns.at(-1);
  return {
    insert: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    update: `UPDATE ${table} SET ${columns
      .slice(0, -1)
      .map((c) => `${c} = ?`)
      .join(', ')} WHERE ${key} = ?`,
  };
}

/** Rows of `table` by primary key, in one statement whatever the number of ids (a JSON array parameter). */
export async function selectByIds<Row, T>(
  db: SqlDatabase,
  table: string,
  ids: string[],
  map: (row: Row) => T,
): Promise<T[]> {
  const rows = await db.all<Row>(
    `SELECT * FROM ${table} WHERE id IN (SELECT value FROM ${db.dialect.jsonValues('?')})`,
    [JSON.stringify(ids)],
  );
  return rows.map(map);
}

import type { ListQuery, Page } from '../types.ts';
import type { SqlDatabase, SqlValue } from './database.ts';

type Row = Record<string, unknown>;

/** How one field of an entity is stored: in which columns (named after the field), and how. */
export interface Field<V> {
  columns(column: string): string[];
  write(value: V): SqlValue[];
  read(row: Row, column: string): V;
}

const single = <V>(write: (value: V) => SqlValue, read: (stored: unknown) => V): Field<V> => ({
  columns: (column) => [column],
  write: (value) => [write(value)],
  read: (row, column) => read(row[column]),
});

/** Stored as it is: text and numbers. */
export const plain = <V extends SqlValue>(): Field<V> =>
  single<V>(
    (value) => value,
    (stored) => stored as V,
  );
/** 0 or 1, which both databases read the same. */
export const flag: Field<boolean> = single(
  (value) => (value ? 1 : 0),
  (stored) => stored === 1,
);
/** JSON text; null stays null. */
export const json = <V>(): Field<V> =>
  single<V>(
    (value) => (value === null || value === undefined ? null : JSON.stringify(value)),
    (stored) => (stored === null ? null : JSON.parse(stored as string)) as V,
  );
/** Milliseconds since the epoch. */
export const time: Field<Date> = single(
  (value) => value.getTime(),
  (stored) => new Date(stored as number),
);
export const optionalTime: Field<Date | null> = single(
  (value) => (value === null ? null : value.getTime()),
  (stored) => (stored === null ? null : new Date(stored as number)),
);
/** JSON text of a value with dates in it, written as `toJson` makes it and read back with `fromJson`. */
export const jsonVia = <V, S>(toJson: (value: V) => S, fromJson: (stored: S) => V): Field<V> =>
  single<V>(
    (value) => JSON.stringify(toJson(value)),
    (stored) => fromJson(JSON.parse(stored as string) as S),
  );
/** An object whose fields have columns of their own, named after it: `transformation_code`, … */
export function nested<V extends object>(fields: { [K in keyof V]-?: Field<V[K]> }): Field<V> {
  const entries = Object.entries(fields) as [string, Field<unknown>][];
  return {
    columns: (column) => entries.flatMap(([name, field]) => field.columns(`${column}_${snake(name)}`)),
    write: (value) => entries.flatMap(([name, field]) => field.write((value as Row)[name])),
    read: (row, column) =>
      Object.fromEntries(entries.map(([name, field]) => [name, field.read(row, `${column}_${snake(name)}`)])) as V,
  };
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * One table's mapping to its entity, declared field by field: the columns, the row conversion
 * both ways, and the statements every repository needs (the key column comes last, so
 * `values()` fills INSERT and `updateValues()` UPDATE). `insertOnly` fields are written when the
 * row is made and never by `update`: a state that changes only through a statement of its own,
 * which a write of the whole entity from an older read must not undo.
 */
export function table<T extends object>(
  name: string,
  key: keyof T & string,
  fields: { [K in keyof T]-?: Field<T[K]> },
  options: { insertOnly?: (keyof T & string)[] } = {},
) {
  const entries = (Object.entries(fields) as [string, Field<unknown>][]).sort(
    ([a], [b]) => Number(a === key) - Number(b === key),
  );
  const updated = entries.filter(([field]) => !options.insertOnly?.includes(field as keyof T & string));
  const columnsOf = (list: [string, Field<unknown>][]) => list.flatMap(([field, codec]) => codec.columns(snake(field)));
  const valuesOf = (list: [string, Field<unknown>][]) => (entity: T) =>
    list.flatMap(([field, codec]) => codec.write((entity as Record<string, unknown>)[field]));
  const columns = columnsOf(entries);
  const keyColumn = snake(key);
  return {
    name,
    key,
    keyColumn,
    /** The columns, in the order of {@link values}. */
    columns,
    fromRow: (row: Row): T =>
      Object.fromEntries(entries.map(([field, codec]) => [field, codec.read(row, snake(field))])) as T,
    values: valuesOf(entries),
    updateValues: valuesOf(updated),
    insert: `INSERT INTO ${name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    /** The same insert as a SELECT, to append a WHERE: the row is inserted only if it holds, in one statement. */
    insertSelect: `INSERT INTO ${name} (${columns.join(', ')}) SELECT ${columns.map(() => '?').join(', ')}`,
    update: `UPDATE ${name} SET ${columnsOf(updated)
      .filter((c) => c !== keyColumn)
      .map((c) => `${c} = ?`)
      .join(', ')} WHERE ${keyColumn} = ?`,
  };
}

export type Table<T extends object> = ReturnType<typeof table<T>>;

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

/** Rows of `table` by primary key, in one statement whatever the number of ids (a JSON array parameter). */
export async function selectByIds<Row, T>(
  db: SqlDatabase,
  table: string,
  ids: string[],
  map: (row: Row) => T,
): Promise<T[]> {
  // A batch with nothing to look up (no connector among its endpoints, say) costs no trip.
  if (ids.length === 0) return [];
  const rows = await db.all<Row>(
    `SELECT * FROM ${table} WHERE id IN (SELECT value FROM ${db.dialect.jsonValues('?')})`,
    [JSON.stringify(ids)],
  );
  return rows.map(map);
}

/** The reads and writes every repository of a {@link table} is made of, written once. */
export function repository<T extends object>(db: SqlDatabase, t: Table<T>) {
  const change = async (sql: string, params: SqlValue[]) =>
    (await db.transaction((tx) => tx.run(sql, params))).changes > 0;
  return {
    async insert(entity: T): Promise<void> {
      await db.transaction((tx) => tx.run(t.insert, t.values(entity)));
    },
    /** Writes the entity over its row; answers false when there is none (it was deleted meanwhile). */
    update: (entity: T): Promise<boolean> => change(t.update, t.updateValues(entity)),
    /** Runs one changing statement in a transaction; answers whether it changed a row. */
    change,
    /** Deletes the rows `where` matches; answers whether there was one. */
    delete: (where: string, params: SqlValue[]) => change(`DELETE FROM ${t.name} WHERE ${where}`, params),
    async one(where: string, params: SqlValue[]): Promise<T | undefined> {
      const row = await db.get<Row>(`SELECT * FROM ${t.name} WHERE ${where}`, params);
      return row && t.fromRow(row);
    },
    /** Every row, or those `rest` (a WHERE and, or only, an ORDER BY) selects. */
    async all(rest = '', params: SqlValue[] = []): Promise<T[]> {
      return (await db.all<Row>(`SELECT * FROM ${t.name} ${rest}`, params)).map(t.fromRow);
    },
    getMany: (ids: string[]): Promise<T[]> => selectByIds(db, t.name, ids, t.fromRow),
    /** A page in key order (see `paginate`), of the rows `where` matches (of `select`, a join, if given). */
    page(
      query: ListQuery,
      filter: { where?: string[]; params?: SqlValue[]; select?: string; key?: string } = {},
    ): Promise<Page<T>> {
      return paginate(db, {
        select: filter.select ?? `SELECT * FROM ${t.name}`,
        where: filter.where ?? [],
        params: filter.params ?? [],
        key: filter.key ?? t.keyColumn,
        query,
        map: t.fromRow,
        keyOf: (entity) => String((entity as Record<string, unknown>)[t.key]),
      });
    },
  };
}

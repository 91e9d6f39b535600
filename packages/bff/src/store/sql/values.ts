import type { SqlValue } from './database.ts';

/**
 * `rows` padded with `undefined` to the next power of two: a batch's statement is one of a
 * handful of texts, whatever its size, so prepared statements are reused.
 */
export function padded<T>(rows: T[]): (T | undefined)[] {
  const size = 2 ** Math.ceil(Math.log2(Math.max(1, rows.length)));
  return [...rows, ...Array<undefined>(size - rows.length)];
}

/**
 * A FROM item of `rows` of parameters, as `v` with columns `column1`, `column2`, … (the names
 * both databases give a VALUES list's columns). Each placeholder is cast to its column's type,
 * so PostgreSQL knows it without a table to infer it from.
 */
export function valuesTable(rows: SqlValue[][], types: string[]): string {
  const row = `(${types.map((type) => `CAST(? AS ${type})`).join(', ')})`;
  return `(VALUES ${rows.map(() => row).join(', ')}) AS v`;
}

export type SqlValue = string | number | bigint | Buffer | null;

/**
 * What differs between the SQL that SQLite and PostgreSQL speak. Everything else in `sql/` is
 * written once, in the subset both understand: `?` placeholders, integer milliseconds for
 * times, JSON as text, 0/1 for booleans.
 */
export interface Dialect {
  name: 'sqlite' | 'postgres';
  /** A FROM item over the elements of a JSON array (text), as a column named `value`. */
  jsonValues(json: string): string;
  /**
   * `column` is one of the elements of the JSON array (text) parameter: one seek each, whatever the
   * table's size. (PostgreSQL plans `IN (SELECT …)` of a set-returning function, which it guesses
   * a hundred rows long, as a hash join over the whole table; an array is a list it seeks.)
   */
  oneOf(column: string): string;
  /** What names a row in its table, whatever its key (or none): SQLite's rowid, PostgreSQL's ctid. */
  rowId: string;
  /** `column` is one of the values `select` answers, each sought as {@link oneOf}'s are. */
  inSelect(column: string, select: string): string;
  /** The larger of two values: SQLite's two-argument MAX, PostgreSQL's GREATEST. */
  greatest(a: string, b: string): string;
  /**
   * Appended to a SELECT that claims rows: rows another transaction holds are skipped rather
   * than waited for. SQLite has one writer at a time, so it needs none.
   */
  skipLocked: string;
  /**
   * Appended to a SELECT of rows a transaction must hold until it commits without changing
   * them: others that want to hold them wait their turn, while inserts that only reference
   * them (foreign keys) go on.
   */
  hold: string;
  /** A migration's DDL, written in SQLite's types, in this database's. */
  schema(ddl: string): string;
  /**
   * How the file gives back the pages that deletes freed: the count of free pages and the
   * statement that returns up to `pages` of them (SQLite's incremental vacuum); null where the
   * database reuses them by itself (PostgreSQL's autovacuum).
   */
  reclaim: { freePages: string; vacuum(pages: number): string } | null;
  /**
   * A statement answering `locked` (1 or 0): whether this transaction took the lock named `key`,
   * held until it ends; another transaction holding it makes the answer 0 at once. SQLite's
   * one writer holds every lock by itself.
   */
  tryLock(key: number): string;
  /**
   * After rows were inserted with explicit values for an identity column: the statement that
   * moves its counter past them (SQLite's AUTOINCREMENT follows by itself: null).
   */
  afterExplicitIds(table: string, column: string): string | null;
}

/**
 * One database as the repositories see it. Statements run in order within a transaction; a
 * transaction started inside another joins it. Work given to `transaction` may run more than
 * once (a retried group commit or deadlock), so it must only touch the database.
 */
export interface SqlDatabase {
  readonly dialect: Dialect;
  /**
   * Statements sent to the database so far by this process (BEGIN, COMMIT and ROLLBACK
   * included; a multi-statement `exec` counts once, as it is one trip): what /metrics reports.
   */
  readonly statements: number;
  exec(sql: string): Promise<void>;
  /** Throws {@link UniqueViolation} when a unique constraint refuses the write. */
  run(sql: string, params?: SqlValue[]): Promise<{ changes: number }>;
  get<T>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlValue[]): Promise<T[]>;
  transaction<T>(work: (tx: SqlDatabase) => Promise<T>): Promise<T>;
  /**
   * Makes what the last transactions removed gone from every file of the database (SQLite: the
   * WAL copied into the database file and emptied); PostgreSQL: nothing to do (its dead row
   * versions are invisible, and autovacuum frees them).
   */
  checkpoint(): Promise<void>;
  /** Runs `work` while no other process runs its own `exclusive` work on this database (migrations). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Tells every process listening on `channel` that there is news, when the current transaction commits. */
  notify(channel: string): Promise<void>;
  /** Calls `listener` on news from any process; answers how to stop listening. */
  listen(channel: string, listener: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

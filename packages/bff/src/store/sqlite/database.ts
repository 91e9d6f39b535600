import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import type { Dialect, SqlDatabase, SqlValue } from '../sql/database.ts';
import { UniqueViolation } from '../types.ts';

const sqliteDialect: Dialect = {
  name: 'sqlite',
  jsonValues: (json) => `json_each(${json})`,
  oneOf: (column) => `${column} IN (SELECT value FROM json_each(?))`,
  rowId: 'rowid',
  inSelect: (column, select) => `${column} IN (${select})`,
  greatest: (a, b) => `MAX(${a}, ${b})`,
  skipLocked: '',
  hold: '',
  schema: (ddl) => ddl,
  afterExplicitIds: () => null,
  reclaim: { freePages: 'PRAGMA freelist_count', vacuum: (pages) => `PRAGMA incremental_vacuum(${pages})` },
  tryLock: () => 'SELECT 1 AS locked',
};

/** SQLite's unique-constraint failure as {@link UniqueViolation}; other errors as they are. */
function uniqueViolation(err: Error): Error {
  const match = /(?:UNIQUE|PRIMARY KEY) constraint failed: (.+)$/.exec(err.message ?? '');
  return (err as { code?: string }).code === 'SQLITE_CONSTRAINT' && match?.[1] ? new UniqueViolation(match[1]) : err;
}

interface PendingWork {
  work: (db: SqlDatabase) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  /** Runs between transactions, outside any (a checkpoint). */
  outside?: true;
}

/** SQLite's `auto_vacuum` mode that frees pages only when told to (`PRAGMA incremental_vacuum`). */
const INCREMENTAL = 2;
/** What the WAL file is cut back to after a checkpoint. */
const WAL_LIMIT_BYTES = 16 * 1024 * 1024;

/** Transactions folded into one commit at most. */
const MAX_GROUP = 128;
/** Prepared statements kept for reuse. */
const MAX_STATEMENTS = 256;

/**
 * A promise face over one `sqlite3` connection. The driver runs statements in order but
 * would interleave two callers' BEGIN…COMMIT on the shared connection, so transactions go
 * through one queue. Queued transactions are committed together (group commit): their work
 * runs side by side inside one BEGIN…COMMIT, which is where write throughput comes from. If
 * any of them fails, the group is rolled back and each is run again alone, so one failure
 * never takes another's writes with it. Work must therefore only touch the database (it may
 * run twice) and keep each read-then-write decision inside one statement (works of a group
 * interleave). A transaction started inside another joins it.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = sqliteDialect;
  readonly #db: sqlite3.Database;
  readonly #inTransaction = new AsyncLocalStorage<true>();
  readonly #pending: PendingWork[] = [];
  readonly #statements = new Map<string, sqlite3.Statement>();
  #flushing = false;
  #sent = 0;

  private constructor(db: sqlite3.Database) {
    this.#db = db;
  }

  static async open(file: string): Promise<SqliteDatabase> {
    if (file !== ':memory:') await mkdir(path.dirname(file), { recursive: true });
    const raw = await new Promise<sqlite3.Database>((resolve, reject) => {
      const db = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(db)));
    });
    const db = new SqliteDatabase(raw);
    await db.#incrementalVacuum();
    // WAL lets readers proceed during a write; busy_timeout covers a second process (a CLI)
    // touching the file; foreign keys are off by default in SQLite. The WAL file is cut back to
    // the limit after each checkpoint, so one large transaction does not leave it large; deleted
    // and overwritten content is zeroed, so an expunged payload is not left in a free page.
    await db.exec(
      `PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;
       PRAGMA journal_size_limit = ${WAL_LIMIT_BYTES}; PRAGMA secure_delete = ON;`,
    );
    return db;
  }

  /**
   * Lets the retention cleaner give freed pages back (see `Dialect.reclaim`). A new file takes
   * the mode before its first table; a file made before Patchbay set it is rewritten once
   * (VACUUM: the time and free disk of one copy of it), the only way SQLite switches.
   */
  async #incrementalVacuum(): Promise<void> {
    const mode = async () => (await this.get<{ auto_vacuum: number }>('PRAGMA auto_vacuum'))?.auto_vacuum;
    if ((await mode()) === INCREMENTAL) return;
    await this.exec(`PRAGMA auto_vacuum = ${INCREMENTAL}`);
    if ((await mode()) !== INCREMENTAL) await this.exec('VACUUM');
  }

  get statements(): number {
    return this.#sent;
  }

  exec(sql: string): Promise<void> {
    this.#sent++;
    return new Promise((resolve, reject) => this.#db.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  run(sql: string, params: SqlValue[] = []): Promise<{ changes: number }> {
    this.#sent++;
    return new Promise((resolve, reject) => {
      const statement = this.#statement(sql);
      const forget = () => this.#forget(sql, statement);
      statement.run(params, function (this: { changes: number }, err: Error | null) {
        if (err) {
          forget();
          reject(uniqueViolation(err));
        } else resolve({ changes: this.changes });
      });
    });
  }

  async get<T>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
    // `all` rather than `get`: it always finishes the statement, so no cursor stays open across a COMMIT.
    return (await this.all<T>(sql, params))[0];
  }

  all<T>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    this.#sent++;
    return new Promise((resolve, reject) => {
      const statement = this.#statement(sql);
      statement.all(params, (err: Error | null, rows: T[]) => {
        if (err) {
          this.#forget(sql, statement);
          reject(uniqueViolation(err));
        } else resolve(rows);
      });
    });
  }

  /**
   * Prepared statements are kept and reused: sqlite3's own `run`/`all` prepare and finalize a
   * statement on every call, two extra trips to its thread pool.
   */
  #statement(sql: string): sqlite3.Statement {
    let statement = this.#statements.get(sql);
    if (statement) {
      this.#statements.delete(sql); // re-inserted below: Map order is the LRU order
    } else {
      statement = this.#db.prepare(sql);
      for (const [oldSql, old] of this.#statements) {
        if (this.#statements.size < MAX_STATEMENTS) break;
        this.#forget(oldSql, old);
      }
    }
    this.#statements.set(sql, statement);
    return statement;
  }

  #forget(sql: string, statement: sqlite3.Statement): void {
    if (this.#statements.get(sql) === statement) this.#statements.delete(sql);
    statement.finalize();
  }

  /** Runs `work` atomically, committed (possibly together with others) before the promise settles. */
  transaction<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
    if (this.#inTransaction.getStore()) return work(this);
    return this.#queue(work);
  }

  /**
   * Copies the WAL into the database file and empties it. With `secure_delete` on, what a
   * statement overwrote or deleted is then gone from both files, not left in older WAL frames.
   * It takes its turn between transactions, as none may be open on the connection meanwhile.
   */
  async checkpoint(): Promise<void> {
    await this.#queue(() => this.exec('PRAGMA wal_checkpoint(TRUNCATE)'), true);
  }

  #queue<T>(work: (db: SqlDatabase) => Promise<T>, outside?: true): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({
        work,
        resolve: resolve as (value: unknown) => void,
        reject,
        ...(outside ? { outside } : {}),
      });
      if (!this.#flushing) {
        this.#flushing = true;
        // Let the callers of this turn of the event loop join the group.
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const first = this.#pending[0] as PendingWork;
      if (first.outside) {
        this.#pending.shift();
        await first.work(this).then(first.resolve, first.reject);
        continue;
      }
      const outside = this.#pending.findIndex((item) => item.outside);
      const group = this.#pending.splice(0, Math.min(MAX_GROUP, outside === -1 ? MAX_GROUP : outside));
      if (group.length === 1 || !(await this.#runGroup(group))) {
        for (const item of group) await this.#runAlone(item);
      }
    }
    this.#flushing = false;
  }

  /** One BEGIN…COMMIT for the whole group; false (and nothing written) if any part failed. */
  async #runGroup(group: PendingWork[]): Promise<boolean> {
    await this.exec('BEGIN IMMEDIATE');
    const results = await Promise.allSettled(group.map((item) => this.#inTransaction.run(true, () => item.work(this))));
    try {
      if (results.some((r) => r.status === 'rejected')) throw new Error('a transaction in the group failed');
      await this.exec('COMMIT');
    } catch {
      await this.exec('ROLLBACK').catch(() => undefined);
      return false;
    }
    for (const [i, result] of results.entries()) group[i]?.resolve((result as PromiseFulfilledResult<unknown>).value);
    return true;
  }

  async #runAlone(item: PendingWork): Promise<void> {
    try {
      await this.exec('BEGIN IMMEDIATE');
    } catch (err) {
      item.reject(err);
      return;
    }
    try {
      const value = await this.#inTransaction.run(true, () => item.work(this));
      await this.exec('COMMIT');
      item.resolve(value);
    } catch (err) {
      await this.exec('ROLLBACK').catch(() => undefined);
      item.reject(err);
    }
  }

  /** One process owns a SQLite file, and its transactions already take turns. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  /** One process owns a SQLite file and wakes its own worker: nobody else to tell. */
  async notify(): Promise<void> {}

  async listen(): Promise<() => Promise<void>> {
    return async () => {};
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.#statements.values()].map((s) => new Promise((resolve) => s.finalize(() => resolve(undefined)))),
    );
    this.#statements.clear();
    await new Promise<void>((resolve, reject) => this.#db.close((err) => (err ? reject(err) : resolve())));
  }
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sqlite3 from 'sqlite3';

export type SqlValue = string | number | bigint | Buffer | null;

/**
 * A promise face over one `sqlite3` connection. The driver runs statements in order but
 * would interleave two callers' BEGIN…COMMIT on the shared connection, so every
 * transaction goes through one queue. A transaction started inside another joins it.
 */
export class SqliteDatabase {
  readonly #db: sqlite3.Database;
  readonly #inTransaction = new AsyncLocalStorage<true>();
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(db: sqlite3.Database) {
    this.#db = db;
  }

  static async open(file: string): Promise<SqliteDatabase> {
    if (file !== ':memory:') await mkdir(path.dirname(file), { recursive: true });
    const raw = await new Promise<sqlite3.Database>((resolve, reject) => {
      const db = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(db)));
    });
    const db = new SqliteDatabase(raw);
    // WAL lets readers proceed during a write; busy_timeout covers a second process (a CLI)
    // touching the file; foreign keys are off by default in SQLite.
    await db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;',
    );
    return db;
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.#db.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  run(sql: string, params: SqlValue[] = []): Promise<{ changes: number; lastID: number }> {
    return new Promise((resolve, reject) =>
      this.#db.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ changes: this.changes, lastID: this.lastID });
      }),
    );
  }

  get<T>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
    return new Promise((resolve, reject) =>
      this.#db.get(sql, params, (err: Error | null, row: T | undefined) => (err ? reject(err) : resolve(row))),
    );
  }

  all<T>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.#db.all(sql, params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))),
    );
  }

  /** Runs `work` inside BEGIN IMMEDIATE…COMMIT, after every transaction queued before it. */
  transaction<T>(work: (db: SqliteDatabase) => Promise<T>): Promise<T> {
    if (this.#inTransaction.getStore()) return work(this);
    const result = this.#queue.then(async () => {
      await this.exec('BEGIN IMMEDIATE');
      try {
        const value = await this.#inTransaction.run(true, () => work(this));
        await this.exec('COMMIT');
        return value;
      } catch (err) {
        await this.exec('ROLLBACK');
        throw err;
      }
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.#db.close((err) => (err ? reject(err) : resolve())));
  }
}

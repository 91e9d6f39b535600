import { Writable } from 'node:stream';
import { createApp } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { SqliteDatabase } from '../src/store/sqlite/database.ts';
import { migrate } from '../src/store/sqlite/migrations.ts';

export const TEST_API_KEY = 'test-vendor-key-0123456789';

/** A logger whose JSON lines are kept for assertions (for instance, that no secret is logged). */
export function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger('debug', sink), lines };
}

/** The real application on a fresh in-memory SQLite database. */
export async function testApp(options: { bodyLimitBytes?: number } = {}) {
  const db = await SqliteDatabase.open(':memory:');
  await migrate(db);
  const { logger, lines } = capturedLogger();
  const app = createApp({ logger, db, apiKey: TEST_API_KEY, ...options });
  return { app, db, lines, close: () => db.close() };
}

import { Writable } from 'node:stream';
import { createApp } from '../src/app.ts';
import type { Clock } from '../src/clock.ts';
import { createLogger } from '../src/logger.ts';
import { openSqliteStore } from '../src/store/sqlite/store.ts';

export const TEST_API_KEY = 'test-vendor-key-0123456789';
export const PUBLIC_URL = 'http://patchbay.test';

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

/** A clock that moves only when told to. */
export function manualClock(start = new Date('2026-01-15T10:00:00Z')) {
  let now = start.getTime();
  const clock: Clock & { advance(ms: number): void } = {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
  return clock;
}

/** The real application on a fresh in-memory SQLite store. */
export async function testApp(options: { bodyLimitBytes?: number; clock?: Clock } = {}) {
  const store = await openSqliteStore(':memory:');
  const { logger, lines } = capturedLogger();
  const app = createApp({ logger, store, apiKey: TEST_API_KEY, publicUrl: PUBLIC_URL, ...options });
  return { app, store, lines, close: () => store.close() };
}

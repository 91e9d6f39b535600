import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { Svix } from 'svix';
import { type AppDeps, createApp } from '../src/app.ts';
import { type Clock, systemClock } from '../src/clock.ts';
import { type Config, DEFAULT_RETRY_SCHEDULE, type DeliveryConfig } from '../src/config.ts';
import { Cipher } from '../src/crypto/cipher.ts';
import { createDeliveryEngine } from '../src/delivery/engine.ts';
import { createLogger } from '../src/logger.ts';
import type { Resolver } from '../src/outbound/ssrf.ts';
import { serve } from '../src/server.ts';
import type { Store } from '../src/store/types.ts';
import { TransformService } from '../src/transform/service.ts';
import { openSqliteStore } from './stores.ts';

/** Ids as both stores order them: by bytes (SQLite BINARY, PostgreSQL COLLATE "C"), where 'Z' < 'a' — localeCompare is not. */
export const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

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

/** Every name is "not in DNS yet", so no test waits on (or needs) a real resolver. */
export const unresolvable: Resolver = async (hostname) => {
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};

export interface TestAppOptions {
  bodyLimitBytes?: number;
  clock?: Clock;
  delivery?: Partial<DeliveryConfig>;
  resolve?: Resolver;
  /** Jitter's randomness; 0.5 makes every retry land exactly on the schedule. */
  random?: () => number;
  oauth?: Config['oauth'];
  serviceBaseUrls?: Config['serviceBaseUrls'];
  /** A fresh, migrated store; an in-memory SQLite one when absent. */
  openStore?: () => Promise<Store>;
  /** The App Portal page's configuration; createApp's default when absent. */
  portal?: AppDeps['portal'];
}

/** The real application and delivery engine on a fresh store (in-memory SQLite by default); the worker is not started. */
export async function testApp(options: TestAppOptions = {}) {
  const store = await (options.openStore ?? (() => openSqliteStore(':memory:')))();
  const { logger, lines } = capturedLogger();
  const clock = options.clock ?? systemClock;
  const transforms = new TransformService({ logger });
  const metrics = new Registry();
  const cipher = new Cipher([randomBytes(32)]);
  const oauth = options.oauth ?? {};
  const delivery = createDeliveryEngine({
    store,
    clock,
    logger,
    transforms,
    metrics,
    config: {
      allowPrivateNetworks: false,
      retrySchedule: DEFAULT_RETRY_SCHEDULE,
      concurrency: 16,
      perEndpointConcurrency: 4,
      timeoutMs: 2000,
      disableAfterMs: 5 * 86_400_000,
      operationalWebhook: null,
      retentionMs: 90 * 86_400_000,
      ...options.delivery,
    },
    resolve: options.resolve ?? unresolvable,
    random: options.random ?? (() => 0.5),
    cipher,
    oauth,
    serviceBaseUrls: options.serviceBaseUrls ?? {},
  });
  const app = createApp({
    logger,
    store,
    transforms,
    metrics,
    delivery: { ...delivery, wake: () => delivery.worker.notify() },
    cipher,
    oauth,
    apiKey: TEST_API_KEY,
    publicUrl: PUBLIC_URL,
    clock,
    ...(options.bodyLimitBytes ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(options.portal ? { portal: options.portal } : {}),
  });
  return {
    app,
    store,
    lines,
    worker: delivery.worker,
    housekeeping: delivery.housekeeping,
    /** The background task runner, not started: tests call its tick() with their clock. */
    tasks: delivery.tasks,
    retention: delivery.retention,
    async close() {
      await delivery.close(1000);
      await transforms.close();
      await store.close();
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers loosely and assert on what they read.
export type Json = any;
export type JsonResponse = Omit<Response, 'json'> & { json(): Promise<Json> };

/** The real application listening on a loopback port, with a `svix` SDK client for the vendor. */
export async function startApi(options: TestAppOptions = {}) {
  const ctx = await testApp(options);
  const { logger } = capturedLogger();
  const server = await serve(ctx.app, 0, logger);
  const client = (token: string) => new Svix(token, { serverUrl: server.url, retryScheduleInMs: [] });
  return {
    ...ctx,
    url: server.url,
    svix: client(TEST_API_KEY),
    /** An SDK client authenticated with another token (a portal session). */
    client,
    /** Raw HTTP, for what the SDK cannot send. */
    fetch: (path: string, init: RequestInit & { token?: string } = {}): Promise<JsonResponse> =>
      fetch(`${server.url}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${init.token ?? TEST_API_KEY}`,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...(init.headers as Record<string, string>),
        },
      }),
    async close() {
      await server.close();
      await ctx.close();
    },
  };
}

/** Runs `call` and returns the SDK's ApiException, failing if it succeeded. */
export async function apiError(
  call: Promise<unknown>,
): Promise<{ code: number; body: { code: string; detail: unknown } }> {
  try {
    await call;
  } catch (err) {
    return err as { code: number; body: { code: string; detail: unknown } };
  }
  throw new Error('expected the call to fail');
}

/** Waits for what must happen: as long as a machine with both cores busy may need, not how fast. */
export async function waitUntil(
  done: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Delivery benchmark, all on loopback in one run:
// - floor: bare undici POSTs over keep-alive to the same receiver Patchbay delivers to;
// - saturated: messages posted to Patchbay's API as fast as it accepts them, each fanned out to
//   one endpoint, run through the Slack example transformation, signed and delivered;
// - latency: from the 202 to the arrival at the receiver, at half the saturated rate.
// Patchbay (`npm run serve`'s main.ts) and the receiver each run in a process of their own.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Pool } from 'undici';
import { percentile, rate } from './stats.ts';

const FLOOR_REQUESTS = Number(process.env.BENCH_FLOOR_REQUESTS ?? 20_000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 5);
const API_KEY = 'bench-vendor-key-0123456789';

// The Slack example of the product brief.
const SLACK = `function handler(webhook) {
  webhook.payload = {
    text: \`💰 New invoice for $\${webhook.payload.amount} from \${webhook.payload.customer_name}\`
  };
  return webhook;
}`;
const invoice = (i: number) => ({ amount: 99.99 + i, customer_name: 'John Doe', invoice_id: `inv_${i}` });

type Reply = { port?: number; requests?: number; unique?: number; arrivals?: [string, number][]; reset?: boolean };

function ask(child: ChildProcess, question: string): Promise<Reply> {
  const answer = once(child, 'message').then(([m]) => m as Reply);
  child.send(question);
  return answer;
}

/** Runs `count` calls of `call`, `concurrency` at a time. */
async function pooled(count: number, concurrency: number, call: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await call(next++);
    }),
  );
}

async function waitForArrivals(receiver: ChildProcess, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (((await ask(receiver, 'count')).unique ?? 0) < count) {
    if (Date.now() > deadline)
      throw new Error(`only ${(await ask(receiver, 'count')).unique} of ${count} deliveries arrived`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function startPatchbay(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '--no-node-snapshot',
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      path.resolve(import.meta.dirname, '../packages/bff/src/main.ts'),
    ],
    {
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        LOG_LEVEL: 'info',
        PATCHBAY_DATABASE: `sqlite:${path.join(dataDir, 'bench.db')}`,
        PATCHBAY_API_KEY: API_KEY,
        PATCHBAY_ALLOW_PRIVATE_NETWORKS: 'true',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'patchbay listening') {
        resolve(String(entry.url));
        lines.close();
        child.stdout?.resume(); // request logs are drained, not parsed
      }
    });
    child.once('exit', (code) => reject(new Error(`patchbay exited with ${code}`)));
  });
  return { child, url };
}

export async function deliveryBenchmark(): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'patchbay-bench-'));
  const receiver = fork(path.resolve(import.meta.dirname, 'receiver-process.ts'), { execArgv: [] });
  const { port } = (await once(receiver, 'message'))[0] as Reply;
  const receiverUrl = `http://127.0.0.1:${port}`;
  let patchbay: { child: ChildProcess; url: string } | undefined;
  try {
    // Floor: what this machine does with bare keep-alive POSTs to the same receiver.
    const direct = new Pool(receiverUrl, { connections: 64 });
    const body = JSON.stringify({ text: 'hello' });
    const floorStart = performance.now();
    await pooled(FLOOR_REQUESTS, 64, async () => {
      const res = await direct.request({
        path: '/floor',
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      await res.body.dump();
    });
    const floor = rate(FLOOR_REQUESTS, performance.now() - floorStart);
    await direct.close();
    await ask(receiver, 'reset');

    patchbay = await startPatchbay(dataDir);
    const api = new Pool(patchbay.url, { connections: 32 });
    const call = async (method: 'POST' | 'PATCH', route: string, payload: object) => {
      const res = await api.request({
        path: route,
        method,
        body: JSON.stringify(payload),
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      });
      const text = await res.body.text();
      if (res.statusCode >= 300) throw new Error(`${method} ${route}: ${res.statusCode} ${text}`);
      return text ? (JSON.parse(text) as { id: string }) : { id: '' };
    };
    await call('POST', '/api/v1/app', { name: 'Bench', uid: 'bench' });
    const endpoint = await call('POST', '/api/v1/app/bench/endpoint', { url: `${receiverUrl}/hook` });
    await call('PATCH', `/api/v1/app/bench/endpoint/${endpoint.id}/transformation`, { code: SLACK, enabled: true });
    await pooled(
      200,
      16,
      async (i) =>
        void (await call('POST', '/api/v1/app/bench/msg', { eventType: 'invoice.created', payload: invoice(i) })),
    );
    await waitForArrivals(receiver, 200, 30_000);
    await ask(receiver, 'reset');

    // Saturated: post as fast as Patchbay accepts, until every delivery arrived.
    const started = performance.now();
    await pooled(
      MESSAGES,
      32,
      async (i) =>
        void (await call('POST', '/api/v1/app/bench/msg', { eventType: 'invoice.created', payload: invoice(i) })),
    );
    const ingest = rate(MESSAGES, performance.now() - started);
    await waitForArrivals(receiver, MESSAGES, 120_000);
    const delivered = rate(MESSAGES, performance.now() - started);
    await ask(receiver, 'reset');

    // Latency at half the saturated rate, open model: sends go out on schedule, not when the last returned.
    const steady = Math.max(1, Math.floor(delivered / 2));
    const total = steady * LATENCY_SECONDS;
    const acceptedAt = new Map<string, number>();
    const sends: Promise<void>[] = [];
    const t0 = performance.now();
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / steady;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      sends.push(
        call('POST', '/api/v1/app/bench/msg', { eventType: 'invoice.created', payload: invoice(i) }).then((m) => {
          acceptedAt.set(m.id, performance.timeOrigin + performance.now());
        }),
      );
    }
    await Promise.all(sends);
    await waitForArrivals(receiver, total, 60_000);
    const { arrivals = [] } = await ask(receiver, 'report');
    const latencies = arrivals.map(([id, at]) => at - (acceptedAt.get(id) ?? at));
    await api.close();

    process.stdout.write(
      `  delivered/floor=${((delivered / floor) * 100).toFixed(0)}% (target ≥30%); latency at ${steady}/s (half the saturated rate), target p99 ≤100ms\n`,
    );
    return `delivery: delivered=${delivered}/s floor=${floor}/s ingest=${ingest}/s p50=${percentile(latencies, 0.5).toFixed(1)}ms p99=${percentile(latencies, 0.99).toFixed(1)}ms`;
  } finally {
    if (patchbay) {
      patchbay.child.kill('SIGTERM');
      await once(patchbay.child, 'exit');
    }
    receiver.disconnect();
    await rm(dataDir, { recursive: true, force: true });
  }
}

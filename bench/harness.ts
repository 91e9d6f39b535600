// What the delivery benchmarks share: the receiver process and its IPC, Patchbay processes,
// the floor, and a vendor API client.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Pool } from 'undici';
import { rate } from './stats.ts';

export const API_KEY = 'bench-vendor-key-0123456789';

// The Slack example of the product brief.
export const SLACK = `function handler(webhook) {
  webhook.payload = {
    text: \`💰 New invoice for $\${webhook.payload.amount} from \${webhook.payload.customer_name}\`
  };
  return webhook;
}`;
export const invoice = (i: number) => ({ amount: 99.99 + i, customer_name: 'John Doe', invoice_id: `inv_${i}` });

type Reply = { port?: number; requests?: number; unique?: number; arrivals?: [string, number][]; reset?: boolean };

/** The webhook receiver, in a process of its own (see receiver-process.ts). */
export async function startReceiver() {
  const child = fork(path.resolve(import.meta.dirname, 'receiver-process.ts'), { execArgv: [] });
  const { port } = (await once(child, 'message'))[0] as Reply;
  const ask = (question: string): Promise<Reply> => {
    const answer = once(child, 'message').then(([m]) => m as Reply);
    child.send(question);
    return answer;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    reset: () => ask('reset'),
    /** Distinct messages arrived so far. */
    count: async () => (await ask('count')).unique ?? 0,
    arrivals: async () => (await ask('report')).arrivals ?? [],
    /** Resolves once `count` distinct messages arrived. */
    async waitFor(count: number, timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (((await ask('count')).unique ?? 0) < count) {
        if (Date.now() > deadline)
          throw new Error(`only ${(await ask('count')).unique} of ${count} deliveries arrived`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => child.disconnect(),
  };
}

/** Runs `count` calls of `call`, `concurrency` at a time. */
export async function pooled(count: number, concurrency: number, call: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await call(next++);
    }),
  );
}

/** The floor: what this machine does with bare keep-alive POSTs to the same receiver. */
export async function measureFloor(receiverUrl: string, requests: number): Promise<number> {
  const direct = new Pool(receiverUrl, { connections: 64 });
  const body = JSON.stringify({ text: 'hello' });
  const started = performance.now();
  await pooled(requests, 64, async () => {
    const res = await direct.request({
      path: '/floor',
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    await res.body.dump();
  });
  const floor = rate(requests, performance.now() - started);
  await direct.close();
  return floor;
}

export interface PatchbayProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** `npm run serve`'s main.ts in a process of its own, with `env`; resolves once it listens. */
export async function startPatchbay(env: Record<string, string>): Promise<PatchbayProcess> {
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
        PATCHBAY_API_KEY: API_KEY,
        PATCHBAY_ALLOW_PRIVATE_NETWORKS: 'true',
        ...env,
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
  return {
    child,
    url,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** The vendor API of one Patchbay process, over a keep-alive pool. */
export function vendorApi(url: string) {
  const pool = new Pool(url, { connections: 32 });
  const call = async (method: 'GET' | 'POST' | 'PATCH', route: string, payload?: object) => {
    const res = await pool.request({
      path: route,
      method,
      ...(payload ? { body: JSON.stringify(payload) } : {}),
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${route}: ${res.statusCode} ${text}`);
    return (text ? JSON.parse(text) : { id: '' }) as { id: string } & Record<string, number>;
  };
  return {
    call,
    /** The benchmark's application and its one endpoint at `url`, which runs the Slack transformation. */
    async setUp(url: string): Promise<void> {
      await call('POST', '/api/v1/app', { name: 'Bench', uid: 'bench' });
      const endpoint = await call('POST', '/api/v1/app/bench/endpoint', { url });
      await call('PATCH', `/api/v1/app/bench/endpoint/${endpoint.id}/transformation`, { code: SLACK, enabled: true });
    },
    send: (i: number) => call('POST', '/api/v1/app/bench/msg', { eventType: 'invoice.created', payload: invoice(i) }),
    close: () => pool.close(),
  };
}

// Delivery on PostgreSQL with one and with two worker processes, in one run:
// - floor: bare undici POSTs over keep-alive to the same receiver (as in delivery.ts);
// - for each scenario and worker count, a fresh schema: an API-only process (PATCHBAY_ROLE=api)
//   accepts the messages first, then the worker processes (PATCHBAY_ROLE=worker) start, and the
//   clock runs from when all of them are up until every delivery arrived. Each message runs the
//   Slack transformation.
// Needs a server: PATCHBAY_TEST_POSTGRES_URL (`source .ci/postgres` starts a throw-away one).
import { randomBytes } from 'node:crypto';
import { freshDatabase, POSTGRES_URL } from '../packages/bff/test/postgres.ts';
import { measureFloor, type PatchbayProcess, pooled, startPatchbay, startReceiver, vendorApi } from './harness.ts';
import { rate } from './stats.ts';

const FLOOR_REQUESTS = Number(process.env.BENCH_FLOOR_REQUESTS ?? 20_000);
const MESSAGES = Number(process.env.BENCH_PG_MESSAGES ?? 10_000);
const SLOW_MESSAGES = Number(process.env.BENCH_PG_SLOW_MESSAGES ?? 2000);
const SLOW_SLOTS = 16;
const WORKER_COUNTS = [1, 2];

interface Scenario {
  path: string;
  messages: number;
  env: Record<string, string>;
}

// As fast as the machine goes: one endpoint, every worker slot on it.
const saturated: Scenario = { path: '/hook', messages: MESSAGES, env: { PATCHBAY_DELIVERY_PER_ENDPOINT: '128' } };
// A receiver that takes 50 ms, few slots per worker: the rate is slots / 50 ms, so what a second
// worker adds shows whether processes really share the queue (and not whether the CPU has room).
const slow: Scenario = {
  path: '/slow',
  messages: SLOW_MESSAGES,
  env: { PATCHBAY_DELIVERY_CONCURRENCY: String(SLOW_SLOTS), PATCHBAY_DELIVERY_PER_ENDPOINT: '128' },
};

export async function deliveryPgBenchmark(): Promise<string> {
  if (!POSTGRES_URL) {
    return 'delivery-pg: skipped: set PATCHBAY_TEST_POSTGRES_URL to a PostgreSQL server (source .ci/postgres starts one)';
  }
  const receiver = await startReceiver();
  const encryptionKey = randomBytes(32).toString('base64');

  /** Delivers the scenario's messages with `workers` worker processes; answers deliveries per second. */
  async function run(scenario: Scenario, workers: number): Promise<number> {
    await receiver.reset();
    const schema = await freshDatabase();
    const env = (role: string) => ({
      PATCHBAY_DATABASE: schema.url,
      PATCHBAY_ENCRYPTION_KEY: encryptionKey,
      PATCHBAY_ROLE: role,
      ...scenario.env,
    });
    const processes: PatchbayProcess[] = [];
    try {
      const apiProcess = await startPatchbay(env('api'));
      processes.push(apiProcess);
      const api = vendorApi(apiProcess.url);
      await api.setUp(`${receiver.url}${scenario.path}`);
      await pooled(scenario.messages, 32, async (i) => void (await api.send(i)));
      await api.close();

      processes.push(...(await Promise.all(Array.from({ length: workers }, () => startPatchbay(env('worker'))))));
      // From when every worker is up: what arrived while they booted is left out of the rate.
      const started = performance.now();
      const before = await receiver.count();
      await receiver.waitFor(scenario.messages, 300_000);
      return rate(scenario.messages - before, performance.now() - started);
    } finally {
      await Promise.all(processes.map((p) => p.stop()));
      await schema.drop();
    }
  }

  try {
    const floor = await measureFloor(receiver.url, FLOOR_REQUESTS);
    const line = async (scenario: Scenario) => {
      const parts: string[] = [];
      for (const workers of WORKER_COUNTS) parts.push(`workers=${workers} delivered=${await run(scenario, workers)}/s`);
      return parts.join(' ');
    };
    const fast = await line(saturated);
    const slowLine = await line(slow);
    return `delivery-pg: ${fast} floor=${floor}/s messages=${MESSAGES}; receiver taking 50ms, ${SLOW_SLOTS} slots per worker: ${slowLine}`;
  } finally {
    receiver.close();
  }
}

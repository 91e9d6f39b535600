// Delivery on PostgreSQL with one and with two worker processes, in one run:
// - floor: bare undici POSTs over keep-alive to the same receiver (as in delivery.ts);
// - for each scenario and worker count, a fresh schema: an API-only process (PATCHBAY_ROLE=api)
//   accepts the messages first, then the worker processes (PATCHBAY_ROLE=worker) start, and the
//   clock runs from when all of them are up until every delivery arrived. Each message runs the
//   Slack transformation.
// The saturated scenario's cost (see cost.ts) goes to the `delivery-cost:` line: the API process's
// per accepted message plus the one worker's per delivery; the workers' own cost per delivery,
// with one and with two of them, to the `delivery-pg-worker-cost:` line.
// Needs a server: PATCHBAY_TEST_POSTGRES_URL (`source .ci/postgres` starts a throw-away one).
import { randomBytes } from 'node:crypto';
import { freshDatabase, POSTGRES_URL } from '../packages/bff/test/postgres.ts';
import { type Cost, deliveryCosts, formatCost, perMessage, plus, sample, settled } from './cost.ts';
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

  /**
   * Delivers the scenario's messages with `workers` worker processes; answers deliveries per
   * second, and the cost of the API process per message and of the workers per delivery.
   */
  async function run(scenario: Scenario, workers: number): Promise<{ rate: number; api: Cost; worker: Cost }> {
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
      const apiBefore = await sample([apiProcess]);
      await pooled(scenario.messages, 32, async (i) => void (await api.send(i)));
      const apiCost = perMessage(apiBefore, await sample([apiProcess]), scenario.messages);
      await api.close();

      const workerProcesses = await Promise.all(Array.from({ length: workers }, () => startPatchbay(env('worker'))));
      processes.push(...workerProcesses);
      // From when every worker is up: what arrived while they booted is left out of the rate and the cost.
      const started = performance.now();
      const before = await receiver.count();
      const workersBefore = await sample(workerProcesses);
      await receiver.waitFor(scenario.messages, 300_000);
      const delivered = rate(scenario.messages - before, performance.now() - started);
      await settled(workerProcesses, scenario.messages);
      const worker = perMessage(workersBefore, await sample(workerProcesses), scenario.messages - before);
      return { rate: delivered, api: apiCost, worker };
    } finally {
      await Promise.all(processes.map((p) => p.stop()));
      await schema.drop();
    }
  }

  try {
    const floor = await measureFloor(receiver.url, FLOOR_REQUESTS);
    const runs = async (scenario: Scenario) => {
      const results = [];
      for (const workers of WORKER_COUNTS) results.push({ workers, ...(await run(scenario, workers)) });
      return results;
    };
    const line = (results: { workers: number; rate: number }[]) =>
      results.map((r) => `workers=${r.workers} delivered=${r.rate}/s`).join(' ');
    const fast = await runs(saturated);
    const slowLine = line(await runs(slow));
    const [one] = fast;
    if (one) deliveryCosts.postgres = plus(one.api, one.worker);
    process.stdout.write(
      `delivery-pg-worker-cost: ${fast.map((r) => `workers=${r.workers} ${formatCost(r.worker)}`).join(' ')} (per delivery, worker processes only; api ${one ? formatCost(one.api) : '-'} per message)\n`,
    );
    return `delivery-pg: ${line(fast)} floor=${floor}/s messages=${MESSAGES}; receiver taking 50ms, ${SLOW_SLOTS} slots per worker: ${slowLine}`;
  } finally {
    receiver.close();
  }
}

// Delivery on PostgreSQL with one and with two worker processes, in one run:
// - floor: bare undici POSTs over keep-alive to the same receiver (as in delivery.ts);
// - for each worker count, a fresh schema: an API-only process (PATCHBAY_ROLE=api) accepts the
//   messages first, then the worker processes (PATCHBAY_ROLE=worker) start, and the clock runs
//   from when all of them are up until every delivery arrived. Each message runs the Slack
//   transformation.
// Needs a server: PATCHBAY_TEST_POSTGRES_URL (`source .ci/postgres` starts a throw-away one).
import { randomBytes } from 'node:crypto';
import { freshDatabase, POSTGRES_URL } from '../packages/bff/test/postgres.ts';
import { measureFloor, type PatchbayProcess, pooled, startPatchbay, startReceiver, vendorApi } from './harness.ts';
import { rate } from './stats.ts';

const FLOOR_REQUESTS = Number(process.env.BENCH_FLOOR_REQUESTS ?? 20_000);
const MESSAGES = Number(process.env.BENCH_PG_MESSAGES ?? 10_000);
const WORKER_COUNTS = [1, 2];

export async function deliveryPgBenchmark(): Promise<string> {
  if (!POSTGRES_URL) {
    return 'delivery-pg: skipped: set PATCHBAY_TEST_POSTGRES_URL to a PostgreSQL server (source .ci/postgres starts one)';
  }
  const receiver = await startReceiver();
  const processes: PatchbayProcess[] = [];
  const results: string[] = [];
  try {
    const floor = await measureFloor(receiver.url, FLOOR_REQUESTS);
    const encryptionKey = randomBytes(32).toString('base64');
    for (const workers of WORKER_COUNTS) {
      await receiver.reset();
      const schema = await freshDatabase();
      const env = (role: string) => ({
        PATCHBAY_DATABASE: schema.url,
        PATCHBAY_ENCRYPTION_KEY: encryptionKey,
        PATCHBAY_ROLE: role,
        // One endpoint here: let the workers use all their slots on it.
        PATCHBAY_DELIVERY_PER_ENDPOINT: '128',
      });
      try {
        const apiProcess = await startPatchbay(env('api'));
        processes.push(apiProcess);
        const api = vendorApi(apiProcess.url);
        await api.setUp(receiver.url);
        await pooled(MESSAGES, 32, async (i) => void (await api.send(i)));
        await api.close();

        processes.push(...(await Promise.all(Array.from({ length: workers }, () => startPatchbay(env('worker'))))));
        // From when every worker is up: what arrived while they booted is left out of the rate.
        const started = performance.now();
        const before = await receiver.count();
        await receiver.waitFor(MESSAGES, 300_000);
        const delivered = rate(MESSAGES - before, performance.now() - started);
        results.push(`workers=${workers} delivered=${delivered}/s`);
      } finally {
        await Promise.all(processes.splice(0).map((p) => p.stop()));
        await schema.drop();
      }
    }
    return `delivery-pg: ${results.join(' ')} floor=${floor}/s messages=${MESSAGES}`;
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    receiver.close();
  }
}

// Delivery benchmark, all on loopback in one run:
// - floor: bare undici POSTs over keep-alive to the same receiver Patchbay delivers to;
// - saturated: messages posted to Patchbay's API as fast as it accepts them, each fanned out to
//   one endpoint, run through the Slack example transformation, signed and delivered;
// - latency: from the 202 to the arrival at the receiver, at half the saturated rate.
// Patchbay (`npm run serve`'s main.ts) and the receiver each run in a process of their own.
// The saturated phase's cost (CPU of Patchbay and its sandboxes, statements: see cost.ts), per
// delivered message, goes to the `delivery-cost:` line.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deliveryCosts, perMessage, sample, settled } from './cost.ts';
import { measureFloor, type PatchbayProcess, pooled, startPatchbay, startReceiver, vendorApi } from './harness.ts';
import { percentile, rate } from './stats.ts';

const FLOOR_REQUESTS = Number(process.env.BENCH_FLOOR_REQUESTS ?? 20_000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 5);

export async function deliveryBenchmark(): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'patchbay-bench-'));
  const receiver = await startReceiver();
  let patchbay: PatchbayProcess | undefined;
  try {
    const floor = await measureFloor(receiver.url, FLOOR_REQUESTS);
    await receiver.reset();

    patchbay = await startPatchbay({ PATCHBAY_DATABASE: `sqlite:${path.join(dataDir, 'bench.db')}` });
    const api = vendorApi(patchbay.url);
    await api.setUp(`${receiver.url}/hook`);
    const WARM_UP = 200;
    await pooled(WARM_UP, 16, async (i) => void (await api.send(i)));
    await receiver.waitFor(WARM_UP, 30_000);
    await settled([patchbay], WARM_UP);
    await receiver.reset();

    // Saturated: post as fast as Patchbay accepts, until every delivery arrived.
    const before = await sample([patchbay]);
    const started = performance.now();
    await pooled(MESSAGES, 32, async (i) => void (await api.send(i)));
    const ingest = rate(MESSAGES, performance.now() - started);
    await receiver.waitFor(MESSAGES, 120_000);
    const delivered = rate(MESSAGES, performance.now() - started);
    await settled([patchbay], WARM_UP + MESSAGES);
    deliveryCosts.sqlite = perMessage(before, await sample([patchbay]), MESSAGES);
    await receiver.reset();

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
        api.send(i).then((m) => {
          acceptedAt.set(m.id, performance.timeOrigin + performance.now());
        }),
      );
    }
    await Promise.all(sends);
    await receiver.waitFor(total, 60_000);
    const latencies = (await receiver.arrivals()).map(([id, at]) => at - (acceptedAt.get(id) ?? at));
    await api.close();

    process.stdout.write(
      `  delivered/floor=${((delivered / floor) * 100).toFixed(0)}% (target ≥30%); latency at ${steady}/s (half the saturated rate), target p99 ≤100ms\n`,
    );
    return `delivery: delivered=${delivered}/s floor=${floor}/s ingest=${ingest}/s p50=${percentile(latencies, 0.5).toFixed(1)}ms p99=${percentile(latencies, 0.99).toFixed(1)}ms`;
  } finally {
    await patchbay?.stop();
    receiver.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

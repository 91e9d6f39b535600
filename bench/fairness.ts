// Fairness benchmark: one application's backlog must not delay another's deliveries.
// - floor: the light application's latency (202 to arrival) with nothing else queued;
// - heavy: another application posts 20,000 messages to an endpoint whose receiver takes 1 s,
//   so nearly all of them are still due, then the light one's latency is measured again.
// Patchbay (SQLite, `npm run serve`'s main.ts) and the receiver each run in a process of their own.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type PatchbayProcess, pooled, startPatchbay, startReceiver, vendorApi } from './harness.ts';
import { percentile } from './stats.ts';

const BACKLOG = Number(process.env.BENCH_FAIRNESS_BACKLOG ?? 20_000);
const LIGHT_RATE = 20;
const LIGHT_SECONDS = Number(process.env.BENCH_FAIRNESS_SECONDS ?? 5);

export async function fairnessBenchmark(): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'patchbay-bench-'));
  const receiver = await startReceiver();
  let patchbay: PatchbayProcess | undefined;
  try {
    patchbay = await startPatchbay({ PATCHBAY_DATABASE: `sqlite:${path.join(dataDir, 'bench.db')}` });
    const api = vendorApi(patchbay.url);
    await api.call('POST', '/api/v1/app', { name: 'Heavy', uid: 'heavy' });
    await api.call('POST', '/api/v1/app', { name: 'Light', uid: 'light' });
    const heavy = await api.call('POST', '/api/v1/app/heavy/endpoint', { url: `${receiver.url}/delay/1000` });
    await api.call('POST', '/api/v1/app/light/endpoint', { url: `${receiver.url}/light` });
    const send = (app: string, i: number) =>
      api.call('POST', `/api/v1/app/${app}/msg`, { eventType: 'invoice.created', payload: { i } });

    const floor = await lightLatencies(receiver, (i) => send('light', i));
    await receiver.reset();

    await pooled(BACKLOG, 32, async (i) => void (await send('heavy', i)));
    const stats = await api.call('GET', `/api/v1/app/heavy/endpoint/${heavy.id}/stats`);
    const backlog = (stats.pending ?? 0) + (stats.sending ?? 0);
    const light = await lightLatencies(receiver, (i) => send('light', 1_000_000 + i));
    await api.close();

    process.stdout.write(
      `  light latency alone p99=${percentile(floor, 0.99).toFixed(1)}ms; behind the backlog target p99 ≤250ms\n`,
    );
    return `fairness: heavy_backlog=${backlog} light_p99=${percentile(light, 0.99).toFixed(1)}ms floor_p99=${percentile(floor, 0.99).toFixed(1)}ms`;
  } finally {
    await patchbay?.stop();
    receiver.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The light application's messages at a steady rate, open model: each one's time from 202 to arrival. */
async function lightLatencies(
  receiver: Awaited<ReturnType<typeof startReceiver>>,
  send: (i: number) => Promise<{ id: string }>,
): Promise<number[]> {
  const total = LIGHT_RATE * LIGHT_SECONDS;
  const acceptedAt = new Map<string, number>();
  const sends: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / LIGHT_RATE - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    sends.push(send(i).then((m) => void acceptedAt.set(m.id, performance.timeOrigin + performance.now())));
  }
  await Promise.all(sends);
  const arrived = async () => (await receiver.arrivals()).filter(([id]) => acceptedAt.has(id));
  const deadline = Date.now() + 60_000;
  while ((await arrived()).length < total) {
    if (Date.now() > deadline) throw new Error(`only ${(await arrived()).length} of ${total} light deliveries arrived`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return (await arrived()).map(([id, at]) => at - (acceptedAt.get(id) ?? at));
}

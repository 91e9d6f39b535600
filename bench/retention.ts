// Retention soak: a steady stream of messages (1 KiB payloads) to one endpoint, on a SQLite file,
// with a retention of RETENTION_SECONDS (PATCHBAY_RETENTION_DAYS in decimals), so the cleaner
// removes as much each second as arrives. After a warm-up of two retention periods the file (and
// its WAL) holds one period's worth; it is measured then and again after as long once more, and
// the end must be within 20 % of the start. Meanwhile each delivery's latency (202 to arrival)
// shows whether deliveries kept flowing while the cleaner worked.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type PatchbayProcess, startPatchbay, startReceiver, vendorApi } from './harness.ts';
import { percentile } from './stats.ts';

const RATE = Number(process.env.BENCH_RETENTION_RATE ?? 150);
const RETENTION_SECONDS = Number(process.env.BENCH_RETENTION_SECONDS ?? 15);
const PADDING = 'x'.repeat(900);

export async function retentionBenchmark(): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'patchbay-bench-retention-'));
  const file = path.join(dataDir, 'bench.db');
  const size = (end: string) =>
    stat(`${file}${end}`).then(
      (s) => s.size,
      () => 0,
    );
  /** The database file and its WAL. */
  const bytes = async () => (await size('')) + (await size('-wal'));
  const receiver = await startReceiver();
  let patchbay: PatchbayProcess | undefined;
  try {
    patchbay = await startPatchbay({
      PATCHBAY_DATABASE: `sqlite:${file}`,
      PATCHBAY_RETENTION_DAYS: (RETENTION_SECONDS / 86_400).toFixed(10),
    });
    const api = vendorApi(patchbay.url);
    await api.call('POST', '/api/v1/app', { name: 'Soak', uid: 'soak' });
    await api.call('POST', '/api/v1/app/soak/endpoint', { url: `${receiver.url}/hook` });

    const sends: Promise<void>[] = [];
    let sent = 0;
    /** Sends at RATE for `seconds`, open model: each on its schedule, not when the last returned; notes when each was accepted. */
    const stream = async (seconds: number, acceptedAt?: Map<string, number>) => {
      const t0 = performance.now();
      for (let i = 0; i < RATE * seconds; i++) {
        const wait = t0 + (i * 1000) / RATE - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        const n = sent++;
        sends.push(
          api
            .call('POST', '/api/v1/app/soak/msg', {
              eventType: 'invoice.created',
              payload: { invoice_id: `inv_${n}`, amount: 99.99 + n, customer_name: 'John Doe', notes: PADDING },
            })
            .then((m) => {
              acceptedAt?.set(m.id, performance.timeOrigin + performance.now());
            }),
        );
      }
    };

    // The first period nothing has expired yet: the cleaner has nothing to do, the latency to compare with.
    const quiet = new Map<string, number>();
    await stream(RETENTION_SECONDS, quiet);
    await stream(RETENTION_SECONDS);
    const start = await bytes();
    const fileAtStart = await size('');
    const samples: number[] = [];
    const sampler = setInterval(() => void bytes().then((b) => samples.push(b)), 1000);
    const cleaning = new Map<string, number>();
    await stream(2 * RETENTION_SECONDS, cleaning);
    await Promise.all(sends);
    clearInterval(sampler);
    await receiver.waitFor(sent, 60_000);
    const end = await bytes();
    const arrived = new Map(await receiver.arrivals());
    const p99 = (accepted: Map<string, number>) =>
      percentile(
        [...accepted].map(([id, at]) => (arrived.get(id) ?? at) - at),
        0.99,
      ).toFixed(1);
    await api.close();

    const held = RATE * RETENTION_SECONDS;
    process.stdout.write(
      `  ${RATE}/s for ${4 * RETENTION_SECONDS}s, retention ${RETENTION_SECONDS}s (≈${held} messages held): ` +
        `${Math.round(fileAtStart / held)} bytes of database file per message held (payload ~1 KiB, one attempt each; the WAL besides, up to 16 MiB); ` +
        `size while measured ${Math.min(...samples)}..${Math.max(...samples)}; ` +
        `delivery latency p99 ${p99(quiet)}ms before anything expired, ${p99(cleaning)}ms while cleaning; ` +
        `end/start=${((end / start) * 100).toFixed(0)}% (target within 20 %)\n`,
    );
    return `retention: messages=${sent} db_bytes_start=${start} db_bytes_end=${end}`;
  } finally {
    await patchbay?.stop();
    receiver.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

// Ingest alone: messages posted to an application with no endpoint, as fast as Patchbay accepts
// them (32 at a time), so the line is what accepting a message costs (Express, authentication,
// validation, JSON, the insert), without the deliveries that share the process in delivery.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatCost, perMessage, sample } from './cost.ts';
import { type PatchbayProcess, pooled, startPatchbay, vendorApi } from './harness.ts';
import { rate } from './stats.ts';

const MESSAGES = Number(process.env.BENCH_INGEST_MESSAGES ?? 10_000);

export async function ingestBenchmark(): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'patchbay-bench-'));
  let patchbay: PatchbayProcess | undefined;
  try {
    patchbay = await startPatchbay({ PATCHBAY_DATABASE: `sqlite:${path.join(dataDir, 'bench.db')}` });
    const api = vendorApi(patchbay.url);
    await api.call('POST', '/api/v1/app', { name: 'Bench', uid: 'bench' });
    await pooled(500, 32, async (i) => void (await api.send(i)));
    const before = await sample([patchbay]);
    const started = performance.now();
    await pooled(MESSAGES, 32, async (i) => void (await api.send(i)));
    const accepted = rate(MESSAGES, performance.now() - started);
    const cost = perMessage(before, await sample([patchbay]), MESSAGES);
    await api.close();
    return `ingest: accepted=${accepted}/s per message ${formatCost(cost)}`;
  } finally {
    await patchbay?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

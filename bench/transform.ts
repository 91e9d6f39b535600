// Transformation benchmark, all in one run:
// - floor: a bare isolated-vm call of the same handler in a warm context, JSON text in and out;
// - warm: Patchbay's engine through its public interface (validation and limits included), in process;
// - naive: a new context per run, the design the engine avoids;
// - process: what the server does, the same engine in its sandbox process (transform/service.ts),
//   one run at a time, against ipc_floor: a bare round trip of the same request and answer to a
//   child that answers at once, over the same channel (advanced serialization);
// - filter: an endpoint's payload filter (transform/filter.ts) as the worker checks it before the
//   transformation, from the message's JSON text: a filter as the widget builds one on the same
//   payload, and the costliest one validation allows on a 1 MiB payload.
import { spawn } from 'node:child_process';
import ivm from 'isolated-vm';
import { createLogger } from '../packages/bff/src/logger.ts';
import type { WebhookInput } from '../packages/bff/src/transform/contract.ts';
import { TransformEngine } from '../packages/bff/src/transform/engine.ts';
import { filterPassesJson, filterProblems } from '../packages/bff/src/transform/filter.ts';
import { TransformService } from '../packages/bff/src/transform/service.ts';
import { percentile, rate } from './stats.ts';

// The invoice example of the product brief: {name, amount} → {text}.
const HANDLER = `function handler(webhook) {
  webhook.payload = { text: \`\${webhook.payload.name} created an invoice for $\${webhook.payload.amount}\` };
  return webhook;
}`;
const input: WebhookInput = {
  url: 'https://hooks.slack.com/services/T000/B000/XXXX',
  eventType: 'invoice.created',
  payloadJson: JSON.stringify({ name: 'Ada Lovelace', amount: 1250 }),
  env: {},
  transformationsParams: null,
};
const inputJson = JSON.stringify({
  method: 'POST',
  url: input.url,
  eventType: input.eventType,
  payload: JSON.parse(input.payloadJson),
  headers: {},
  cancel: false,
  env: {},
});

const RUNS = Number(process.env.BENCH_TRANSFORM_RUNS ?? 100_000);
const NAIVE_RUNS = Math.max(200, Math.round(RUNS / 50));
/** A round trip costs about ten in-process runs: fewer of them measure as well. */
const PROCESS_RUNS = Math.max(1000, Math.round(RUNS / 5));

function floor(): number {
  const isolate = new ivm.Isolate({ memoryLimit: 32 });
  const context = isolate.createContextSync();
  isolate
    .compileScriptSync(`${HANDLER}; globalThis.run = (text) => JSON.stringify(handler(JSON.parse(text)));`)
    .runSync(context);
  const fn = context.global.getSync('run', { reference: true });
  for (let i = 0; i < 2000; i++) fn.applySync(undefined, [inputJson], { result: { copy: true } });
  const started = performance.now();
  for (let i = 0; i < RUNS; i++) fn.applySync(undefined, [inputJson], { timeout: 50, result: { copy: true } });
  const perSecond = rate(RUNS, performance.now() - started);
  isolate.dispose();
  return perSecond;
}

function warm(): { perSecond: number; p99us: number } {
  const engine = new TransformEngine({ logger: createLogger('silent') });
  for (let i = 0; i < 2000; i++) engine.run('app_bench', 'ep_bench', HANDLER, input);
  const started = performance.now();
  for (let i = 0; i < RUNS; i++) engine.run('app_bench', 'ep_bench', HANDLER, input);
  const perSecond = rate(RUNS, performance.now() - started);
  // Latency is sampled in a separate pass so the clock reads do not slow the throughput pass.
  const samples = new Float64Array(Math.min(RUNS, 20_000));
  for (let i = 0; i < samples.length; i++) {
    const t = process.hrtime.bigint();
    engine.run('app_bench', 'ep_bench', HANDLER, input);
    samples[i] = Number(process.hrtime.bigint() - t) / 1000;
  }
  engine.close();
  return { perSecond, p99us: percentile(samples, 0.99) };
}

function naive(): number {
  let isolate = new ivm.Isolate({ memoryLimit: 32 });
  const started = performance.now();
  for (let i = 0; i < NAIVE_RUNS; i++) {
    // Contexts are not freed in a long-lived isolate, so even the naive design must recycle it.
    if (i % 200 === 199) {
      isolate.dispose();
      isolate = new ivm.Isolate({ memoryLimit: 32 });
    }
    const context = isolate.createContextSync();
    isolate
      .compileScriptSync(`${HANDLER}; globalThis.run = (text) => JSON.stringify(handler(JSON.parse(text)));`)
      .runSync(context);
    context.global
      .getSync('run', { reference: true })
      .applySync(undefined, [inputJson], { timeout: 50, result: { copy: true } });
    context.release();
  }
  const perSecond = rate(NAIVE_RUNS, performance.now() - started);
  isolate.dispose();
  return perSecond;
}

interface Serial {
  perSecond: number;
  p99us: number;
  /** The server's own CPU time per call. */
  cpuUs: number;
}

/**
 * `a` and `b`, each made one call at a time, in alternating rounds so that both see the same
 * machine (a round trip's time depends on what else runs); a call's clock read is 0.1 % of it.
 */
async function alternately(a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[Serial, Serial]> {
  const calls = [a, b];
  for (const call of calls) for (let i = 0; i < 2000; i++) await call();
  const samples = calls.map(() => new Float64Array(PROCESS_RUNS));
  const cpu = [0, 0];
  const ROUND = 1000;
  for (let start = 0; start < PROCESS_RUNS; start += ROUND) {
    for (const [n, call] of calls.entries()) {
      const before = process.cpuUsage();
      for (let i = start; i < Math.min(PROCESS_RUNS, start + ROUND); i++) {
        const t = process.hrtime.bigint();
        await call();
        (samples[n] as Float64Array)[i] = Number(process.hrtime.bigint() - t) / 1000;
      }
      const used = process.cpuUsage(before);
      cpu[n] = (cpu[n] as number) + used.user + used.system;
    }
  }
  const summary = (n: number): Serial => {
    const times = samples[n] as Float64Array;
    return {
      perSecond: rate(PROCESS_RUNS, times.reduce((sum, us) => sum + us, 0) / 1000),
      p99us: percentile(times, 0.99),
      cpuUs: (cpu[n] as number) / PROCESS_RUNS,
    };
  };
  return [summary(0), summary(1)];
}

const ECHO = `process.on('message', ({ id, request }) => process.send({ id, ok: true, value: {
  method: 'POST', url: request.input.url, headers: {}, payload: request.input.payloadJson, cancel: false, console: [], durationMs: 0 } }));
process.on('disconnect', () => process.exit(0));`;

/** Through the sandbox process, and a bare round trip of the same request and answer. */
async function acrossProcesses(): Promise<{ child: Serial; ipc: Serial }> {
  const echo = spawn(process.execPath, ['-e', ECHO], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  let id = 0;
  let answered: () => void = () => {};
  echo.on('message', () => answered());
  const roundTrip = () =>
    new Promise<void>((resolve) => {
      answered = resolve;
      echo.send({ id: ++id, request: { op: 'run', scope: 'app_bench', slot: 'ep_bench', code: HANDLER, input } });
    });
  const service = new TransformService({ logger: createLogger('silent') });
  try {
    const [child, ipc] = await alternately(() => service.run('app_bench', 'ep_bench', HANDLER, input), roundTrip);
    return { child, ipc };
  } finally {
    echo.disconnect();
    await service.close();
  }
}

/** Microseconds per check of `filter` on `payloadJson`, over `runs` checks after a warm-up. */
function filterCost(filter: Record<string, unknown>, payloadJson: string, runs: number): number {
  if (filterProblems(filter).length) throw new Error('the benchmark filter is not valid');
  for (let i = 0; i < Math.min(runs, 1000); i++) filterPassesJson(filter, payloadJson);
  const started = performance.now();
  for (let i = 0; i < runs; i++) filterPassesJson(filter, payloadJson);
  return ((performance.now() - started) * 1000) / runs;
}

/** The filter's cost per message: a filter as the widget builds one, and the costliest one validation allows. */
export function filterCosts(): { typicalUs: number; worstUs: number } {
  // What the widget's builder writes: "all of: name is Ada Lovelace, amount over 1000".
  const typical = {
    and: [{ '==': [{ var: 'name' }, 'Ada Lovelace'] }, { '>': [{ var: 'amount' }, 1000] }],
  };
  // Every operand a field at the payload's size limit, up to the limit of 100 operators and values.
  const big = JSON.stringify({
    text: 'x'.repeat(512 * 1024),
    list: Array.from({ length: 24_000 }, () => 'abcdefghijklmnopqrst'),
  });
  const worst = {
    or: Array.from({ length: 24 }, (_, i) =>
      i % 2 ? { in: ['needle', { var: 'text' }] } : { '==': [{ var: 'list' }, 'abc'] },
    ),
  };
  return { typicalUs: filterCost(typical, input.payloadJson, RUNS), worstUs: filterCost(worst, big, 50) };
}

export async function transformBenchmark(): Promise<string> {
  const floorRate = floor();
  const warmResult = warm();
  const naiveRate = naive();
  const { child, ipc } = await acrossProcesses();
  const filter = filterCosts();
  const verdict = [
    `warm/floor=${((warmResult.perSecond / floorRate) * 100).toFixed(0)}% (target ≥50%)`,
    `warm/naive=${(warmResult.perSecond / naiveRate).toFixed(0)}× (target ≥50×)`,
    `p99 target ≤1000us`,
    `process/ipc_floor=${((child.perSecond / ipc.perSecond) * 100).toFixed(0)}%`,
    `server CPU per run ${child.cpuUs.toFixed(0)}us (in process ${(1e6 / warmResult.perSecond).toFixed(0)}us, bare IPC ${ipc.cpuUs.toFixed(0)}us)`,
    `filter per message ${filter.typicalUs.toFixed(1)}us (worst valid filter on 1 MiB ${filter.worstUs.toFixed(0)}us)`,
  ].join(', ');
  process.stdout.write(`  ${verdict}\n`);
  return `transform: warm=${warmResult.perSecond}/s floor=${floorRate}/s naive=${naiveRate}/s p99=${Math.round(warmResult.p99us)}us process=${child.perSecond}/s ipc_floor=${ipc.perSecond}/s process_p99=${Math.round(child.p99us)}us transform_cpu_us=${child.cpuUs.toFixed(1)} filter_us=${filter.typicalUs.toFixed(1)} filter_worst_us=${Math.round(filter.worstUs)}`;
}

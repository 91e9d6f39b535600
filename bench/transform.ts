// Transformation benchmark, all in one process and one run:
// - floor: a bare isolated-vm call of the same handler in a warm context, JSON text in and out;
// - warm: Patchbay's engine through its public interface (validation and limits included);
// - naive: a new context per run, the design the engine avoids.
import ivm from 'isolated-vm';
import { createLogger } from '../packages/bff/src/logger.ts';
import type { WebhookInput } from '../packages/bff/src/transform/contract.ts';
import { TransformEngine } from '../packages/bff/src/transform/engine.ts';
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

export function transformBenchmark(): string {
  const floorRate = floor();
  const warmResult = warm();
  const naiveRate = naive();
  const verdict = [
    `warm/floor=${((warmResult.perSecond / floorRate) * 100).toFixed(0)}% (target ≥50%)`,
    `warm/naive=${(warmResult.perSecond / naiveRate).toFixed(0)}× (target ≥50×)`,
    `p99 target ≤1000us`,
  ].join(', ');
  process.stdout.write(`  ${verdict}\n`);
  return `transform: warm=${warmResult.perSecond}/s floor=${floorRate}/s naive=${naiveRate}/s p99=${Math.round(warmResult.p99us)}us`;
}

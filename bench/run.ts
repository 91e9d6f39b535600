// `npm run bench`: every benchmark, each measured against a floor taken in the same run, each
// ending with one summary line. Numbers depend on the machine; compare lines from one run.
import { deliveryCostLine } from './cost.ts';
import { deliveryBenchmark } from './delivery.ts';
import { deliveryPgBenchmark } from './delivery-pg.ts';
import { fairnessBenchmark } from './fairness.ts';
import { retentionBenchmark } from './retention.ts';
import { transformBenchmark } from './transform.ts';

const benchmarks: [string, () => string | Promise<string>][] = [
  ['transform', transformBenchmark],
  ['delivery', deliveryBenchmark],
  ['delivery-pg', deliveryPgBenchmark],
  ['fairness', fairnessBenchmark],
  ['retention', retentionBenchmark],
];

const only = process.argv[2];
for (const [name, bench] of benchmarks) {
  if (only && only !== name) continue;
  process.stdout.write(`▶ ${name}\n`);
  process.stdout.write(`${await bench()}\n`);
}
// After both delivery benchmarks: their costs on one line (a store not measured in this run shows '-').
const costs = deliveryCostLine();
if (costs) process.stdout.write(`${costs}\n`);

import v8 from 'node:v8';
import vm from 'node:vm';

/** A full collection of the host's heap; `gc` is exposed through V8's flags when the runner did not. */
export function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * How much the process's resident memory (isolates, and memory outside any V8 heap, included)
 * grew while `round` ran `rounds` times. It is sampled every `every` rounds after a full
 * collection, so the host's garbage does not raise it. The first half lets the allocators
 * settle (resident memory grows over the start of any workload); the growth is the median of
 * the last quarter's samples minus that of the second quarter's, as isolates' own collections
 * make single samples swing by tens of MB on a busy machine. A leak stays in every later sample.
 */
export async function residentGrowth(rounds: number, every: number, round: (i: number) => unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    await round(i);
    if (i % every === every - 1) {
      collectGarbage();
      samples.push(process.memoryUsage().rss);
    }
  }
  const quarter = Math.floor(samples.length / 4);
  return median(samples.slice(3 * quarter)) - median(samples.slice(quarter, 2 * quarter));
}

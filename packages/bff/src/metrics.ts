/**
 * A small Prometheus registry: counters with labels, histograms, and gauges read when scraped.
 * Rendered in the text exposition format at /metrics.
 */

type Labels = Record<string, string>;

const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}` : '';
};

export class Counter {
  readonly #values = new Map<string, number>();
  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }
  lines(name: string): string[] {
    return [...this.#values].map(([labels, value]) => `${name}${labels} ${value}`);
  }
}

export class Histogram {
  readonly #buckets: number[];
  readonly #counts: number[];
  #sum = 0;
  #count = 0;
  constructor(buckets: number[]) {
    this.#buckets = buckets;
    this.#counts = buckets.map(() => 0);
  }
  observe(value: number): void {
    this.#sum += value;
    this.#count++;
    this.#buckets.forEach((bound, i) => {
      if (value <= bound) this.#counts[i] = (this.#counts[i] ?? 0) + 1;
    });
  }
  lines(name: string): string[] {
    return [
      ...this.#buckets.map((bound, i) => `${name}_bucket{le="${bound}"} ${this.#counts[i]}`),
      `${name}_bucket{le="+Inf"} ${this.#count}`,
      `${name}_sum ${this.#sum}`,
      `${name}_count ${this.#count}`,
    ];
  }
}

export class Metrics {
  readonly #families: { name: string; help: string; type: string; lines: () => Promise<string[]> | string[] }[] = [];

  counter(name: string, help: string): Counter {
    const counter = new Counter();
    this.#families.push({ name, help, type: 'counter', lines: () => counter.lines(name) });
    return counter;
  }

  histogram(name: string, help: string, buckets: number[]): Histogram {
    const histogram = new Histogram(buckets);
    this.#families.push({ name, help, type: 'histogram', lines: () => histogram.lines(name) });
    return histogram;
  }

  gauge(name: string, help: string, read: () => Promise<number> | number): void {
    this.#families.push({ name, help, type: 'gauge', lines: async () => [`${name} ${await read()}`] });
  }

  async render(): Promise<string> {
    const out: string[] = [];
    for (const family of this.#families) {
      out.push(
        `# HELP ${family.name} ${family.help}`,
        `# TYPE ${family.name} ${family.type}`,
        ...(await family.lines()),
      );
    }
    return `${out.join('\n')}\n`;
  }
}

/** Latency buckets in seconds, from a fast local call to a slow remote one. */
export const SECONDS_BUCKETS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

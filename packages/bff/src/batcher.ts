interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(reason: unknown): void;
}

/**
 * Gathers concurrent calls into batches: a call waits while a batch is in flight, then goes with
 * every call made meanwhile (up to `max` items, and `maxWeight` of their weight) in one `run`.
 * At low load a call goes at once, alone or with the calls of its turn of the event loop; under
 * load the batches grow by themselves. No timer: nothing waits for company that may not come.
 */
export class Batcher<I, O> {
  readonly #run: (items: I[]) => Promise<O[]>;
  readonly #max: number;
  readonly #weight: (item: I) => number;
  readonly #maxWeight: number;
  readonly #waiting: Waiting<I, O>[] = [];
  #draining = false;

  constructor(
    run: (items: I[]) => Promise<O[]>,
    limits: { max: number; weight?: (item: I) => number; maxWeight?: number },
  ) {
    this.#run = run;
    this.#max = limits.max;
    this.#weight = limits.weight ?? (() => 0);
    this.#maxWeight = limits.maxWeight ?? Number.POSITIVE_INFINITY;
  }

  /** Answers what `run` answered for `item`, in the batch it went in. */
  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      if (!this.#draining) {
        this.#draining = true;
        // After this turn's I/O callbacks: requests read together go together.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#next();
      try {
        const results = await this.#run(batch.map((w) => w.item));
        for (const [i, w] of batch.entries()) w.resolve(results[i] as O);
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.#draining = false;
  }

  /** The oldest waiting calls that fit in one batch (at least one, whatever its weight). */
  #next(): Waiting<I, O>[] {
    let count = 0;
    let weight = 0;
    for (const w of this.#waiting) {
      weight += this.#weight(w.item);
      if (count > 0 && (count === this.#max || weight > this.#maxWeight)) break;
      count++;
    }
    return this.#waiting.splice(0, count);
  }
}

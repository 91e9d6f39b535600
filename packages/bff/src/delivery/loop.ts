/**
 * A background loop: `body` runs from `start` until `stop`, sleeping between turns in `sleep`,
 * which `notify` cuts short (a notify while awake makes the next sleep return at once).
 */
export class Loop {
  readonly #body: () => Promise<void>;
  #running = false;
  #done: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #woken = false;

  constructor(body: () => Promise<void>) {
    this.#body = body;
  }

  /** Whether the body should go on (false once stop was called). */
  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#done = this.#body();
  }

  /** Ends the sleep under way, or the next one. */
  notify(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Asks the body to end and waits for it; false when it was not running. */
  async stop(): Promise<boolean> {
    if (!this.#running) return false;
    this.#running = false;
    this.notify();
    await this.#done;
    return true;
  }

  /** Takes a notify that came while awake, if any, without sleeping. */
  take(): boolean {
    const woken = this.#woken;
    this.#woken = false;
    return woken;
  }

  /** Sleeps until notified or `maxMs` passed. */
  async sleep(maxMs: number): Promise<void> {
    if (!this.#woken) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
    this.#woken = false;
  }
}

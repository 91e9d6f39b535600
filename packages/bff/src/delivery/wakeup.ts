/** A sleep that `notify` cuts short; a notify while awake makes the next sleep return at once. */
export class Wakeup {
  #wake: (() => void) | undefined;
  #woken = false;

  notify(): void {
    this.#woken = true;
    this.#wake?.();
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

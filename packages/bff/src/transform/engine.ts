import type { Logger } from '../logger.ts';
import { INTERNAL_MESSAGE, readResult, type TransformResult, type WebhookInput, webhookJson } from './contract.ts';
import { TransformError } from './errors.ts';
import { DEFAULT_TRANSFORM_LIMITS, type TransformLimits } from './limits.ts';
import { Sandbox } from './sandbox.ts';

/**
 * Runs customers' `handler(webhook)` code in isolated-vm. Each application gets its own
 * isolate (a memory bomb in one application's code cannot take another's down), each
 * endpoint a warm context per code version (compiled once, so a run is one call), and
 * simulations and save-time checks a scratch isolate of their own.
 *
 * `run`, `simulate` and `validate` throw only TransformError, whatever the code does: the
 * sandbox process (child.ts) sends it on, and the server's callers (the delivery worker, the
 * simulate routes, through service.ts) rely on it. A failure of the engine itself is a
 * TransformError of kind `internal`, logged with its cause. It runs in the sandbox process only:
 * what isolated-vm cannot contain ends that process, not the server.
 */
export class TransformEngine {
  readonly #limits: TransformLimits;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #sandboxes = new Map<string, Sandbox>();
  #scratch: Sandbox | undefined;
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: { limits?: Partial<TransformLimits>; logger: Logger; now?: () => number }) {
    this.#limits = { ...DEFAULT_TRANSFORM_LIMITS, ...options.limits };
    this.#logger = options.logger.child({ module: 'transform' });
    this.#now = options.now ?? Date.now;
    this.#sweeper = setInterval(() => this.evictIdle(), Math.min(this.#limits.idleMs, 60_000));
    this.#sweeper.unref();
  }

  /** Runs `code` for one endpoint (`slot`) of one application (`scope`). */
  run(scope: string, slot: string, code: string, input: WebhookInput): TransformResult {
    return this.#contained(slot, () => this.#execute(this.#sandboxFor(scope), slot, code, input));
  }

  /** Runs `code` once, for the test panel: nothing is kept warm for it. */
  simulate(code: string, input: WebhookInput): TransformResult {
    return this.#contained('simulate', () => this.#execute(this.#scratchSandbox(), 'simulate', code, input));
  }

  /** Save-time check: the code parses, its top level runs within the limits, and it declares `handler`. */
  validate(code: string): void {
    this.#contained('validate', () => {
      const sandbox = this.#scratchSandbox();
      try {
        sandbox.check(code);
      } finally {
        if (!sandbox.usable) this.#retireScratch();
      }
    });
  }

  evictIdle(): void {
    const cutoff = this.#now() - this.#limits.idleMs;
    for (const [scope, sandbox] of this.#sandboxes) {
      if (sandbox.lastUsed < cutoff) this.#drop(scope, sandbox);
    }
  }

  stats(): { isolates: number; contexts: number; heapBytes: number } {
    let contexts = 0;
    let heapBytes = 0;
    for (const sandbox of this.#sandboxes.values()) {
      contexts += sandbox.contextCount;
      heapBytes += sandbox.heapBytes;
    }
    return { isolates: this.#sandboxes.size, contexts, heapBytes };
  }

  close(): void {
    clearInterval(this.#sweeper);
    for (const [scope, sandbox] of this.#sandboxes) this.#drop(scope, sandbox);
    this.#retireScratch();
  }

  #execute(sandbox: Sandbox, slot: string, code: string, input: WebhookInput): TransformResult {
    const started = performance.now();
    let text: string;
    try {
      text = sandbox.run(slot, code, webhookJson(input));
    } finally {
      sandbox.lastUsed = this.#now();
      if (!sandbox.usable) this.#replace(sandbox);
    }
    const { maxPayloadBytes, memoryMb } = this.#limits;
    try {
      return readResult(text, {
        inputUrl: input.url,
        maxPayloadBytes,
        memoryMb,
        durationMs: performance.now() - started,
      });
    } catch (err) {
      // What the context keeps would fail every run after this one: start the next afresh.
      if (err instanceof TransformError && err.kind === 'memory') sandbox.forget(slot);
      throw err;
    }
  }

  /** Lets only TransformErrors out; anything else is a fault of the engine, logged without the customer's data. */
  #contained<T>(slot: string, work: () => T): T {
    try {
      return work();
    } catch (err) {
      if (err instanceof TransformError) {
        if (err.kind === 'memory' || err.kind === 'timeout') {
          this.#logger.warn({ kind: err.kind, slot }, 'transformation stopped at its limit');
        }
        if (err.kind === 'internal') this.#logger.error({ slot }, 'the sandbox answered something unreadable');
        throw err;
      }
      // The message may quote the result, which may hold the endpoint's variables: name and frames only.
      const error = err instanceof Error ? { name: err.name, frames: err.stack?.split('\n').slice(1, 8) } : typeof err;
      this.#logger.error({ error, slot }, 'transformation engine failed');
      throw new TransformError('internal', INTERNAL_MESSAGE);
    }
  }

  #sandboxFor(scope: string): Sandbox {
    let sandbox = this.#sandboxes.get(scope);
    if (sandbox) {
      this.#sandboxes.delete(scope); // re-inserted below: Map order is the LRU order
    } else {
      sandbox = this.#newSandbox();
      for (const [oldest, old] of this.#sandboxes) {
        if (this.#sandboxes.size < this.#limits.maxIsolates) break;
        this.#drop(oldest, old);
      }
    }
    this.#sandboxes.set(scope, sandbox);
    return sandbox;
  }

  #scratchSandbox(): Sandbox {
    if (!this.#scratch?.usable) {
      this.#retireScratch();
      this.#scratch = this.#newSandbox();
    }
    return this.#scratch;
  }

  #newSandbox(): Sandbox {
    return new Sandbox(this.#limits, (message) => {
      // V8 is in an unknown state after a catastrophic error: say so loudly, then stop.
      this.#logger.fatal({ message }, 'isolated-vm catastrophic error; aborting');
      process.abort();
    });
  }

  /** Forgets a dead or retired isolate; the next run of its scope starts a fresh one. */
  #replace(sandbox: Sandbox): void {
    if (sandbox === this.#scratch) {
      this.#retireScratch();
      return;
    }
    for (const [scope, candidate] of this.#sandboxes) {
      if (candidate === sandbox) this.#drop(scope, sandbox);
    }
  }

  #drop(scope: string, sandbox: Sandbox): void {
    this.#sandboxes.delete(scope);
    sandbox.dispose();
  }

  #retireScratch(): void {
    this.#scratch?.dispose();
    this.#scratch = undefined;
  }
}

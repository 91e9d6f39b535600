import { createHash } from 'node:crypto';
import ivm from 'isolated-vm';
import { bootstrapSource } from './bootstrap.ts';
import { MAX_HEADER_CHARS, MAX_HEADERS, memoryMessage } from './contract.ts';
import { positionIn, TransformError, USER_FILENAME } from './errors.ts';
import { BUSY_RETRIES, type SandboxLimits } from './limits.ts';

/** How close to its limit a heap is, when the clock stopped a run, for the run to have run out of memory. */
const NEAR_LIMIT = 0.75;

interface WarmContext {
  /** The code this context was made for; a slot whose code changed gets a new context. */
  code: string;
  context: ivm.Context;
  run: ivm.Reference<(input: string) => string>;
}

function release(warm: WarmContext): void {
  warm.run.release();
  warm.context.release();
}

const codeVersion = (code: string) => createHash('sha256').update(code).digest('base64url').slice(0, 22);

/** What isolated-vm threw (an Error it made, or a copied primitive), as text. */
function describe(err: unknown): { name: string; message: string; stack: string } {
  try {
    if (err instanceof Error) return { name: String(err.name), message: String(err.message), stack: String(err.stack) };
    return { name: 'Error', message: String(err), stack: '' };
  } catch {
    return { name: 'Error', message: 'the code threw a value that cannot be shown', stack: '' };
  }
}

/**
 * One V8 isolate holding warm contexts, one per slot (endpoint) for its current code. Only JSON text crosses
 * the boundary: no Node object, host function or isolated-vm handle is ever put inside.
 */
export class Sandbox {
  readonly #isolate: ivm.Isolate;
  readonly #limits: SandboxLimits;
  readonly #bootstrap: ivm.Script;
  readonly #scripts = new Map<string, ivm.Script>();
  readonly #contexts = new Map<string, WarmContext>();
  #created = 0;
  lastUsed = 0;

  constructor(limits: SandboxLimits, onCatastrophicError: (message: string) => void) {
    this.#limits = limits;
    this.#isolate = new ivm.Isolate({ memoryLimit: limits.memoryMb, onCatastrophicError });
    this.#bootstrap = this.#isolate.compileScriptSync(
      bootstrapSource({ ...limits, maxHeaders: MAX_HEADERS, maxHeaderChars: MAX_HEADER_CHARS }),
      { filename: 'patchbay-bootstrap.js' },
    );
  }

  /** Disposed at its memory limit, or retired because it created too many contexts. */
  get usable(): boolean {
    return !this.#isolate.isDisposed && this.#created < this.#limits.maxContextsCreated;
  }

  get contextCount(): number {
    return this.#contexts.size;
  }

  get heapBytes(): number {
    return this.#isolate.isDisposed ? 0 : this.#isolate.getHeapStatisticsSync().used_heap_size;
  }

  /** Runs `code`'s handler on `input` (JSON text) in the warm context of `slot`, creating it if needed. */
  run(slot: string, code: string, input: string): string {
    return this.#limited((timeout) => {
      let warm = this.#contexts.get(slot);
      if (warm) this.#contexts.delete(slot); // re-inserted below: Map order is the LRU order
      if (warm?.code !== code) {
        if (warm) release(warm);
        warm = this.#createContext(code, timeout);
        this.#evictBeyond(this.#limits.maxContexts - 1);
      }
      this.#contexts.set(slot, warm);
      try {
        return warm.run.applySync(undefined, [input], { timeout, result: { copy: true } });
      } catch (err) {
        // A run stopped by a limit may leave its context half-way through anything.
        this.#contexts.delete(slot);
        release(warm);
        throw err;
      }
    });
  }

  /** Drops the warm context of `slot`: its run hit a limit the code could catch (an ArrayBuffer refused). */
  forget(slot: string): void {
    const warm = this.#contexts.get(slot);
    if (!warm) return;
    this.#contexts.delete(slot);
    release(warm);
  }

  /** Compiles `code` and runs its top level in a context of its own, checking it declares a handler. */
  check(code: string): void {
    this.#limited((timeout) => {
      const warm = this.#createContext(code, timeout);
      try {
        if (warm.context.evalSync('typeof handler === "function"', { timeout }) !== true) {
          throw new TransformError('no_handler', 'The code must declare function handler(webhook)');
        }
      } finally {
        release(warm);
      }
    });
  }

  dispose(): void {
    for (const warm of this.#contexts.values()) release(warm);
    this.#contexts.clear();
    if (!this.#isolate.isDisposed) this.#isolate.dispose();
  }

  /**
   * Runs `attempt` within the limits, turning what isolated-vm throws into a TransformError.
   * The time limit is CPU time, which does not depend on the machine's load (see BUSY_RETRIES);
   * a run stopped by the clock while V8 could not keep its heap within the limit hit the memory
   * limit, whichever came first on the clock.
   */
  #limited<T>(attempt: (wallTimeoutMs: number) => T): T {
    for (let retry = 0; ; retry++) {
      let cpuBefore = 0n;
      try {
        cpuBefore = this.#isolate.cpuTime;
        return attempt(this.#limits.timeoutMs * 2 ** retry);
      } catch (err) {
        const failure = this.#hostError(err);
        if (failure.kind !== 'timeout') throw failure;
        if (this.#overMemory()) {
          // As V8 would have: an isolate left at its limit would fail whatever runs in it next.
          this.dispose();
          throw this.#memoryError();
        }
        const cpuMs = Number(this.#isolate.cpuTime - cpuBefore) / 1e6;
        if (cpuMs >= this.#limits.timeoutMs || retry === BUSY_RETRIES) throw failure;
      }
    }
  }

  /**
   * V8 could not keep the heap (and ArrayBuffers) within the limit, or was collecting garbage to
   * keep it there: a run that spent its time so, close to the limit, ran out of memory, not time
   * (how much of the time went to collecting depends on the machine's load; the verdict must not).
   */
  #overMemory(): boolean {
    const heap = this.#isolate.getHeapStatisticsSync();
    return heap.used_heap_size + heap.externally_allocated_size > NEAR_LIMIT * heap.heap_size_limit;
  }

  #memoryError(): TransformError {
    return new TransformError('memory', memoryMessage(this.#limits.memoryMb));
  }

  #createContext(code: string, timeout: number): WarmContext {
    const script = this.#compile(code);
    this.#created++;
    const context = this.#isolate.createContextSync();
    try {
      this.#bootstrap.runSync(context);
      const run = context.global.getSync('__patchbayRun', { reference: true }) as ivm.Reference<
        (input: string) => string
      >;
      context.global.deleteSync('__patchbayRun');
      script.runSync(context, { timeout });
      return { code, context, run };
    } catch (err) {
      context.release();
      throw err;
    }
  }

  #compile(code: string): ivm.Script {
    const version = codeVersion(code);
    let script = this.#scripts.get(version);
    if (!script) {
      try {
        script = this.#isolate.compileScriptSync(code, { filename: USER_FILENAME });
      } catch (err) {
        throw this.#hostError(err, 'syntax');
      }
      this.#scripts.set(version, script);
      // Compiled scripts are small, but keep only as many as there can be warm contexts.
      for (const old of this.#scripts.keys()) {
        if (this.#scripts.size <= this.#limits.maxContexts) break;
        this.#scripts.get(old)?.release();
        this.#scripts.delete(old);
      }
    }
    return script;
  }

  #evictBeyond(size: number): void {
    for (const [slot, warm] of this.#contexts) {
      if (this.#contexts.size <= size) break;
      release(warm);
      this.#contexts.delete(slot);
    }
  }

  /** Errors isolated-vm raises on the host side: limits hit, or the code failed to compile or load. */
  #hostError(err: unknown, kind: 'syntax' | 'runtime' = 'runtime'): TransformError {
    if (err instanceof TransformError) return err;
    const { name, message, stack } = describe(err);
    if (this.#isolate.isDisposed || /memory limit/i.test(message)) return this.#memoryError();
    if (/timed out/i.test(message)) {
      return new TransformError(
        'timeout',
        `The transformation ran longer than ${this.#limits.timeoutMs} ms of CPU time`,
      );
    }
    const clean = message.replace(/\s*\[transformation\.js:\d+:\d+\]$/, '');
    return new TransformError(kind, `${name}: ${clean}`, positionIn(message) ?? positionIn(stack));
  }
}

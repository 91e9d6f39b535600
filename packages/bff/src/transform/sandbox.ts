import { createHash } from 'node:crypto';
import ivm from 'isolated-vm';
import { bootstrapSource } from './bootstrap.ts';
import { positionIn, TransformError, USER_FILENAME } from './errors.ts';

export interface SandboxLimits {
  timeoutMs: number;
  memoryMb: number;
  /** Contexts kept warm in one isolate; the least recently used is dropped past this. */
  maxContexts: number;
  /**
   * Contexts one isolate may ever create. V8 does not give back the memory of a context
   * created in a long-lived isolate, so past this the isolate is retired and replaced.
   */
  maxContextsCreated: number;
  consoleEntries: number;
  consoleBytes: number;
  outputBytes: number;
}

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
    this.#bootstrap = this.#isolate.compileScriptSync(bootstrapSource(limits), { filename: 'patchbay-bootstrap.js' });
  }

  /** Disposed by V8 (memory limit), or retired because it created too many contexts. */
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
    let warm = this.#contexts.get(slot);
    if (warm) this.#contexts.delete(slot); // re-inserted below: Map order is the LRU order
    if (warm?.code !== code) {
      if (warm) release(warm);
      warm = this.#createContext(code);
      this.#evictBeyond(this.#limits.maxContexts - 1);
    }
    this.#contexts.set(slot, warm);
    try {
      return warm.run.applySync(undefined, [input], { timeout: this.#limits.timeoutMs, result: { copy: true } });
    } catch (err) {
      // A run stopped by a limit may leave its context half-way through anything.
      this.#contexts.delete(slot);
      release(warm);
      throw this.#hostError(err);
    }
  }

  /** Compiles `code` and runs its top level in a context of its own, checking it declares a handler. */
  check(code: string): void {
    const warm = this.#createContext(code);
    try {
      const hasHandler = warm.context.evalSync('typeof handler === "function"', { timeout: this.#limits.timeoutMs });
      if (!hasHandler) throw new TransformError('no_handler', 'The code must declare function handler(webhook)');
    } finally {
      release(warm);
    }
  }

  dispose(): void {
    for (const warm of this.#contexts.values()) release(warm);
    this.#contexts.clear();
    if (!this.#isolate.isDisposed) this.#isolate.dispose();
  }

  #createContext(code: string): WarmContext {
    const script = this.#compile(code);
    this.#created++;
    const context = this.#isolate.createContextSync();
    try {
      this.#bootstrap.runSync(context);
      const run = context.global.getSync('__patchbayRun', { reference: true }) as ivm.Reference<
        (input: string) => string
      >;
      context.global.deleteSync('__patchbayRun');
      script.runSync(context, { timeout: this.#limits.timeoutMs });
      return { code, context, run };
    } catch (err) {
      context.release();
      throw this.#hostError(err);
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
    const message = err instanceof Error ? err.message : String(err);
    if (this.#isolate.isDisposed || /memory limit/i.test(message)) {
      return new TransformError('memory', `The transformation used more than ${this.#limits.memoryMb} MB of memory`);
    }
    if (/timed out/i.test(message)) {
      return new TransformError('timeout', `The transformation ran longer than ${this.#limits.timeoutMs} ms`);
    }
    const position = positionIn(message) ?? positionIn(err instanceof Error ? (err.stack ?? '') : '');
    const name = err instanceof Error ? err.name : 'Error';
    const clean = message.replace(/\s*\[transformation\.js:\d+:\d+\]$/, '');
    return new TransformError(kind, `${name}: ${clean}`, position);
  }
}

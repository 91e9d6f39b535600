/** The limits of transformation runs; no isolated-vm here, so the server can read them without loading it. */

export interface SandboxLimits {
  /** CPU time a run may use (see the sandbox's #limited). */
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

export interface TransformLimits extends SandboxLimits {
  /** Isolates kept at once (one per application); the least recently used goes first. */
  maxIsolates: number;
  /** An isolate unused this long is disposed. */
  idleMs: number;
  /** Largest payload a transformation may produce. */
  maxPayloadBytes: number;
}

export const DEFAULT_TRANSFORM_LIMITS: TransformLimits = {
  timeoutMs: 50,
  memoryMb: 32,
  maxContexts: 64,
  maxContextsCreated: 256,
  consoleEntries: 50,
  consoleBytes: 8 * 1024,
  outputBytes: 2 * 1024 * 1024,
  maxIsolates: 64,
  idleMs: 5 * 60 * 1000,
  maxPayloadBytes: 1024 * 1024,
};

/**
 * isolated-vm's timeout is wall-clock time. A run it stops before the run had its CPU time (the
 * machine was busy) starts again with twice the wall-clock time, this many times at most: the
 * verdict then depends on the code, not on the load, up to 31 × the limit of wall-clock time —
 * enough for a run to get its CPU time with a sixth of a core (two cores, a dozen busy threads).
 */
export const BUSY_RETRIES = 4;

/**
 * The most wall-clock time one call stays within its limits: each attempt (twice the time of the
 * one before) may run the code's top level and then its handler, each with the attempt's time.
 */
export const wallClockBoundMs = (timeoutMs: number) => 2 * timeoutMs * (2 ** (BUSY_RETRIES + 1) - 1);

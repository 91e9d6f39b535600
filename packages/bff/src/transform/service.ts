import type { LogLevel } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { TransformResult, WebhookInput } from './contract.ts';
import { TransformError } from './errors.ts';
import { DEFAULT_TRANSFORM_LIMITS, type TransformLimits, wallClockBoundMs } from './limits.ts';
import type { SandboxRequest } from './protocol.ts';
import { type Job, SandboxProcess } from './sandbox-process.ts';

/** Whose code a request runs: an application's id, or the vendor's (connectors). */
export const VENDOR_SCOPE = 'vendor';

export interface TransformServiceOptions {
  logger: Logger;
  limits?: Partial<TransformLimits>;
  /** Resident memory one sandbox process may use; default: room for every isolate at its limit, twice, and 512 MB. */
  processMemoryMb?: number;
  /** Wall-clock time a request has beyond the longest the engine takes within its limits. */
  deadlineMarginMs?: number;
  /** How long the code of an application that stopped a sandbox runs apart from everyone else's. */
  quarantineMs?: number;
  now?: () => number;
}

export interface TransformStats {
  /** Of the engines running (main and quarantine). */
  isolates: number;
  contexts: number;
  heapBytes: number;
  /** Each sandbox process: its pid while one runs, and how many died. */
  processes: Record<'main' | 'quarantine' | 'probe', { pid: number | undefined; deaths: number }>;
  /** Applications whose code runs in quarantine now. */
  quarantined: number;
}

interface ScopedJob extends Job {
  scope: string;
}

/**
 * The transformation engine (engine.ts) in child processes, so that nothing a transformation does
 * to V8 crashes, stalls or bloats the server. Same operations as the engine, asynchronous, and
 * throwing only TransformError.
 *
 * - main: everyone's code, one request at a time (sandbox-process.ts).
 * - probe: a request whose process died under it runs once more, alone, in a fresh process: an
 *   earlier request may have left that process unwell. If it answers, that answer stands; if it
 *   stops this process too, it fails with kind `crash` and its application goes to quarantine.
 * - quarantine: for a while after that, the application's code runs in a process of its own
 *   (shared with other such applications only), so it cannot stop everyone else's again; a
 *   request that stops it fails at once.
 */
export class TransformService {
  readonly #logger: Logger;
  readonly #main: SandboxProcess<ScopedJob>;
  readonly #probe: SandboxProcess<ScopedJob>;
  readonly #quarantine: SandboxProcess<ScopedJob>;
  /** Application (or vendor) → until when its code runs in quarantine. */
  readonly #quarantined = new Map<string, number>();
  readonly #budgetMs: number;
  readonly #marginMs: number;
  readonly #quarantineMs: number;
  readonly #now: () => number;

  constructor(options: TransformServiceOptions) {
    const limits = { ...DEFAULT_TRANSFORM_LIMITS, ...options.limits };
    this.#logger = options.logger.child({ module: 'transform' });
    this.#marginMs = options.deadlineMarginMs ?? 1000;
    this.#budgetMs = wallClockBoundMs(limits.timeoutMs) + this.#marginMs;
    this.#quarantineMs = options.quarantineMs ?? 10 * 60_000;
    this.#now = options.now ?? Date.now;
    const memoryMb = options.processMemoryMb ?? 512 + 2 * (limits.maxIsolates + 1) * limits.memoryMb;
    const lane = (role: string, fresh: boolean, onDeath: (job: ScopedJob, reason: string) => void) =>
      new SandboxProcess<ScopedJob>({
        role,
        fresh,
        onDeath,
        logger: this.#logger,
        memoryCapBytes: memoryMb * 1048576,
        child: { limits, logLevel: this.#logger.level as LogLevel },
      });
    this.#main = lane('main', false, (job) => this.#probe.submit(job));
    this.#probe = lane('probe', true, (job, reason) => this.#stopped(job, reason));
    this.#quarantine = lane('quarantine', false, (job, reason) => this.#stopped(job, reason));
  }

  /** Runs `code` for one endpoint (`slot`) of one application (`scope`). */
  run(scope: string, slot: string, code: string, input: WebhookInput): Promise<TransformResult> {
    return this.#ask(scope, { op: 'run', scope, slot, code, input }) as Promise<TransformResult>;
  }

  /** Runs `code` once, for the test panel of `scope`: nothing is kept warm for it. */
  simulate(scope: string, code: string, input: WebhookInput): Promise<TransformResult> {
    return this.#ask(scope, { op: 'simulate', code, input }) as Promise<TransformResult>;
  }

  /** Save-time check: the code parses, its top level runs within the limits, and it declares `handler`. */
  async validate(scope: string, code: string): Promise<void> {
    await this.#ask(scope, { op: 'validate', code });
  }

  async stats(): Promise<TransformStats> {
    const running = [this.#main, this.#quarantine].filter((lane) => lane.pid !== undefined);
    const engines = await Promise.all(
      running.map((lane) => this.#submit(lane, VENDOR_SCOPE, { op: 'stats' }, this.#marginMs)),
    );
    const sum = (key: 'isolates' | 'contexts' | 'heapBytes') =>
      engines.reduce((total: number, engine) => total + (engine as Record<typeof key, number>)[key], 0);
    const now = this.#now();
    const process = (lane: SandboxProcess<ScopedJob>) => ({ pid: lane.pid, deaths: lane.deaths });
    return {
      isolates: sum('isolates'),
      contexts: sum('contexts'),
      heapBytes: sum('heapBytes'),
      processes: { main: process(this.#main), quarantine: process(this.#quarantine), probe: process(this.#probe) },
      quarantined: [...this.#quarantined.values()].filter((until) => until > now).length,
    };
  }

  /** Ends every sandbox process; requests still waiting fail. */
  async close(): Promise<void> {
    await Promise.all([this.#main.close(), this.#probe.close(), this.#quarantine.close()]);
  }

  #ask(scope: string, request: SandboxRequest): Promise<unknown> {
    return this.#submit(this.#laneFor(scope), scope, request, this.#budgetMs);
  }

  #submit(lane: SandboxProcess<ScopedJob>, scope: string, request: SandboxRequest, budgetMs: number) {
    return new Promise<unknown>((resolve, reject) => lane.submit({ scope, request, budgetMs, resolve, reject }));
  }

  #laneFor(scope: string): SandboxProcess<ScopedJob> {
    const until = this.#quarantined.get(scope);
    if (until === undefined) return this.#main;
    if (until > this.#now()) return this.#quarantine;
    this.#quarantined.delete(scope);
    return this.#main;
  }

  /** `job` stopped a sandbox process while it ran alone: it fails, and its scope goes (or stays) apart. */
  #stopped(job: ScopedJob, reason: string): void {
    this.#quarantined.set(job.scope, this.#now() + this.#quarantineMs);
    this.#logger.warn({ scope: job.scope, op: job.request.op, reason }, 'a transformation stopped the sandbox');
    job.reject(new TransformError('crash', `The transformation stopped the sandbox (${reason})`));
  }
}

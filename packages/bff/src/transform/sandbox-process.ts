import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.ts';
import { INTERNAL_MESSAGE } from './contract.ts';
import { TransformError } from './errors.ts';
import type { ChildOptions, FromChild, SandboxRequest, ToChild } from './protocol.ts';

/** child.ts from this repository (run as TypeScript), child.js next to this file once compiled. */
const CHILD_ENTRY = fileURLToPath(new URL(`./child${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/** What a child may take to load the engine, however busy the machine: past this it is stuck. */
const STARTUP_MS = 30_000;
/** What a retired child has to finish before it is killed. */
const RETIRE_GRACE_MS = 2000;
/** How often the child's resident memory is read. */
const WATCH_MS = 100;
/** A child that lived this long before it died starts its lane's restart delay afresh. */
const HEALTHY_MS = 10_000;
const RESTART_DELAY_MS = { first: 25, max: 1000 };
/** The end of the child's stderr kept for the log when it dies (a V8 fatal error says why there). */
const STDERR_TAIL = 2048;
/** The child's own Node heap: requests and answers only (its isolates have limits of their own). */
const CHILD_HEAP_MB = 256;

export interface Job {
  request: SandboxRequest;
  /** Wall-clock time the child has for it; past it the child is killed. */
  budgetMs: number;
  resolve(value: unknown): void;
  reject(error: TransformError): void;
}

export interface SandboxProcessOptions<J extends Job> {
  /** Named in logs: which lane this is. */
  role: string;
  child: ChildOptions;
  logger: Logger;
  /** Resident memory the child may use; over it, it is killed (read from /proc where there is one). */
  memoryCapBytes: number;
  /** A fresh child for every job: none runs where another job's code ran before. */
  fresh: boolean;
  /** The child died running `job`, for `reason`: the job is the caller's to settle. */
  onDeath(job: J, reason: string): void;
}

interface Child {
  process: ChildProcess;
  ready: boolean;
  startedAt: number;
  /** Why the server killed it, when it did. */
  killedFor: string | null;
  stderr: string;
  exited: Promise<void>;
  /** Kills it past the deadline of what it is doing (starting, or a job). */
  deadline: NodeJS.Timeout | undefined;
  watchdog: NodeJS.Timeout | undefined;
}

/**
 * One child process running the engine (child.ts), one job at a time. One at a time makes the job
 * in flight when the child dies the only one that can have killed it; the others wait here, in
 * the server, and go to the next child. The child is started on the first job and after a death
 * (later and later while children keep dying young), killed past the job's deadline or over its
 * memory cap, and ended by closing its channel.
 */
export class SandboxProcess<J extends Job = Job> {
  readonly #options: SandboxProcessOptions<J>;
  readonly #logger: Logger;
  readonly #queue: J[] = [];
  readonly #exits = new Set<Promise<void>>();
  #child: Child | undefined;
  #current: { id: number; job: J } | undefined;
  #nextId = 0;
  #restart: NodeJS.Timeout | undefined;
  /** Children in a row that died young: the restart delay grows with it. */
  #youngDeaths = 0;
  #closed = false;
  /** Children that died (not counting those ended on purpose). */
  deaths = 0;

  constructor(options: SandboxProcessOptions<J>) {
    this.#options = options;
    this.#logger = options.logger;
  }

  get pid(): number | undefined {
    return this.#child?.process.pid;
  }

  submit(job: J): void {
    if (this.#closed) {
      job.reject(internalError());
      return;
    }
    this.#queue.push(job);
    this.#pump();
  }

  /** Ends the child (its channel closed, killed if it does not go) and fails what was waiting. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#restart);
    const abandoned = [...(this.#current ? [this.#current.job] : []), ...this.#queue.splice(0)];
    this.#current = undefined;
    for (const job of abandoned) job.reject(internalError());
    if (this.#child) this.#retire(this.#child);
    await Promise.all(this.#exits);
  }

  #pump(): void {
    if (this.#current || this.#queue.length === 0 || this.#closed || this.#restart) return;
    const child = this.#child;
    if (!child) {
      this.#scheduleStart();
      return;
    }
    if (!child.ready) return;
    const job = this.#queue.shift() as J;
    const id = ++this.#nextId;
    this.#current = { id, job };
    this.#arm(
      child,
      job.budgetMs,
      `its process ran for more than ${job.budgetMs} ms without stopping at the time limit`,
    );
    // A send to a child that just died fails; its exit settles the job.
    child.process.send({ id, request: job.request } satisfies ToChild, (err) => {
      if (err) this.#kill(child, 'its channel broke');
    });
  }

  #scheduleStart(): void {
    const delay =
      this.#youngDeaths <= 1
        ? 0
        : Math.min(RESTART_DELAY_MS.max, RESTART_DELAY_MS.first * 2 ** (this.#youngDeaths - 2));
    if (delay === 0) {
      this.#start();
      return;
    }
    this.#restart = setTimeout(() => {
      this.#restart = undefined;
      this.#start();
    }, delay);
  }

  #start(): void {
    let subprocess: ChildProcess;
    try {
      subprocess = fork(CHILD_ENTRY, [JSON.stringify(this.#options.child)], {
        execArgv: ['--no-node-snapshot', `--max-old-space-size=${CHILD_HEAP_MB}`],
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        env: localeEnvironment(),
      });
    } catch (err) {
      this.#unavailable(err instanceof Error ? err.message : String(err));
      return;
    }
    let exited!: () => void;
    const child: Child = {
      process: subprocess,
      ready: false,
      startedAt: Date.now(),
      killedFor: null,
      stderr: '',
      exited: new Promise((resolve) => {
        exited = resolve;
      }),
      deadline: undefined,
      watchdog: setInterval(() => this.#watch(child), WATCH_MS),
    };
    child.watchdog?.unref();
    // An idle child does not keep the server's process alive (a job's deadline timer does, while
    // it runs); when the server exits, the child sees its channel close and exits too.
    subprocess.unref();
    subprocess.channel?.unref();
    // A child's piped stderr is a socket, which Node's types call only a Readable.
    (subprocess.stderr as Socket | null)?.unref();
    this.#child = child;
    this.#exits.add(child.exited);
    subprocess.stderr?.setEncoding('utf8').on('data', (text: string) => {
      child.stderr = (child.stderr + text).slice(-STDERR_TAIL);
    });
    subprocess.on('message', (message: FromChild) => this.#receive(child, message));
    let gone = false;
    const end = (reason: string) => {
      if (gone) return;
      gone = true;
      clearTimeout(child.deadline);
      clearInterval(child.watchdog);
      this.#exits.delete(child.exited);
      this.#ended(child, reason);
      exited();
    };
    // Its stderr is read to the end first: a V8 fatal error says why there. (No 'close' event:
    // Node emits none for a child whose channel the parent closed.) 'error' alone when it could
    // not be started.
    const stderrRead = new Promise((resolve) => subprocess.stderr?.once('close', resolve));
    subprocess.once('exit', (code, signal) => {
      const reason = signal ? `its process ended with ${signal}` : `its process exited with code ${code}`;
      stderrRead.then(() => end(reason));
    });
    subprocess.on('error', (err) => {
      if (subprocess.pid === undefined) end(`its process could not be started (${err.message})`);
    });
    this.#arm(child, STARTUP_MS, `its process did not start within ${STARTUP_MS} ms`);
  }

  #receive(child: Child, message: FromChild): void {
    if (child !== this.#child) return;
    if ('ready' in message) {
      child.ready = true;
      clearTimeout(child.deadline);
      this.#pump();
      return;
    }
    if ('log' in message) {
      this.#relog(message.log);
      return;
    }
    const current = this.#current;
    if (!current || message.id !== current.id) {
      this.#kill(child, 'its process answered a request it was not asked');
      return;
    }
    this.#current = undefined;
    clearTimeout(child.deadline);
    if (message.ok) current.job.resolve(message.value);
    else current.job.reject(TransformError.from(message.error));
    if (this.#options.fresh) this.#retire(child);
    this.#pump();
  }

  /** A child ended: on purpose (retired), or it died, maybe while running a job. */
  #ended(child: Child, exitReason: string): void {
    if (child !== this.#child) return;
    this.#child = undefined;
    const job = this.#current?.job;
    this.#current = undefined;
    const reason = child.killedFor ?? exitReason;
    this.deaths++;
    this.#youngDeaths = Date.now() - child.startedAt < HEALTHY_MS ? this.#youngDeaths + 1 : 1;
    this.#logger.warn(
      { sandbox: this.#options.role, pid: child.process.pid, reason, stderr: child.stderr || undefined },
      'the sandbox process died; another starts for the next request',
    );
    if (!child.ready) this.#unavailable(reason);
    if (job) this.#options.onDeath(job, reason);
    // The next one starts now rather than under the next request (a fresh one: under its job).
    if (this.#queue.length > 0 || (child.ready && !this.#options.fresh)) this.#scheduleStart();
  }

  /** A child could not load the engine: what waits for it would wait for ever. */
  #unavailable(reason: string): void {
    this.#logger.error({ sandbox: this.#options.role, reason }, 'the sandbox process could not start');
    for (const job of this.#queue.splice(0)) job.reject(internalError());
  }

  /** Closes the channel: the child exits once it has finished what it is doing, or is killed. */
  #retire(child: Child): void {
    if (child === this.#child) this.#child = undefined;
    clearTimeout(child.deadline);
    clearInterval(child.watchdog);
    if (child.process.connected) child.process.disconnect();
    child.deadline = setTimeout(() => child.process.kill('SIGKILL'), RETIRE_GRACE_MS);
  }

  #kill(child: Child, reason: string): void {
    child.killedFor ??= reason;
    child.process.kill('SIGKILL');
  }

  #arm(child: Child, ms: number, reason: string): void {
    clearTimeout(child.deadline);
    child.deadline = setTimeout(() => this.#kill(child, reason), ms);
  }

  #watch(child: Child): void {
    const rss = residentBytes(child.process.pid);
    if (rss === null) {
      clearInterval(child.watchdog); // no /proc here: the deadline is the only bound
    } else if (rss > this.#options.memoryCapBytes) {
      this.#kill(
        child,
        `its process used more than ${Math.round(this.#options.memoryCapBytes / 1048576)} MB of memory`,
      );
    }
  }

  /** The child's engine logs through the server's logger, marked with the lane. */
  #relog(line: string): void {
    try {
      // What the server's logger adds itself is dropped: time, pid, host, service, module.
      const { level, time: _t, pid: _p, hostname: _h, service: _s, module: _m, msg, ...fields } = JSON.parse(line);
      const label = this.#logger.levels.labels[level] ?? 'warn';
      this.#logger[label as 'warn']({ ...fields, sandbox: this.#options.role }, msg);
    } catch {
      this.#logger.warn({ sandbox: this.#options.role }, 'the sandbox process logged an unreadable line');
    }
  }
}

/** Patchbay's fault, not the code's: the cause is logged where it happened. */
const internalError = () => new TransformError('internal', INTERNAL_MESSAGE);

function residentBytes(pid: number | undefined): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return null;
  }
}

/**
 * The child gets none of the server's environment (its keys, database URL, OAuth secrets): only
 * what dates and locale formatting read, so the code formats as it did in the server.
 */
function localeEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name === 'TZ' || name === 'LANG' || name.startsWith('LC_')),
  );
}

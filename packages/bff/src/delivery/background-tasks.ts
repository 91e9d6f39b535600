import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { type BackgroundTask, type BackgroundTaskStatus, type BackgroundTaskType, publicTaskData } from '../model.ts';
import type { Store } from '../store/types.ts';
import { Loop } from './loop.ts';
import type { OperationalEvents } from './operational-events.ts';

/** What one batch came to: the task's new status and data, written with the batch's work. */
export interface StepOutcome {
  status: BackgroundTaskStatus;
  data: Record<string, unknown>;
  /** Nothing could be done this time (what it feeds is busy): no reason to come back before the next poll. */
  waiting?: boolean;
  /** What must follow the batch's commit, outside any transaction (a purge empties the WAL of what it removed). */
  afterCommit?: () => Promise<void>;
}

/**
 * One kind of background task: how to do its next small batch. `step` runs inside the batch's
 * transaction, together with the task's new progress, and may run more than once (a retried
 * commit), so it only touches the store.
 */
export interface TaskKind {
  task: BackgroundTaskType;
  step(task: BackgroundTask, now: Date): Promise<StepOutcome>;
}

export interface RunnerOptions {
  /** The longest sleep when nothing advanced, in case another process created a task or a waiting one may go on. */
  pollMs: number;
  /** How long a claim holds a task: far longer than a batch takes, so only a dead runner's claims expire. */
  leaseMs: number;
  /** Tasks taken per round, one batch each. */
  perRound: number;
}

/** Another runner took the task after this one's lease ran out: the batch is rolled back. */
class LeaseLost extends Error {}

/**
 * Runs background tasks batch by batch: each round leases the running tasks whose last batch is
 * oldest (so every task, of every application, gets its turn), does one batch of each, and
 * gives the lease back with the batch's progress in the same transaction. A process killed
 * mid-batch leaves nothing of that batch; its lease expires and any process does it again.
 */
export class BackgroundTaskRunner {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #kinds: Map<BackgroundTaskType, TaskKind>;
  readonly #options: RunnerOptions;
  /** Tells this process's delivery worker that a batch queued deliveries. */
  readonly #queued: () => void;
  /** Where an ended task is reported (`background_task.finished`); absent, nowhere. */
  readonly #events: OperationalEvents | undefined;
  readonly #loop = new Loop(() => this.#run());

  constructor(
    deps: {
      store: Store;
      clock: Clock;
      logger: Logger;
      kinds: TaskKind[];
      queued: () => void;
      events?: OperationalEvents;
    },
    options: RunnerOptions,
  ) {
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#logger = deps.logger.child({ module: 'background-tasks' });
    this.#kinds = new Map(deps.kinds.map((kind) => [kind.task, kind]));
    this.#queued = deps.queued;
    this.#events = deps.events;
    this.#options = options;
  }

  start(): void {
    this.#loop.start();
  }

  /** A task was created: look now instead of at the next poll. */
  notify(): void {
    this.#loop.notify();
  }

  /** Stops after the batch in progress (a batch is short; it ends with its lease given back). */
  async stop(): Promise<void> {
    await this.#loop.stop();
  }

  /**
   * One round: a batch of each task leased; answers how many advanced (did not wait). The loop
   * calls it; tests with a hand-moved clock call it directly.
   */
  async tick(): Promise<number> {
    const tasks = await this.#store.backgroundTasks.claim({
      now: this.#clock.now(),
      limit: this.#options.perRound,
      leaseMs: this.#options.leaseMs,
    });
    let advanced = 0;
    for (const task of tasks) {
      if (await this.#step(task)) advanced++;
    }
    if (advanced > 0) this.#queued();
    return advanced;
  }

  async #step(task: BackgroundTask): Promise<boolean> {
    const kind = this.#kinds.get(task.task);
    if (!kind) {
      // A kind a newer Patchbay knows (a rolling upgrade): left for a process that has it.
      this.#logger.warn({ taskId: task.id, task: task.task }, 'no runner for this kind of background task here');
      return false;
    }
    const now = this.#clock.now();
    try {
      const outcome = await this.#store.transaction(async () => {
        const outcome = await kind.step(task, now);
        if (!(await this.#store.backgroundTasks.save(task, outcome, now))) throw new LeaseLost();
        if (outcome.status !== 'running') {
          // Svix's BackgroundTaskFinishedEvent, stored with the task's end.
          const data = { taskId: task.id, task: task.task, status: outcome.status, data: publicTaskData(outcome.data) };
          await this.#events?.emit('background_task.finished', data);
        }
        return outcome;
      });
      await outcome.afterCommit?.();
      if (outcome.status !== 'running') {
        this.#events?.wake();
        this.#logger.info({ taskId: task.id, task: task.task, status: outcome.status }, 'background task ended');
      }
      return !outcome.waiting;
    } catch (err) {
      // A fault of ours or the database's: the lease runs out and the batch is tried again.
      if (!(err instanceof LeaseLost)) this.#logger.error({ err, taskId: task.id }, 'background task batch failed');
      return false;
    }
  }

  async #run(): Promise<void> {
    while (this.#loop.running) {
      try {
        // Something advanced: more may be waiting, go round again (without holding the event loop).
        if ((await this.tick()) > 0) {
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
      } catch (err) {
        this.#logger.error({ err }, 'background task loop error; retrying shortly');
      }
      await this.#loop.sleep(this.#options.pollMs);
    }
  }
}

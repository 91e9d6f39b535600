import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { DeliveryTask } from '../model.ts';
import { type AttemptDeps, deliver, type TaskRows } from './deliver.ts';
import { Loop } from './loop.ts';
import { SettleBatcher } from './settle-batch.ts';

export interface WorkerOptions {
  /** Deliveries in flight at once, over all endpoints. */
  concurrency: number;
  /**
   * Deliveries in flight at once to one endpoint, over every process sharing the database, so
   * a slow one cannot take every slot.
   */
  perEndpoint: number;
  /** How long a claim holds a task; longer than the request timeout, so only a dead worker's claims expire. */
  leaseMs: number;
  /** The longest sleep when nothing is due, in case another process queued work. */
  pollMs: number;
}

/**
 * The delivery worker: claims due tasks with a lease, delivers them with bounded concurrency
 * (globally and per endpoint), and sleeps until the next task is due or new work is announced
 * (by this process, or by another one through the queue's subscription).
 */
export class DeliveryWorker {
  readonly #deps: AttemptDeps;
  readonly #options: WorkerOptions;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #inFlight = new Map<number, { task: DeliveryTask; done: Promise<void> }>();
  readonly #loop = new Loop(() => this.#run());
  readonly #batch: SettleBatcher;

  constructor(deps: AttemptDeps, options: WorkerOptions) {
    this.#deps = deps;
    this.#batch = new SettleBatcher(deps);
    this.#options = options;
    this.#logger = deps.logger.child({ module: 'delivery' });
    this.#clock = deps.clock;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  start(): void {
    this.#loop.start();
  }

  /** New work was queued (or a slot freed): look again now instead of at the next poll. */
  notify(): void {
    this.#loop.notify();
  }

  /**
   * Stops claiming and lets in-flight deliveries finish until `deadlineMs`; claims still held
   * then are given back, so another process (or this one, restarted) takes them at once.
   */
  async stop(deadlineMs = 10_000): Promise<void> {
    if (!(await this.#loop.stop())) return;
    const deadline = new Promise<'deadline'>((resolve) => setTimeout(() => resolve('deadline'), deadlineMs).unref());
    const all = Promise.all([...this.#inFlight.values()].map((f) => f.done)).then(() => 'done' as const);
    if ((await Promise.race([all, deadline])) === 'deadline') {
      const left = [...this.#inFlight.values()].map((f) => f.task);
      this.#logger.warn({ left: left.length }, 'shutdown deadline: giving unfinished deliveries back');
      await this.#deps.store.queue.release(left, this.#clock.now(), this.#clock.now());
    }
  }

  /**
   * Claims what is due now and delivers it, waiting for those deliveries; answers how many it
   * started. The loop calls it; tests with a hand-moved clock call it directly.
   */
  async tick(): Promise<number> {
    const started = await this.#claimAndStart();
    await Promise.all([...this.#inFlight.values()].map((f) => f.done));
    return started;
  }

  async #run(): Promise<void> {
    const unsubscribe = await this.#deps.store.queue.subscribe(() => this.notify());
    while (this.#loop.running) {
      try {
        const free = this.#options.concurrency - this.#inFlight.size;
        // Claim in batches: waiting for a quarter of the slots to free makes fewer, larger claims.
        if (this.#inFlight.size > 0 && free < Math.max(1, this.#options.concurrency / 4)) {
          await this.#loop.sleep(this.#options.pollMs);
          continue;
        }
        const started = await this.#claimAndStart();
        // A full claim means more may be due already: go round again without sleeping.
        if (started > 0 && started === free) continue;
        await this.#sleep();
      } catch (err) {
        this.#logger.error({ err }, 'delivery loop error; retrying shortly');
        await this.#sleep(1000);
      }
    }
    await unsubscribe();
  }

  async #claimAndStart(): Promise<number> {
    const free = this.#options.concurrency - this.#inFlight.size;
    if (free <= 0) return 0;
    const tasks = await this.#deps.store.queue.claim({
      now: this.#clock.now(),
      limit: free,
      leaseMs: this.#options.leaseMs,
      perEndpoint: this.#options.perEndpoint,
    });
    if (tasks.length === 0) return 0;
    const rows = await this.#load(tasks);
    for (const task of tasks) this.#start(task, rows(task));
    return tasks.length;
  }

  /** The messages, endpoints, their connectors and credentials of a claimed batch, each in one query. */
  async #load(tasks: DeliveryTask[]): Promise<(task: DeliveryTask) => TaskRows> {
    const { store } = this.#deps;
    const ids = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))];
    const endpointIds = ids(tasks.map((t) => t.endpointId));
    const [messages, endpoints, credentials] = await Promise.all([
      store.messages.getMany(ids(tasks.map((t) => t.msgId))),
      store.endpoints.getMany(endpointIds),
      store.credentials.getMany(endpointIds),
    ]);
    const connectors = await store.connectors.getMany(ids(endpoints.map((e) => e.connectorId)));
    const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));
    const [message, endpoint, connector] = [byId(messages), byId(endpoints), byId(connectors)];
    const credential = new Map(credentials.map((c) => [c.endpointId, c]));
    return (task) => {
      const ep = endpoint.get(task.endpointId);
      return {
        message: message.get(task.msgId),
        endpoint: ep,
        connector: ep?.connectorId ? connector.get(ep.connectorId) : undefined,
        credentials: credential.get(task.endpointId),
      };
    };
  }

  #start(task: DeliveryTask, rows: TaskRows): void {
    const done = deliver(task, rows, this.#deps, this.#batch)
      .catch((err: unknown) => {
        // A fault of ours (not the endpoint's): the lease runs out and the task is tried again.
        this.#logger.error({ err, taskId: task.id }, 'delivery failed unexpectedly');
      })
      .finally(() => {
        this.#inFlight.delete(task.id);
        this.notify();
      });
    this.#inFlight.set(task.id, { task, done });
  }

  /** Sleeps until the next task is due, new work is announced, or `maxMs` passed. */
  async #sleep(maxMs = this.#options.pollMs): Promise<void> {
    if (this.#loop.take()) return;
    const next = await this.#deps.store.queue.nextWakeup();
    const untilNext = next ? next.getTime() - this.#clock.now().getTime() : maxMs;
    // Due but not taken means every slot it could use is busy: wait for one to free (notify).
    await this.#loop.sleep(untilNext <= 0 ? maxMs : Math.min(maxMs, untilNext));
  }
}

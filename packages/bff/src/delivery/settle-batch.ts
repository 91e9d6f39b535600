import { Batcher } from '../batcher.ts';
import type { Clock } from '../clock.ts';
import type { Attempt, DeliveryTask } from '../model.ts';
import type { EndpointStreak, Store, TaskChange } from '../store/types.ts';
import type { OperationalEvents, OperationalEventType } from './operational-events.ts';

/** What a settlement decides once it knows since when its endpoint has been failing. */
export interface Decision {
  change: TaskChange;
  /** Disable the endpoint, for this reason; `event` is raised by the settlement that did. */
  disable: { reason: string; event: Record<string, unknown> } | null;
  /** Raised when the task's lease held. */
  events: [OperationalEventType, Record<string, unknown>][];
}

/** One finished delivery (or one dropped untried), to be written with the others finishing close to it. */
export interface Settlement {
  task: DeliveryTask;
  /** The attempt to record, or none (a task whose message or endpoint is gone). */
  attempt: Attempt | null;
  /**
   * What the delivery means for its endpoint's run of failures: none (canceled, dropped); a
   * success, which ends it (`wasFailing`: the endpoint was, as loaded for the delivery); a
   * failure, which starts one unless one runs, with its reason.
   */
  streak: null | { failing: false; wasFailing: boolean } | { failing: true; reason: string };
  /** `failSince`: since when the endpoint has been failing, this failure included (null when it is not). */
  decide(failSince: Date | null): Decision;
}

/** Settlements written in one transaction at most; also the largest padded statement. */
const MAX_BATCH = 128;

/**
 * Writes settlements in batches: each batch is one transaction of a few multi-row statements
 * (the tasks' changes, fenced per task; their attempts; each endpoint's run of failures once),
 * so an attempt and its task change commit together while the statements per delivery fall
 * with the load. A batch waits for no company: it starts at the next turn of the event loop
 * and takes what has finished by then; what finishes while it is written goes in the next.
 */
export class SettleBatcher {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #events: OperationalEvents;
  /**
   * A batch that fails as a whole answers undefined for each of its settlements: each is then
   * written alone, so one settlement's fault does not lose the others (only the faulty one
   * fails; its lease runs out and its task is tried again).
   */
  readonly #batches = new Batcher<Settlement, boolean | undefined>(
    async (batch) => {
      try {
        const held = await this.#write(batch);
        return batch.map((s) => held.has(s.task.id));
      } catch {
        return batch.map(() => undefined);
      }
    },
    { max: MAX_BATCH },
  );

  constructor(deps: { store: Store; clock: Clock; events: OperationalEvents }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#events = deps.events;
  }

  /**
   * Writes `settlement` with whatever else is finishing; answers whether its lease held (when
   * not, nothing of it was written). Rejects only when its own write fails.
   */
  async settle(settlement: Settlement): Promise<boolean> {
    const held = await this.#batches.add(settlement);
    return held ?? (await this.#write([settlement])).has(settlement.task.id);
  }

  async #write(batch: Settlement[]): Promise<Set<number>> {
    const store = this.#store;
    const now = this.#clock.now();
    const { held, raised } = await store.transaction(async () => {
      // The endpoints whose run of failures the batch may write, held first: a failure's decision
      // needs since when its endpoint has been failing. None when all went well, as usual.
      const touched = [
        ...new Set(
          batch.filter((s) => s.streak && (s.streak.failing || s.streak.wasFailing)).map((s) => s.task.endpointId),
        ),
      ];
      const since = touched.length > 0 ? await store.endpoints.failingSince(touched) : new Map<string, Date>();
      const runs = new Map<string, Date | null>(touched.map((id) => [id, since.get(id) ?? null]));
      const decisions = batch.map((s) => {
        const id = s.task.endpointId;
        if (s.streak) runs.set(id, s.streak.failing ? (runs.get(id) ?? now) : null);
        return s.decide(s.streak?.failing ? (runs.get(id) ?? now) : null);
      });
      const held = await store.queue.settle(
        decisions.map((d) => d.change),
        now,
      );
      const kept = batch.flatMap((s, i) => (held.has(s.task.id) ? [{ s, d: decisions[i] as Decision }] : []));
      await store.attempts.insertMany(kept.flatMap(({ s }) => (s.attempt ? [s.attempt] : [])));
      const streaks = streaksOf(
        kept.map(({ s }) => s),
        now,
      );
      if (streaks.length > 0) await store.endpoints.recordStreaks(streaks);
      // Operational events and disabling are rare: one statement each is no cost.
      const events: Decision['events'] = [];
      for (const { s, d } of kept) {
        if (d.disable && (await store.endpoints.disable(s.task.endpointId, d.disable.reason, now)))
          events.push(['endpoint.disabled', d.disable.event]);
        events.push(...d.events);
      }
      for (const [type, data] of events) await this.#events.emit(type, data);
      return { held, raised: events.length };
    });
    if (raised > 0) this.#events.wake();
    return held;
  }
}

/**
 * Each endpoint's run of failures after the batch's deliveries to it, in the order they
 * finished: a success ends it; a failure after it starts a new one (`restart`).
 */
function streaksOf(settled: Settlement[], now: Date): EndpointStreak[] {
  const byEndpoint = new Map<string, EndpointStreak>();
  /** Endpoints that were failing before the batch, or failed in it: only theirs has a run to end. */
  const ending = new Set<string>();
  for (const s of settled) {
    if (!s.streak) continue;
    const id = s.task.endpointId;
    const before = byEndpoint.get(id);
    if (!s.streak.failing) {
      if (s.streak.wasFailing || before?.failing) ending.add(id);
      byEndpoint.set(id, { id, failing: false });
    } else {
      const restart = before ? !before.failing || before.restart : false;
      const since = before?.failing ? before.since : now;
      byEndpoint.set(id, { id, failing: true, since, reason: s.streak.reason, restart });
    }
  }
  return [...byEndpoint.values()].filter((streak) => streak.failing || ending.has(streak.id));
}

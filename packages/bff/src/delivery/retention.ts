import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { MAX_TOKEN_SECONDS } from '../model.ts';
import type { Store } from '../store/types.ts';

/** Rows one batch touches at most: each batch is one short transaction, so deliveries go on between them. */
export const RETENTION_BATCH = 100;
/** Free pages given back to the file system per transaction (SQLite; 400 KiB of 4 KiB pages). */
const RECLAIM_PAGES = 100;
/** After a pass that removed something, the WAL is emptied at most this often (an expunge empties it at once). */
const CHECKPOINT_EVERY_MS = 60_000;
/** A revocation outlives every token it can revoke by this margin (the clock skew verification allows). */
const REVOCATION_MARGIN_MS = 60_000;

/** What one pass removed. */
export interface CleanupCounts {
  /** Payloads removed (with their attempts' bodies). */
  payloads: number;
  /** Messages deleted, with their attempts and dispatches. */
  messages: number;
  /** Idempotency keys, revoked tokens and connect sessions past their expiry. */
  expired: number;
  /** Expire-all revocations no live token is issued before. */
  revocations: number;
  /** Background tasks that ended before the retention. */
  tasks: number;
  /** Pages of the database file given back. */
  pages: number;
}

export type RetentionCleaner = ReturnType<typeof createRetentionCleaner>;

/**
 * Retention at work (docs/operations.md, "Retention"): payloads past their expiry, then
 * messages past the deployment's retention, then every other table's expired rows, each in
 * small batches; then the file gives the freed pages back. Every worker process runs one; each
 * batch takes the cleaners' lock, so only one cleans at a time and the others' passes end at once.
 */
export function createRetentionCleaner(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** The deployment's retention: messages older than this whose payload is gone are deleted. */
  retentionMs: number;
  /** How often a pass runs; default a twentieth of the retention, from 1 s to a minute. */
  everyMs?: number;
}) {
  const { store, clock, logger, retentionMs } = deps;
  const everyMs = deps.everyMs ?? Math.min(60_000, Math.max(1000, Math.round(retentionMs / 20)));
  const { retention } = store;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<CleanupCounts | null> | undefined;
  let stopping = false;
  let checkpointedAt = Number.NEGATIVE_INFINITY;

  /** Runs `batch` until it finds less than a full batch; false when another process's cleaner holds the lock. */
  async function drain(batch: () => Promise<number | null>, add: (n: number) => void): Promise<boolean> {
    for (;;) {
      const n = await batch();
      if (n === null) return false;
      add(n);
      if (n < RETENTION_BATCH || stopping) return true;
      // Between batches the event loop serves deliveries (and their transactions) first.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** One pass, now; null when another process was cleaning. */
  async function pass(): Promise<CleanupCounts | null> {
    const counts: CleanupCounts = { payloads: 0, messages: 0, expired: 0, revocations: 0, tasks: 0, pages: 0 };
    const now = () => clock.now();
    const steps: [() => Promise<number | null>, (n: number) => void][] = [
      [() => retention.expirePayloads(now(), RETENTION_BATCH), (n) => (counts.payloads += n)],
      [
        () => retention.deleteMessages(new Date(now().getTime() - retentionMs), RETENTION_BATCH),
        (n) => (counts.messages += n),
      ],
      [() => retention.deleteExpired(now(), RETENTION_BATCH), (n) => (counts.expired += n)],
      [
        () =>
          retention.deleteRevocations(
            new Date(now().getTime() - MAX_TOKEN_SECONDS * 1000 - REVOCATION_MARGIN_MS),
            RETENTION_BATCH,
          ),
        (n) => (counts.revocations += n),
      ],
      [
        () => retention.deleteTasks(new Date(now().getTime() - retentionMs), RETENTION_BATCH),
        (n) => (counts.tasks += n),
      ],
    ];
    for (const [batch, add] of steps) if (!(await drain(batch, add))) return null;
    const removed = counts.payloads + counts.messages + counts.expired + counts.revocations + counts.tasks;
    if (removed > 0) {
      for (;;) {
        const pages = await retention.reclaim(RECLAIM_PAGES);
        counts.pages += pages;
        if (pages < RECLAIM_PAGES || stopping) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      // The removed content leaves the WAL's older frames too, and the WAL its largest size. A
      // checkpoint holds up every write while it copies, so a busy database has one a minute.
      if (clock.now().getTime() - checkpointedAt >= CHECKPOINT_EVERY_MS) {
        checkpointedAt = clock.now().getTime();
        await retention.checkpoint();
      }
      logger.info(counts, 'retention: removed expired payloads and rows');
    }
    return counts;
  }

  const tick = () => {
    // One pass at a time: a slow database must not pile passes up.
    running ??= pass()
      .catch((err: unknown) => {
        logger.error({ err }, 'the retention cleaner failed; it runs again later');
        return null;
      })
      .finally(() => {
        running = undefined;
      });
  };

  return {
    pass,
    everyMs,
    start(): void {
      if (timer) return;
      stopping = false;
      tick();
      timer = setInterval(tick, everyMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      stopping = true;
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';

/** A draft nobody touched for this long is abandoned: the customer left the wizard before Save. */
export const DRAFT_TTL_MS = 24 * 3600 * 1000;

/** How often the sweep looks; a draft lives at most this much beyond its day. */
export const SWEEP_EVERY_MS = 15 * 60 * 1000;

export type Housekeeping = ReturnType<typeof createHousekeeping>;

/**
 * The periodic work beside deliveries: for now, removing drafts (docs/drafts.md) abandoned for a
 * day, with their credentials. Every worker process may run it; the delete is idempotent.
 */
export function createHousekeeping(deps: { store: Store; clock: Clock; logger: Logger; everyMs?: number }) {
  const { store, clock, logger } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  /** One pass, now; answers how many drafts it removed. */
  async function sweep(): Promise<number> {
    const removed = await store.endpoints.deleteDrafts(new Date(clock.now().getTime() - DRAFT_TTL_MS));
    if (removed) logger.info({ removed }, 'removed connections left unsaved for a day');
    return removed;
  }

  const tick = () => {
    // One pass at a time: a slow database must not pile passes up.
    running ??= sweep()
      .catch((err: unknown) => {
        logger.error({ err }, 'the sweep of abandoned drafts failed; it runs again later');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
  };

  return {
    sweep,
    start(): void {
      if (timer) return;
      tick();
      timer = setInterval(tick, deps.everyMs ?? SWEEP_EVERY_MS);
      timer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

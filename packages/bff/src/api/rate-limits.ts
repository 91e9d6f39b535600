import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppRateLimits } from '../config.ts';
import { TooManyRequestsError } from '../errors.ts';

/**
 * What a portal session may repeat only so often for its application: actions that queue
 * deliveries (resend, recover and replays and their counts first, send an example) or rewrite the
 * database's files (an attempt's content deleted), transformation runs (simulate)
 * and requests Patchbay sends a service to check credentials (connect, and connect again), and
 * endpoint changes (manage), each of which stores an operational event sent to the vendor.
 */
export type RateLimitedAction = keyof AppRateLimits;

const DESCRIPTION: Record<RateLimitedAction, string> = {
  queue: 'sends again, recovery counts, examples sent or attempt contents deleted',
  simulate: 'transformation test runs',
  connect: 'connects or reconnects checked with a service',
  manage: 'endpoint changes',
};

export type AppRateLimiter = ReturnType<typeof createAppRateLimiter>;

/**
 * Per-application budgets, so one customer cannot flood the queue or the sandbox. Held in this
 * process's memory, one entry per application active in the last minute (so bounded by them);
 * several processes each keep their own budget.
 */
export function createAppRateLimiter(limits: AppRateLimits) {
  // Per application and minute (PATCHBAY_APP_QUEUE_PER_MINUTE, …_SIMULATE_…, …_CONNECT_…, …_MANAGE_…).
  const limiters = {
    queue: new RateLimiterMemory({ points: limits.queue, duration: 60 }),
    simulate: new RateLimiterMemory({ points: limits.simulate, duration: 60 }),
    connect: new RateLimiterMemory({ points: limits.connect, duration: 60 }),
    manage: new RateLimiterMemory({ points: limits.manage, duration: 60 }),
  };
  return {
    /** Takes `cost` of `appId`'s `action`s, or throws how long to wait when its budget is spent. */
    async take(action: RateLimitedAction, appId: string, cost = 1): Promise<void> {
      try {
        await limiters[action].consume(appId, cost);
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
        throw new TooManyRequestsError(
          `This application made more than ${limits[action]} ${DESCRIPTION[action]} in a minute; try again in ${seconds} s`,
          seconds,
        );
      }
    },
  };
}

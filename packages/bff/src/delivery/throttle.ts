/**
 * Per-endpoint rate limits (`throttleRate`, messages per second) as token buckets, with a burst
 * of one second's worth. In memory: each process enforces the rate for what it sends.
 */
export class Throttle {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  /** Takes a token for `key`; answers 0 when allowed, or how many ms until one is available. */
  take(key: string, perSecond: number, nowMs: number): number {
    const bucket = this.#buckets.get(key) ?? { tokens: perSecond, at: nowMs };
    bucket.tokens = Math.min(perSecond, bucket.tokens + ((nowMs - bucket.at) / 1000) * perSecond);
    bucket.at = nowMs;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / perSecond) * 1000);
  }
}

import type { SendOutcome } from '../outbound/client.ts';

/**
 * What an attempt came to: the outcome of its request, or a failure before any was sent —
 * `transform`: the transformation threw or returned something that cannot be sent.
 */
/**
 * What an attempt came to: an HTTP outcome, or nothing sent because the transformation failed
 * (`transform`) or Patchbay could not prepare the delivery (`internal`, a credential that no
 * longer decrypts, say).
 */
export type AttemptOutcome =
  | SendOutcome
  | { kind: 'error'; reason: 'transform' | 'internal'; message: string; durationMs: number };

/** ±20 % so that many failures at once do not retry in lockstep. */
const JITTER = 0.2;
/** After a 429 or a timeout the receiver is overloaded: give it at least a minute (as Svix). */
const OVERLOAD_PENALTY_S = 60;
/** A Retry-After is honoured up to a day; beyond that it is more likely a mistake than a wish. */
const MAX_RETRY_AFTER_S = 24 * 3600;

export type Verdict =
  | { kind: 'success' }
  /** `410 Gone` or `webhook-delivery: disable`: the receiver asks never to be called again. */
  | { kind: 'disable-endpoint'; reason: string }
  /** `webhook-delivery: abort-message`: no more attempts for this message. */
  | { kind: 'abort-message' }
  | { kind: 'retry'; at: Date }
  | { kind: 'exhausted' };

/** What to do after an attempt, given the outcome and how many attempts were made in all. */
export function judge(
  outcome: AttemptOutcome,
  attempts: number,
  schedule: readonly number[],
  now: Date,
  random: () => number = Math.random,
  /** Seconds the service asked for its own way (a body field, a reset time), beyond Retry-After. */
  hint: number | null = null,
): Verdict {
  if (outcome.kind === 'response') {
    if (outcome.status >= 200 && outcome.status < 300) return { kind: 'success' };
    const control = (outcome.headers['webhook-delivery'] ?? '').toLowerCase();
    if (outcome.status === 410) return { kind: 'disable-endpoint', reason: 'The endpoint answered 410 Gone' };
    if (control.includes('disable'))
      return { kind: 'disable-endpoint', reason: 'The endpoint answered webhook-delivery: disable' };
    if (control.includes('abort-message')) return { kind: 'abort-message' };
  }
  const scheduled = schedule[attempts - 1];
  if (scheduled === undefined) return { kind: 'exhausted' };
  let delay = scheduled * (1 - JITTER + 2 * JITTER * random());
  const overloaded = outcome.kind === 'error' ? outcome.reason === 'timeout' : outcome.status === 429;
  if (overloaded) delay = Math.max(delay, OVERLOAD_PENALTY_S);
  const asked = outcome.kind === 'response' ? retryAfterSeconds(outcome.headers['retry-after'], now) : null;
  for (const seconds of [asked, hint]) {
    if (seconds !== null) delay = Math.max(delay, Math.min(seconds, MAX_RETRY_AFTER_S));
  }
  return { kind: 'retry', at: new Date(now.getTime() + Math.round(delay * 1000)) };
}

/** `Retry-After` as seconds from now: either delta-seconds or an HTTP date. */
export function retryAfterSeconds(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, (at - now.getTime()) / 1000);
}

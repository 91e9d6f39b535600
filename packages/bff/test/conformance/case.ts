import type { startApi } from '../helpers.ts';

/** The running API a case calls: the vendor's `svix` SDK client and raw HTTP (`api.fetch`). */
export type ConformanceApi = Awaited<ReturnType<typeof startApi>>;

/** What a case's call answered: the status and the parsed JSON body (undefined for an empty one). */
export interface Answer {
  status: number;
  body: unknown;
}

/**
 * One public Svix operation exercised through the public API: `run` makes whatever it needs
 * (its own application, endpoint, message…: cases share nothing and may run in any order),
 * then makes the call and returns its 2xx answer, which the runner checks against the
 * operation's response schema in Svix's OpenAPI document.
 */
export interface ConformanceCase {
  operationId: string;
  run(api: ConformanceApi): Promise<Answer>;
  /** Where Patchbay's answer differs from Svix's meaning, in a sentence for docs/api.md's table. */
  differs?: string;
}

/** A public operation Patchbay does not serve, and why it cannot apply to a self-hosted deployment. */
export interface NotApplicable {
  operationId: string;
  reason: string;
}

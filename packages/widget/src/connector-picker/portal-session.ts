import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { BffClient } from '../api/bff-client.ts';
import { type Capability, can, readToken, type TokenClaims } from '../api/token.ts';
import { dispatchPickerEvent } from '../events/events.ts';

/**
 * What the session reads of its picker: the public inputs, and `token`, which it also refreshes;
 * it fires `cp-session-ended` from it.
 */
export interface SessionHost extends ReactiveControllerHost, EventTarget {
  apiBase: string;
  token: string | undefined;
  tokenProvider: (() => Promise<string>) | undefined;
}

/**
 * One picker's portal session: its token (refreshed through the provider before it expires and
 * when the BFF refuses it), what the token allows, and the BFF client that sends it. Each picker
 * has its own, so two pickers on one page share nothing.
 */
export class PortalSession implements ReactiveController {
  readonly #host: SessionHost;
  #client: BffClient | undefined;
  #clientBase: string | undefined;
  #refreshing: Promise<string> | undefined;
  /** The token the BFF last refused for good: `cp-session-ended` is said once for it, not per call. */
  #ended: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The token and provider the timer was set for. */
  #scheduled: [string | undefined, unknown] = [undefined, undefined];

  constructor(host: SessionHost) {
    this.#host = host;
    host.addController(this);
  }

  get claims(): TokenClaims | undefined {
    return readToken(this.#host.token);
  }

  /** Whether this session may do what `capability` allows. */
  can(capability: Capability): boolean {
    return can(this.claims, capability);
  }

  /** The BFF client for the current `api-base`. */
  get client(): BffClient {
    const base = this.#host.apiBase;
    if (!this.#client || this.#clientBase !== base) {
      this.#clientBase = base;
      this.#client = new BffClient(base, this.token, () => this.claims?.app ?? '', this.#end);
    }
    return this.#client;
  }

  /**
   * The token for a call: the current one, unless it is missing or is the one just refused; then
   * the provider's next one. Calls refused together share one refresh.
   */
  token = async (refused?: string): Promise<string | undefined> => {
    const host = this.#host;
    if (!host.tokenProvider || (host.token && host.token !== refused)) return host.token;
    this.#refreshing ??= host.tokenProvider().finally(() => {
      this.#refreshing = undefined;
    });
    host.token = await this.#refreshing;
    return host.token;
  };

  /** A 401 that a fresh token did not cure, from any call (a load, Run test, an OAuth start…). */
  #end = (): void => {
    const token = this.#host.token ?? '';
    if (this.#ended === token) return;
    this.#ended = token;
    dispatchPickerEvent(this.#host, 'cp-session-ended', {});
  };

  hostConnected(): void {
    this.#schedule();
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }

  hostUpdate(): void {
    const [token, provider] = this.#scheduled;
    if (token !== this.#host.token || provider !== this.#host.tokenProvider) this.#schedule();
  }

  /**
   * Asks the provider for a new token a minute before this one expires, but not before half its
   * life nor within a second, so that short sessions do not turn into a refresh loop.
   */
  #schedule(): void {
    const { token, tokenProvider } = this.#host;
    this.#scheduled = [token, tokenProvider];
    clearTimeout(this.#timer);
    const claims = this.claims;
    if (!tokenProvider || !claims?.exp) return;
    const due = Math.max(claims.exp - 60, claims.iat + (claims.exp - claims.iat) / 2) * 1000;
    this.#timer = setTimeout(() => void this.token(token), Math.max(1000, due - Date.now()));
  }
}

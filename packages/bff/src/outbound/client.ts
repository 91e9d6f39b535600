import { Agent, errors } from 'undici';
import { basicAuth } from './headers.ts';
import { BlockedDestinationError, guardedLookup, type Resolver, systemResolver, urlProblem } from './ssrf.ts';
import { userInfo } from './urls.ts';

export interface OutgoingRequest {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  headers: Record<string, string>;
  body: string;
}

/**
 * What came of one HTTP attempt. It never throws: a failure to get an answer is an outcome too.
 * `misrouted`: nothing was sent, because the request would have carried a connection's
 * credentials somewhere other than its service.
 */
export type SendOutcome =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string; durationMs: number }
  | { kind: 'error'; reason: 'timeout' | 'blocked' | 'network' | 'misrouted'; message: string; durationMs: number };

export interface OutboundClientOptions {
  allowPrivateNetworks: boolean;
  resolve?: Resolver;
  connectTimeoutMs?: number;
  /** The whole exchange, from connect to the last byte kept. */
  timeoutMs?: number;
  /** Response bytes kept for the attempt log; the rest is not read. */
  maxResponseBytes?: number;
  userAgent: string;
}

/**
 * Sends deliveries with undici over keep-alive connections. Redirects are not followed (a 3xx
 * is a failed attempt, as in Svix); the SSRF guard checks literal IPs before dialling and every
 * resolved address inside the socket's lookup.
 */
/** How much the attempt log keeps of a response body (bytes, as read) and of a request body (characters). */
export const LOGGED_BODY_CHARS = 20_000;

export class OutboundClient {
  readonly #agent: Agent;
  /** For origins the operator configured (service base URLs): no SSRF guard. */
  readonly #trustedAgent: Agent;
  readonly #options: Required<Omit<OutboundClientOptions, 'resolve'>>;

  constructor(options: OutboundClientOptions) {
    this.#options = { connectTimeoutMs: 5000, timeoutMs: 15_000, maxResponseBytes: LOGGED_BODY_CHARS, ...options };
    const lookup = options.allowPrivateNetworks ? undefined : guardedLookup(options.resolve ?? systemResolver);
    const agentOptions = (guard: boolean) =>
      new Agent({
        connect: { timeout: this.#options.connectTimeoutMs, ...(guard && lookup ? { lookup } : {}) },
        headersTimeout: this.#options.timeoutMs,
        bodyTimeout: this.#options.timeoutMs,
        keepAliveTimeout: 30_000,
        connections: 64,
      });
    this.#agent = agentOptions(true);
    this.#trustedAgent = agentOptions(false);
  }

  /** Sends `request`; `trusted` skips the SSRF guard, for origins the operator configured. */
  async send(request: OutgoingRequest, options: { trusted?: boolean } = {}): Promise<SendOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return { kind: 'error', reason: 'network', message: `Invalid URL: ${request.url}`, durationMs: 0 };
    }
    const guarded = !this.#options.allowPrivateNetworks && !options.trusted;
    if (guarded) {
      const problem = urlProblem(url);
      if (problem)
        return { kind: 'error', reason: 'blocked', message: `Blocked destination: ${problem}`, durationMs: 0 };
    }
    const signal = AbortSignal.timeout(this.#options.timeoutMs);
    try {
      const response = await (guarded ? this.#agent : this.#trustedAgent).request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: this.headersOf(request),
        ...(request.method === 'GET' ? {} : { body: request.body }),
        signal,
      });
      const body = await readCapped(response.body, this.#options.maxResponseBytes);
      return {
        kind: 'response',
        status: response.statusCode,
        headers: flatten(response.headers),
        body,
        durationMs: elapsed(),
      };
    } catch (err) {
      return { kind: 'error', ...describe(err, signal), durationMs: elapsed() };
    }
  }

  /** The headers `request` goes out with: its own, with what every request of Patchbay carries. */
  headersOf(request: OutgoingRequest): Record<string, string> {
    // User info a transformation wrote into the URL travels as Basic auth, as Svix does (an
    // endpoint's own is kept with its credentials, and added by the connector layer).
    const basic = userInfo(request.url);
    return {
      ...(request.method === 'GET' ? {} : { 'content-type': 'application/json' }),
      ...request.headers,
      'user-agent': this.#options.userAgent,
      ...(basic ? { authorization: basicAuth(basic.username, basic.password) } : {}),
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.#agent.close(), this.#trustedAgent.close()]);
  }
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= max) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function describe(err: unknown, signal: AbortSignal): { reason: 'timeout' | 'blocked' | 'network'; message: string } {
  const cause = (err as { cause?: unknown }).cause;
  const blocked = [err, cause].find((e) => e instanceof BlockedDestinationError);
  if (blocked) return { reason: 'blocked', message: (blocked as Error).message };
  if (
    signal.aborted ||
    err instanceof errors.HeadersTimeoutError ||
    err instanceof errors.BodyTimeoutError ||
    err instanceof errors.ConnectTimeoutError
  ) {
    return { reason: 'timeout', message: 'The endpoint did not answer in time' };
  }
  const code = (err as { code?: string }).code ?? (cause as { code?: string } | undefined)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return { reason: 'network', message: code ? `${code}: ${message}` : message };
}

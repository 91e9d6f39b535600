import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeRequest, type FakeResponse, isObject, json, parseBody, type Route, text } from './http.ts';

/** What a service module declares; {@link FakeServer} does the rest. */
export interface FakeDefinition {
  name: string;
  routes: Route[];
  /** The service's own answer once it is rate limited. */
  tooManyRequests(req: FakeRequest): FakeResponse;
  /** What a per-hook (per-key) rate limit or fault applies to: a webhook id, an API key… */
  keyOf?(req: FakeRequest): string | undefined;
  /** The service's answer to a path it does not have. */
  notFound?(req: FakeRequest): FakeResponse;
}

export interface RecordedRequest {
  service: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  text: string;
  status: number;
  at: string;
}

export interface Fault {
  /** How many requests it applies to. */
  times: number;
  /** Only requests of this key (see {@link FakeDefinition.keyOf}); all when absent. */
  key?: string;
  /** Answer with this status (and a plain body)… */
  status?: number;
  /** …after this long… */
  delayMs?: number;
  /** …or drop the connection without an answer. */
  reset?: boolean;
}

const MAX_BODY = 8 * 1024 * 1024;

/**
 * One fake service on a loopback port: routes requests to the service's handlers, answers
 * with the service's own 429 or an injected fault when asked to, records everything, and
 * serves an inspection API under `/_fake/`.
 */
export class FakeServer {
  readonly name: string;
  readonly received: RecordedRequest[] = [];
  readonly #definition: FakeDefinition;
  readonly #server: http.Server;
  readonly #limits: { times: number; key?: string }[] = [];
  readonly #faults: Fault[] = [];
  #url = '';

  constructor(definition: FakeDefinition) {
    this.name = definition.name;
    this.#definition = definition;
    this.#server = http.createServer((req, res) => {
      void this.#handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake ${this.name} crashed: ${(err as Error).message}`);
      });
    });
  }

  get url(): string {
    return this.#url;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.#server.listen(port, host);
    await once(this.#server, 'listening');
    this.#url = `http://${host}:${(this.#server.address() as AddressInfo).port}`;
    return this.#url;
  }

  /** The next `times` requests (of `key`, or any) get the service's own 429. */
  rateLimit(options: { times?: number; key?: string } = {}): void {
    this.#limits.push({ times: options.times ?? 1, ...(options.key ? { key: options.key } : {}) });
  }

  /** The next `times` requests (of `key`, or any) fail as described. */
  fail(fault: Partial<Fault>): void {
    this.#faults.push({ times: 1, ...fault });
  }

  requests(filter: { path?: string; method?: string } = {}): RecordedRequest[] {
    return this.received.filter(
      (r) => (!filter.path || r.path.startsWith(filter.path)) && (!filter.method || r.method === filter.method),
    );
  }

  clear(): void {
    this.received.length = 0;
    this.#limits.length = 0;
    this.#faults.length = 0;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size <= MAX_BODY) chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake.local');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      text: raw,
      body: parseBody(req.headers['content-type'], raw),
      params: {},
    };

    if (request.path.startsWith('/_fake/')) {
      this.#send(res, this.#control(request));
      return;
    }
    const response = await this.#respond(request);
    this.received.push({
      service: this.name,
      method: request.method,
      path: request.path,
      query: Object.fromEntries(request.query),
      headers: request.headers,
      body: request.body,
      text: request.text,
      status: response.reset ? 0 : response.status,
      at: new Date().toISOString(),
    });
    if (response.delayMs) await new Promise((resolve) => setTimeout(resolve, response.delayMs));
    if (response.reset) {
      req.socket.destroy();
      return;
    }
    this.#send(res, response);
  }

  async #respond(request: FakeRequest): Promise<FakeResponse> {
    const key = this.#definition.keyOf?.(request);
    const limit = take(this.#limits, key);
    if (limit) return this.#definition.tooManyRequests(request);
    const fault = take(this.#faults, key);
    if (fault?.reset) return { status: 0, reset: true, ...(fault.delayMs ? { delayMs: fault.delayMs } : {}) };
    if (fault) {
      return { ...text(fault.status ?? 500, 'injected failure'), ...(fault.delayMs ? { delayMs: fault.delayMs } : {}) };
    }
    for (const candidate of this.#definition.routes) {
      const match = candidate.method === request.method ? candidate.pattern.exec(request.path) : null;
      if (match) return candidate.handler({ ...request, params: { ...match.groups } });
    }
    return this.#definition.notFound?.(request) ?? text(404, 'Not Found');
  }

  #control(request: FakeRequest): FakeResponse {
    const body = isObject(request.body) ? request.body : {};
    if (request.path === '/_fake/requests' && request.method === 'GET') {
      const path = request.query.get('path') ?? undefined;
      return json(200, { data: this.requests(path ? { path } : {}) });
    }
    if (request.path === '/_fake/requests' && request.method === 'DELETE') {
      this.clear();
      return json(200, { cleared: true });
    }
    if (request.path === '/_fake/rate-limit' && request.method === 'POST') {
      this.rateLimit(body as { times?: number; key?: string });
      return json(200, { ok: true });
    }
    if (request.path === '/_fake/fail' && request.method === 'POST') {
      this.fail(body as Partial<Fault>);
      return json(200, { ok: true });
    }
    return json(404, { error: 'unknown fake control route' });
  }

  #send(res: http.ServerResponse, response: FakeResponse): void {
    res.writeHead(response.status, response.headers ?? {});
    res.end(response.body ?? '');
  }
}

/** Uses up one of the first matching entries (for `key`, or for everyone). */
function take<T extends { times: number; key?: string }>(list: T[], key: string | undefined): T | undefined {
  const index = list.findIndex((entry) => entry.key === undefined || entry.key === key);
  const entry = list[index];
  if (!entry) return undefined;
  entry.times--;
  if (entry.times <= 0) list.splice(index, 1);
  return entry;
}

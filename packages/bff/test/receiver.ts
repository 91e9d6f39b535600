import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** When it arrived (ms since the epoch). */
  arrivedAt: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer only after this long. */
  delayMs?: number;
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/**
 * A webhook receiver on loopback that records what arrives and answers as scripted per path:
 * a fixed reply, or a queue of replies used up one per request (then 200).
 */
export async function startReceiver() {
  const received: Received[] = [];
  const scripts = new Map<string, Reply | Reply[]>();
  const waiters: (() => void)[] = [];
  const inFlight = new Map<string, number>();
  const mostInFlight = new Map<string, number>();
  const server = http.createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const now = (inFlight.get(path) ?? 0) + 1;
    inFlight.set(path, now);
    mostInFlight.set(path, Math.max(now, mostInFlight.get(path) ?? 0));
    res.once('close', () => inFlight.set(path, (inFlight.get(path) ?? 1) - 1));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({
      method: req.method ?? '',
      path,
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
      arrivedAt: Date.now(),
    });
    for (const wake of waiters.splice(0)) wake();
    const script = scripts.get(path);
    const reply = (Array.isArray(script) ? script.shift() : script) ?? {};
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (res.destroyed) return;
    res.writeHead(reply.status ?? 200, reply.headers ?? {}).end(reply.body ?? 'ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    at: (path: string) => received.filter((r) => r.path === path),
    /** The most requests to `path` that were open at once. */
    mostInFlight: (path: string) => mostInFlight.get(path) ?? 0,
    script(path: string, reply: Reply | Reply[]) {
      scripts.set(path, reply);
    },
    /** Resolves once `count` requests to `path` have arrived (or rejects after `timeoutMs`). */
    async waitFor(path: string, count: number, timeoutMs = 5000): Promise<Received[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.filter((r) => r.path === path).length < count) {
        if (Date.now() > deadline)
          throw new Error(`only ${received.filter((r) => r.path === path).length} of ${count} requests to ${path}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return received.filter((r) => r.path === path);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import { once } from 'node:events';
import type { RequestListener } from 'node:http';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.ts';

export interface RunningServer {
  url: string;
  port: number;
  /** Stops taking connections, lets in-flight requests finish, then cuts what is left at the deadline. */
  close(deadlineMs?: number): Promise<void>;
}

/** Listens on loopback (or `host`); port 0 picks a free port. */
export async function serve(
  handler: RequestListener,
  port: number,
  logger: Logger,
  host = '127.0.0.1',
): Promise<RunningServer> {
  const server = http.createServer(handler);
  server.listen(port, host);
  await once(server, 'listening');
  const actual = (server.address() as AddressInfo).port;
  const url = `http://${host === '127.0.0.1' ? 'localhost' : host}:${actual}`;
  return {
    url,
    port: actual,
    async close(deadlineMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        logger.warn('shutdown deadline reached; closing remaining connections');
        server.closeAllConnections();
      }, deadlineMs);
      timer.unref();
      await closed;
      clearTimeout(timer);
    },
  };
}

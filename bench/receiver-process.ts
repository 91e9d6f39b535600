// The benchmark's webhook receiver, in a process of its own (its own core): answers 200 at
// once (under /slow, after 50 ms, like a receiver doing real work; under /delay/<ms>, after
// that long) and notes when each webhook-id first arrived. The parent asks for the notes over IPC.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const arrivals = new Map<string, number>();
let requests = 0;

const server = http.createServer((req, res) => {
  const at = performance.timeOrigin + performance.now();
  req.resume();
  req.on('end', () => {
    requests++;
    const id = req.headers['webhook-id'];
    if (typeof id === 'string' && !arrivals.has(id)) arrivals.set(id, at);
    const answer = () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    const delayMs = req.url?.startsWith('/slow') ? 50 : Number(/^\/delay\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));

process.on('message', (message) => {
  if (message === 'count') process.send?.({ requests, unique: arrivals.size });
  if (message === 'report') process.send?.({ requests, arrivals: [...arrivals] });
  if (message === 'reset') {
    arrivals.clear();
    requests = 0;
    process.send?.({ reset: true });
  }
});
process.on('disconnect', () => process.exit(0));

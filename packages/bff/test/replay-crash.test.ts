import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPLAY_BATCH } from '../src/delivery/replay-tasks.ts';
import type { Json } from './helpers.ts';
import { startReceiver } from './receiver.ts';
import { type ServerProcess, startServerProcess, vendorCall } from './server-process.ts';

const API_KEY = 'replay-crash-key-0123456789';
const MISSED = 2 * REPLAY_BATCH + 50;

/** Polls until `done` answers something; as long as a machine with both cores busy may need, not how fast. */
async function until<T>(done: () => Promise<T | undefined>, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await done();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('crash safety of a replay', () => {
  let dir: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patchbay-replay-crash-'));
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });

  const startServer = () =>
    startServerProcess({
      PATCHBAY_DATABASE: `sqlite:${path.join(dir, 'replay.db')}`,
      PATCHBAY_API_KEY: API_KEY,
      PATCHBAY_ALLOW_PRIVATE_NETWORKS: 'true',
      PATCHBAY_DELIVERY_TIMEOUT_MS: '1000',
    });
  const call = async (server: ServerProcess, method: string, route: string, body?: object) => {
    const res = await vendorCall(API_KEY, server.url, method, route, body);
    return { status: res.status, json: (await res.json().catch(() => null)) as Json };
  };

  it('killed mid-replay and started again on the same database, sends every missed message exactly once', async () => {
    let server = await startServer();
    assert.equal((await call(server, 'POST', '/api/v1/app', { name: 'Acme', uid: 'acme' })).status, 201);
    // Retries every 2 s, 20 of them: while the receiver refuses, a replayed batch stays pending.
    const created = await call(server, 'POST', '/api/v1/app/acme/endpoint', {
      url: `${receiver.url}/hook`,
      retrySchedule: Array.from({ length: 20 }, () => 2),
    });
    assert.equal(created.status, 201);
    const endpoint = `/api/v1/app/acme/endpoint/${created.json.id}`;
    const send = async () => {
      const res = await call(server, 'POST', '/api/v1/app/acme/msg', { eventType: 'order.placed', payload: {} });
      assert.equal(res.status, 202);
      return String(res.json.id);
    };
    const delivered = [await send(), await send()];
    await receiver.waitFor('/hook', delivered.length, 60_000);
    const since = new Date(Date.now() - 60_000).toISOString();

    assert.equal((await call(server, 'PATCH', endpoint, { disabled: true })).status, 200);
    const missed = new Set<string>();
    for (let i = 0; i < MISSED; i += 10) {
      for (const id of await Promise.all(Array.from({ length: 10 }, send))) missed.add(id);
    }
    assert.equal((await call(server, 'PATCH', endpoint, { disabled: false })).status, 200);

    receiver.script('/hook', { status: 503 });
    const started = await call(server, 'POST', `${endpoint}/replay-missing`, { since });
    assert.equal(started.status, 202);
    const task = `/api/v1/background-task/${started.json.id}`;
    // A batch or two is queued and refused; the replay waits for the endpoint to take them.
    const midway = await until(async () => {
      const { json } = await call(server, 'GET', task);
      return json.data.messagesSent > 0 ? json : undefined;
    }, 'the first batch');
    server.child.kill('SIGKILL');
    await once(server.child, 'exit');
    const sentBefore = midway.data.messagesSent;
    assert.equal(midway.status, 'running');
    assert.ok(sentBefore < MISSED, `killed after ${sentBefore} of ${MISSED}`);

    const refused = receiver.at('/hook').length;
    receiver.script('/hook', {});
    server = await startServer();
    const finished = await until(async () => {
      const { json } = await call(server, 'GET', task);
      return json.status === 'running' ? undefined : json;
    }, 'the replay to finish');
    assert.deepEqual([finished.status, finished.data.messagesSent], ['finished', MISSED]);
    await until(async () => {
      const { json } = await call(server, 'GET', `${endpoint}/stats`);
      return json.pending + json.sending === 0 ? true : undefined;
    }, 'every replayed dispatch to end');
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');

    const accepted = receiver
      .at('/hook')
      .slice(refused)
      .map((r) => String(r.headers['webhook-id']));
    assert.equal(accepted.length, MISSED, 'each missed message once, no more');
    assert.deepEqual(new Set(accepted), missed, 'every missed message, and none delivered before');
  });
});

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { REPLAY_BATCH } from '../src/delivery/replay-tasks.ts';
import type { Json } from './helpers.ts';
import { killServer, type ServerProcess, serversOnOneFile, vendorCall } from './server-process.ts';
import { openSqliteStore } from './stores.ts';

const API_KEY = 'replay-crash-key-0123456789';
const MISSED = 2 * REPLAY_BATCH + 50;
/** How long the receiver takes over each replayed delivery before the crash: within the 1 s timeout. */
const SLOW_MS = 900;

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
  const servers = serversOnOneFile('replay-crash', API_KEY, { PATCHBAY_DELIVERY_TIMEOUT_MS: '1000' });
  const call = async (server: ServerProcess, method: string, route: string, body?: object) => {
    const res = await vendorCall(API_KEY, server.url, method, route, body);
    return { status: res.status, json: (await res.json().catch(() => null)) as Json };
  };

  it('killed mid-replay and started again on the same database, sends every missed message exactly once', async () => {
    const receiver = servers.receiver();
    let server = await servers.start();
    assert.equal((await call(server, 'POST', '/api/v1/app', { name: 'Acme', uid: 'acme' })).status, 201);
    const created = await call(server, 'POST', '/api/v1/app/acme/endpoint', { url: `${receiver.url}/hook` });
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

    // The replay's first batch is queued; while its deliveries are being sent (slowly), the
    // next one waits: the server is killed then, with a batch committed and the rest to do.
    receiver.script('/hook', { status: 503, delayMs: SLOW_MS });
    const started = await call(server, 'POST', `${endpoint}/replay-missing`, { since });
    assert.equal(started.status, 202);
    await receiver.waitFor('/hook', delivered.length + 1, 60_000);
    await killServer(server);
    const refused = receiver.at('/hook').length;

    const store = await openSqliteStore(servers.file());
    const midway = await store.backgroundTasks.get(String(started.json.id));
    await store.close();
    assert.equal(midway?.status, 'running', 'killed mid-replay');
    const sentBefore = Number(midway?.data.messagesSent);
    assert.ok(sentBefore > 0 && sentBefore < MISSED, `killed after ${sentBefore} of ${MISSED} were queued`);

    receiver.script('/hook', {});
    server = await servers.start();
    const task = `/api/v1/background-task/${started.json.id}`;
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

    // What arrived after the restart: the receiver refused everything before it.
    const accepted = receiver
      .at('/hook')
      .slice(refused)
      .map((r) => String(r.headers['webhook-id']));
    assert.equal(accepted.length, MISSED, 'each missed message once, no more');
    assert.deepEqual(new Set(accepted), missed, 'every missed message, and none delivered before');
  });
});

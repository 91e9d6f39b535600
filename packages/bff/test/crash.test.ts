import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startReceiver } from './receiver.ts';
import { startServerProcess, vendorCall } from './server-process.ts';

const API_KEY = 'crash-test-key-0123456789';
const KILLS = 5;
const CONCURRENCY = 8;

describe('crash safety', () => {
  let dir: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patchbay-crash-'));
    receiver = await startReceiver();
    receiver.script('/hook', { status: 200, delayMs: 15 });
  });
  after(async () => {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });

  const startServer = () =>
    startServerProcess({
      PATCHBAY_DATABASE: `sqlite:${path.join(dir, 'crash.db')}`,
      PATCHBAY_API_KEY: API_KEY,
      PATCHBAY_ALLOW_PRIVATE_NETWORKS: 'true',
      PATCHBAY_DELIVERY_TIMEOUT_MS: '1000',
      PATCHBAY_DELIVERY_CONCURRENCY: String(CONCURRENCY),
    });
  const call = (url: string, method: string, route: string, body: object) =>
    vendorCall(API_KEY, url, method, route, body);

  it('delivers every message accepted with 202 through repeated SIGKILLs, with duplicates bounded by what was in flight', async (t) => {
    let server = await startServer();
    assert.equal((await call(server.url, 'POST', '/api/v1/app', { name: 'Acme', uid: 'acme' })).status, 201);
    assert.equal(
      (await call(server.url, 'POST', '/api/v1/app/acme/endpoint', { url: `${receiver.url}/hook` })).status,
      201,
    );

    const accepted = new Set<string>();
    let sending = true;
    let n = 0;
    const sender = async () => {
      while (sending) {
        try {
          const res = await call(server.url, 'POST', '/api/v1/app/acme/msg', {
            eventType: 'order.placed',
            payload: { n: n++ },
          });
          if (res.status === 202) accepted.add(((await res.json()) as { id: string }).id);
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 20)); // the server is down: try again shortly
        }
      }
    };
    const senders = Array.from({ length: 4 }, sender);

    for (let kill = 0; kill < KILLS; kill++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      server.child.kill('SIGKILL');
      await once(server.child, 'exit');
      server = await startServer();
    }
    sending = false;
    await Promise.all(senders);

    const deadline = Date.now() + 20_000;
    const delivered = () => new Set(receiver.at('/hook').map((r) => String(r.headers['webhook-id'])));
    while ([...accepted].some((id) => !delivered().has(id)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');

    const lost = [...accepted].filter((id) => !delivered().has(id));
    const duplicates = receiver.at('/hook').length - delivered().size;
    t.diagnostic(`${accepted.size} accepted, ${delivered().size} delivered, ${duplicates} duplicates, ${KILLS} kills`);
    assert.ok(accepted.size > 50, `only ${accepted.size} messages were accepted`);
    assert.deepEqual(lost, [], `${lost.length} of ${accepted.size} accepted messages were never delivered`);
    assert.ok(
      duplicates <= KILLS * CONCURRENCY,
      `${duplicates} duplicates for ${KILLS} kills at concurrency ${CONCURRENCY}`,
    );
  });
});

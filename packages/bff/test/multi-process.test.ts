import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { freshDatabase, postgresSuite } from './postgres.ts';
import { startReceiver } from './receiver.ts';
import { type ServerProcess, startServerProcess, vendorCall } from './server-process.ts';

const API_KEY = 'multi-process-key-0123456789';
const CONCURRENCY = 8;
const PER_ENDPOINT = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two processes on one PostgreSQL database', postgresSuite, () => {
  let schema: Awaited<ReturnType<typeof freshDatabase>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    schema = await freshDatabase();
    receiver = await startReceiver();
    receiver.script('/hook', { status: 200, delayMs: 40 });
  });
  after(async () => {
    await receiver.close();
    await schema.drop();
  });

  const randomKey = randomBytes(32).toString('base64');
  const env = () => ({
    PATCHBAY_DATABASE: schema.url,
    PATCHBAY_API_KEY: API_KEY,
    PATCHBAY_ENCRYPTION_KEY: randomKey,
    PATCHBAY_ALLOW_PRIVATE_NETWORKS: 'true',
    // The lease is the timeout plus as much again: a dead process's claims return after 2 s.
    PATCHBAY_DELIVERY_TIMEOUT_MS: '1000',
    PATCHBAY_DELIVERY_CONCURRENCY: String(CONCURRENCY),
    PATCHBAY_DELIVERY_PER_ENDPOINT: String(PER_ENDPOINT),
  });
  const call = (server: ServerProcess, route: string, body?: object) =>
    vendorCall(API_KEY, server.url, body ? 'POST' : 'GET', route, body);

  it('delivers every accepted message after one is SIGKILLed mid-delivery; only its in-flight ones twice; per-endpoint concurrency held across both', async (t) => {
    // Started together, so their migrations race (and must take turns).
    const [a, b] = (await Promise.all([startServerProcess(env()), startServerProcess(env())])) as [
      ServerProcess,
      ServerProcess,
    ];
    assert.equal((await call(a, '/api/v1/app', { name: 'Acme', uid: 'acme' })).status, 201);
    assert.equal((await call(b, '/api/v1/app/acme/endpoint', { url: `${receiver.url}/hook` })).status, 201);

    const accepted = new Map<string, ServerProcess>();
    let aAlive = true;
    let sending = true;
    let n = 0;
    const sender = async (first: number) => {
      for (let i = first; sending; i++) {
        const server = aAlive && i % 2 === 0 ? a : b;
        try {
          const res = await call(server, '/api/v1/app/acme/msg', { eventType: 'order.placed', payload: { n: n++ } });
          if (res.status === 202) accepted.set(((await res.json()) as { id: string }).id, server);
        } catch {
          // A refused while it was being killed: not accepted, so not owed.
        }
      }
    };
    const senders = [0, 1, 2, 3].map(sender);

    // Until each process has accepted a share, however busy the machine: the kill must hit a
    // process with work of its own in flight.
    const acceptedBy = (server: ServerProcess) => [...accepted.values()].filter((s) => s === server).length;
    const enough = Date.now() + 60_000;
    while ((acceptedBy(a) <= 20 || acceptedBy(b) <= 20) && Date.now() < enough) await sleep(20);
    const deliveredBeforeKill = receiver.at('/hook').length;
    aAlive = false;
    a.child.kill('SIGKILL');
    await once(a.child, 'exit');
    const killedAt = Date.now();
    await sleep(500);
    sending = false;
    await Promise.all(senders);

    const delivered = () => new Set(receiver.at('/hook').map((r) => String(r.headers['webhook-id'])));
    const deadline = Date.now() + 20_000;
    while ([...accepted.keys()].some((id) => !delivered().has(id)) && Date.now() < deadline) await sleep(100);
    b.child.kill('SIGTERM');
    await once(b.child, 'exit');

    const arrivals = new Map<string, number[]>();
    for (const r of receiver.at('/hook')) {
      const id = String(r.headers['webhook-id']);
      arrivals.set(id, [...(arrivals.get(id) ?? []), r.arrivedAt]);
    }
    const lost = [...accepted.keys()].filter((id) => !arrivals.has(id));
    const twice = [...arrivals].filter(([, times]) => times.length > 1);
    const viaA = acceptedBy(a);
    t.diagnostic(
      `${accepted.size} accepted (${viaA} by the killed process), ${arrivals.size} delivered, ${twice.length} twice, ` +
        `${deliveredBeforeKill} deliveries before the kill, at most ${receiver.mostInFlight('/hook')} at once`,
    );
    assert.ok(viaA > 20 && accepted.size - viaA > 20, 'both processes accepted messages');
    assert.deepEqual(lost, [], `${lost.length} of ${accepted.size} accepted messages were never delivered`);
    for (const [id, times] of twice) {
      assert.equal(times.filter((at) => at < killedAt).length, 1, `${id}: one attempt by the killed process`);
      assert.ok(
        times.slice(1).every((at) => at >= killedAt),
        `${id}: delivered again only after the kill (its lease ran out)`,
      );
    }
    assert.ok(twice.length <= CONCURRENCY, `${twice.length} duplicates; the killed process had at most ${CONCURRENCY}`);
    assert.ok(
      receiver.mostInFlight('/hook') <= PER_ENDPOINT,
      `${receiver.mostInFlight('/hook')} deliveries to one endpoint at once; the limit is ${PER_ENDPOINT} over both processes`,
    );
  });

  it('splits the API and the worker into processes of their own (PATCHBAY_ROLE)', async () => {
    const own = await freshDatabase();
    const roleEnv = (role: string) => ({ ...env(), PATCHBAY_DATABASE: own.url, PATCHBAY_ROLE: role });
    const api = await startServerProcess(roleEnv('api'));
    let worker: ServerProcess | undefined;
    try {
      assert.equal((await call(api, '/api/v1/app', { name: 'Roles', uid: 'roles' })).status, 201);
      assert.equal((await call(api, '/api/v1/app/roles/endpoint', { url: `${receiver.url}/roles` })).status, 201);
      const sent = await call(api, '/api/v1/app/roles/msg', { eventType: 'order.placed', payload: { n: 1 } });
      assert.equal(sent.status, 202);
      await sleep(300);
      assert.equal(receiver.at('/roles').length, 0, 'an API-only process does not deliver');

      worker = await startServerProcess(roleEnv('worker'));
      const [arrived] = await receiver.waitFor('/roles', 1, 10_000);
      assert.equal(arrived?.headers['webhook-id'], ((await sent.json()) as { id: string }).id);
      assert.equal((await fetch(`${worker.url}/health`)).status, 200);
      const refused = await call(worker, '/api/v1/app');
      assert.equal(refused.status, 404, 'a worker-only process serves no API');
      assert.equal((await fetch(`${worker.url}/api/v1/health`)).status, 404, "nor the API's health");
      assert.equal((await fetch(`${api.url}/api/v1/health`)).status, 204);
      assert.equal(((await refused.json()) as { code: string }).code, 'not_found');
    } finally {
      for (const server of [api, worker]) {
        server?.child.kill('SIGTERM');
        if (server) await once(server.child, 'exit');
      }
      await own.drop();
    }
  });
});

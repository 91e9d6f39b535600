import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Json, startApi } from './helpers.ts';
import { collectGarbage } from './memory.ts';
import { startReceiver } from './receiver.ts';

const EVENT = 'invoice.created';
const INVOICE = `function handler(webhook) {
  webhook.payload = { text: webhook.payload.name + ' created an invoice for $' + webhook.payload.amount };
  return webhook;
}`;

/**
 * One line each that ended the whole server when the sandbox ran in it (measured in a 16 MB and
 * a 32 MB isolate): a segfault, a V8 fatal error, or seconds in a builtin that never checks the
 * time limit, growing the process by a gigabyte. NFD normalisation may also end at the isolate's
 * memory limit first, depending on the machine.
 */
const KILLERS: [name: string, line: string, kinds: string[]][] = [
  ['Object.keys of a 2^27-character string', "Object.keys('x'.repeat(2 ** 27))", ['crash']],
  ['a 2^27-element array filled', 'new Array(2 ** 27).fill(0)', ['crash']],
  ['JSON.parse of a 2^27-element array', "JSON.parse('[' + '0,'.repeat(2 ** 27) + '0]')", ['crash']],
  ['a 2^28-character string split', "'x'.repeat(2 ** 28).split('')", ['crash']],
  ['a 2^28-character string normalized', "'x'.repeat(2 ** 28).normalize('NFD')", ['crash', 'memory']],
];
const killer = (line: string) => `function handler(webhook) { ${line}; return webhook; }`;

/**
 * What one customer's transformation could do to every other customer through the public API,
 * when the sandbox lived in the server's process: each test is an attack that ended the server.
 */
describe('tenants: transformations that kill their sandbox', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let api: Awaited<ReturnType<typeof startApi>>;
  let serverMemory: number;
  let bystander: { token: string; endpointId: string };

  before(async () => {
    receiver = await startReceiver();
    api = await startApi({ delivery: { allowPrivateNetworks: true } });
    await api.svix.eventType.create({ name: EVENT, description: 'An invoice' });
    bystander = await customer('bystander', INVOICE);
    collectGarbage();
    serverMemory = process.memoryUsage().rss;
  });
  after(async () => {
    await api.close();
    await receiver.close();
  });

  /** An application with an endpoint (its transformation saved) and a portal session that may edit it. */
  async function customer(uid: string, code: string) {
    await api.svix.application.create({ name: uid, uid });
    const endpoint = await api.svix.endpoint.create(uid, { url: `${receiver.url}/${uid}` });
    await api.svix.endpoint.transformationPartialUpdate(uid, endpoint.id, { code, enabled: true });
    const { token } = await api.svix.authentication.appPortalAccess(uid, {
      capabilities: ['ManageTransformations' as never],
    });
    return { token, endpointId: endpoint.id };
  }
  const simulate = (app: string, endpointId: string, token: string, code: string) =>
    api.fetch(`/api/v1/app/${app}/endpoint/${endpointId}/transformation/simulate`, {
      method: 'POST',
      token,
      body: JSON.stringify({ code, eventType: EVENT, payload: { name: 'Ada', amount: 42 } }),
    });
  const send = (app: string) => api.svix.message.create(app, { eventType: EVENT, payload: { name: 'Bo', amount: 7 } });
  const attempts = async (app: string, endpointId: string): Promise<Json[]> =>
    (await (await api.fetch(`/api/v1/app/${app}/attempt/endpoint/${endpointId}`)).json()).data;

  KILLERS.forEach(([name, line, kinds], i) => {
    it(`answers a simulation of ${name} with a 422 and goes on serving everyone else`, async () => {
      const hostile = await customer(`hostile-${i}`, INVOICE);
      const res = await simulate(`hostile-${i}`, hostile.endpointId, hostile.token, killer(line));
      const body = await res.json();
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(body.code, 'transformation_failed');
      assert.ok(kinds.includes(body.error.kind), body.detail);
      if (body.error.kind === 'crash') assert.match(body.detail, /^The transformation stopped the sandbox \(.+\)$/);

      const other = await simulate('bystander', bystander.endpointId, bystander.token, INVOICE);
      assert.equal(other.status, 200);
      assert.equal(JSON.parse((await other.json()).payload).text, 'Ada created an invoice for $42');
      const before = receiver.at('/bystander').length;
      await send('bystander');
      await api.worker.tick();
      const delivered = receiver.at('/bystander');
      assert.equal(delivered.length, before + 1, "the other application's message was delivered");
      assert.deepEqual(JSON.parse(delivered.at(-1)?.body ?? ''), { text: 'Bo created an invoice for $7' });
    });
  });

  it('records the failed attempt of a saved transformation that kills its sandbox, and delivers the rest of its batch', async () => {
    const hostile = await Promise.all(KILLERS.map(([, line], i) => customer(`saved-${i}`, killer(line))));
    const calm = await Promise.all(['calm-1', 'calm-2'].map((uid) => customer(uid, INVOICE)));
    for (let i = 0; i < KILLERS.length; i++) await send(`saved-${i}`);
    for (const uid of ['calm-1', 'calm-2']) await send(uid);

    await api.worker.tick(); // one claim: all seven deliveries at once

    for (const [i, [name, , kinds]] of KILLERS.entries()) {
      const [attempt, ...more] = await attempts(`saved-${i}`, hostile[i]?.endpointId as string);
      assert.equal(more.length, 0, name);
      assert.equal(attempt?.status, 2, `${name}: failed`);
      const reason = kinds.includes('memory')
        ? /^Transformation failed: /
        : /^Transformation failed: The transformation stopped the sandbox \(.+\)$/;
      assert.match(attempt?.response, reason, name);
      assert.equal(receiver.at(`/saved-${i}`).length, 0, `${name}: nothing sent`);
    }
    for (const [n, uid] of ['calm-1', 'calm-2'].entries()) {
      const [attempt] = await attempts(uid, calm[n]?.endpointId as string);
      assert.equal(attempt?.status, 0, `${uid}: delivered`);
      assert.deepEqual(JSON.parse(receiver.at(`/${uid}`)[0]?.body ?? ''), { text: 'Bo created an invoice for $7' });
    }
    const stopped = api.lines.filter((l) => l.msg === 'a transformation stopped the sandbox').map((l) => l.scope);
    for (let i = 0; i < KILLERS.length - 1; i++) {
      const app = await api.svix.application.get(`saved-${i}`);
      assert.ok(stopped.includes(app.id), `the log names the application that stopped it (${app.id})`);
    }
  });

  it("never held the killers' memory in the server's process", () => {
    collectGarbage();
    const grown = process.memoryUsage().rss - serverMemory;
    // They grew their sandbox by up to 1.3 GB each.
    assert.ok(grown < 64 * 1048576, `resident memory grew by ${(grown / 1048576).toFixed(1)} MB`);
  });
});

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { waitUntil } from './helpers.ts';
import { killServer, serversOnOneFile, vendorCall } from './server-process.ts';

const API_KEY = 'scheduled-restart-key-0123456789';
/** Svix's shortest schedule is a minute ahead; the seconds more leave the request its way there on a busy machine. */
const AHEAD_MS = 75_000;

describe('a scheduled message across a restart', () => {
  const servers = serversOnOneFile('scheduled', API_KEY);

  it('is delivered once, not before its deliverAt, by the server started after the one that took it was killed', async (t) => {
    const receiver = servers.receiver();
    const first = await servers.start();
    const call = (url: string, method: string, route: string, body?: object) =>
      vendorCall(API_KEY, url, method, route, body);
    assert.equal((await call(first.url, 'POST', '/api/v1/app', { name: 'Acme', uid: 'acme' })).status, 201);
    const endpoint = { url: `${receiver.url}/hook` };
    assert.equal((await call(first.url, 'POST', '/api/v1/app/acme/endpoint', endpoint)).status, 201);
    const deliverAt = new Date(Date.now() + AHEAD_MS).toISOString();
    const accepted = await call(first.url, 'POST', '/api/v1/app/acme/msg', {
      eventType: 'invoice.created',
      payload: { n: 1 },
      deliverAt,
    });
    assert.equal(accepted.status, 202);
    const { id } = (await accepted.json()) as { id: string };
    await killServer(first);

    const second = await servers.start();
    try {
      const message = (await (await call(second.url, 'GET', `/api/v1/app/acme/msg/${id}`)).json()) as {
        deliverAt: string;
      };
      assert.equal(message.deliverAt, deliverAt, 'the restarted server still knows when to deliver it');
      const [arrived] = await receiver.waitFor('/hook', 1, AHEAD_MS + 30_000);
      assert.equal(arrived?.headers['webhook-id'], id);
      assert.ok(
        (arrived?.arrivedAt ?? 0) >= Date.parse(deliverAt),
        `arrived at ${new Date(arrived?.arrivedAt ?? 0).toISOString()}, before ${deliverAt}`,
      );
      t.diagnostic(`arrived ${(arrived?.arrivedAt ?? 0) - Date.parse(deliverAt)} ms after deliverAt`);
      const attempts = async () =>
        (await (await call(second.url, 'GET', `/api/v1/app/acme/attempt/msg/${id}`)).json()) as {
          data: { status: number }[];
        };
      // The attempt is recorded once the receiver's answer is in, a moment after the arrival.
      await waitUntil(async () => (await attempts()).data.length > 0, 'the attempt is recorded');
      assert.deepEqual(
        (await attempts()).data.map((a) => a.status),
        [0],
      );
      assert.equal(receiver.at('/hook').length, 1, 'delivered once');
    } finally {
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
    }
  });
});

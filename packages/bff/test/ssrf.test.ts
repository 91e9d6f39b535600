import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { OutboundClient } from '../src/outbound/client.ts';
import { blockedReason, checkDestinationOnSave, type Resolver, urlProblem } from '../src/outbound/ssrf.ts';

const BLOCKED_URLS = [
  // loopback, in every spelling WHATWG URL parsing accepts
  'http://127.0.0.1/',
  'http://127.1/',
  'http://127.0.1/',
  'http://2130706433/',
  'http://0x7f000001/',
  'http://0x7f.0x0.0x0.0x1/',
  'http://0177.0.0.1/',
  'http://017700000001/',
  'http://127.255.255.254:8080/x',
  'http://[::1]/',
  'http://[0:0:0:0:0:0:0:1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://[0:0:0:0:0:ffff:127.0.0.1]/',
  'http://[::127.0.0.1]/',
  'http://localhost/',
  'http://LOCALHOST:3000/',
  'http://app.localhost/',
  'http://localhost./',
  // unspecified and this-network
  'http://0.0.0.0/',
  'http://0/',
  'http://0.1.2.3/',
  'http://[::]/',
  // private
  'http://10.0.0.1/',
  'http://10.255.255.255/',
  'http://172.16.0.1/',
  'http://172.31.255.255/',
  'http://192.168.0.1/',
  'http://192.168.255.255/',
  'http://[::ffff:10.1.2.3]/',
  'http://[::ffff:a01:203]/',
  // link-local and cloud metadata
  'http://169.254.169.254/latest/meta-data/',
  'http://169.254.0.1/',
  'http://0xa9fea9fe/',
  'http://2852039166/',
  'http://[::ffff:169.254.169.254]/',
  'http://[fd00:ec2::254]/',
  'http://[fe80::1]/',
  // carrier-grade NAT and special-purpose IPv4
  'http://100.64.0.1/',
  'http://100.127.255.254/',
  'http://192.0.0.8/',
  'http://192.0.2.1/',
  'http://198.51.100.7/',
  'http://203.0.113.9/',
  'http://198.18.0.1/',
  'http://198.19.255.255/',
  'http://192.88.99.1/',
  // multicast, reserved, broadcast
  'http://224.0.0.1/',
  'http://239.255.255.250/',
  'http://240.0.0.1/',
  'http://255.255.255.255/',
  'http://[ff02::1]/',
  // IPv6 special ranges
  'http://[fc00::1]/',
  'http://[fdff:ffff::1]/',
  'http://[fec0::1]/',
  'http://[64:ff9b::7f00:1]/',
  'http://[64:ff9b:1::1]/',
  'http://[2002:7f00:1::]/',
  'http://[2001::1]/',
  'http://[2001:db8::1]/',
  'http://[3fff::1]/',
  'http://[100::1]/',
  'http://[5f00::1]/',
  // schemes
  'ftp://example.com/',
  'file:///etc/passwd',
  'gopher://example.com/',
  'ws://example.com/',
  'data:text/plain,hi',
  'javascript:alert(1)',
];

const PUBLIC_URLS = [
  'https://93.184.216.34/',
  'http://8.8.8.8/',
  'https://1.1.1.1/dns-query',
  'http://[2606:4700:4700::1111]/',
  'http://[::ffff:8.8.8.8]/',
  'http://100.128.0.1/',
  'http://100.63.255.255/',
  'http://172.32.0.1/',
  'http://172.15.255.255/',
  'http://192.169.0.1/',
  'http://11.0.0.1/',
  'http://198.20.0.1/',
  'http://223.255.255.255/',
  'https://hooks.slack.com/services/T0/B0/X',
];

describe('SSRF guard', () => {
  it(`refuses ${BLOCKED_URLS.length} non-public destinations and non-http schemes`, () => {
    assert.ok(BLOCKED_URLS.length >= 60);
    for (const url of BLOCKED_URLS) assert.ok(urlProblem(new URL(url)), `${url} should be refused`);
  });

  it('allows public addresses, including just outside the blocked ranges', () => {
    for (const url of PUBLIC_URLS) assert.equal(urlProblem(new URL(url)), null, url);
  });

  it('says why', () => {
    assert.match(blockedReason('169.254.169.254') ?? '', /link-local \(cloud metadata\)/);
    assert.match(blockedReason('::ffff:192.168.1.1') ?? '', /maps to 192\.168\.1\.1 is a private address/);
    assert.match(blockedReason('fe80::1%eth0') ?? '', /interface zone/);
    assert.match(urlProblem(new URL('file:///etc/passwd')) ?? '', /file: URLs are not allowed/);
  });

  const resolver =
    (table: Record<string, string[]>): Resolver =>
    async (hostname) => {
      const addresses = table[hostname];
      if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };

  it('checks names at save time: any non-public address refuses them, no answer accepts them', async () => {
    const resolve = resolver({
      'public.test': ['93.184.216.34'],
      'internal.test': ['10.0.0.7'],
      'mixed.test': ['93.184.216.34', '127.0.0.1'],
      'mapped.test': ['::ffff:169.254.169.254'],
    });
    assert.equal(await checkDestinationOnSave('https://public.test/hook', resolve), null);
    assert.match(
      (await checkDestinationOnSave('https://internal.test/hook', resolve)) ?? '',
      /internal\.test resolves to 10\.0\.0\.7/,
    );
    assert.match((await checkDestinationOnSave('https://mixed.test/', resolve)) ?? '', /127\.0\.0\.1 is a loopback/);
    assert.match((await checkDestinationOnSave('https://mapped.test/', resolve)) ?? '', /maps to 169\.254\.169\.254/);
    assert.equal(await checkDestinationOnSave('https://not-yet-in-dns.test/', resolve), null);
    assert.match((await checkDestinationOnSave('http://[::1]:8080/', resolve)) ?? '', /loopback/);
  });

  describe('at send time', () => {
    let receiver: http.Server;
    let port: number;
    let hits = 0;
    before(async () => {
      receiver = http.createServer((_req, res) => {
        hits++;
        res.writeHead(200).end('ok');
      });
      receiver.listen(0, '127.0.0.1');
      await once(receiver, 'listening');
      port = (receiver.address() as AddressInfo).port;
    });
    after(() => receiver.close());

    const send = (client: OutboundClient, url: string) => client.send({ url, method: 'POST', headers: {}, body: '{}' });

    it('refuses literal loopback and names resolving to it, and the receiver sees nothing', async () => {
      const client = new OutboundClient({
        allowPrivateNetworks: false,
        resolve: resolver({ 'sneaky.test': ['127.0.0.1'] }),
        userAgent: 'test',
      });
      try {
        for (const url of [
          `http://127.0.0.1:${port}/`,
          `http://[::ffff:127.0.0.1]:${port}/`,
          `http://2130706433:${port}/`,
          `http://sneaky.test:${port}/`,
        ]) {
          const outcome = await send(client, url);
          assert.equal(outcome.kind, 'error', url);
          assert.equal(outcome.kind === 'error' && outcome.reason, 'blocked', url);
        }
        assert.equal(hits, 0);
      } finally {
        await client.close();
      }
    });

    it('defeats DNS rebinding: a name that was public when saved and points at loopback when sent is refused', async () => {
      let calls = 0;
      const rebinding: Resolver = async () => {
        calls++;
        return [{ address: calls === 1 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
      };
      assert.equal(await checkDestinationOnSave(`http://rebind.test:${port}/`, rebinding), null, 'public when saved');
      const client = new OutboundClient({ allowPrivateNetworks: false, resolve: rebinding, userAgent: 'test' });
      try {
        const outcome = await send(client, `http://rebind.test:${port}/`);
        assert.equal(outcome.kind === 'error' && outcome.reason, 'blocked');
        assert.match(outcome.kind === 'error' ? outcome.message : '', /rebind\.test resolves to 127\.0\.0\.1/);
        assert.equal(hits, 0);
      } finally {
        await client.close();
      }
    });

    it('reaches loopback only when private networks are allowed', async () => {
      const client = new OutboundClient({ allowPrivateNetworks: true, userAgent: 'test' });
      try {
        const outcome = await send(client, `http://127.0.0.1:${port}/`);
        assert.equal(outcome.kind === 'response' && outcome.status, 200);
        assert.equal(hits, 1);
      } finally {
        await client.close();
      }
    });
  });
});

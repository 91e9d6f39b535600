import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FakeCredentials } from '../../demo/src/fake-credentials.ts';
import type { InboxItem } from '../../demo/src/fake-inbox.ts';
import { connectOAuth, type Portal, portalOf } from './portal.ts';
import { type RunningDemo, startDemo } from './start-demo.ts';

/** What each service's entry in the demo's "What the services received" panel looks like. */
const EXPECTED: Record<string, { kind: string; shows: RegExp }> = {
  slack: { kind: 'message', shows: /^#general \*Invoice created\*\n• \*Invoice id:\* INV-\d+\n• \*Amount:\* [\d.]+\n/ },
  discord: { kind: 'embed', shows: /^Subscription cancelled .*Plan: \w+ · .*User: .+ <\S+@example\.com>/ },
  teams: { kind: 'card', shows: /^Adaptive card Ticket created · Ticket id: \d+ · Subject: .+/ },
  hubspot: { kind: 'contact', shows: /@example\.com/ },
  close: { kind: 'lead', shows: /[A-Z][a-z]+ [A-Z][a-z]+ <\S+@example\.com>/ },
  segment: { kind: 'event', shows: /user user_\d+/ },
  'customerio-us': { kind: 'event', shows: /@example\.com/ },
  'customerio-eu': { kind: 'event', shows: /@example\.com/ },
  sendgrid: { kind: 'email', shows: /to \S+@example\.com/ },
  resend: { kind: 'email', shows: /^User created to \S+@example\.com from Acme <billing@acme\.example>/ },
  loops: { kind: 'event', shows: /@example\.com/ },
  windmill: { kind: 'job', shows: /user/ },
  inngest: { kind: 'event', shows: /user/ },
  zapier: { kind: 'zap', shows: /user/ },
};

/** The panel's entry for `service` is the one its connection's transformation makes of its event. */
const shown = (item: InboxItem, service: string, expected: { kind: string; shows: RegExp }) =>
  item.service === service && item.kind === expected.kind && expected.shows.test(`${item.title} ${item.detail}`);

describe('demo: every service, connected and receiving (no browser)', () => {
  let dir: string;
  let demo: RunningDemo;
  let portal: Portal;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patchbay-demo-services-'));
    demo = await startDemo({
      PATCHBAY_DATABASE: `sqlite:${path.join(dir, 'patchbay.db')}`,
      PATCHBAY_API_KEY: 'e2e-vendor-key-0123456789',
    });
    portal = await portalOf(demo.url);
  });
  after(async () => {
    await demo?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Review's Save, as the widget makes it: until then a connection is a draft that delivers nothing. */
  const save = async (kind: string, id: string) => {
    const saved = await portal(`/drafts/${id}/save`, {});
    assert.equal(saved.status, 200, `${kind}: ${JSON.stringify(saved.json)}`);
  };

  it('connects each of the 14 connectors with the cheat sheet (Customer.io in both regions), with private networks still closed, and each fake shows what it got', async () => {
    const connectors: { id: string; kind: string; connect: { type: string } }[] = (await portal('/connectors')).json
      .data;
    const sheet: FakeCredentials[] = (await (await fetch(`${demo.url}/demo/fake-credentials`)).json()).data;
    // Every connector, under the name the picker shows, and both Customer.io regions.
    assert.deepEqual(
      sheet.map((entry) => entry.name),
      [
        'Slack',
        'Discord',
        'HubSpot',
        'Microsoft Teams',
        'Close CRM',
        'Segment',
        'Customer.io (US account)',
        'Customer.io (EU account)',
        'SendGrid',
        'Resend',
        'Loops',
        'Windmill',
        'Inngest',
        'Zapier',
        'Custom webhook',
      ],
    );
    assert.deepEqual(new Set(sheet.map((entry) => entry.kind)), new Set(connectors.map((c) => c.kind)));
    for (const { kind, fields } of sheet) {
      const values = Object.fromEntries(fields.map((f) => [f.name, f.value]));
      const connector = connectors.find((c) => c.kind === kind);
      assert.ok(connector, `a ${kind} connector is seeded`);
      if (connector.connect.type === 'oauth') {
        await save(kind, (await connectOAuth(portal, connector)).id);
      } else {
        const made = await portal(`/connectors/${connector.id}/connect`, { credentials: values });
        assert.equal(made.status, 201, `${kind}: ${JSON.stringify(made.json)}`);
        await save(kind, made.json.id);
      }
    }

    const emitted = await Promise.all(
      ['invoice.created', 'subscription.cancelled', 'ticket.created', 'user.created'].map(async (type) => {
        const res = await fetch(`${demo.url}/demo/emit/${type}`, { method: 'POST' });
        assert.equal(res.status, 202);
        return type;
      }),
    );
    assert.equal(emitted.length, 4);

    let items: InboxItem[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      items = (await (await fetch(`${demo.url}/demo/inbox`)).json()).data;
      if (Object.entries(EXPECTED).every(([service, expected]) => items.some((i) => shown(i, service, expected))))
        break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (const [service, expected] of Object.entries(EXPECTED)) {
      const mine = items.filter((i) => i.service === service);
      assert.ok(mine.length > 0, `${service} received something`);
      assert.ok(
        mine.some((i) => shown(i, service, expected)),
        `${service} shows ${expected.shows}: ${JSON.stringify(mine)}`,
      );
    }
    // The panel never shows a path or header: Slack's and Inngest's paths carry secrets.
    assert.doesNotMatch(JSON.stringify(items), /services\/|fake-inngest-event-key/);
  });

  it('keeps the SSRF guard on for every private address but its fakes', async () => {
    const connectors: { id: string; kind: string }[] = (await portal('/connectors')).json.data;
    const custom = connectors.find((c) => c.kind === 'Custom');
    const sheet: FakeCredentials[] = (await (await fetch(`${demo.url}/demo/fake-credentials`)).json()).data;
    const windmill = new URL(
      String(sheet.find((entry) => entry.kind === 'Windmill')?.fields.find((f) => f.name === 'instanceUrl')?.value),
    );
    for (const url of [
      'http://127.0.0.1:9/elsewhere',
      'http://169.254.169.254/latest/meta-data/',
      'http://localhost:1/',
      // The demo itself (Patchbay's own API) is not one of its fakes,
      `${demo.url}/patchbay/api/v1/app`,
      // and a fake's origin counts only as it is: under another scheme it is another origin.
      `https://${windmill.host}/hook`,
    ]) {
      const refused = await portal(`/connectors/${custom?.id}/connect`, { credentials: { url } });
      assert.equal(refused.status, 422, `${url}: ${JSON.stringify(refused.json)}`);
      assert.match(JSON.stringify(refused.json.detail), /loopback|link-local/, url);
    }
  });

  it('refuses an event type Acme does not have', async () => {
    const res = await fetch(`${demo.url}/demo/emit/invoice.exploded`, { method: 'POST' });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { code: 'not_found', detail: 'Acme has no event type "invoice.exploded"' });
  });
});

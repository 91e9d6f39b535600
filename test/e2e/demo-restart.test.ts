import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { FakeCredentials } from '../../demo/src/fake-credentials.ts';
import type { InboxItem } from '../../demo/src/fake-inbox.ts';
import { launchChromium } from './browser.ts';
import { type RunningDemo, startDemo } from './start-demo.ts';

const screenshots = path.resolve(import.meta.dirname, '../../test-results/e2e');

// A newcomer connects Teams and a Custom webhook with the URLs the page lists, and Slack, stops `npm start`
// and starts it again: the connections, which hold the fakes' URLs, must still deliver. Private
// networks are not allowed here (the default): only the demo's own fakes are reachable.
describe('demo: saved connections survive a restart (npm start twice on the same data)', () => {
  let dir: string;
  let demo: RunningDemo;
  let browser: Browser;
  let page: Page;
  // The fakes' first ports, below the ephemeral range (Linux: 32768 and up): a free port the
  // first start took from that range could be any outgoing connection's by the restart.
  const fakesPort = String(20_000 + 20 * Math.floor(Math.random() * 500));
  const env = () => ({
    PATCHBAY_DATABASE: `sqlite:${path.join(dir, 'patchbay.db')}`,
    PATCHBAY_API_KEY: 'e2e-vendor-key-0123456789',
    PATCHBAY_DEMO_FAKES_PORT: fakesPort,
  });
  const savedPorts = async () => JSON.parse(await readFile(path.join(dir, 'demo-fakes.json'), 'utf8'));

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patchbay-restart-'));
    await mkdir(screenshots, { recursive: true });
    demo = await startDemo(env());
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${demo.url}/`);
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const picker = (selector: string) => page.locator(`connector-picker ${selector}`);
  const heading = (text: string) => picker('h2').filter({ hasText: text }).waitFor();
  const button = (name: string) => picker('button').filter({ hasText: name });
  const sheet = async (): Promise<FakeCredentials[]> =>
    (await (await fetch(`${demo.url}/demo/fake-credentials`)).json()).data;
  /** The value the page's cheat sheet lists for `service`'s `label`, read as a newcomer reads it. */
  async function listed(service: string, label: string): Promise<string> {
    await page.locator('details.cheats summary').click();
    const entry = page.locator('#credentials dt', { hasText: service }).locator('+ dd');
    const value = await entry
      .locator('div', { hasText: `${label}:` })
      .locator('code')
      .textContent();
    await page.locator('details.cheats summary').click();
    return value ?? '';
  }

  /** Connects `connector` through the widget, with one URL or through its OAuth popup, for ticket.created only. */
  async function connect(connector: string, url?: string) {
    await picker('[part~="connector"]').filter({ hasText: connector }).click();
    await heading(`Connect ${connector}`);
    if (url) {
      await picker('#f-url').fill(url);
      await picker('button[type="submit"]').click();
    } else {
      const popupOpened = page.waitForEvent('popup');
      await button(`Sign in to ${connector}`).click();
      const popup = await popupOpened;
      const closed = popup.waitForEvent('close');
      await popup.getByRole('button', { name: 'Approve' }).click();
      await closed;
    }
    await heading('Events');
    await picker('label').filter({ hasText: 'ticket.created' }).locator('input').check();
    await button('Next').click();
    await heading('Transformation');
    await button('Next').click();
    await heading('Review');
    await button('Save').click();
    await heading('Your connections');
  }

  it('delivers to the Teams, Custom and Slack connections made before the restart, with the fakes where they were', async () => {
    const teamsUrl = await listed('Microsoft Teams', 'Workflow URL');
    const customUrl = await listed('Custom webhook', 'Endpoint URL');
    assert.match(teamsUrl, /^http:\/\/127\.0\.0\.1:\d+\/workflows\//);
    await connect('Microsoft Teams', teamsUrl);
    await button('Add a connection').click();
    await connect('Custom webhook', customUrl);
    await button('Add a connection').click();
    await connect('Slack');
    const before = { ports: await savedPorts(), sheet: await sheet() };

    assert.equal(await demo.stop(), 0);
    demo = await startDemo(env());
    assert.deepEqual(await savedPorts(), before.ports, 'the fakes are back on their ports');
    assert.deepEqual(await sheet(), before.sheet, 'the cheat sheet lists the same URLs');

    await page.goto(`${demo.url}/`);
    await page.getByRole('button', { name: 'Emit ticket.created', exact: true }).click();
    const arrived = (service: string, kind: string) =>
      page.locator(`#inbox li[data-service="${service}"][data-kind="${kind}"]`);
    await arrived('teams', 'card').first().waitFor({ timeout: 15_000 });
    await arrived('zapier', 'zap').first().waitFor({ timeout: 15_000 });
    // The fake Slack still knows the webhook it issued before the restart.
    await arrived('slack', 'message').first().waitFor({ timeout: 15_000 });
    assert.match((await arrived('teams', 'card').first().textContent()) ?? '', /Ticket created · Ticket id: \d+/);
    await page.screenshot({ path: path.join(screenshots, 'restart-delivered.png'), fullPage: true });

    // Only these three got the event: every one of them was delivered after the restart.
    const items: InboxItem[] = (await (await fetch(`${demo.url}/demo/inbox`)).json()).data;
    assert.deepEqual([...new Set(items.map((i) => i.service))].sort(), ['slack', 'teams', 'zapier']);
  });

  it('refuses to start, saying which port, when one the saved connections need is taken', async () => {
    assert.equal(await demo.stop(), 0);
    const port = (await savedPorts()).teams as number;
    const squatter = http.createServer().listen(port, '127.0.0.1');
    await once(squatter, 'listening');
    try {
      await assert.rejects(startDemo(env()), (err: Error) => {
        assert.match(err.message, /exited with 1/);
        assert.match(
          err.message,
          new RegExp(`demo: port ${port} is taken, and the local services listened there before`),
        );
        return true;
      });
    } finally {
      squatter.close();
    }
    demo = await startDemo(env());
  });
});

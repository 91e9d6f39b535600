import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPatchbay, loadConfig, type Patchbay } from '@patchbay/bff';
import type { Browser, Page } from 'playwright-core';
import { Svix } from 'svix';
import { build } from 'vite';
import { startReceiver } from '../../packages/bff/test/receiver.ts';
import { launchChromium } from './browser.ts';

const screenshots = path.resolve(import.meta.dirname, '../../test-results/e2e');
const pageSource = path.resolve(import.meta.dirname, '../svix-react');
const API_KEY = 'svix-react-vendor-key-0123456789';

/** The page's files, bundled now from test/svix-react with the repository's Vite (React, svix-react and svix inside). */
async function bundlePage(outDir: string): Promise<void> {
  await build({
    root: pageSource,
    configFile: false,
    logLevel: 'warn',
    base: './',
    oxc: { jsx: { runtime: 'automatic' } },
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
}

const listen = async (server: http.Server, host: string) => {
  server.listen(0, host);
  await once(server, 'listening');
  return `http://${host}:${(server.address() as AddressInfo).port}`;
};

/** A static server for the bundled page on `localhost`: another site than Patchbay's `127.0.0.1`. */
async function servePage(dir: string) {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = http.createServer(async (req, res) => {
    const file = path.join(
      dir,
      path.normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/$/, '/index.html'),
    );
    if (!file.startsWith(dir)) return void res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return { url: await listen(server, 'localhost'), close: () => server.close() };
}

describe("svix-react's hooks against Patchbay, from a vendor page on another site", () => {
  let dir: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let bff: http.Server;
  let patchbay: Patchbay;
  /** Patchbay as the page calls it: on 127.0.0.1, another site than the page's localhost. */
  let bffUrl: string;
  let site: Awaited<ReturnType<typeof servePage>>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let secret: string;
  let okUrl: string;
  let vendor: Svix;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patchbay-svix-react-'));
    await mkdir(screenshots, { recursive: true });
    receiver = await startReceiver();
    receiver.script('/down', { status: 500, body: 'receiver down' });
    bff = http.createServer();
    bffUrl = await listen(bff, '127.0.0.1');
    [, patchbay] = await Promise.all([
      bundlePage(path.join(dir, 'page')),
      createPatchbay(
        loadConfig({
          PATCHBAY_API_KEY: API_KEY,
          PATCHBAY_DATABASE: `sqlite:${path.join(dir, 'patchbay.db')}`,
          PATCHBAY_PUBLIC_URL: bffUrl,
          PATCHBAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
          // Only the test's receiver, on loopback, may be delivered to; one retry, an hour later.
          PATCHBAY_ALLOW_PRIVATE_ORIGINS: receiver.url,
          PATCHBAY_RETRY_SCHEDULE: '3600',
          LOG_LEVEL: 'warn',
        }),
      ),
    ]);
    bff.on('request', patchbay.router);
    patchbay.startWorker();
    site = await servePage(path.join(dir, 'page'));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    site?.close();
    bff?.closeAllConnections();
    await new Promise((resolve) => (bff ? bff.close(resolve) : resolve(undefined)));
    await patchbay?.close();
    receiver?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows endpoints, secret, stats, messages, attempts and destinations that the real worker delivered', async () => {
    // The vendor's backend: its application, two endpoints, three invoices.
    vendor = new Svix(API_KEY, { serverUrl: bffUrl });
    await vendor.eventType.create({ name: 'invoice.created', description: 'An invoice was issued' });
    await vendor.eventType.create({ name: 'invoice.paid', description: 'An invoice was paid' });
    // Behind a feature flag the customer's session does not hold: not theirs to see.
    await vendor.eventType.create({ name: 'invoice.beta', description: 'Beta', featureFlags: ['beta'] });
    await vendor.application.create({ name: 'Globex', uid: 'globex' });
    okUrl = `${receiver.url}/ok`;
    const ok = await vendor.endpoint.create('globex', {
      url: okUrl,
      description: 'Billing receiver',
      headers: { 'X-Team': 'billing', 'X-Api-Key': 'k-123' },
    });
    const down = await vendor.endpoint.create('globex', {
      url: `${receiver.url}/down`,
      description: 'Broken receiver',
      eventTypes: ['invoice.created'],
    });
    const first = await vendor.message.create('globex', {
      eventType: 'invoice.created',
      payload: { invoice: 'INV-1' },
    });
    await vendor.message.create('globex', { eventType: 'invoice.created', payload: { invoice: 'INV-2' } });
    await vendor.message.create('globex', { eventType: 'invoice.paid', payload: { invoice: 'INV-1' } });
    // Until the worker has made every first attempt: three to the one, two to the other.
    await receiver.waitFor('/ok', 3, 30_000);
    await receiver.waitFor('/down', 2, 30_000);
    for (let tries = 0; ; tries++) {
      const logged = await vendor.messageAttempt.listByEndpoint('globex', down.id);
      const stats = await vendor.endpoint.getStats('globex', ok.id);
      if (logged.data.length === 2 && stats.success === 3) break;
      assert.ok(tries < 600, 'the worker logs every attempt');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    secret = (await vendor.endpoint.getSecret('globex', ok.id)).key;
    const { token } = await vendor.authentication.appPortalAccess('globex', {});

    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`${res.status()} ${res.url()}`);
    });
    page.on('requestfailed', (req) => problems.push(`${req.failure()?.errorText} ${req.url()}`));
    const config = {
      serverUrl: bffUrl,
      token,
      appId: 'globex',
      endpointId: ok.id,
      failingEndpointId: down.id,
      messageId: first.id,
    };
    await page.goto(`${site.url}/#${encodeURIComponent(JSON.stringify(config))}`);
    const card = (id: string) => page.getByTestId(id);
    /** The card's text once its hook answered; what went wrong if it failed. */
    const shown = async (id: string) => {
      await page.locator(`[data-testid="${id}"]:not([data-state="loading"])`).waitFor();
      if ((await card(id).getAttribute('data-state')) === 'failed')
        assert.fail(`${id}: ${await card(id).getByRole('alert').textContent()}`);
      return (await card(id).textContent()) ?? '';
    };
    const lines = async (id: string) => (await card(id).locator('li').allInnerTexts()).map((t) => t.trim());

    assert.match(await shown('endpoints'), /2 endpoints/);
    assert.deepEqual((await lines('endpoints')).sort(), [
      `Billing receiver: ${okUrl}`,
      `Broken receiver: ${receiver.url}/down`,
    ]);
    await shown('event-types');
    assert.deepEqual(await lines('event-types'), [
      'invoice.created: An invoice was issued',
      'invoice.paid: An invoice was paid',
    ]);
    assert.match(await shown('endpoint'), new RegExp(`Billing receiver enabled, ${okUrl}`));
    await shown('secret');
    assert.equal(await card('secret').locator('code').textContent(), secret);
    assert.match(await shown('headers'), /X-Team: billing; write-only: X-Api-Key/);
    assert.doesNotMatch(await shown('headers'), /k-123/);
    assert.match(await shown('stats'), /3 delivered, 0 failed, 0 pending, 0 sending/);
    assert.match(await shown('message'), new RegExp(`invoice.created at ${first.timestamp.toISOString()}`));
    await shown('messages');
    assert.deepEqual(await lines('messages'), ['invoice.paid INV-1', 'invoice.created INV-2']);
    await shown('message-attempts');
    assert.deepEqual((await lines('message-attempts')).sort(), ['200 success: ok', '500 fail: receiver down Resend']);
    assert.match(await shown('endpoint-attempts'), /2 attempts/);
    assert.deepEqual(await lines('endpoint-attempts'), ['invoice.created 500', 'invoice.created 500']);
    await shown('message-endpoints');
    assert.deepEqual((await lines('message-endpoints')).sort(), [
      'Billing receiver: success',
      'Broken receiver: pending, retried later',
    ]);
    assert.match(await shown('attempted-messages'), /2 messages/);
    assert.deepEqual(await lines('attempted-messages'), ['invoice.created: pending', 'invoice.created: pending']);
    await page.screenshot({ path: path.join(screenshots, 'svix-react.png'), fullPage: true });

    // Svix's iterators: the next page of messages holds the oldest one.
    await card('messages').getByRole('button', { name: 'Older' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="messages"] li').length === 1);
    assert.deepEqual(await lines('messages'), ['invoice.created INV-1']);
    assert.equal(await card('messages').getByRole('button', { name: 'Older' }).isDisabled(), true);
    await card('messages').getByRole('button', { name: 'Newer' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="messages"] li').length === 2);

    // A write from the page (a POST with the SDK's idempotency key): resend to the failing endpoint.
    await card('message-attempts').getByRole('button', { name: 'Resend' }).click();
    await receiver.waitFor('/down', 3, 30_000);
    for (let tries = 0; (await vendor.messageAttempt.listByMsg('globex', first.id)).data.length < 3; tries++) {
      assert.ok(tries < 600, 'the worker logs the resent attempt');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await card('message-attempts').getByRole('button', { name: 'Reload' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="message-attempts"] li').length === 3);
    assert.equal((await lines('message-attempts')).filter((l) => l.startsWith('500 fail')).length, 2);
    await page.screenshot({ path: path.join(screenshots, 'svix-react-resent.png'), fullPage: true });
    assert.deepEqual(problems, [], 'no failed request and no error on the page');
    await page.close();
  });

  it("frames the portal link with <AppPortal url>: the customer's catalog, in the vendor's colour, grown to fit", async () => {
    await vendor.connector.create({
      name: 'Globex hooks',
      kind: 'Custom' as never,
      transformation: 'function handler(webhook) {\n  return webhook;\n}',
    });
    const { url } = await vendor.authentication.appPortalAccess('globex', {});
    assert.ok(url.startsWith(`${bffUrl}/portal#key=`), url);
    const tab = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const seen: string[] = [];
    tab.on('pageerror', (err) => seen.push(err.message));
    tab.on('console', (m) => m.type() === 'error' && seen.push(m.text()));
    tab.on('response', (res) => res.status() >= 400 && seen.push(`${res.status()} ${res.url()}`));
    await tab.goto(`${site.url}/#${encodeURIComponent(JSON.stringify({ portalUrl: url, primaryColor: 'AA3300' }))}`);
    const frame = tab.frameLocator('iframe');
    const picker = frame.locator('connector-picker');
    await picker.getByText('Globex hooks').first().waitFor({ timeout: 15_000 });
    const portal = tab.frames().find((f) => f.url().startsWith(`${bffUrl}/portal`));
    assert.ok(portal, 'the portal is framed from Patchbay');
    assert.equal(new URL(portal.url()).searchParams.get('primaryColor'), 'AA3300', 'as AppPortal asks');
    assert.equal(new URL(portal.url()).hash, '', 'the token left the frame’s address');
    const accent = await picker.evaluate((el) => getComputedStyle(el).getPropertyValue('--cp-color-accent').trim());
    assert.equal(accent.toLowerCase(), '#aa3300');
    // fullSize: svix-react sizes the frame to the height the portal posts, which holds the picker.
    await tab.waitForFunction(() => /^\d+(\.\d+)?px$/.test(document.querySelector('iframe')?.style.height ?? ''));
    const framed = Number.parseFloat(
      await tab.locator('iframe').evaluate((f) => (f as HTMLIFrameElement).style.height),
    );
    const box = await picker.evaluate((el) => el.getBoundingClientRect().bottom);
    assert.ok(framed >= box, `the frame (${framed} px) holds the picker (${box} px)`);
    await tab.screenshot({ path: path.join(screenshots, 'svix-react-app-portal.png'), fullPage: true });
    assert.deepEqual(seen, []);
    await tab.close();
  });
});

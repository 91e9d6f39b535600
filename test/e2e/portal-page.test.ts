import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPatchbay, loadConfig, type Patchbay } from '@patchbay/bff';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { type Browser, chromium, type Frame, type Page } from 'playwright-core';
import { Svix } from 'svix';
import { launchChromium } from './browser.ts';
import { chromiumLaunchOptions } from './chromium.ts';
import { startDemo } from './start-demo.ts';

// The url of app-portal-access, opened as a customer opens it: at top level, and in an iframe of
// the vendor's page on another site (http://localhost:… framing http://127.0.0.1:…), where
// Chromium gives the frame no storage. The BFF is the real one, serving the built widget.

const screenshots = path.resolve(import.meta.dirname, '../../test-results/e2e');
const API_KEY = 'portal-page-e2e-key-0123456789';
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="32" viewBox="0 0 96 32"><rect width="32" height="32" rx="6" fill="#aa3300"/><text x="40" y="22" font-family="sans-serif" font-size="16" fill="#aa3300">Acme</text></svg>`;

const listen = async (server: http.Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

describe('the App Portal page in Chromium', { timeout: 5 * 60_000 }, () => {
  let dir: string;
  let patchbay: Patchbay;
  let browser: Browser;
  let bffUrl: string;
  let vendorUrl: string;
  let svix: Svix;
  let endpointId: string;
  const servers: http.Server[] = [];
  /** What the vendor's page frames: set per test. */
  let framed = '';

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patchbay-portal-'));
    await mkdir(screenshots, { recursive: true });
    const vendor = http.createServer((req, res) => {
      if (req.url === '/logo.svg') {
        res.setHeader('content-type', 'image/svg+xml');
        res.end(LOGO);
        return;
      }
      res.setHeader('content-type', 'text/html');
      res.end(
        `<!doctype html><html lang="en"><head><title>Acme · Webhooks</title></head><body style="margin:0;font-family:sans-serif"><p style="margin:8px">Acme's settings page</p><iframe title="Webhooks" src="${framed.replaceAll('"', '&quot;')}" style="width:100%;height:900px;border:0" allow="clipboard-write"></iframe><script>addEventListener('message', (e) => { if (e.data?.type === 'svix.iframe-resizer-height') document.body.dataset.height = e.data.payload.height; });</script></body></html>`,
      );
    });
    servers.push(vendor);
    vendorUrl = `http://localhost:${await listen(vendor)}`;
    const bff = http.createServer();
    servers.push(bff);
    bffUrl = `http://127.0.0.1:${await listen(bff)}`;
    patchbay = await createPatchbay(
      loadConfig({
        PATCHBAY_API_KEY: API_KEY,
        PATCHBAY_DATABASE: `sqlite:${path.join(dir, 'patchbay.db')}`,
        PATCHBAY_PUBLIC_URL: bffUrl,
        PATCHBAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        PATCHBAY_PORTAL_VENDOR_NAME: 'Acme Invoices',
        // The operator's own logo may be http; a link's must be https.
        PATCHBAY_PORTAL_LOGO_URL: `${vendorUrl}/logo.svg`,
        LOG_LEVEL: 'warn',
      }),
    );
    bff.on('request', patchbay.router);
    svix = new Svix(API_KEY, { serverUrl: bffUrl });
    for (const uid of ['globex', 'initech']) await svix.application.create({ name: uid, uid });
    await svix.connector.create({
      name: 'Our hooks',
      kind: 'Custom' as never,
      transformation: 'function handler(webhook) {\n  return webhook;\n}',
    });
    endpointId = (
      await svix.endpoint.create('globex', {
        url: 'https://hooks.example.com/orders',
        description: 'Orders to the warehouse',
      })
    ).id;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    await patchbay?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The url a vendor's backend gets, with the Patchbay extension for the session's look when given. */
  async function portalUrl(app = 'globex', body: object = {}): Promise<string> {
    const res = await fetch(`${bffUrl}/api/v1/auth/app-portal-access/${app}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200);
    return (await res.json()).url;
  }

  /** A tab that collects what went wrong: script errors, CSP refusals, failed requests. */
  async function tab(width: number): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('requestfailed', (req) => problems.push(`${req.url()} ${req.failure()?.errorText}`));
    page.on('response', (res) => res.status() >= 400 && problems.push(`${res.url()} ${res.status()}`));
    return { page, problems };
  }

  const shows = (where: Page | Frame, text: string) =>
    where.locator('connector-picker').getByText(text).first().waitFor({ timeout: 15_000 });
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });

  it('opens at top level: the token leaves the address bar at once, and a reload keeps the session', async () => {
    const url = await portalUrl();
    const { page, problems } = await tab(1280);
    await page.goto(url);
    await shows(page, 'Our hooks');
    assert.equal(page.url(), `${bffUrl}/portal`, 'no #key= left in the address bar');
    await page.reload();
    await shows(page, 'Our hooks');
    assert.equal(await page.locator('h1').textContent(), 'Acme Invoices Webhooks');
    assert.equal(
      await page.locator('.brand img').evaluate((img: HTMLImageElement) => img.naturalWidth > 0),
      true,
      'the logo shows',
    );
    await shot(page, 'portal-top-light-wide');
    await page.setViewportSize({ width: 375, height: 800 });
    await shot(page, 'portal-top-light-375');
    assert.deepEqual(problems, []);
    // The entry before is the blank tab's: no entry of the history holds the link.
    await page.goBack();
    assert.equal(page.url(), 'about:blank');
    await page.close();
  });

  it('opens one endpoint from the deep link, dark and in the session’s colours, and keeps ?next= in step', async () => {
    const url = new URL(
      await portalUrl('globex', { portal: { primaryColorLight: 'AA3300', primaryColorDark: 'FF9966', theme: 'dark' } }),
    );
    url.searchParams.set('next', `/endpoints/${endpointId}`);
    const { page, problems } = await tab(1280);
    await page.goto(url.href);
    await page.locator('connector-picker h2', { hasText: 'Orders to the warehouse' }).waitFor({ timeout: 15_000 });
    assert.equal(new URL(page.url()).hash, '');
    assert.equal(await page.locator('connector-picker').getAttribute('theme'), 'dark');
    const look = await page.locator('connector-picker').evaluate((picker) => {
      const style = getComputedStyle(picker);
      return { accent: style.getPropertyValue('--cp-color-accent').trim(), background: style.backgroundColor };
    });
    assert.deepEqual(look, { accent: '#ff9966', background: 'rgb(20, 25, 35)' });
    // The vendor declared no event types yet: there is no example to send, so no empty picker for one.
    await page.locator('connector-picker').getByRole('button', { name: 'Settings' }).waitFor();
    assert.equal(await page.locator('connector-picker #test-type').count(), 0);
    await shot(page, 'portal-deep-link-dark-wide');
    await page.setViewportSize({ width: 375, height: 800 });
    await shot(page, 'portal-deep-link-dark-375');

    await page.locator('connector-picker').getByRole('button', { name: 'Your connections' }).click();
    await page.waitForURL((now) => now.searchParams.get('next') === '/endpoints');
    await page.locator('connector-picker').getByRole('button', { name: 'Add a connection' }).click();
    await page.waitForURL((now) => !now.searchParams.has('next'));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('works framed by a page of another site, where the frame has no storage at all', async () => {
    framed = await portalUrl('globex', { portal: { theme: 'light', locale: 'de' } });
    const { page, problems } = await tab(1280);
    await page.goto(vendorUrl);
    const frame = page.frame({ url: (u) => u.origin === bffUrl });
    assert.ok(frame, 'the portal is framed');
    await shows(frame, 'Our hooks');
    assert.equal(new URL(frame.url()).hash, '', 'the token left the frame’s address');
    const storage = await frame.evaluate(() => {
      try {
        window.sessionStorage.getItem('x');
        return 'allowed';
      } catch (err) {
        return (err as Error).name;
      }
    });
    assert.equal(storage, 'SecurityError', 'Chromium refuses a cross-site frame its sessionStorage');
    await shows(frame, 'Verbindung hinzufügen');
    // As svix-react's <AppPortal fullSize> hears it, to grow the frame to the page.
    await page.waitForFunction(() => Number(document.body.dataset.height) > 200);
    await shot(page, 'portal-framed-light-wide');
    await page.setViewportSize({ width: 375, height: 900 });
    await shot(page, 'portal-framed-light-375');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('gives a page framing it without a key nothing, where the browser shares storage with cross-site frames', async () => {
    // A profile whose cookie setting allows third-party cookies (Chromium's "Allow third-party
    // cookies", cookie_controls_mode 0) gives cross-site frames storage; playwright-core turns
    // Chromium's storage partitioning off, as older browsers or a policy do: the frame then reads
    // the tab's own sessionStorage.
    const profile = path.join(dir, 'profile');
    await mkdir(path.join(profile, 'Default'), { recursive: true });
    await writeFile(
      path.join(profile, 'Default', 'Preferences'),
      JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }),
    );
    const context = await chromium.launchPersistentContext(profile, {
      ...chromiumLaunchOptions,
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await context.newPage();
      await page.goto(await portalUrl());
      await shows(page, 'Our hooks');
      // The customer moves on, in the same tab, to a hostile page that frames the portal with no key.
      framed = `${bffUrl}/portal`;
      await page.goto(vendorUrl);
      const frame = page.frame({ url: (u) => u.origin === bffUrl });
      assert.ok(frame, 'the portal is framed');
      await frame.waitForFunction(
        () =>
          document.querySelector('#ended:not([hidden])') ||
          document.querySelector('connector-picker')?.shadowRoot?.querySelector('[part~="connector"]'),
      );
      assert.equal(await frame.locator('connector-picker').count(), 0, 'no connections for the framing page');
      assert.equal(await frame.locator('#ended').isVisible(), true);
      assert.equal(
        await frame.evaluate(() => typeof window.sessionStorage.getItem('x')),
        'object',
        'this browser does give the frame storage',
      );
      // The framed page left the tab's storage alone: back at top level, the session is there.
      await page.goto(`${bffUrl}/portal`);
      await shows(page, 'Our hooks');
    } finally {
      await context.close();
    }
  });

  it("styles the transformation editor under the page's CSP, and ends the session on any refused call", async () => {
    await svix.application.create({ name: 'umbrella', uid: 'umbrella' });
    const { page, problems } = await tab(375);
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { violations: string[] }).violations = seen;
      // Composed: it reaches the document from inside the picker's and the editor's shadow roots.
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.violatedDirective}: ${(e.composedPath()[0] as Element).outerHTML?.slice(0, 80)}`),
      );
    });
    await page.goto(await portalUrl('umbrella'));
    const picker = page.locator('connector-picker');
    await picker.locator('[part~="connector"]').filter({ hasText: 'Our hooks' }).click();
    await picker.getByLabel('Endpoint URL').fill('https://hooks.example.com/umbrella');
    await picker.getByRole('button', { name: 'Connect', exact: true }).click();
    await picker.getByRole('heading', { name: 'Events' }).waitFor();
    await picker.getByRole('button', { name: 'Next' }).click();
    const editor = picker.locator('cp-code-editor');
    await editor.locator('.cm-content').waitFor();
    const look = await editor.evaluate((el) => ({
      display: getComputedStyle(el).display,
      gutter: getComputedStyle(el.shadowRoot?.querySelector('[part="gutter"]') as Element).textAlign,
    }));
    assert.deepEqual(look, { display: 'flex', gutter: 'right' });
    assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), []);
    await shot(page, 'portal-transformation-375');

    // The vendor revokes the session while the customer is on the step: Run test is refused.
    await svix.authentication.expireAll('umbrella', {});
    await picker.locator('#test-payload').fill('{}');
    await picker.getByRole('button', { name: 'Run test' }).click();
    await page.locator('#ended').waitFor({ state: 'visible' });
    assert.equal(await picker.count(), 0);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'the ended session is forgotten');
    assert.deepEqual(
      problems.filter((p) => !/ 401$/.test(p) && !/status of 401/.test(p)),
      [],
    );
    await page.close();
  });

  it("styles the views loaded on demand (settings, event catalog, messages) under the page's CSP", async () => {
    await svix.eventType.create({ name: 'order.placed', description: 'An order was placed' });
    const { page } = await tab(1280);
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { violations: string[] }).violations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
    });
    const url = new URL(await portalUrl());
    url.searchParams.set('next', `/endpoints/${endpointId}/settings`);
    await page.goto(url.href);
    const picker = page.locator('connector-picker');
    await picker.getByRole('heading', { name: 'Settings: Orders to the warehouse' }).waitFor();
    const display = (selector: string) =>
      picker
        .locator(selector)
        .first()
        .evaluate((el) => getComputedStyle(el).display);
    await picker.locator('.charts').waitFor();
    assert.equal(await display('.charts'), 'grid', "the settings' own rules apply");
    await picker.getByRole('button', { name: 'Event types' }).click();
    await picker.getByRole('heading', { name: 'Event types' }).waitFor();
    assert.equal(await display('.event-types'), 'grid', "the event catalog's own rules apply");
    await picker.getByRole('button', { name: 'Messages' }).click();
    await picker.getByRole('heading', { name: 'Messages' }).waitFor();
    assert.equal(await display('.filters'), 'grid', "the message log's own rules apply");
    assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), []);
    await shot(page, 'portal-messages-wide');
  });

  it('says the session ended, translated, for an expired token and for a revoked one', async () => {
    // An expired token signed by the vendor's own registered key: the page sees its exp and stops there.
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const registered = await fetch(`${bffUrl}/api/v1/auth/portal-key`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ issuer: 'acme', alg: 'EdDSA', publicKey: await exportSPKI(publicKey) }),
    });
    const { kid } = await registered.json();
    const app = await svix.application.get('initech');
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ capabilities: ['ViewBase'] })
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setIssuer('acme')
      .setAudience('patchbay-portal')
      .setSubject(app.id)
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .setJti('expired-1')
      .sign(privateKey);
    const key = Buffer.from(JSON.stringify({ appId: app.id, token: expired })).toString('base64url');
    const { page } = await tab(375);
    await page.goto(`${bffUrl}/portal?locale=fr#key=${key}`);
    const ended = page.locator('#ended');
    await ended.waitFor({ state: 'visible' });
    assert.equal(await ended.locator('h2').textContent(), 'Votre session est terminée');
    assert.match((await ended.locator('p').textContent()) ?? '', /Demandez-en un nouveau à Acme Invoices\./);
    assert.equal(await page.locator('connector-picker').count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'ended', 'focus moves to the message');
    assert.equal(page.url(), `${bffUrl}/portal?locale=fr`);
    await shot(page, 'portal-ended-light-375');

    // A session the vendor revoked: the BFF refuses it, and the page says so instead of an error.
    const url = await portalUrl('initech');
    await svix.authentication.expireAll('initech', {});
    const revoked = await tab(1280);
    await revoked.page.emulateMedia({ colorScheme: 'dark' });
    await revoked.page.goto(url);
    await revoked.page.locator('#ended').waitFor({ state: 'visible' });
    assert.equal(await revoked.page.locator('#ended h2').textContent(), 'Your session has ended');
    assert.equal(await revoked.page.locator('connector-picker').count(), 0);
    // Nothing is kept for a reload either.
    await revoked.page.reload();
    await revoked.page.locator('#ended').waitFor({ state: 'visible' });
    await shot(revoked.page, 'portal-ended-dark-wide');
    await revoked.page.close();
    await page.close();
  });

  it('passes axe in both themes, with the picker and with the session-ended message', async () => {
    const axe = path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');
    // axe is injected as an inline script, which the page's CSP refuses: this tab alone bypasses it.
    const page = await browser.newPage({ viewport: { width: 375, height: 800 }, bypassCSP: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      for (const url of [await portalUrl(), `${bffUrl}/portal`]) {
        await page.goto(url);
        await page.waitForFunction(
          () =>
            document.querySelector('#ended:not([hidden])') ||
            document.querySelector('connector-picker')?.shadowRoot?.querySelector('[part~="connector"]'),
        );
        await page.addScriptTag({ path: axe });
        const violations = await page.evaluate(async () => {
          const result = await (
            window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }
          ).axe.run();
          return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
        });
        assert.deepEqual(violations, [], `${colorScheme} ${url.includes('#key=') ? 'portal' : 'ended'}`);
      }
    }
    await page.close();
  });

  it("opens from the demo vendor site's link, in Acme's name and colour", async () => {
    const demo = await startDemo({
      PATCHBAY_DATABASE: `sqlite:${path.join(dir, 'demo.db')}`,
      PATCHBAY_API_KEY: 'demo-portal-key-0123456789',
    });
    try {
      const { page } = await tab(1280);
      await page.goto(demo.url);
      const link = page.getByRole('link', { name: 'Open the App Portal' });
      const [portal] = await Promise.all([page.waitForEvent('popup'), link.click()]);
      await shows(portal, 'Slack');
      const opened = new URL(portal.url());
      assert.equal(`${opened.origin}${opened.pathname}${opened.hash}`, `${demo.url}/patchbay/portal`);
      assert.equal(opened.searchParams.get('primaryColorLight'), '0B7A55');
      assert.equal(await portal.locator('h1').textContent(), 'Acme Invoices Webhooks');
      await shot(portal, 'portal-demo-wide');
      await page.close();
    } finally {
      await demo.stop();
    }
  });
});

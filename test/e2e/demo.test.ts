import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { type RunningDemo, startDemo } from './start-demo.ts';

const screenshots = path.resolve(import.meta.dirname, '../../test-results/e2e');

describe('demo vendor site (npm start)', () => {
  let dir: string;
  let demo: RunningDemo;
  let browser: Browser;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patchbay-e2e-'));
    await mkdir(screenshots, { recursive: true });
    demo = await startDemo({
      PATCHBAY_DATABASE: `sqlite:${path.join(dir, 'patchbay.db')}`,
      PATCHBAY_API_KEY: 'e2e-vendor-key-0123456789',
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the widget, loaded by a plain script tag, with the connectors from the BFF', async () => {
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('pageerror', (err) => failures.push(err.message));
    page.on('requestfailed', (req) => failures.push(`${req.url()} ${req.failure()?.errorText}`));

    await page.goto(`${demo.url}/`);
    const connectors = page.locator('connector-picker [part~="connector"]');
    await connectors.first().waitFor();
    assert.equal(await connectors.count(), 14);
    assert.match((await connectors.first().textContent()) ?? '', /Slack/);
    // Acme's accent colour reaches inside the shadow root through --cp-color-accent.
    const accent = await page
      .locator('connector-picker')
      .evaluate((el) => getComputedStyle(el).getPropertyValue('--cp-color-accent'));
    assert.equal(accent.trim(), '#0b7a55');

    await page.screenshot({ path: path.join(screenshots, 'demo-connectors.png'), fullPage: true });

    // Connecting a Custom webhook reaches the transformation step, whose editor is a chunk of its own.
    const editorChunk = page.waitForResponse((r) => r.url().endsWith('/connector-picker-editor.js'));
    await page.locator('connector-picker [part~="connector"]', { hasText: 'Custom webhook' }).click();
    await page.locator('connector-picker #f-url').fill('https://hooks.example.com/acme');
    await page.locator('connector-picker button[type="submit"]').click();
    await page.locator('connector-picker button', { hasText: 'Next' }).click();
    assert.equal((await editorChunk).status(), 200);
    await page.locator('connector-picker cp-code-editor').waitFor();
    assert.deepEqual(failures, []);
    await page.close();
  });

  it('keeps the database across restarts and stops cleanly on Ctrl-C', async () => {
    assert.equal(await demo.stop(), 0);
    demo = await startDemo({
      PATCHBAY_DATABASE: `sqlite:${path.join(dir, 'patchbay.db')}`,
      PATCHBAY_API_KEY: 'e2e-vendor-key-0123456789',
    });
    const health = await fetch(`${demo.url}/patchbay/health`);
    assert.equal(health.status, 200);
  });
});

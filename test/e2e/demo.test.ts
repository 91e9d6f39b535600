import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { type RunningDemo, startDemo } from './start-demo.ts';

const screenshots = path.resolve(import.meta.dirname, '../../test-results/e2e');

describe('demo vendor site (npm start)', () => {
  let dir: string;
  let demo: RunningDemo;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const failures: string[] = [];
  const env = () => ({
    PATCHBAY_DATABASE: `sqlite:${path.join(dir, 'patchbay.db')}`,
    PATCHBAY_API_KEY: 'e2e-vendor-key-0123456789',
  });

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patchbay-e2e-'));
    await mkdir(screenshots, { recursive: true });
    demo = await startDemo(env());
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    page.setDefaultTimeout(8000);
    page.on('pageerror', (err) => failures.push(err.message));
    page.on('requestfailed', (req) => failures.push(`${req.url()} ${req.failure()?.errorText}`));
    await page.goto(`${demo.url}/`);
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const picker = (selector: string) => page.locator(`connector-picker ${selector}`);
  const shot = (name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  const heading = (text: string) => picker('h2').filter({ hasText: text }).waitFor();
  const inbox = (service: string) => page.locator(`#inbox li[data-service="${service}"]`);
  const emit = (eventType: string) => page.getByRole('button', { name: `Emit ${eventType}`, exact: true }).click();
  const button = (name: string) => picker('button').filter({ hasText: name });

  /** The editor is CodeMirror inside <cp-code-editor>: select all and paste, as a person would. */
  async function replaceCode(editor: Locator, find: string, replace: string) {
    const content = editor.locator('.cm-content');
    await content.click();
    await page.keyboard.press('ControlOrMeta+A');
    const code = await editor.evaluate((el) => (el as HTMLElement & { value: string }).value);
    await content.evaluate(
      (el, text) => {
        const clipboardData = new DataTransfer();
        clipboardData.setData('text/plain', text);
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
      },
      code.replace(find, replace),
    );
  }

  it('shows the widget, loaded by a plain script tag, with Acme’s connectors and colours', async () => {
    const connectors = picker('[part~="connector"]');
    await connectors.first().waitFor();
    assert.equal(await connectors.count(), 14);
    assert.match((await connectors.first().textContent()) ?? '', /Slack/);
    // Acme's accent colour reaches inside the shadow root through --cp-color-accent.
    const accent = await page
      .locator('connector-picker')
      .evaluate((el) => getComputedStyle(el).getPropertyValue('--cp-color-accent'));
    assert.equal(accent.trim(), '#0b7a55');
    await shot('01-catalog');
  });

  it('connects Slack through the OAuth popup, tweaks the message, and the event lands in the fake Slack', async () => {
    await picker('[part~="connector"]').filter({ hasText: 'Slack' }).click();
    await heading('Connect Slack');
    const popupOpened = page.waitForEvent('popup');
    await button('Sign in to Slack').click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Approve' }).waitFor();
    await popup.screenshot({ path: path.join(screenshots, '02-slack-consent.png') });
    // The callback page closes the popup at once, so listen before clicking.
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Approve' }).click();
    await closed;

    await heading('Events');
    await picker('label').filter({ hasText: 'invoice.created' }).locator('input').check();
    await shot('03-slack-events');
    await button('Next').click();

    await heading('Transformation');
    const editor = picker('cp-code-editor');
    await replaceCode(editor, '"*" + escape(titleOf(webhook.eventType)) + "*"', '"🧾 Fresh invoice"');
    await button('Run test').click();
    await picker('[part~="panel"] pre.diff').waitFor();
    assert.match(
      (await picker('[part~="panel"] pre').first().textContent()) ?? '',
      /🧾 Fresh invoice\\n• \*Invoice id:\* INV-\d+\\n• \*Amount:\* [\d.]+/,
    );
    await shot('04-slack-transformation');
    await button('Next').click();
    await heading('Review');
    await button('Save').click();
    await heading('Your connections');
    await shot('05-slack-saved');

    await emit('invoice.created');
    await inbox('slack').first().waitFor();
    assert.match((await inbox('slack').first().textContent()) ?? '', /🧾 Fresh invoice\s+• \*Invoice id:\* INV-\d+/);
    await shot('06-slack-received');
  });

  // Resend has no key-check call (services.md §9), so a key is judged by its form here and by
  // Resend at the first delivery; the form catches a key from another service at once.
  it('connects Resend with an API key — a wrong one first — and the sign-up email arrives', async () => {
    await button('Add a connection').click();
    await picker('[part~="connector"]').filter({ hasText: 'Resend' }).click();
    await heading('Connect Resend');
    await picker('#f-apiKey').fill('SG.a-sendgrid-key');
    await picker('#f-from').fill('Acme <billing@acme.example>');
    await picker('button[type="submit"]').click();
    await picker('#f-apiKey-error').filter({ hasText: 'It starts with "re_"' }).waitFor();
    assert.equal(await picker('#f-apiKey').getAttribute('aria-invalid'), 'true');
    await shot('07-resend-wrong-key');
    await picker('#f-apiKey').fill('re_fake_resend_key');
    await picker('button[type="submit"]').click();
    await heading('Events');
    await picker('label').filter({ hasText: 'user.created' }).locator('input').check();
    await button('Next').click();
    await heading('Transformation');
    await button('Next').click();
    await button('Save').click();
    await heading('Your connections');

    await emit('user.created');
    await inbox('resend').first().waitFor();
    assert.match((await inbox('resend').first().textContent()) ?? '', /User created.*to [a-z.]+@example\.com/s);
    await shot('08-resend-received');
  });

  it('shows the delivery log, and a resend delivers the email again', async () => {
    await picker('[part~="endpoint"] button.name').filter({ hasText: 'Resend' }).click();
    await heading('Resend');
    const rows = picker('[part~="log"] tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1);
    assert.match((await rows.first().textContent()) ?? '', /Delivered.*200/s);
    await shot('09-delivery-log');
    await button('Resend').first().click();
    await picker('[role="status"]').filter({ hasText: 'Sent again.' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#inbox li[data-service="resend"]').length === 2);
    await rows.nth(1).waitFor({ timeout: 5000 });
    await shot('10-resent');
  });

  it('works as ES modules too, sharing Lit with the page (esm.html)', async () => {
    const esm = await context.newPage();
    esm.on('pageerror', (err) => failures.push(err.message));
    await esm.goto(`${demo.url}/esm.html`);
    const connectors = esm.locator('connector-picker [part~="connector"]');
    await connectors.first().waitFor();
    assert.equal(await connectors.count(), 14);
    assert.equal(await esm.locator('connector-picker').getAttribute('theme'), 'dark');
    await esm.screenshot({ path: path.join(screenshots, '11-esm-dark.png'), fullPage: true });
    await esm.close();
    assert.deepEqual(failures, []);
  });

  it('keeps the connections across restarts and stops cleanly on Ctrl-C', async () => {
    assert.equal(await demo.stop(), 0);
    demo = await startDemo(env());
    await page.goto(`${demo.url}/`);
    await button('Your connections').click();
    await picker('[part~="endpoint"]').nth(1).waitFor();
    assert.equal(await picker('[part~="endpoint"]').count(), 2);
  });
});

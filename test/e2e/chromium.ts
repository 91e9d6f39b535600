/**
 * How every browser test starts Chromium: Debian's, never a downloaded browser (CHROMIUM_PATH
 * points elsewhere, e.g. on macOS), headless, with nothing running in the background. The widget
 * tests (packages/widget/web-test-runner.config.mjs, through puppeteer) and the end-to-end tests
 * (browser.ts, through playwright-core) both launch with these options.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

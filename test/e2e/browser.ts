import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser. CHROMIUM_PATH points elsewhere (e.g. macOS). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
  });
}

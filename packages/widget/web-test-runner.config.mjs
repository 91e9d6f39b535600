import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPatchbay, loadConfig } from '@patchbay/bff';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import express from 'express';
import { countReporter } from '../../scripts/wtr-test-counts.mjs';

// The widget is tested against the real BFF (its own temporary SQLite file), mounted under
// /patchbay on the test server itself, as a vendor would mount it: same origin, no mock.
const dataDir = mkdtempSync(path.join(tmpdir(), 'patchbay-wtr-'));
const patchbay = await createPatchbay(
  loadConfig({
    PATCHBAY_DATABASE: `sqlite:${path.join(dataDir, 'patchbay.db')}`,
    PATCHBAY_API_KEY: 'widget-tests-vendor-key',
    LOG_LEVEL: 'silent',
  }),
);
const vendorSite = express();
vendorSite.use('/patchbay', patchbay.router);

export default {
  rootDir: path.resolve(import.meta.dirname, '../..'),
  files: ['packages/widget/test/**/*.test.ts'],
  nodeResolve: true,
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2023' }),
    {
      name: 'patchbay-bff',
      async serverStop() {
        await patchbay.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    },
  ],
  middleware: [
    (ctx, next) => {
      if (!ctx.path.startsWith('/patchbay/')) return next();
      ctx.respond = false;
      // Koa presets 404 on the raw response; Express expects Node's default.
      ctx.res.statusCode = 200;
      return new Promise((resolve) => {
        ctx.res.once('close', resolve);
        vendorSite(ctx.req, ctx.res);
      });
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
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
      },
    }),
  ],
  testFramework: { config: { timeout: 5000 } },
  reporters: [defaultReporter(), countReporter(process.env.PATCHBAY_WTR_COUNTS)],
};

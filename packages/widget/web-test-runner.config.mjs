import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { countReporter } from '../../scripts/wtr-test-counts.mjs';
import { chromiumLaunchOptions } from '../../test/e2e/chromium.ts';
import { startWidgetBackend } from './test/server/backend.ts';

const root = path.resolve(import.meta.dirname, '../..');
const screenshots = path.join(root, 'test-results/widget');

// The widget is tested against the real BFF and the service fakes. The test server mounts the
// BFF's router under /patchbay, as a vendor would: the widget calls it same-origin, no mock.
const backend = await startWidgetBackend();

/** What the tests ask the Node side to do (`executeServerCommand`): what a vendor or a customer does outside the page. */
const commands = {
  'patchbay-session': (payload) => backend.session(payload ?? {}),
  'patchbay-send': ({ app, eventType, payload }) => backend.send(app, eventType, payload),
  'patchbay-consent': ({ startUrl, decision }) => backend.consent(startUrl, decision),
  'patchbay-hooks': ({ path }) => backend.hooks(path),
  'patchbay-gone': ({ app, on }) => backend.gone(app, on),
  'patchbay-fake-messages': ({ service, path }) => backend.fakeMessages(service, path),
  'patchbay-windmill': () => backend.windmill(),
  'patchbay-vendor': ({ method, route, body }) => backend.vendor(method, route, body),
  async 'patchbay-screenshot'({ name }, session) {
    const page = session.browser.getPage(session.id);
    const element = await page.$('connector-picker');
    await mkdir(screenshots, { recursive: true });
    await element.screenshot({ path: path.join(screenshots, `${name}.png`) });
    return path.relative(root, path.join(screenshots, `${name}.png`));
  },
};

export default {
  rootDir: root,
  // test/server runs on Node (`npm test` runs its tests there).
  files: ['packages/widget/test/**/*.test.ts', '!packages/widget/test/server/**'],
  nodeResolve: true,
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2023' }),
    {
      // The styles are imported as Vite does it (`./x.css?inline`): the CSS text, as a module.
      name: 'css-inline',
      async serve(context) {
        if (!context.path.endsWith('.css') || !context.URL.searchParams.has('inline')) return undefined;
        const text = await readFile(path.join(root, decodeURIComponent(context.path)), 'utf8');
        return { body: `export default ${JSON.stringify(text)};`, type: 'js' };
      },
    },
    {
      name: 'patchbay-backend',
      async executeCommand({ command, payload, session }) {
        const run = commands[command];
        return run ? run(payload, session) : undefined;
      },
      serverStop: () => backend.close(),
    },
  ],
  middleware: [
    (ctx, next) => {
      if (!ctx.path.startsWith('/patchbay/')) return next();
      ctx.respond = false;
      // Koa presets 404 on the raw response; Express expects Node's default.
      ctx.res.statusCode = 200;
      ctx.req.url = ctx.req.url.slice('/patchbay'.length);
      return new Promise((resolve) => {
        ctx.res.once('close', resolve);
        backend.router(ctx.req, ctx.res);
      });
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: chromiumLaunchOptions,
      // The same viewport every run, so the screenshots compare.
      createPage: async ({ context }) => {
        const page = await context.newPage();
        await page.setViewport({ width: 900, height: 900 });
        return page;
      },
    }),
  ],
  // A test fails on what it asserts, not on a slow machine: a minute only ends one that hangs.
  testFramework: { config: { timeout: 60_000 } },
  reporters: [defaultReporter(), countReporter(process.env.PATCHBAY_WTR_COUNTS)],
};

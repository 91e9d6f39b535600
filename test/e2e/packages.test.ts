import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { MessageStatus, Svix } from 'svix';
import { launchChromium } from './browser.ts';

// @patchbay/bff and @patchbay/widget as a vendor gets them: packed, installed from their tarballs
// into a project of its own (every other dependency from the npm registry, as any install), then
// used as README says. Whatever the packages need but do not ship fails here.

const root = path.resolve(import.meta.dirname, '../..');
const PACKAGES = { bff: '@patchbay/bff', widget: '@patchbay/widget' } as const;
const API_KEY = 'vendor-app-key-0123456789';

interface Packed {
  name: string;
  filename: string;
  files: { path: string }[];
}

/**
 * What a vendor's shell has: Node 24 first on PATH, none of this checkout's tools or npm's script
 * variables (npm_config_local_prefix would install into the checkout), the machine's certificates.
 */
function vendorEnv(extra: Record<string, string> = {}): Record<string, string> {
  const outside = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => !dir.startsWith(root));
  const keep = Object.entries(process.env).filter(([name]) =>
    /^(HOME|TMPDIR|LANG|NODE_EXTRA_CA_CERTS|SSL_CERT_(FILE|DIR)|(https?|no)_proxy)$/i.test(name),
  );
  return {
    ...(Object.fromEntries(keep) as Record<string, string>),
    PATH: [path.dirname(process.execPath), ...outside].join(path.delimiter),
    ...extra,
  };
}

function run(command: string, args: string[], cwd: string, env = vendorEnv()): string {
  const result = spawnSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  const output = `${result.stdout}${result.stderr}`;
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed (${result.status ?? result.error}):\n${output}`);
  return result.stdout;
}

/** The version of a package this checkout has installed (its tests ran against it). */
function installed(name: string): string {
  return (
    JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
  ).version;
}

/**
 * sqlite3's install script (prebuild-install) takes a prebuilt binary from `<name>_local_prebuilds`
 * when it has the file it would otherwise download; this checkout built exactly that module for
 * exactly this Node, so the vendor's install uses it instead of compiling sqlite for two minutes.
 * Should the name not match (another libc), the install compiles it: slower, just as correct.
 */
function sqlitePrebuild(dir: string): Record<string, string> {
  const sqlite = path.join(root, 'node_modules/sqlite3');
  const pkg = JSON.parse(readFileSync(path.join(sqlite, 'package.json'), 'utf8')) as {
    version: string;
    binary: { napi_versions: number[] };
  };
  const napi = Math.max(...pkg.binary.napi_versions.filter((v) => v <= Number(process.versions.napi)));
  const file = `sqlite3-v${pkg.version}-napi-v${napi}-${process.platform}-${process.arch}.tar.gz`;
  mkdirSync(dir, { recursive: true });
  run('tar', ['-czf', path.join(dir, file), '-C', sqlite, 'build/Release/node_sqlite3.node'], root);
  return { npm_config_sqlite3_local_prebuilds: dir };
}

interface VendorApp {
  url: string;
  stop(): Promise<void>;
}

/** `node app.ts`, as the vendor runs its app on Node 24; resolves once it listens. */
async function startVendorApp(project: string, env: Record<string, string>): Promise<VendorApp> {
  const child = spawn(process.execPath, ['app.ts'], {
    cwd: project,
    env: vendorEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /vendor app on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the vendor app exited with ${code}:\n${output}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      // Cleaning up after a failure must not hang the run: what did not stop in a while is killed.
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(kill);
    },
  };
}

/** Every string a package.json `exports` or `imports` map can lead to. */
function targets(map: unknown): string[] {
  if (typeof map === 'string') return [map];
  if (map && typeof map === 'object') return Object.values(map).flatMap(targets);
  return [];
}

// A hang guard, not a measure: every step here takes seconds; a broken package must not stall the run.
describe('the packages, installed into a vendor project of its own', { timeout: 15 * 60_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'patchbay-vendor-'));
  const project = path.join(dir, 'project');
  const packed = new Map<string, Packed>();
  let app: VendorApp | undefined;
  let browser: Browser | undefined;

  before(async () => {
    mkdirSync(path.join(dir, 'tarballs'), { recursive: true });
    const pack = run(
      'npm',
      [
        'pack',
        '--json',
        '--silent',
        '--pack-destination',
        path.join(dir, 'tarballs'),
        '-w',
        PACKAGES.bff,
        '-w',
        PACKAGES.widget,
      ],
      root,
      { ...process.env, PATCHBAY_BUILD_QUIET: '1' } as Record<string, string>,
    );
    for (const entry of JSON.parse(pack)) packed.set(entry.name, entry as Packed);

    cpSync(path.join(root, 'test/vendor-app'), project, { recursive: true });
    const tarball = (name: string) => `file:${path.join(dir, 'tarballs', packed.get(name)?.filename ?? name)}`;
    const manifest = {
      name: 'vendor-app',
      private: true,
      type: 'module',
      dependencies: {
        [PACKAGES.bff]: tarball(PACKAGES.bff),
        [PACKAGES.widget]: tarball(PACKAGES.widget),
        express: installed('express'),
      },
      devDependencies: {
        '@types/node': installed('@types/node'),
        typescript: installed('typescript'),
        vite: installed('vite'),
      },
      // What a vendor's package.json needs for npm 11 to run the two install scripts Patchbay needs.
      allowScripts: { sqlite3: true, 'isolated-vm': true },
    };
    writeFileSync(path.join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    run(
      'npm',
      ['install', '--prefer-offline', '--strict-allow-scripts', '--no-audit', '--no-fund'],
      project,
      vendorEnv(sqlitePrebuild(path.join(dir, 'prebuilds'))),
    );
    app = await startVendorApp(project, {
      PORT: '0',
      PATCHBAY_API_KEY: API_KEY,
      PATCHBAY_DATABASE: `sqlite:${path.join(dir, 'data/patchbay.db')}`,
      PATCHBAY_ALLOW_PRIVATE_NETWORKS: 'true',
      LOG_LEVEL: 'warn',
    });
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('ship what their package.json points at, compiled JavaScript for every source file, and no tests, sources or maps', () => {
    for (const [key, name] of Object.entries(PACKAGES)) {
      const files = new Set(packed.get(name)?.files.map((f) => f.path));
      const pkg = JSON.parse(readFileSync(path.join(root, 'packages', key, 'package.json'), 'utf8'));
      const needed = [
        ...targets(pkg.exports),
        ...targets(pkg.imports),
        ...targets(pkg.bin),
        ...(pkg.customElements ? [pkg.customElements] : []),
      ]
        .map((target) => path.posix.normalize(target))
        // A checkout's sources (the @patchbay/source condition); an installed copy falls through to dist/.
        .filter((target) => !target.startsWith('src/'));
      for (const file of ['package.json', 'README.md', 'LICENSE', ...needed]) {
        // An export pattern (`./connector-picker-*.js`) needs a file it matches.
        const [before, after = ''] = file.split('*');
        const matches = file.includes('*')
          ? [...files].some((shipped) => shipped.startsWith(before ?? '') && shipped.endsWith(after))
          : files.has(file);
        assert.ok(matches, `${name} ships ${file}`);
      }
      for (const file of files) {
        assert.doesNotMatch(file, /(^|\/)(src|test|tests|fixtures?)\/|\.map$|\.tsbuildinfo$|\.test\.|(?<!\.d)\.ts$/);
      }
    }
    const bff = new Set(packed.get(PACKAGES.bff)?.files.map((f) => f.path));
    // Every file under src/, compiled when it is TypeScript, as it is otherwise: none needs listing.
    const sources = readdirSync(path.join(root, 'packages/bff/src'), { recursive: true, withFileTypes: true });
    for (const source of sources.filter((entry) => entry.isFile())) {
      const file = path.relative(path.join(root, 'packages/bff/src'), path.join(source.parentPath, source.name));
      const shipped = path.posix.join('dist', file.replaceAll(path.sep, '/'));
      const expected = shipped.endsWith('.ts')
        ? [shipped.replace(/\.ts$/, '.js'), shipped.replace(/\.ts$/, '.d.ts')]
        : [shipped];
      for (const name of expected) assert.ok(bff.has(name), `${PACKAGES.bff} ships ${name}`);
    }
  });

  it("type-check the vendor's server and page against the installed declarations", () => {
    const tsc = path.join(project, 'node_modules/.bin/tsc');
    run(tsc, ['-p', 'tsconfig.json'], project);
    run(tsc, ['-p', 'tsconfig.web.json'], project);
    const widget = path.join(project, 'node_modules', PACKAGES.widget);
    const manifest = JSON.parse(readFileSync(path.join(widget, 'package.json'), 'utf8')) as { customElements: string };
    const elements = readFileSync(path.join(widget, manifest.customElements), 'utf8');
    assert.match(elements, /"tagName": "connector-picker"/, 'editors find <connector-picker> in custom-elements.json');
  });

  it('run the patchbay command from the installed package', () => {
    const bin = path.join(project, 'node_modules/.bin/patchbay');
    assert.match(run(bin, ['--help'], project), /^ {2}copy-database <from> <to> /m);
    const database = `sqlite:${path.join(dir, 'migrated.db')}`;
    assert.match(run(bin, ['migrate'], project, vendorEnv({ PATCHBAY_DATABASE: database })), /schema at version \d+/);
  });

  it('build a page importing the widget with Vite', () => {
    run(path.join(project, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], project);
    const page = readFileSync(path.join(project, 'dist/index.html'), 'utf8');
    assert.match(page, /<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/);
  });

  it('mount Patchbay in an Express app: a message sent through the vendor API is transformed and delivered', async (t) => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    receiver.listen(0, '127.0.0.1');
    t.after(() => {
      receiver.closeAllConnections();
      receiver.close();
    });
    await once(receiver, 'listening');
    const arrived = once(receiver, 'request');
    const receiverPort = (receiver.address() as AddressInfo).port;

    const svix = new Svix(API_KEY, { serverUrl: `${app?.url}/patchbay` });
    await svix.application.create({ name: 'Globex', uid: 'globex' });
    const endpoint = await svix.endpoint.create('globex', { url: `http://127.0.0.1:${receiverPort}/hook` });
    await svix.endpoint.transformationPartialUpdate('globex', endpoint.id, {
      code: 'function handler(webhook) {\n  webhook.payload = { text: "invoice for " + webhook.payload.name };\n  return webhook;\n}',
      enabled: true,
    });
    const message = await svix.message.create('globex', { eventType: 'invoice.created', payload: { name: 'Ada' } });
    // Until it arrives, a failed attempt ends the wait with what went wrong.
    while (received.length === 0) {
      const attempts = await svix.messageAttempt.listByMsg('globex', message.id, { withContent: true });
      const failed = attempts.data.find((attempt) => attempt.status === MessageStatus.Fail);
      assert.equal(failed, undefined, `the delivery failed: ${failed?.responseStatusCode} ${failed?.response}`);
      await Promise.race([arrived, delay(50)]);
    }

    const [delivery] = received;
    assert.ok(delivery);
    assert.deepEqual(JSON.parse(delivery.body), { text: 'invoice for Ada' });
    const { key } = await svix.endpoint.getSecret('globex', endpoint.id);
    new Webhook(key).verify(delivery.body, delivery.headers as Record<string, string>);
  });

  it('serve the script-tag bundle from node_modules, and render <connector-picker> both ways in Chromium, French fetched when asked for', async () => {
    const bundle = await fetch(`${app?.url}/connector-picker.js`);
    assert.equal(bundle.status, 200);
    assert.match(bundle.headers.get('content-type') ?? '', /javascript/);

    const svix = new Svix(API_KEY, { serverUrl: `${app?.url}/patchbay` });
    await svix.connector.create({
      name: 'Our hooks',
      kind: 'Custom' as never,
      transformation: 'function handler(webhook) {\n  return webhook;\n}',
    });
    browser = await launchChromium();
    for (const page of ['index.html', 'script-tag.html']) {
      const tab = await browser.newPage();
      const failures: string[] = [];
      tab.on('pageerror', (err) => failures.push(err.message));
      tab.on('requestfailed', (req) => failures.push(`${req.url()} ${req.failure()?.errorText}`));
      tab.on('response', (res) => res.status() >= 400 && failures.push(`${res.url()} ${res.status()}`));
      await tab.goto(`${app?.url}/${page}`);
      const shows = (text: string) =>
        tab
          .locator('connector-picker')
          .getByText(text)
          .first()
          .waitFor({ timeout: 15_000 })
          .catch((err: Error) => assert.fail(`${page}: ${err.message}\n${failures.join('\n')}`));
      await shows('Our hooks');
      // The French texts are not in the first load: the script fetches them from beside itself,
      // the Vite build from a chunk of its own.
      await tab.evaluate(() => document.querySelector('connector-picker')?.setAttribute('locale', 'fr'));
      await shows('Ajouter une connexion');
      assert.equal(await tab.evaluate(() => document.body.dataset.error ?? null), null);
      assert.deepEqual(failures, [], page);
      await tab.close();
    }
  });

  it("serve the App Portal page (app-portal-access's url) with the installed widget", async () => {
    const access = await new Svix(API_KEY, { serverUrl: `${app?.url}/patchbay` }).authentication.appPortalAccess(
      'globex',
      {},
    );
    // PATCHBAY_PUBLIC_URL is not set here: the link's path, query and fragment, where Patchbay is mounted.
    const link = new URL(access.url);
    browser ??= await launchChromium();
    const tab = await browser.newPage();
    const failures: string[] = [];
    tab.on('pageerror', (err) => failures.push(err.message));
    tab.on('response', (res) => res.status() >= 400 && failures.push(`${res.url()} ${res.status()}`));
    await tab.goto(`${app?.url}/patchbay${link.pathname}${link.search}${link.hash}`);
    await tab
      .locator('connector-picker')
      .getByText('Our hooks')
      .first()
      .waitFor({ timeout: 15_000 })
      .catch((err: Error) => assert.fail(`${err.message}\n${failures.join('\n')}`));
    assert.equal(new URL(tab.url()).hash, '', 'the token left the address bar');
    assert.deepEqual(failures, []);
    await tab.close();
  });
});

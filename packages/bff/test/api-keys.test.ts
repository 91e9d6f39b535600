import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../src/cli.ts';
import { apiKeyCommand } from '../src/commands/api-key.ts';
import { apiError, startApi, TEST_API_KEY } from './helpers.ts';
import { openSqliteStore } from './stores.ts';

const bin = path.resolve(import.meta.dirname, '../bin/patchbay.js');

/** What a command printed. */
function output() {
  let text = '';
  return {
    write: (chunk: string) => {
      text += chunk;
    },
    get text() {
      return text;
    },
  };
}

describe('vendor API keys (patchbay api-key) on a SQLite file', () => {
  let dir: string;
  let file: string;
  let env: Record<string, string>;
  let api: Awaited<ReturnType<typeof startApi>>;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patchbay-api-keys-'));
    file = path.join(dir, 'patchbay.db');
    env = { PATCHBAY_DATABASE: `sqlite:${file}` };
    // The server runs on the file the command changes, as a deployment does (no restart between).
    api = await startApi({ openStore: () => openSqliteStore(file) });
  });
  after(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  const create = async (name: string) => {
    const out = output();
    await apiKeyCommand(['create'], { name }, env, out);
    const key = out.text.trim().split('\n').at(-1) as string;
    const id = /created API key (key_\w+)/.exec(out.text)?.[1] as string;
    return { key, id, printed: out.text };
  };
  const list = async () => {
    const out = output();
    await apiKeyCommand(['list'], {}, env, out);
    return out.text;
  };
  const fileHolds = async (secret: string) => {
    const parts = await Promise.all([file, `${file}-wal`].map((f) => readFile(f).catch(() => Buffer.alloc(0))));
    return parts.some((bytes) => bytes.includes(Buffer.from(secret)));
  };

  it('creates keys that authenticate the svix SDK beside PATCHBAY_API_KEY, and keeps only their hashes', async () => {
    const ci = await create('ci');
    const backend = await create('backend');
    assert.match(ci.key, /^pbk_[A-Za-z0-9_-]{43}$/);
    assert.notEqual(ci.key, backend.key);

    const app = await api.client(ci.key).application.create({ name: 'Made with a created key' });
    assert.equal((await api.client(backend.key).application.get(app.id)).name, 'Made with a created key');
    assert.equal((await api.svix.application.get(app.id)).id, app.id, 'PATCHBAY_API_KEY still works');

    const listed = await list();
    assert.match(listed, new RegExp(`^${ci.id}\\tci\\tcreated \\S+\\tactive$`, 'm'));
    assert.match(listed, new RegExp(`^${backend.id}\\tbackend\\t`, 'm'));
    assert.ok(!listed.includes(ci.key) && !listed.includes(backend.key), 'list never shows a key');

    for (const key of [ci.key, backend.key]) {
      assert.equal(await fileHolds(key), false, "the key's bytes are nowhere in the database");
      assert.equal(await fileHolds(key.slice('pbk_'.length)), false);
    }
    const stored = (await api.store.apiKeys.list()).find((k) => k.id === ci.id);
    assert.match(stored?.hash ?? '', /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(api.lines).includes(ci.key), 'no key in the logs');
  });

  it('refuses a revoked key on the very next request, and only that key', async () => {
    const old = await create('rotating');
    const next = await create('rotating, new');
    assert.ok(await api.client(old.key).application.list());

    const out = output();
    await apiKeyCommand(['revoke', old.id], {}, env, out);
    assert.match(out.text, new RegExp(`revoked API key ${old.id}`));

    const refused = await apiError(api.client(old.key).application.list());
    assert.equal(refused.code, 401);
    assert.equal(refused.body.code, 'authentication_failed');
    assert.ok(await api.client(next.key).application.list(), 'the other key still works');
    assert.ok(await api.svix.application.list(), 'PATCHBAY_API_KEY still works');
    assert.match(await list(), new RegExp(`^${old.id}\\trotating\\tcreated \\S+\\trevoked \\S+$`, 'm'));

    await assert.rejects(apiKeyCommand(['revoke', old.id], {}, env, output()), { exitCode: 65 });
    await assert.rejects(apiKeyCommand(['revoke', 'key_nobody'], {}, env, output()), { exitCode: 65 });
  });

  it('refuses an unknown key, and is the vendor everywhere the vendor key is (/metrics) until revoked', async () => {
    assert.equal((await apiError(api.client('pbk_notakey').application.list())).code, 401);
    const metrics = await create('metrics');
    const scrape = (key: string) => fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal((await scrape(metrics.key)).status, 200);
    await apiKeyCommand(['revoke', metrics.id], {}, env, output());
    assert.equal((await scrape(metrics.key)).status, 401);
    assert.equal((await scrape(TEST_API_KEY)).status, 200);
  });

  it('answers wrong usage with 64 and a bad name with 65, changing nothing', async () => {
    const err = output();
    for (const argv of [
      ['api-key'],
      ['api-key', 'create'],
      ['api-key', 'create', 'extra', '--name', 'x'],
      ['api-key', 'list', '--name', 'x'],
      ['api-key', 'revoke'],
      ['api-key', 'rename', 'key_x'],
      ['api-key', 'create', '--nam', 'x'],
    ]) {
      assert.equal(await runCli(argv, env, output(), err), 64, argv.join(' '));
    }
    assert.equal(await runCli(['api-key', 'create', '--name', ' '], env, output(), err), 65);
    assert.match(err.text, /patchbay api-key: /);
  });

  it('runs as the patchbay command, printing the key once', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, [bin, 'api-key', ...args], {
        env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '--conditions=@patchbay/source', ...env },
        encoding: 'utf8',
      });
    const created = run(['create', '--name', 'from a shell']);
    assert.equal(created.status, 0, created.stderr);
    const key = created.stdout.trim().split('\n').at(-1) as string;
    assert.match(key, /^pbk_/);
    const listed = run(['list']);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /\tfrom a shell\t/);
    assert.ok(!listed.stdout.includes(key));
  });
});

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { migrations } from '../src/store/sql/migrations.ts';

const bin = path.resolve(import.meta.dirname, '../bin/patchbay.js');
const COMMANDS = ['serve', 'migrate', 'rotate-encryption-key', 'copy-database', 'api-key'];

/** The environment of a shell in this checkout: PATH, and the condition that runs the sources. */
function env(vars: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', NODE_OPTIONS: '--conditions=@patchbay/source', ...vars };
}

function patchbay(args: string[], vars: Record<string, string> = {}, node = process.execPath) {
  const result = spawnSync(node, [bin, ...args], { env: env(vars), encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the patchbay command (bin/patchbay.js)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patchbay-cli-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('lists its commands on --help and explains each on <command> --help, exit 0', () => {
    const help = patchbay(['--help']);
    assert.equal(help.code, 0, help.stderr);
    for (const command of COMMANDS) assert.match(help.stdout, new RegExp(`^  ${command}\\b`, 'm'));
    assert.match(help.stdout, /exit status: 0 done, 64 wrong usage/);
    for (const command of COMMANDS) {
      const one = patchbay([command, '--help']);
      assert.equal(one.code, 0, one.stderr);
      assert.match(one.stdout, new RegExp(`^usage: patchbay ${command}\\b`));
      assert.match(one.stdout, /Configuration comes from the environment/);
    }
    assert.match(patchbay(['copy-database', '-h']).stdout, /^usage: patchbay copy-database <from> <to>$/m);
  });

  it('refuses what it does not know with the usage and exit 64', () => {
    const none = patchbay([]);
    assert.equal(none.code, 64);
    assert.match(none.stderr, /usage: patchbay <command>/);
    const unknown = patchbay(['server']);
    assert.equal(unknown.code, 64);
    assert.match(unknown.stderr, /unknown command "server"/);
    const option = patchbay(['migrate', '--force']);
    assert.equal(option.code, 64);
    assert.match(option.stderr, /Unknown option '--force'[\s\S]*usage: patchbay migrate/);
    const extra = patchbay(['serve', 'now']);
    assert.equal(extra.code, 64);
    assert.match(extra.stderr, /patchbay serve: takes no arguments, got 1/);
    const missing = patchbay(['copy-database', 'sqlite:a.db']);
    assert.equal(missing.code, 64);
    assert.match(missing.stderr, /takes <from> <to>, got 1/);
  });

  it("migrate brings the database to this version's schema, again and again, exit 0", () => {
    const latest = migrations.at(-1)?.version;
    for (let run = 0; run < 2; run++) {
      const done = patchbay(['migrate'], { PATCHBAY_DATABASE: `sqlite:${path.join(dir, 'migrate.db')}` });
      assert.equal(done.code, 0, done.stderr);
      assert.equal(done.stdout, `database schema at version ${latest}\n`);
    }
  });

  it('reads the same environment as serve: every problem listed, exit 78', () => {
    const bad = patchbay(['migrate'], { PORT: 'eighty', PATCHBAY_DATABASE: 'mysql://x' });
    assert.equal(bad.code, 78);
    assert.match(bad.stderr, /PORT must be an integer/);
    assert.match(bad.stderr, /PATCHBAY_DATABASE must be sqlite:<path> or postgres:\/\/…/);
    const rotate = patchbay(['rotate-encryption-key'], { PATCHBAY_DATABASE: `sqlite:${path.join(dir, 'rotate.db')}` });
    assert.equal(rotate.code, 78);
    assert.match(rotate.stderr, /set PATCHBAY_ENCRYPTION_KEY to the new key and PATCHBAY_ENCRYPTION_KEYS_PREVIOUS/);
  });

  it('says when the database cannot be reached, without its password, exit 69', () => {
    const down = patchbay(['migrate'], {
      PATCHBAY_DATABASE: 'postgres://patchbay:s3cret@127.0.0.1:1/patchbay',
      PATCHBAY_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    });
    assert.equal(down.code, 69);
    assert.match(down.stderr, /^patchbay migrate: could not migrate the database: .*ECONNREFUSED/);
    assert.ok(!`${down.stdout}${down.stderr}`.includes('s3cret'));
  });

  it('serve listens, answers /health and stops cleanly on SIGTERM, exit 0', async () => {
    const child = spawn(process.execPath, [bin, 'serve'], {
      env: env({
        PORT: '0',
        PATCHBAY_DATABASE: `sqlite:${path.join(dir, 'serve.db')}`,
        PATCHBAY_API_KEY: 'cli-test-key-0123456789',
      }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'patchbay listening') resolve(String(entry.url));
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    assert.equal((await fetch(`${url}/health`)).status, 200);
    child.kill('SIGTERM');
    assert.deepEqual(await once(child, 'exit'), [0, null]);
  });

  it('says it needs Node.js 24 when started by an older node, exit 69', (t) => {
    const older = spawnSync('node', ['-p', 'process.execPath + " " + process.versions.node'], {
      env: {
        PATH: (process.env.PATH ?? '')
          .split(path.delimiter)
          .filter((p) => !p.includes('node_modules'))
          .join(path.delimiter),
      },
      encoding: 'utf8',
    });
    const [node, version] = (older.stdout ?? '').trim().split(' ');
    if (!node || !version || Number(version.split('.')[0]) >= 24) {
      t.skip('no Node.js older than 24 on PATH');
      return;
    }
    const refused = patchbay(['--help'], {}, node);
    assert.equal(refused.code, 69);
    assert.match(refused.stderr, /^patchbay: needs Node\.js 24 or later; .* is v\d+\./);
  });
});

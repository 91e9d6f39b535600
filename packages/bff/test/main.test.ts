import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';

const main = path.resolve(import.meta.dirname, '../src/main.ts');

function start(env: Record<string, string>) {
  return spawn(process.execPath, ['--no-node-snapshot', main], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('npm run serve (main.ts)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patchbay-main-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('fails fast with every configuration problem and exit code 78', async () => {
    const child = start({ PORT: 'eighty', PATCHBAY_DATABASE: `sqlite:${dir}/x.db` });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const [code] = await once(child, 'exit');
    assert.equal(code, 78);
    assert.match(stderr, /PORT must be an integer/);
    assert.match(stderr, /PATCHBAY_API_KEY is required/);
  });

  it('says why it could not start when the database cannot be reached, without its password, exit code 69', async () => {
    const child = start({
      PORT: '0',
      PATCHBAY_DATABASE: 'postgres://patchbay:s3cret@127.0.0.1:1/patchbay',
      PATCHBAY_API_KEY: 'serve-test-key-0123456789',
      PATCHBAY_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const [code] = await once(child, 'exit');
    assert.equal(code, 69);
    const fatal = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; err?: { message: string } })
      .find((line) => line.msg === 'could not start');
    assert.match(fatal?.err?.message ?? '', /ECONNREFUSED/);
    assert.ok(!stdout.includes('s3cret'));
  });

  it('migrates, listens, logs JSON, serves /health and stops cleanly on SIGTERM', async () => {
    const apiKey = 'serve-test-key-0123456789';
    const child = start({ PORT: '0', PATCHBAY_DATABASE: `sqlite:${dir}/serve.db`, PATCHBAY_API_KEY: apiKey });
    const lines: Record<string, unknown>[] = [];
    const listening = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const entry = JSON.parse(line) as Record<string, unknown>;
        lines.push(entry);
        if (entry.msg === 'patchbay listening') resolve(String(entry.url));
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const url = await listening;
    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.ok(lines.some((l) => l.msg === 'stopped'));
    assert.ok(!JSON.stringify(lines).includes(apiKey), 'the API key is never logged');
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { it } from 'node:test';

it('the CLI starts all 13 services on loopback in under two seconds and stops on SIGTERM', async () => {
  const started = performance.now();
  const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '../src/cli.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const urls = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^(PATCHBAY_\w+_BASE_URL)=(.+)$/.exec(line);
      if (match) urls.set(match[1] as string, match[2] as string);
      // Windmill is self-hosted, so its URL is one to type into the form, not a variable.
      const windmill = /^# Windmill instance URL .*: (\S+)$/.exec(line)?.[1];
      if (windmill) urls.set('PATCHBAY_WINDMILL_BASE_URL', windmill);
      if (/^# .* ready in /.test(line)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
  });
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 2000, `took ${Math.round(elapsed)} ms`);
  assert.deepEqual([...urls.keys()].map((k) => k.replace(/^PATCHBAY_|_BASE_URL$/g, '')).sort(), [
    'CLOSECRM',
    'CUSTOMERIO',
    'CUSTOMERIO_EU',
    'DISCORD',
    'HUBSPOT',
    'INNGEST',
    'LOOPS',
    'RESEND',
    'SEGMENT',
    'SENDGRID',
    'SLACK',
    'TEAMS',
    'WINDMILL',
    'ZAPIER',
  ]);
  for (const url of urls.values()) {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await fetch(`${url}/_fake/requests`)).status, 200);
  }
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
});

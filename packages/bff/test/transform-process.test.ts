import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../src/logger.ts';
import type { WebhookInput } from '../src/transform/contract.ts';
import { TransformEngine } from '../src/transform/engine.ts';
import { TransformError } from '../src/transform/errors.ts';
import { wallClockBoundMs } from '../src/transform/limits.ts';
import { TransformService } from '../src/transform/service.ts';
import { residentGrowth } from './memory.ts';

const input: WebhookInput = {
  url: 'https://hooks.example.com/acme',
  eventType: 'invoice.created',
  payloadJson: JSON.stringify({ name: 'Ada', amount: 42 }),
  env: { channel: '#billing' },
  transformationsParams: { source: 'test' },
};

const INVOICE = `function handler(webhook) {
  console.log('for', webhook.env.channel);
  webhook.payload = { text: \`\${webhook.payload.name} created an invoice for $\${webhook.payload.amount}\` };
  webhook.headers = { 'X-Source': webhook.transformationsParams.source };
  return webhook;
}`;
/** Kills V8 at once (a fatal "invalid size" error): the quickest of the one-liners that do. */
const FATAL = "function handler(w) { 'x'.repeat(2 ** 28).split(''); return w; }";
/** Runs for seconds without checking for interrupts, growing its process to gigabytes before V8 segfaults. */
const STALL = "function handler(w) { Object.keys('x'.repeat(2 ** 27)); return w; }";

async function failure(pending: Promise<unknown>): Promise<TransformError> {
  try {
    await pending;
  } catch (err) {
    if (err instanceof TransformError) return err;
    throw err;
  }
  assert.fail('expected a TransformError');
}

/** Gone, or a zombie (dead, not yet reaped by whoever adopted it). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
}

describe('transformation sandbox processes', () => {
  let now = Date.parse('2026-01-15T10:00:00Z');
  let service: TransformService;
  before(() => {
    // A second of CPU time: FATAL must kill its process before the run's limit stops it, on a busy machine too.
    service = new TransformService({
      logger: createLogger('silent'),
      limits: { memoryMb: 16, timeoutMs: 1000 },
      now: () => now,
    });
  });
  after(() => service.close());

  it('answers as the engine does in process: results, and errors with their kind, position and console', async () => {
    const local = new TransformEngine({ logger: createLogger('silent'), limits: { memoryMb: 16 } });
    try {
      const { durationMs: _remote, ...remote } = await service.run('app_a', 'ep_1', INVOICE, input);
      const { durationMs: _local, ...expected } = local.run('app_a', 'ep_1', INVOICE, input);
      assert.deepEqual(remote, expected);
      assert.equal(JSON.parse(remote.payload).text, 'Ada created an invoice for $42');

      const thrower = "function handler(w) {\n  console.log('about to fail');\n  return w.payload.customer.email;\n}";
      const error = await failure(service.simulate('app_a', thrower, input));
      assert.deepEqual(
        { kind: error.kind, line: error.line, column: error.column, console: error.console, message: error.message },
        {
          kind: 'runtime',
          line: 3,
          column: 29,
          console: [{ level: 'log', message: 'about to fail' }],
          message: "TypeError: Cannot read properties of undefined (reading 'email') at line 3, column 29",
        },
      );
      assert.equal(error.status, 422);
      const syntax = await failure(service.validate('app_a', 'function handler(w) {\n  return w +;\n}'));
      assert.deepEqual([syntax.kind, syntax.line, syntax.column], ['syntax', 2, 13]);
      assert.equal((await failure(service.validate('app_a', 'const x = 12345;'))).kind, 'no_handler');
      await service.validate('app_a', INVOICE);
      const loop = await failure(service.run('app_a', 'ep_2', 'function handler(w) { for (;;) {} }', input));
      assert.equal(loop.kind, 'timeout');
    } finally {
      local.close();
    }
  });

  it('fails only the request that kills its process; the others queued behind it are answered', async () => {
    const before = (await service.stats()).processes;
    const main = { ...before.main, probeDeaths: before.probe.deaths };
    const deadly = failure(service.run('app_fatal', 'ep_f', FATAL, input));
    const others = Array.from({ length: 20 }, (_, i) =>
      i % 2 ? service.run(`app_${i}`, `ep_${i}`, INVOICE, input) : service.simulate(`app_${i}`, INVOICE, input),
    );
    const error = await deadly;
    assert.equal(error.kind, 'crash');
    assert.match(error.message, /^The transformation stopped the sandbox \(its process ended with SIG[A-Z]+\)$/);
    for (const result of await Promise.all(others)) {
      assert.equal(JSON.parse(result.payload).text, 'Ada created an invoice for $42');
    }
    const stats = await service.stats();
    assert.equal(stats.processes.main.deaths, main.deaths + 1, 'the main process died once');
    assert.ok(stats.processes.main.pid !== undefined && stats.processes.main.pid !== main.pid, 'and was replaced');
    assert.equal(
      stats.processes.probe.deaths,
      main.probeDeaths + 1,
      'it ran once more, alone, and killed that one too',
    );
  });

  it('runs a request whose process died under it once more in a fresh process, and answers it', async () => {
    await service.run('app_innocent', 'ep_i', INVOICE, input);
    const before = await service.stats();
    const pid = before.processes.main.pid as number;
    // Stopped, the process cannot answer: the request is in flight when it is killed.
    process.kill(pid, 'SIGSTOP');
    const pending = service.run('app_innocent', 'ep_i', INVOICE, input);
    process.kill(pid, 'SIGKILL');
    assert.equal(JSON.parse((await pending).payload).text, 'Ada created an invoice for $42');
    const after = await service.stats();
    assert.equal(after.processes.main.deaths, before.processes.main.deaths + 1);
    assert.equal(after.processes.probe.deaths, before.processes.probe.deaths, 'it answered in the fresh process');
    assert.equal(after.quarantined, before.quarantined, 'so its application is not set apart');
  });

  it("keeps the code of an application that killed a process apart from everyone else's for a while", async () => {
    const first = await failure(service.simulate('app_hostile', FATAL, input));
    assert.equal(first.kind, 'crash');
    const { processes, quarantined } = await service.stats();
    for (let i = 0; i < 3; i++) {
      // Each of its requests now runs in the quarantine process: it dies, the main one does not.
      assert.equal((await failure(service.run('app_hostile', `ep_${i}`, FATAL, input))).kind, 'crash');
      assert.equal((await failure(service.validate('app_hostile', `${FATAL}\nhandler({});`))).kind, 'crash');
      const other = await service.run('app_other', 'ep_o', INVOICE, input);
      assert.equal(JSON.parse(other.payload).text, 'Ada created an invoice for $42');
    }
    assert.equal(
      JSON.parse((await service.run('app_hostile', 'ep_ok', INVOICE, input)).payload).text,
      'Ada created an invoice for $42',
      'its good code still runs',
    );
    const apart = await service.stats();
    assert.deepEqual(apart.processes.main, processes.main, 'the main process lived on');
    assert.equal(apart.processes.quarantine.deaths, processes.quarantine.deaths + 6);
    assert.equal(apart.quarantined, quarantined);

    now += 11 * 60_000;
    assert.equal((await service.stats()).quarantined, 0, 'ten minutes later it is back (and the others with it)');
    assert.equal((await failure(service.run('app_hostile', 'ep_f', FATAL, input))).kind, 'crash');
    assert.equal((await service.stats()).processes.main.deaths, processes.main.deaths + 1, 'in the main process');
  });

  it('kills a process that runs past its deadline in a builtin that never checks the time limit', async () => {
    const quick = new TransformService({
      logger: createLogger('silent'),
      limits: { timeoutMs: 10 },
      deadlineMarginMs: 50,
    });
    try {
      // The engine's own bound for 10 ms, + 50 ms; the builtin takes seconds on any machine.
      const error = await failure(quick.run('app_stall', 'ep_s', STALL, input));
      assert.equal(error.kind, 'crash');
      assert.match(
        error.message,
        new RegExp(`its process ran for more than ${wallClockBoundMs(10) + 50} ms without stopping at the time limit`),
      );
    } finally {
      await quick.close();
    }
  });

  it('kills a process over its memory cap', async () => {
    const capped = new TransformService({
      logger: createLogger('silent'),
      limits: { memoryMb: 16 },
      processMemoryMb: 400,
      deadlineMarginMs: 600_000,
    });
    try {
      // The keys grow the process to gigabytes outside the isolate's heap before V8 gives up.
      const error = await failure(capped.run('app_bloat', 'ep_b', STALL, input));
      assert.equal(error.kind, 'crash');
      assert.match(error.message, /its process used more than 400 MB of memory/);
      assert.equal(JSON.parse((await capped.run('app_ok', 'ep', INVOICE, input)).payload).text.length > 0, true);
    } finally {
      await capped.close();
    }
  });

  it('keeps the server memory flat while processes die and restart', async () => {
    const grown = await residentGrowth(8, 1, async (i) => {
      assert.equal((await failure(service.simulate('app_hostile', FATAL, input))).kind, 'crash');
      await Promise.all(Array.from({ length: 20 }, () => service.run(`app_${i % 4}`, 'ep', INVOICE, input)));
    });
    assert.ok(grown < 32 * 1048576, `resident memory grew by ${(grown / 1048576).toFixed(1)} MB`);
  });

  it('leaves no process behind when closed', async () => {
    const own = new TransformService({ logger: createLogger('silent') });
    await own.run('app_a', 'ep', INVOICE, input);
    await failure(own.run('app_fatal', 'ep', FATAL, input));
    await own.run('app_fatal', 'ep', INVOICE, input); // in quarantine
    const { processes } = await own.stats();
    const pids = [processes.main.pid, processes.quarantine.pid];
    assert.ok(
      pids.every((pid) => pid !== undefined && alive(pid)),
      'a main and a quarantine process run',
    );
    await own.close();
    for (const pid of pids) assert.equal(alive(pid as number), false, `process ${pid} ended`);
  });

  /** A server process using the sandbox: answers the sandbox process's pid, then does `then`. */
  async function serverWithSandbox(then: string) {
    const module = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
    const script = `
      import { TransformService } from ${module('../src/transform/service.ts')};
      import { createLogger } from ${module('../src/logger.ts')};
      const transforms = new TransformService({ logger: createLogger('silent') });
      await transforms.validate('vendor', 'function handler(w) { return w; }');
      process.stdout.write(String((await transforms.stats()).processes.main.pid) + '\\n');
      ${then}`;
    const server = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => server.once('exit', resolve));
    const pid = await new Promise<number>((resolve) => server.stdout?.once('data', (line) => resolve(Number(line))));
    return { server, pid, exited };
  }
  /** Waited for, not timed. */
  async function gone(pid: number) {
    while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  it('leaves no process behind when the server is killed', async () => {
    const { server, pid } = await serverWithSandbox('setInterval(() => {}, 1000);');
    assert.ok(alive(pid));
    server.kill('SIGKILL');
    await gone(pid); // its channel closes with the server: it exits
  });

  it('does not keep a server alive that has nothing else to do, nor outlive it', async () => {
    const { exited, pid } = await serverWithSandbox('');
    assert.equal(await exited, 0);
    await gone(pid);
  });
});

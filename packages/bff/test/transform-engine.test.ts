import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createLogger } from '../src/logger.ts';
import type { WebhookInput } from '../src/transform/contract.ts';
import { TransformEngine } from '../src/transform/engine.ts';
import { TransformError, type TransformErrorKind } from '../src/transform/errors.ts';

const input: WebhookInput = {
  url: 'https://hooks.example.com/acme',
  eventType: 'invoice.created',
  payloadJson: JSON.stringify({ name: 'Ada', amount: 42 }),
  env: { channel: '#billing' },
  transformationsParams: { source: 'test' },
};

const INVOICE = `function handler(webhook) {
  webhook.payload = { text: \`\${webhook.payload.name} created an invoice for $\${webhook.payload.amount}\` };
  return webhook;
}`;

function failure(run: () => unknown): TransformError {
  try {
    run();
  } catch (err) {
    if (err instanceof TransformError) return err;
    throw err;
  }
  assert.fail('expected a TransformError');
}

describe('transformation engine', () => {
  let engine: TransformEngine;
  before(() => {
    engine = new TransformEngine({ logger: createLogger('silent'), limits: { timeoutMs: 50, memoryMb: 16 } });
  });
  after(() => engine.close());

  it("runs Svix's handler contract: payload, url, method, headers, cancel", () => {
    const result = engine.run('app_1', 'ep_1', INVOICE, input);
    assert.deepEqual(JSON.parse(result.payload), { text: 'Ada created an invoice for $42' });
    assert.equal(result.method, 'POST');
    assert.equal(result.url, input.url);
    assert.deepEqual(result.headers, {});
    assert.equal(result.cancel, false);
    assert.ok(result.durationMs >= 0);

    const reshaped = engine.run(
      'app_1',
      'ep_2',
      `function handler(w) {
        w.method = 'put'; w.url = 'https://api.example.com/v2?x=' + w.env.channel;
        w.headers = { 'X-Trace': w.transformationsParams.source }; w.cancel = w.payload.amount < 10;
        return w;
      }`,
      input,
    );
    assert.equal(reshaped.method, 'PUT');
    assert.equal(reshaped.url, 'https://api.example.com/v2?x=#billing');
    assert.deepEqual(reshaped.headers, { 'X-Trace': 'test' });
    assert.equal(reshaped.cancel, false);
    const cancelled = engine.run('app_1', 'ep_3', 'function handler(w) { w.cancel = true; return w; }', input);
    assert.equal(cancelled.cancel, true);
  });

  it('captures console output, capped', () => {
    const result = engine.run(
      'app_1',
      'ep_console',
      `function handler(w) {
        console.log('amount', w.payload.amount, { nested: true });
        console.error(new Error('boom').message);
        for (let i = 0; i < 500; i++) console.debug('line ' + i);
        return w;
      }`,
      input,
    );
    assert.deepEqual(result.console[0], { level: 'log', message: 'amount 42 {"nested":true}' });
    assert.deepEqual(result.console[1], { level: 'error', message: 'boom' });
    assert.equal(result.console.length, 51);
    assert.match(result.console.at(-1)?.message ?? '', /more console lines dropped/);
  });

  it('ignores changes to read-only fields and keeps env and params frozen', () => {
    const result = engine.run(
      'app_1',
      'ep_ro',
      `function handler(w) {
        w.eventType = 'hacked';
        w.env.channel = 'changed'; w.transformationsParams.source = 'changed';
        w.payload = { env: w.env.channel, params: w.transformationsParams.source, frozen: Object.isFrozen(w.env) };
        return w;
      }`,
      input,
    );
    assert.deepEqual(JSON.parse(result.payload), { env: '#billing', params: 'test', frozen: true });
  });

  it('keeps state from leaking between endpoints, even through prototypes', () => {
    engine.run(
      'app_1',
      'ep_polluter',
      'Object.prototype.polluted = "yes"; Array.prototype.map = null; function handler(w) { return w; }',
      input,
    );
    const clean = engine.run(
      'app_1',
      'ep_victim',
      'function handler(w) { w.payload = { polluted: ({}).polluted ?? null, map: typeof [].map }; return w; }',
      input,
    );
    assert.deepEqual(JSON.parse(clean.payload), { polluted: null, map: 'function' });
  });

  it('picks up a new code version for the same endpoint', () => {
    const v1 = engine.run('app_2', 'ep_v', 'function handler(w) { w.payload = 1; return w; }', input);
    const v2 = engine.run('app_2', 'ep_v', 'function handler(w) { w.payload = 2; return w; }', input);
    assert.deepEqual([v1.payload, v2.payload], ['1', '2']);
  });

  const hostile: [string, string, TransformErrorKind, RegExp?][] = [
    ['require', 'function handler(w) { require("fs"); return w; }', 'runtime', /require is not defined/],
    ['process', 'function handler(w) { w.payload = process.env; return w; }', 'runtime', /process is not defined/],
    ['dynamic import', 'function handler(w) { import("fs"); return w; }', 'runtime'],
    [
      'constructor chain to process',
      'function handler(w) { const p = this.constructor.constructor("return process")(); w.payload = p.env; return w; }',
      'runtime',
      /process is not defined/,
    ],
    [
      'Function constructor to globals',
      'function handler(w) { const g = Function("return this")(); w.payload = Object.keys(g).filter(k => /ivm|isolate|_ivm|__patchbay/.test(k)); if (w.payload.length) return w; throw new Error("nothing to escape with"); }',
      'runtime',
      /nothing to escape with/,
    ],
    ['fetch', 'function handler(w) { fetch("http://127.0.0.1/"); return w; }', 'runtime', /fetch is not defined/],
    [
      'setTimeout',
      'function handler(w) { setTimeout(() => {}, 1); return w; }',
      'runtime',
      /setTimeout is not defined/,
    ],
    ['infinite loop', 'function handler(w) { for (;;) {} }', 'timeout'],
    ['infinite loop at top level', 'for (;;) {} function handler(w) { return w; }', 'timeout'],
    ['catastrophic backtracking', 'function handler(w) { /(a+)+$/.test("a".repeat(40) + "!"); return w; }', 'timeout'],
    ['memory bomb', 'function handler(w) { const a = []; for (;;) a.push(new Array(1e6).fill(1)); }', 'memory'],
    ['string bomb', 'function handler(w) { let s = "x"; for (;;) s += s; }', 'runtime', /Invalid string length/],
    ['deep recursion', 'function handler(w) { return handler(w); }', 'runtime', /Maximum call stack/],
    ['giant output', 'function handler(w) { w.payload = "x".repeat(3e6); return w; }', 'output_too_large'],
    ['returns nothing', 'function handler(w) { w.payload = {}; }', 'invalid_output', /must return the webhook object/],
    ['returns a string', 'function handler(w) { return "hello"; }', 'invalid_output'],
    ['returns an array', 'function handler(w) { return [w]; }', 'invalid_output', /array/],
    ['async handler', 'async function handler(w) { return w; }', 'invalid_output', /synchronous/],
    [
      'promise-returning handler',
      'function handler(w) { return Promise.resolve(w); }',
      'invalid_output',
      /synchronous/,
    ],
    ['bad method', 'function handler(w) { w.method = "DELETE"; return w; }', 'invalid_output', /webhook.method/],
    ['relative url', 'function handler(w) { w.url = "/relative"; return w; }', 'invalid_output', /webhook.url/],
    ['file url', 'function handler(w) { w.url = "file:///etc/passwd"; return w; }', 'invalid_output', /webhook.url/],
    [
      'header injection',
      'function handler(w) { w.headers = { "X-A": "1\\r\\nX-B: 2" }; return w; }',
      'invalid_output',
      /line breaks/,
    ],
    [
      'signature override',
      'function handler(w) { w.headers = { "webhook-signature": "v1,forged" }; return w; }',
      'invalid_output',
    ],
    [
      'non-string header',
      'function handler(w) { w.headers = { "X-N": 5 }; return w; }',
      'invalid_output',
      /must be a string/,
    ],
    ['BigInt payload', 'function handler(w) { w.payload = { n: 10n }; return w; }', 'runtime', /JSON-serialisable/],
    [
      'circular payload',
      'function handler(w) { const a = {}; a.a = a; w.payload = a; return w; }',
      'runtime',
      /JSON-serialisable/,
    ],
    ['deleted payload', 'function handler(w) { delete w.payload; return w; }', 'invalid_output', /payload is missing/],
    [
      'throws',
      'function handler(w) {\n  const x = 1;\n  throw new Error("bad invoice " + x);\n}',
      'runtime',
      /bad invoice 1/,
    ],
    ['no handler', 'function transform(w) { return w; }', 'runtime', /handler is not defined/],
    ['syntax error', 'function handler(w) {\n  return w;\n', 'syntax'],
    [
      'replaced JSON',
      'JSON.stringify = () => 42; JSON.parse = () => ({}); function handler(w) { w.payload = { ok: true }; return w; }',
      'none' as TransformErrorKind,
    ],
  ];

  for (const [name, code, kind, message] of hostile) {
    it(`contains hostile code: ${name}`, () => {
      if (kind === ('none' as TransformErrorKind)) {
        assert.deepEqual(JSON.parse(engine.run('app_hostile', name, code, input).payload), { ok: true });
        return;
      }
      const err = failure(() => engine.run('app_hostile', name, code, input));
      assert.equal(err.kind, kind, `${name}: ${err.message}`);
      if (message) assert.match(err.message, message);
      // The engine survives: the same application runs good code right after.
      assert.equal(
        JSON.parse(engine.run('app_hostile', 'ep_good', INVOICE, input).payload).text,
        'Ada created an invoice for $42',
      );
    });
  }

  it('points at the line and column of the failure in the customer code', () => {
    const thrown = failure(() =>
      engine.run('app_3', 'ep_pos', 'function handler(w) {\n  const x = 1;\n  return w.a.b;\n}', input),
    );
    assert.equal(thrown.kind, 'runtime');
    assert.deepEqual([thrown.line, thrown.column], [3, 14]);
    const syntax = failure(() => engine.validate('function handler(w) {\n  return w +;\n}'));
    assert.equal(syntax.kind, 'syntax');
    assert.deepEqual([syntax.line, syntax.column], [2, 13]);
  });

  it('checks code at save time: parses, runs its top level, declares handler', () => {
    engine.validate(INVOICE);
    assert.equal(failure(() => engine.validate('const x = 1; // no handler')).kind, 'no_handler');
    assert.equal(failure(() => engine.validate('while (true) {}')).kind, 'timeout');
    assert.equal(failure(() => engine.validate('function handler( {')).kind, 'syntax');
  });

  it('keeps one isolate per application and replaces one that died', () => {
    const fresh = new TransformEngine({ logger: createLogger('silent'), limits: { memoryMb: 16, maxIsolates: 2 } });
    try {
      fresh.run('a', 'e', INVOICE, input);
      fresh.run('b', 'e', INVOICE, input);
      fresh.run('c', 'e', INVOICE, input);
      assert.equal(fresh.stats().isolates, 2, 'the least recently used isolate was dropped');
      failure(() =>
        fresh.run('c', 'bomb', 'function handler(w) { const a = []; for (;;) a.push(new Array(1e6)); }', input),
      );
      assert.equal(JSON.parse(fresh.run('c', 'e', INVOICE, input).payload).text, 'Ada created an invoice for $42');
    } finally {
      fresh.close();
    }
  });

  it('evicts idle isolates', () => {
    let now = 0;
    const fresh = new TransformEngine({ logger: createLogger('silent'), limits: { idleMs: 1000 }, now: () => now });
    try {
      fresh.run('a', 'e', INVOICE, input);
      now = 500;
      fresh.run('b', 'e', INVOICE, input);
      now = 1200;
      fresh.evictIdle();
      assert.equal(fresh.stats().isolates, 1);
    } finally {
      fresh.close();
    }
  });

  it('keeps the heap flat over 10,000 runs of one endpoint', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const fresh = new TransformEngine({ logger: createLogger('silent') });
    try {
      for (let i = 0; i < 1000; i++) fresh.run('app_heap', 'ep_heap', INVOICE, input);
      gc();
      const before = { host: process.memoryUsage().heapUsed, isolate: fresh.stats().heapBytes };
      for (let i = 0; i < 10_000; i++) fresh.run('app_heap', 'ep_heap', INVOICE, input);
      gc();
      const after = { host: process.memoryUsage().heapUsed, isolate: fresh.stats().heapBytes };
      assert.deepEqual(
        { ...fresh.stats(), heapBytes: 0 },
        { isolates: 1, contexts: 1, heapBytes: 0 },
        'no new isolate or context',
      );
      assert.ok(after.host - before.host < 4 * 1024 * 1024, `host heap grew by ${after.host - before.host} bytes`);
      assert.ok(
        after.isolate - before.isolate < 4 * 1024 * 1024,
        `isolate heap grew by ${after.isolate - before.isolate} bytes`,
      );
    } finally {
      fresh.close();
    }
  });
});

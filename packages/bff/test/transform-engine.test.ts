import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { createLogger } from '../src/logger.ts';
import {
  MAX_HEADER_CHARS,
  MAX_HEADERS,
  readResult,
  type TransformResult,
  type WebhookInput,
} from '../src/transform/contract.ts';
import { TransformEngine } from '../src/transform/engine.ts';
import { TransformError, type TransformErrorKind } from '../src/transform/errors.ts';
import { collectGarbage, residentGrowth } from './memory.ts';

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

/** What the engine answers: a result or a TransformError. Anything else it throws fails the test. */
function outcome(run: () => TransformResult): TransformResult | TransformError {
  try {
    return run();
  } catch (err) {
    if (err instanceof TransformError) return err;
    const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    assert.fail(`the engine threw ${what}, not a TransformError`);
  }
}

const KINDS: TransformErrorKind[] = [
  'syntax',
  'no_handler',
  'runtime',
  'timeout',
  'memory',
  'invalid_output',
  'output_too_large',
  'internal',
];

/** Either a result that can be delivered as it is, or an error a customer can read. */
function assertWellFormed(answer: TransformResult | TransformError, label: string): void {
  if (answer instanceof TransformError) {
    assert.ok(KINDS.includes(answer.kind), `${label}: kind ${answer.kind}`);
    assert.ok(
      answer.message.length > 0 && answer.message.length < 5000,
      `${label}: message of ${answer.message.length} characters`,
    );
    assert.ok(answer.line === null || Number.isInteger(answer.line), label);
    return;
  }
  assert.ok(['POST', 'PUT', 'PATCH'].includes(answer.method), `${label}: method`);
  assert.equal(typeof answer.url, 'string', `${label}: url`);
  assert.equal(typeof answer.payload, 'string', `${label}: payload`);
  assert.equal(typeof answer.cancel, 'boolean', `${label}: cancel`);
  assert.equal(Object.getPrototypeOf(answer.headers), Object.prototype, `${label}: headers`);
  for (const value of Object.values(answer.headers)) assert.equal(typeof value, 'string', `${label}: header value`);
  for (const entry of answer.console) {
    assert.equal(typeof entry.message, 'string', `${label}: console`);
    assert.ok(entry.message.length <= 8 * 1024 + 1, `${label}: console entry of ${entry.message.length}`);
  }
}

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

  it('formats numbers and dates by locale without Intl', (t) => {
    // The formatting is built on first use in an isolate (20–40 ms of CPU here): this engine's
    // 50 ms limit, meant for the tests that run into it, would make the result depend on the machine.
    const patient = new TransformEngine({ logger: createLogger('silent'), limits: { timeoutMs: 5000, memoryMb: 16 } });
    t.after(() => patient.close());
    const result = patient.run(
      'app_1',
      'ep_locale',
      `function handler(w) {
        w.payload = [typeof Intl, (1250).toLocaleString('en-US', { style: 'currency', currency: 'USD' }),
          new Date(0).toLocaleDateString('de-DE', { timeZone: 'UTC' })];
        return w;
      }`,
      input,
    );
    assert.deepEqual(JSON.parse(result.payload), ['undefined', '$1,250.00', '1.1.1970']);
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
      'header value HTTP cannot carry',
      'function handler(w) { w.headers = { "X-A": "caf\\u1234" }; return w; }',
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
    // Memory the isolate's heap limit does not see: removed from the sandbox, or counted.
    [
      'WebAssembly memory',
      'function handler(w) { const m = new WebAssembly.Memory({ initial: 1024 }); new Uint8Array(m.buffer).fill(1); return w; }',
      'runtime',
      /WebAssembly is not defined/,
    ],
    [
      'WebAssembly module',
      'function handler(w) { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); return w; }',
      'runtime',
      /WebAssembly is not defined/,
    ],
    [
      'WebAssembly found through the global object',
      'function handler(w) { const names = Reflect.ownKeys(Function("return this")()).filter((k) => /WebAssembly|SharedArrayBuffer|Atomics|Intl/.test(String(k))); throw new Error("left: " + names.join()); }',
      'runtime',
      /left: + at line/,
    ],
    [
      'SharedArrayBuffer',
      'function handler(w) { new SharedArrayBuffer(1024); return w; }',
      'runtime',
      /SharedArrayBuffer is not defined/,
    ],
    [
      'Atomics.wait',
      'function handler(w) { Atomics.wait(new Int32Array(4), 0, 0); return w; }',
      'runtime',
      /Atomics is not defined/,
    ],
    [
      'Intl objects, whose memory is outside the heap',
      'function handler(w) { for (;;) (globalThis.keep ??= []).push(new Intl.Segmenter("en").segment("a b")); }',
      'runtime',
      /Intl is not defined/,
    ],
    [
      'resizable ArrayBuffer',
      'function handler(w) { const C = new Uint8Array(1).buffer.constructor; const b = new C(1 << 30, { maxByteLength: 1 << 30 }); new Uint8Array(b).fill(1); return w; }',
      'runtime',
      /RangeError: resizable ArrayBuffers are not available in transformations/,
    ],
    [
      'giant string',
      'function handler(w) { w.payload = "x".repeat(1e9); return w; }',
      'runtime',
      /Invalid string length/,
    ],
    ['giant string payload', 'function handler(w) { w.payload = "x".repeat(1e8); return w; }', 'output_too_large'],
    [
      'giant string url',
      'function handler(w) { w.url = "https://x.example/" + "x".repeat(1e8); return w; }',
      'invalid_output',
      /webhook\.url .*got a string of 100000018 characters/,
    ],
    [
      'giant error message',
      'function handler(w) { throw new Error("x".repeat(1e8)); }',
      'runtime',
      /^Error: \(a text of 100000000 characters\)$/,
    ],
    [
      'deeply nested payload',
      'function handler(w) { let p = {}; for (let i = 0; i < 2e4; i++) p = { p }; w.payload = p; return w; }',
      'runtime',
      /JSON-serialisable: Maximum call stack size exceeded/,
    ],
    [
      '10,000 headers',
      'function handler(w) { for (let i = 0; i < 1e4; i++) w.headers["x-h" + i] = "v"; return w; }',
      'invalid_output',
      new RegExp(`webhook.headers has 10000 headers, over the limit of ${MAX_HEADERS}`),
    ],
    [
      'megabyte header value',
      'function handler(w) { w.headers = { "X-Big": "x".repeat(1 << 20) }; return w; }',
      'invalid_output',
      new RegExp(`webhook.headers come to 1048581 characters, over the limit of ${MAX_HEADER_CHARS}`),
    ],
    [
      'header value over 8 KiB',
      'function handler(w) { w.headers = { "X-Long": "x".repeat(8193) }; return w; }',
      'invalid_output',
      /the value of "X-Long" is longer than 8192 characters/,
    ],
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

  // Whatever the code does to the built-ins the runner and the host use, the answer is a result
  // that can be delivered as it is, or a TransformError saying what is wrong: never another throw.
  // For a result, the pattern is matched against its payload; for an error, against its message.
  const tampering: [string, string, TransformErrorKind | 'ok', RegExp?][] = [
    [
      'toJSON on Object.prototype',
      'function handler(w) { Object.prototype.toJSON = () => null; return w; }',
      'ok',
      /^null$/,
    ],
    [
      'toJSON on Object.prototype at the top level',
      'Object.prototype.toJSON = () => null; function handler(w) { console.log({ a: 1 }); return w; }',
      'ok',
      /^null$/,
    ],
    [
      'toJSON that throws',
      'Object.prototype.toJSON = function () {\n  throw new Error("no JSON for you");\n};\nfunction handler(w) { return w; }',
      'runtime',
      /JSON-serialisable: no JSON for you at line 2, column 9$/,
    ],
    [
      'toJSON on Array.prototype',
      'Array.prototype.toJSON = () => "a"; function handler(w) { console.log([1]); return w; }',
      'ok',
    ],
    [
      'JSON replaced inside the handler',
      'function handler(w) { JSON.stringify = () => { throw new Error("x"); }; JSON.parse = () => 1; w.payload = [1]; return w; }',
      'ok',
      /^\[1\]$/,
    ],
    [
      'throwing getters on Object.prototype for every name',
      `function handler(w) {
        for (const k of ['ok', 'kind', 'name', 'message', 'stack', 'console', 'dropped', 'method', 'url', 'headers', 'cancel', 'payload', 'level', 'length', '0'])
          Object.defineProperty(Object.prototype, k, { get() { throw new Error('trap ' + k); }, set() { throw new Error('set ' + k); }, configurable: true });
        console.log('still logging', [1], { a: 1 });
        return w;
      }`,
      'ok',
    ],
    [
      'throwing getters on Array.prototype',
      'function handler(w) { for (const k of ["0", "1", "push", "map", "join", "slice"]) Object.defineProperty(Array.prototype, k, { get() { throw new Error("trap " + k); }, configurable: true }); console.log("a", "b"); return w; }',
      'ok',
    ],
    [
      'Array and String methods replaced',
      'function handler(w) { for (const m of ["push", "map", "join", "slice", "concat"]) { Array.prototype[m] = () => { throw new Error(m); }; String.prototype[m] = () => { throw new Error(m); }; } console.log("x".repeat(20000)); return w; }',
      'ok',
    ],
    [
      'Object, Reflect, Function.prototype and String replaced',
      'Object.keys = () => { throw new Error("keys"); }; Object.freeze = (o) => o; Object.isFrozen = () => true; Reflect.apply = () => { throw new Error("apply"); }; Function.prototype.call = Function.prototype.apply = () => { throw new Error("call"); }; globalThis.String = () => { throw new Error("String"); }; function handler(w) { w.headers = { "X-A": "1" }; console.log(w.env); throw { message: 5 }; }',
      'runtime',
      /^Error: \{"message":5\}$/,
    ],
    [
      'Symbol.toPrimitive that throws',
      'Object.prototype[Symbol.toPrimitive] = () => { throw new Error("prim"); }; function handler(w) { w.method = {}; console.log({}, [], Object.create(null)); return w; }',
      'invalid_output',
      /webhook\.method must be "POST", "PUT" or "PATCH", got an object/,
    ],
    [
      'throws a Proxy whose traps throw',
      'function handler(w) { throw new Proxy({}, { get() { throw new Error("trap"); }, getPrototypeOf() { throw new Error("proto"); } }); }',
      'runtime',
    ],
    [
      'throws a revoked Proxy',
      'function handler(w) { const r = Proxy.revocable({}, {}); r.revoke(); throw r.proxy; }',
      'runtime',
    ],
    ['throws null', 'function handler(w) { throw null; }', 'runtime', /^Error: null$/],
    ['throws a Symbol', 'function handler(w) { throw Symbol("s"); }', 'runtime', /Symbol\(s\)/],
    ['throws a BigInt', 'function handler(w) { throw 10n; }', 'runtime', /^Error: 10n$/],
    [
      'an error whose name and message getters throw',
      'function handler(w) { const e = new Error("m"); Object.defineProperty(e, "message", { get() { throw new Error("x"); } }); Object.defineProperty(e, "name", { get() { throw new Error("y"); } }); throw e; }',
      'runtime',
    ],
    [
      'Error.prepareStackTrace that throws',
      'Error.prepareStackTrace = () => { throw new Error("pst"); }; function handler(w) { throw new Error("boom"); }',
      'runtime',
      /^Error: boom$/,
    ],
    [
      'Error.prepareStackTrace returning an object',
      'Error.prepareStackTrace = () => ({ a: 1 }); function handler(w) { return w.a.b; }',
      'runtime',
      /TypeError/,
    ],
    [
      'returns a Proxy whose get trap throws',
      'function handler(w) {\n  return new Proxy(w, { get(t, k) { throw new Error("trap " + String(k)); } });\n}',
      'runtime',
      /trap then at line 2, column/,
    ],
    [
      'returns a transparent Proxy',
      'function handler(w) { w.payload = { p: 1 }; return new Proxy(w, {}); }',
      'ok',
      /^\{"p":1\}$/,
    ],
    [
      'returns getters that throw',
      'function handler(w) { return { get method() { throw new Error("no method"); }, url: w.url, payload: 1 }; }',
      'runtime',
      /no method/,
    ],
    ['a cyclic result', 'function handler(w) { w.self = w; w.payload = { n: 1 }; return w; }', 'ok', /^\{"n":1\}$/],
    ['cyclic headers', 'function handler(w) { w.headers = w; return w; }', 'invalid_output', /must be a string/],
    [
      'headers that are a Proxy whose ownKeys throws',
      'function handler(w) { w.headers = new Proxy({}, { ownKeys() { throw new Error("keys"); } }); return w; }',
      'runtime',
      /keys/,
    ],
    [
      'a header value with toString',
      'function handler(w) { w.headers = { "X-A": { toString() { return "1"; } } }; return w; }',
      'invalid_output',
      /the value of "X-A" must be a string/,
    ],
    [
      'a Symbol header value',
      'function handler(w) { w.headers = { "X-A": Symbol() }; return w; }',
      'invalid_output',
      /must be a string/,
    ],
    [
      'headers as a string',
      'function handler(w) { w.headers = "X-A: 1"; return w; }',
      'invalid_output',
      /object of strings, got "X-A: 1"/,
    ],
    [
      'headers as an array',
      'function handler(w) { w.headers = [["X-A", "1"]]; return w; }',
      'invalid_output',
      /object of strings, got an array/,
    ],
    ['symbol-keyed headers', 'function handler(w) { w.headers = { [Symbol("x")]: 1, "X-A": "1" }; return w; }', 'ok'],
    [
      'a cancel getter that throws',
      'function handler(w) { Object.defineProperty(w, "cancel", { get() { throw new Error("no"); } }); return w; }',
      'runtime',
      /no/,
    ],
    [
      'a String object as method',
      'function handler(w) { w.method = new String("PUT"); return w; }',
      'invalid_output',
      /got an object/,
    ],
    [
      'a payload whose toJSON answers undefined',
      'function handler(w) { w.payload = { toJSON() {} }; return w; }',
      'invalid_output',
      /payload is missing/,
    ],
    ['a null-prototype result', 'function handler(w) { return Object.assign(Object.create(null), w); }', 'ok'],
    [
      'a Proxy as the global prototype',
      'Object.setPrototypeOf(globalThis, new Proxy({}, { get() { throw new Error("global"); }, has() { return true; } })); function handler(w) { return w; }',
      'ok',
    ],
    [
      'handler as a global getter that throws',
      'Object.defineProperty(globalThis, "handler", { get() { throw new Error("no handler for you"); } });',
      'runtime',
      /no handler for you/,
    ],
    ['console.log of a giant string', 'function handler(w) { console.log("x".repeat(1e8)); return w; }', 'ok'],
    [
      'console.log of hostile values',
      'function handler(w) { const p = new Proxy({}, { get() { throw new Error("p"); }, ownKeys() { throw new Error("k"); } }); const r = Proxy.revocable({}, {}); r.revoke(); console.log(p, r.proxy, { toJSON() { throw new Error("j"); }, [Symbol.toPrimitive]() { throw new Error("t"); } }, 10n, Symbol("s")); return w; }',
      'ok',
    ],
    [
      'recursion caught at the bottom',
      'function deep(n) { try { return deep(n + 1); } catch { console.log("bottom"); return n; } } function handler(w) { w.payload = deep(0) > 0; return w; }',
      'ok',
      /^true$/,
    ],
    [
      'a 1,000-deep payload',
      'function handler(w) { let p = 1; for (let i = 0; i < 1e3; i++) p = [p]; w.payload = p; return w; }',
      'ok',
    ],
  ];

  for (const [name, code, expected, pattern] of tampering) {
    it(`contains tampering: ${name}`, () => {
      const answers = [
        outcome(() => engine.run('app_tamper', name, code, input)),
        outcome(() => engine.simulate(code, input)),
      ];
      for (const answer of answers) {
        assertWellFormed(answer, name);
        if (expected === 'ok') {
          assert.ok(
            !(answer instanceof TransformError),
            `${name}: ${answer instanceof TransformError && answer.message}`,
          );
          if (pattern) assert.match(answer.payload, pattern);
        } else {
          assert.ok(answer instanceof TransformError, `${name}: expected a ${expected} error`);
          assert.equal(answer.kind, expected, `${name}: ${answer.message}`);
          if (pattern) assert.match(answer.message, pattern);
        }
      }
      // The code only fooled itself: another endpoint of the same application runs normally.
      assert.equal(
        JSON.parse(engine.run('app_tamper', 'ep_good', INVOICE, input).payload).text,
        'Ada created an invoice for $42',
      );
    });
  }

  it('refuses an unreadable answer from the sandbox with a TransformError', () => {
    for (const text of [
      'null',
      '42',
      '"x"',
      '{}',
      '{"ok":true}',
      '{"ok":false}',
      'not json',
      '{"ok":true,"console":[{"level":"x"}]}',
    ]) {
      const err = failure(() =>
        readResult(text, { inputUrl: input.url, maxPayloadBytes: 1024, memoryMb: 16, durationMs: 0 }),
      );
      assert.equal(err.kind, 'internal', text);
    }
  });

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

  it('checks hostile code at save time with the same containment', () => {
    engine.validate('Object.prototype.toJSON = () => null; JSON.stringify = null; function handler(w) { return w; }');
    for (const [code, kind] of [
      ['Object.defineProperty(globalThis, "handler", { get() { throw new Error("no"); } });', 'runtime'],
      ['throw new Proxy({}, { get() { throw new Error("trap"); } });', 'runtime'],
      ['throw 10n;', 'runtime'],
      ['const a = []; for (;;) a.push(new Array(1e6).fill(1));', 'memory'],
      ['new WebAssembly.Memory({ initial: 1024 }); function handler(w) { return w; }', 'runtime'],
    ] as const) {
      const err = failure(() => engine.validate(code));
      assert.equal(err.kind, kind, `${code}: ${err.message}`);
    }
    engine.validate(INVOICE);
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

  it('bounds ArrayBuffers and typed arrays by the memory limit', () => {
    // isolated-vm collects all garbage, several times, before it refuses a buffer: on a busy
    // machine that alone can take longer than 50 ms of CPU (then it is a timeout). This checks
    // the bound, so it gives the refusal all the time it needs.
    const patient = new TransformEngine({ logger: createLogger('silent'), limits: { timeoutMs: 5000, memoryMb: 16 } });
    try {
      for (const code of [
        'function handler(w) { new ArrayBuffer(256 * 1024 * 1024); return w; }',
        'function handler(w) { w.payload = new Float64Array(1 << 25).length; return w; }',
        'function handler(w) { w.payload = new Uint8Array(12 << 20).slice().length; return w; }',
      ]) {
        const err = failure(() => patient.run('app_buffers', 'ep', code, input));
        assert.equal(err.kind, 'memory', err.message);
        assert.match(err.message, /more than 16 MB of memory \(RangeError: Array buffer allocation failed\)/);
      }
    } finally {
      patient.close();
    }
  });

  it('refuses 100,000 headers for what they are, without copying them out', () => {
    const generous = new TransformEngine({ logger: createLogger('silent'), limits: { timeoutMs: 5000, memoryMb: 64 } });
    try {
      const err = failure(() =>
        generous.run(
          'a',
          'e',
          'function handler(w) { for (let i = 0; i < 1e5; i++) w.headers["x-h" + i] = "v"; return w; }',
          input,
        ),
      );
      assert.equal(err.kind, 'invalid_output');
      assert.equal(err.message, `webhook.headers has 100000 headers, over the limit of ${MAX_HEADERS}`);
    } finally {
      generous.close();
    }
  });

  it('counts ArrayBuffers a warm context keeps against the memory limit', () => {
    // All the time the refusal needs, as above.
    const patient = new TransformEngine({ logger: createLogger('silent'), limits: { timeoutMs: 5000, memoryMb: 16 } });
    const keeper =
      'function handler(w) { (globalThis.kept ??= []).push(new Uint8Array(1 << 20)); w.payload = kept.length; return w; }';
    try {
      let stopped: TransformError | undefined;
      for (let i = 0; i < 64 && !stopped; i++) {
        const answer = outcome(() => patient.run('app', 'ep_keep', keeper, input));
        if (answer instanceof TransformError) stopped = answer;
      }
      assert.equal(stopped?.kind, 'memory', 'stopped before 64 MiB were kept in a 16 MB isolate');
      assert.equal(
        JSON.parse(patient.run('app', 'ep_keep', keeper, input).payload),
        1,
        'the next run has a fresh context',
      );
    } finally {
      patient.close();
    }
  });

  it('reports a memory bomb as memory with every core busy', async () => {
    // More spinning threads than cores: the bomb gets a fraction of the wall-clock time it would alone.
    const spinners = Array.from(
      { length: availableParallelism() + 2 },
      () => new Worker('for (;;) {}', { eval: true }),
    );
    try {
      await Promise.all(spinners.map((w) => new Promise((resolve) => w.once('online', resolve))));
      const bomb = 'function handler(w) { const a = []; for (;;) a.push(new Array(1e6).fill(1)); }';
      for (let i = 0; i < 5; i++) {
        assert.equal(failure(() => engine.run('app_busy', 'ep_bomb', bomb, input)).kind, 'memory', `run ${i}`);
        // Whichever noticed the limit first (V8, or the heap statistics after the clock), the
        // isolate is gone: the application's other endpoints run in a fresh one.
        assert.equal(
          JSON.parse(engine.run('app_busy', 'ep_good', INVOICE, input).payload).text,
          'Ada created an invoice for $42',
        );
        assert.equal(failure(() => engine.simulate(bomb, input)).kind, 'memory', `simulation ${i}`);
        engine.validate(INVOICE);
      }
      assert.equal(
        failure(() => engine.run('app_busy', 'ep_loop', 'function handler(w) { for (;;) {} }', input)).kind,
        'timeout',
      );
    } finally {
      await Promise.all(spinners.map((w) => w.terminate()));
    }
  });

  it('keeps host memory flat over 1,000 hostile runs and simulations', async () => {
    const corpus = [
      'function handler(w) { const m = new WebAssembly.Memory({ initial: 1024 }); new Uint8Array(m.buffer).fill(1); (globalThis.k ??= []).push(m); return w; }',
      'function handler(w) { (globalThis.k ??= []).push(new SharedArrayBuffer(8 << 20)); return w; }',
      'function handler(w) { const b = new ArrayBuffer(64 << 20, { maxByteLength: 64 << 20 }); new Uint8Array(b).fill(1); (globalThis.k ??= []).push(b); return w; }',
      'function handler(w) { for (let i = 0; i < 2000; i++) (globalThis.k ??= []).push(new Intl.Segmenter("en").segment("a b")); return w; }',
      'function handler(w) { (globalThis.k ??= []).push(new Uint8Array(4 << 20)); return w; }',
      'function handler(w) { Object.prototype.toJSON = () => null; return w; }',
      'function handler(w) { w.payload = "x".repeat(1e8); return w; }',
      'function handler(w) { for (let i = 0; i < 1e4; i++) w.headers["x-h" + i] = "v"; return w; }',
      'function handler(w) { throw new Error("x".repeat(1e6)); }',
      'function handler(w) { let s = "x"; for (;;) s += s; }',
      'function handler(w) { (globalThis.k ??= []).push(JSON.stringify(w).repeat(100)); return w; }',
    ];
    const bomb = 'function handler(w) { const a = []; for (;;) a.push(new Array(1e6).fill(1)); }';
    const fresh = new TransformEngine({ logger: createLogger('silent'), limits: { memoryMb: 16 } });
    try {
      const grown = await residentGrowth(2000, 100, (i) => {
        const code = i % 100 === 99 ? bomb : (corpus[i % corpus.length] as string);
        // Over applications and endpoints (warm contexts keep what they made) and the scratch isolate.
        const answer = outcome(() =>
          i % 4 === 3 ? fresh.simulate(code, input) : fresh.run(`app_${i % 3}`, `ep_${i % 7}`, code, input),
        );
        assertWellFormed(answer, code);
      });
      // One leaked, touched 64 MB WebAssembly memory would be 64 MB of resident memory on its own.
      assert.ok(grown < 32 * 1048576, `resident memory grew by ${(grown / 1048576).toFixed(1)} MB`);
      assert.ok(fresh.stats().isolates <= 3, 'one isolate per application');
      assert.ok(fresh.stats().heapBytes < 3 * 16 * 1048576, 'each isolate within its limit');
    } finally {
      fresh.close();
    }
  });

  it('keeps the heap flat over 10,000 runs of one endpoint', () => {
    const gc = collectGarbage;
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

export interface BootstrapLimits {
  consoleEntries: number;
  consoleBytes: number;
  outputBytes: number;
  maxHeaders: number;
  maxHeaderChars: number;
}

/**
 * The code Patchbay runs in each context before the customer's, as source text: it is
 * compiled inside the isolate and never shares an object with Node. It installs a `console`
 * that records into the context, and a runner that takes the webhook as JSON text, calls
 * `handler`, and answers with JSON text. The host grabs the runner, then removes its global
 * name so the customer's code cannot reach it.
 *
 * The customer's code may change any built-in before or while the runner works: `toJSON` on
 * every prototype, getters that throw, a replaced `JSON`, `Array.prototype.push`, a Proxy as the
 * global's prototype. So the runner uses only built-ins it captured before that code ran and
 * calls none through a prototype; it assigns no property (an assignment can meet a setter on a
 * prototype) and reads only properties an object has itself (a missing one is looked up on the
 * prototypes); it writes its answer by concatenating primitive strings, so the answer is
 * well-formed whatever the code did. The code's own objects (the result, its payload, what it
 * throws) are read once each, inside a `try`: their getters and toJSON are the code's, and their
 * failures are the code's errors.
 *
 * It also takes away what allocates memory outside the isolate's heap, where isolated-vm's
 * memory limit does not see it (docs/transformations.md, "Memory").
 */
export function bootstrapSource(limits: BootstrapLimits): string {
  return `(() => {
  'use strict';
  const { parse, stringify } = JSON;
  const { freeze, isFrozen, keys } = Object;
  const { apply, construct, defineProperty, setPrototypeOf } = Reflect;
  const { isArray } = Array;
  const text = String;
  const slice = String.prototype.slice;
  const MAX_ENTRIES = ${limits.consoleEntries}, MAX_CONSOLE = ${limits.consoleBytes}, MAX_OUTPUT = ${limits.outputBytes};
  const MAX_HEADERS = ${limits.maxHeaders}, MAX_HEADER_CHARS = ${limits.maxHeaderChars};

  for (const name of ['WebAssembly', 'SharedArrayBuffer', 'Atomics', 'Intl']) delete globalThis[name];
  // Resizable ArrayBuffers are reserved and committed outside isolated-vm's allocator too: the
  // only ArrayBuffer constructor the code can reach (global, and every buffer's .constructor)
  // makes fixed-length ones. It converts the length before the real constructor runs, so no
  // code of the customer's runs while that is on the stack (a stack trace could not reach it).
  const FixedArrayBuffer = ArrayBuffer, toNumber = Number, RangeErr = RangeError, TypeErr = TypeError;
  const SafeArrayBuffer = function ArrayBuffer(length, ...options) {
    if (new.target === undefined) throw new TypeErr("Constructor ArrayBuffer requires 'new'");
    const settings = options.length > 0 ? options[0] : undefined;
    if (settings !== null && typeof settings === 'object' && settings.maxByteLength !== undefined) {
      throw new RangeErr('resizable ArrayBuffers are not available in transformations');
    }
    const buffer = construct(FixedArrayBuffer, [toNumber(length)]);
    if (new.target !== SafeArrayBuffer) setPrototypeOf(buffer, new.target.prototype);
    return buffer;
  };
  SafeArrayBuffer.prototype = FixedArrayBuffer.prototype;
  SafeArrayBuffer.isView = FixedArrayBuffer.isView;
  defineProperty(FixedArrayBuffer.prototype, 'constructor', { value: SafeArrayBuffer, writable: true, configurable: true });
  defineProperty(globalThis, 'ArrayBuffer', { value: SafeArrayBuffer, writable: true, configurable: true });

  // Longer strings are never copied: a slice would flatten a cheap rope ('x'.repeat(1e8)) into memory.
  const clip = (value, max) =>
    value.length <= max ? value
      : value.length > MAX_OUTPUT ? '(a text of ' + value.length + ' characters)'
      : apply(slice, value, [0, max]) + '…';

  // How a value reads in a message: "got ...".
  const shown = (value) => {
    try {
      if (value === null) return 'null';
      switch (typeof value) {
        case 'string': return value.length > 1000 ? 'a string of ' + value.length + ' characters' : stringify(value);
        case 'undefined': case 'number': case 'boolean': case 'symbol': return text(value);
        case 'bigint': return text(value) + 'n';
        case 'function': return 'a function';
        default: return isArray(value) ? 'an array' : 'an object';
      }
    } catch {
      return 'an object';
    }
  };

  // How a value reads in the console: JSON where it has some, else as in a message.
  const show = (value) => {
    if (typeof value === 'string') return value;
    if (typeof value !== 'bigint') {
      try {
        const json = stringify(value);
        if (typeof json === 'string') return json;
      } catch {}
    }
    return shown(value);
  };

  let logs = '', logCount = 0, logChars = 0, dropped = 0;
  const record = (level) => (...args) => {
    if (logCount >= MAX_ENTRIES || logChars >= MAX_CONSOLE) { dropped++; return; }
    let message = '';
    for (let i = 0; i < args.length && message.length <= MAX_CONSOLE; i++) message += (i === 0 ? '' : ' ') + show(args[i]);
    message = clip(message, MAX_CONSOLE - logChars);
    logChars += message.length;
    logs += (logCount++ === 0 ? '' : ',') + '{"level":"' + level + '","message":' + stringify(message) + '}';
  };
  globalThis.console = freeze({
    log: record('log'), info: record('info'), warn: record('warn'), error: record('error'), debug: record('debug'),
  });

  const deepFreeze = (value) => {
    if (value !== null && typeof value === 'object' && !isFrozen(value)) {
      freeze(value);
      const names = keys(value);
      for (let i = 0; i < names.length; i++) deepFreeze(value[names[i]]);
    }
  };

  // The answer's pieces, each a JSON text; the host reads them (contract.ts, readResult).
  const fail = (kind, name, message, stack) =>
    '"ok":false,"kind":"' + kind + '","name":' + stringify(clip(name, 100)) + ',"message":' +
    stringify(clip(message, 2000)) + ',"stack":' + stringify(stack.length > MAX_OUTPUT ? '' : clip(stack, 4000));
  const tooLarge = (what, length) =>
    fail('output_too_large', 'RangeError', what + ' is ' + length + ' characters, over the limit of ' + MAX_OUTPUT, '');
  const read = (object, key) => {
    try {
      return object[key];
    } catch {
      return undefined;
    }
  };
  const thrown = (error, prefix) => {
    if (error === null || (typeof error !== 'object' && typeof error !== 'function')) {
      return fail('runtime', 'Error', prefix + show(error), '');
    }
    const name = read(error, 'name'), message = read(error, 'message');
    const readable = typeof message === 'string';
    // The stack starts with the message: formatting it for a giant message would copy that too.
    const stack = readable && message.length > MAX_OUTPUT ? undefined : read(error, 'stack');
    return fail('runtime', typeof name === 'string' ? name : 'Error', prefix + (readable ? message : show(error)),
      typeof stack === 'string' ? stack : '');
  };
  // A short string as itself (it reads as its JSON); anything else with how it reads.
  const field = (value) => {
    if (typeof value !== 'string') return '{"shown":' + stringify(shown(value)) + '}';
    if (value.length <= 1000) return stringify(value);
    return '{' + (value.length <= MAX_OUTPUT ? '"value":' + stringify(value) + ',' : '') + '"shown":' + stringify(shown(value)) + '}';
  };

  const NO_HEADERS = '"headers":[],"headerCount":0,"headerChars":0';
  const headersOf = (headers) => {
    if (headers === undefined || headers === null) return NO_HEADERS;
    if (typeof headers !== 'object' || isArray(headers)) return '"headers":' + field(headers) + ',"headerCount":0,"headerChars":0';
    const names = keys(headers);
    const count = names.length;
    if (count === 0) return NO_HEADERS;
    let entries = '', chars = 0;
    // Past a limit the host refuses the headers; they are counted, not copied.
    for (let i = 0; i < count && count <= MAX_HEADERS; i++) {
      const name = names[i], value = headers[name];
      const string = typeof value === 'string';
      chars += name.length + (string ? value.length : 0);
      if (chars <= MAX_HEADER_CHARS) entries += (i === 0 ? '' : ',') + '[' + stringify(name) + ',' + (string ? stringify(value) : 'null') + ']';
    }
    return '"headers":[' + (chars <= MAX_HEADER_CHARS ? entries : '') + '],"headerCount":' + count + ',"headerChars":' + chars;
  };

  const answer = (result) => {
    const method = result.method, url = result.url, headers = headersOf(result.headers), cancel = result.cancel === true;
    const payload = result.payload;
    if (typeof payload === 'string' && payload.length > MAX_OUTPUT) return tooLarge('webhook.payload', payload.length);
    let json;
    try {
      json = stringify(payload);
    } catch (error) {
      return thrown(error, 'payload is not JSON-serialisable: ');
    }
    return '"ok":true,"method":' + field(method) + ',"url":' + field(url) + ',' + headers + ',"cancel":' + cancel +
      ',"payload":' + (typeof json === 'string' ? stringify(json) : 'null');
  };

  globalThis.__patchbayRun = (inputJson) => {
    logs = ''; logCount = 0; logChars = 0; dropped = 0;
    let body;
    try {
      const webhook = parse(inputJson);
      deepFreeze(webhook.env);
      deepFreeze(webhook.transformationsParams);
      if (typeof handler !== 'function') {
        body = fail('runtime', 'ReferenceError', 'handler is not defined: declare function handler(webhook)', '');
      } else {
        const result = handler(webhook);
        const object = result !== null && typeof result === 'object';
        if ((object || typeof result === 'function') && typeof result.then === 'function') {
          body = fail('invalid_output', 'TypeError', 'handler must be synchronous: it returned a Promise', '');
        } else if (!object || isArray(result)) {
          body = fail('invalid_output', 'TypeError', 'handler must return the webhook object, got ' + shown(result), '');
        } else {
          body = answer(result);
        }
      }
    } catch (error) {
      body = thrown(error, '');
    }
    const out = '{' + body + ',"console":[' + logs + '],"dropped":' + dropped + '}';
    return out.length <= MAX_OUTPUT ? out : '{' + tooLarge('the result', out.length) + ',"console":[' + logs + '],"dropped":' + dropped + '}';
  };
})();`;
}

/**
 * The code Patchbay runs in each context before the customer's, as source text: it is
 * compiled inside the isolate and never shares an object with Node. It installs a `console`
 * that records into the context, and a runner that takes the webhook as JSON text, calls
 * `handler`, and answers with JSON text. The host grabs the runner, then removes its global
 * name so the customer's code cannot reach it. Built-ins are captured first, so a script that
 * replaces `JSON` only fools itself.
 */
export function bootstrapSource(limits: { consoleEntries: number; consoleBytes: number; outputBytes: number }): string {
  return `(() => {
  'use strict';
  const parse = JSON.parse, stringify = JSON.stringify, freeze = Object.freeze, isArray = Array.isArray;
  const MAX_ENTRIES = ${limits.consoleEntries}, MAX_BYTES = ${limits.consoleBytes}, MAX_OUTPUT = ${limits.outputBytes};
  let logs = [], logBytes = 0, dropped = 0;

  const show = (value) => {
    if (typeof value === 'string') return value;
    try {
      const text = stringify(value);
      return text === undefined ? String(value) : text;
    } catch {
      return String(value);
    }
  };
  const record = (level) => (...args) => {
    if (logs.length >= MAX_ENTRIES || logBytes >= MAX_BYTES) { dropped++; return; }
    let message = args.map(show).join(' ');
    if (logBytes + message.length > MAX_BYTES) message = message.slice(0, MAX_BYTES - logBytes) + '…';
    logBytes += message.length;
    logs.push({ level, message });
  };
  globalThis.console = freeze({
    log: record('log'), info: record('info'), warn: record('warn'), error: record('error'), debug: record('debug'),
  });

  const deepFreeze = (value) => {
    if (value && typeof value === 'object' && !Object.isFrozen(value)) {
      freeze(value);
      for (const key of Object.keys(value)) deepFreeze(value[key]);
    }
    return value;
  };
  const failure = (kind, error) => ({
    ok: false,
    kind,
    name: error && typeof error === 'object' ? String(error.name) : 'Error',
    message: error && typeof error === 'object' ? String(error.message) : show(error),
    stack: error && typeof error === 'object' ? String(error.stack) : '',
  });

  globalThis.__patchbayRun = (inputJson) => {
    logs = []; logBytes = 0; dropped = 0;
    let out;
    try {
      const webhook = parse(inputJson);
      deepFreeze(webhook.env);
      deepFreeze(webhook.transformationsParams);
      if (typeof handler !== 'function') {
        throw new ReferenceError('handler is not defined: declare function handler(webhook)');
      }
      const result = handler(webhook);
      if (result && typeof result.then === 'function') {
        out = failure('invalid_output', new TypeError('handler must be synchronous: it returned a Promise'));
      } else if (result === null || typeof result !== 'object' || isArray(result)) {
        out = failure('invalid_output', new TypeError('handler must return the webhook object, got ' + (isArray(result) ? 'an array' : String(result))));
      } else {
        let payload;
        try {
          payload = stringify(result.payload);
        } catch (error) {
          throw new TypeError('payload is not JSON-serialisable: ' + error.message);
        }
        out = { ok: true, method: result.method, url: result.url, headers: result.headers, cancel: result.cancel, payload };
      }
    } catch (error) {
      out = failure('runtime', error);
    }
    out.console = logs;
    out.dropped = dropped;
    let text;
    try {
      text = stringify(out);
    } catch (error) {
      text = stringify(failure('invalid_output', error));
    }
    if (text.length > MAX_OUTPUT) {
      return stringify({ ...failure('output_too_large', new RangeError('the result is ' + text.length + ' characters, over the limit of ' + MAX_OUTPUT)), console: [] });
    }
    return text;
  };
})();`;
}

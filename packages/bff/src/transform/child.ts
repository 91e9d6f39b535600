/**
 * The sandbox's process: the in-process engine (engine.ts) behind the IPC channel, so that what a
 * transformation does to V8 (a crash, a fatal error, a builtin that never yields, memory outside
 * the isolate's accounting) ends this process and not the server. The server starts it
 * (sandbox-process.ts) and sends one request at a time.
 */
import { createLogger } from '../logger.ts';
import { INTERNAL_MESSAGE } from './contract.ts';
import { TransformEngine } from './engine.ts';
import { TransformError } from './errors.ts';
import type { ChildOptions, FromChild, SandboxRequest, ToChild } from './protocol.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
const send = (message: FromChild) => process.send?.(message);

const engine = new TransformEngine({
  limits: options.limits,
  logger: createLogger(options.logLevel, { write: (line: string) => send({ log: line }) }),
});

function perform(request: SandboxRequest): unknown {
  switch (request.op) {
    case 'run':
      return engine.run(request.scope, request.slot, request.code, request.input);
    case 'simulate':
      return engine.simulate(request.code, request.input);
    case 'validate':
      return engine.validate(request.code);
    case 'stats':
      return engine.stats();
  }
}

process.on('message', ({ id, request }: ToChild) => {
  try {
    send({ id, ok: true, value: perform(request) });
  } catch (err) {
    // The engine throws only TransformErrors; anything else is ours, and the engine logged it.
    const error = err instanceof TransformError ? err : new TransformError('internal', INTERNAL_MESSAGE);
    send({ id, ok: false, error: error.data() });
  }
});

// The server ends this process: by closing the channel (also when the server dies), or by a
// kill. A Ctrl-C reaches the whole process group, and the server shuts down in order from it.
process.on('disconnect', () => process.exit(0));
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});

send({ ready: true });

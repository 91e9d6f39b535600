import type { LogLevel } from '../config.ts';
import type { WebhookInput } from './contract.ts';
import type { TransformErrorData } from './errors.ts';
import type { TransformLimits } from './limits.ts';

/**
 * What the server and the sandbox's process (child.ts) say to each other over the IPC channel
 * (Node's advanced serialization: strings are copied, not escaped into JSON).
 */

/** The child's command line: its engine's limits and the server's log level. */
export interface ChildOptions {
  limits: TransformLimits;
  logLevel: LogLevel;
}

/** One operation of the in-process engine (engine.ts), as the server asks for it. */
export type SandboxRequest =
  | { op: 'run'; scope: string; slot: string; code: string; input: WebhookInput }
  | { op: 'simulate'; code: string; input: WebhookInput }
  | { op: 'validate'; code: string }
  | { op: 'stats' };

export interface ToChild {
  id: number;
  request: SandboxRequest;
}

export type Reply = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: TransformErrorData });

export type FromChild =
  /** The engine is loaded: requests may come. */
  | { ready: true }
  /** A log line of the child's engine (pino's JSON), for the server's logger. */
  | { log: string }
  | Reply;

import { DomainError } from '../errors.ts';

export type TransformErrorKind =
  | 'syntax' // the code does not parse
  | 'no_handler' // it parses but declares no handler function
  | 'runtime' // the code threw
  | 'timeout' // it ran past the time limit
  | 'memory' // it used more memory than allowed
  | 'invalid_output' // it returned something that is not a valid webhook
  | 'output_too_large' // its result is over the size limit
  | 'crash' // it stopped the sandbox's process: crashed it, stalled it past its deadline, or bloated it
  | 'internal'; // Patchbay itself failed while running it (logged; never the code's fault by design)

export interface ConsoleEntry {
  level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  message: string;
}

/** A TransformError as it crosses from the sandbox's process to the server (see TransformError.from). */
export interface TransformErrorData {
  kind: TransformErrorKind;
  /** Without the position, which the message of the error made from it says again. */
  reason: string;
  position: { line: number; column: number } | null;
  console: ConsoleEntry[];
}

/** A transformation failed. Carries where in the customer's code, when that is known. */
export class TransformError extends DomainError {
  readonly status = 422;
  readonly kind: TransformErrorKind;
  readonly line: number | null;
  readonly column: number | null;
  readonly console: ConsoleEntry[];
  readonly #reason: string;

  constructor(
    kind: TransformErrorKind,
    message: string,
    position: { line: number; column: number } | null = null,
    console: ConsoleEntry[] = [],
  ) {
    super(
      'transformation_failed',
      position ? `${message} at line ${position.line}, column ${position.column}` : message,
    );
    this.kind = kind;
    this.line = position?.line ?? null;
    this.column = position?.column ?? null;
    this.console = console;
    this.#reason = message;
  }

  static from(data: TransformErrorData): TransformError {
    return new TransformError(data.kind, data.reason, data.position, data.console);
  }

  data(): TransformErrorData {
    const position = this.line === null || this.column === null ? null : { line: this.line, column: this.column };
    return { kind: this.kind, reason: this.#reason, position, console: this.console };
  }

  /**
   * `reason` is the message without the position `detail` ends with, for clients that show the
   * position their own way (the widget, in the customer's language) and must not say it twice.
   */
  override get extra() {
    return {
      error: { kind: this.kind, line: this.line, column: this.column, reason: this.#reason },
      console: this.console,
    };
  }
}

export const USER_FILENAME = 'transformation.js';

/** Finds `transformation.js:LINE:COL` in a message or stack: where the customer's code failed. */
export function positionIn(text: string): { line: number; column: number } | null {
  const match = new RegExp(`${USER_FILENAME.replace('.', '\\.')}:(\\d+):(\\d+)`).exec(text);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : null;
}

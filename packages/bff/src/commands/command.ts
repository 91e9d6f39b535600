/** The environment a command reads its configuration from (`process.env` when run as `patchbay`). */
export type Env = Record<string, string | undefined>;

/** Exit statuses, from BSD's sysexits.h, so scripts and service managers can tell failures apart. */
export const EXIT = {
  ok: 0,
  usage: 64,
  /** Refused: the data is not what the command can work on; nothing was changed. */
  data: 65,
  noInput: 66,
  /** The database (or the listen address) could not be used. */
  unavailable: 69,
  software: 70,
  config: 78,
} as const;

/** A failure the command explains itself: its message goes to stderr, `exitCode` is the status. */
export class CommandError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.name = 'CommandError';
    this.exitCode = exitCode;
  }
}

/** The message of whatever a driver threw, for a one-line explanation. */
export function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

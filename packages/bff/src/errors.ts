/**
 * Domain errors. Services throw these; the error middleware alone turns them into HTTP
 * answers in Svix's shape, so no service knows about status codes.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }

  /** Fields rendered beside `{code, detail}`, for errors that carry more (a position in code, say). */
  get extra(): Record<string, unknown> | undefined {
    return undefined;
  }
}

export class BadRequestError extends DomainError {
  readonly status = 400;
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  constructor(message = 'Invalid or missing credentials') {
    super('authentication_failed', message);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  constructor(message = 'Insufficient access for the given credentials') {
    super('insufficient_access', message);
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(message = 'Entity not found') {
    super('not_found', message);
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  constructor(limitBytes: number) {
    super('payload_too_large', `Request body is larger than the limit of ${limitBytes} bytes`);
  }
}

/** One field problem in Svix's `ValidationError` shape: where, what, and a machine-readable kind. */
export interface FieldProblem {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export class ValidationError extends DomainError {
  readonly status = 422;
  readonly problems: FieldProblem[];
  constructor(problems: FieldProblem[]) {
    super('validation_error', problems.map((p) => `${p.loc.join('.')}: ${p.msg}`).join('; '));
    this.problems = problems;
  }
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  /** Seconds until the caller may try again (the answer's Retry-After). */
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('too_many_requests', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

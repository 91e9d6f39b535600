import type { ErrorRequestHandler, RequestHandler } from 'express';
import { BadRequestError, DomainError, NotFoundError, PayloadTooLargeError, ValidationError } from '../errors.ts';

/** The body-parser errors Express raises before any route runs. */
interface ParserError {
  type: string;
  limit?: number;
}

function isParserError(err: unknown): err is ParserError {
  return typeof err === 'object' && err !== null && typeof (err as { type?: unknown }).type === 'string';
}

/** Turns parser failures into domain errors so there is one rendering path. */
function toDomainError(err: unknown): DomainError | undefined {
  if (err instanceof DomainError) return err;
  // The router decodes path parameters before any route runs; a malformed `%` escape fails there.
  if (err instanceof URIError) {
    return new BadRequestError('invalid_path', 'The request path is not valid percent-encoding (RFC 3986)');
  }
  if (!isParserError(err)) return undefined;
  switch (err.type) {
    case 'entity.parse.failed':
      return new ValidationError([
        { loc: ['body'], msg: 'Request body is not valid JSON', type: 'value_error.jsondecode' },
      ]);
    case 'entity.too.large':
      return new PayloadTooLargeError(err.limit ?? 0);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ValidationError([{ loc: ['body'], msg: 'Unsupported body encoding', type: 'value_error.encoding' }]);
    default:
      return undefined;
  }
}

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError());

/** The single place that renders errors: Svix's `{code, detail}`, and `detail: [{loc, msg, type}]` for 422. */
export const errorMiddleware: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const domain = toDomainError(err);
  if (!domain) {
    req.log.error({ err }, 'unhandled error');
    res.status(500).json({ code: 'internal_error', detail: 'Internal server error' });
    return;
  }
  if (domain.status >= 500) req.log.error({ err }, domain.message);
  const detail = domain instanceof ValidationError ? domain.problems : domain.message;
  res.status(domain.status).json({ ...domain.extra, code: domain.code, detail });
};

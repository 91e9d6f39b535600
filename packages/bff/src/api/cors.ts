import type { RequestHandler } from 'express';

/**
 * What a caller on another origin may send: the widget's headers, and every header the svix SDK
 * sets (read from its request code), so a vendor's page using svix-react works against Patchbay:
 * its per-request id and retry count, and the user agent, which browsers that let it be set name
 * in their preflight.
 */
const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'idempotency-key',
  'x-request-id',
  'svix-req-id',
  'svix-retry-count',
  'user-agent',
].join(', ');

/** What such a caller may read of an answer: its request id, an idempotent replay, how long a 429 asks to wait. */
const EXPOSED_HEADERS = 'x-request-id, idempotent-replayed, retry-after';

/**
 * The widget and the svix SDK run on the vendor's pages, often another origin than Patchbay's.
 * Their calls carry a Bearer token, never cookies, so any origin may make them: a page without a
 * token gets nothing. Preflights are answered here.
 */
export const cors: RequestHandler = (req, res, next) => {
  if (!req.get('origin')) {
    next();
    return;
  }
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  if (req.method === 'OPTIONS') {
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
    res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
    res.setHeader('access-control-max-age', '600');
    res.status(204).end();
    return;
  }
  next();
};

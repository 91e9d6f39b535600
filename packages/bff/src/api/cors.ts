import type { RequestHandler } from 'express';

/**
 * The widget runs on the vendor's pages, often another origin than Patchbay's. Its calls carry
 * a Bearer token, never cookies, so any origin may make them: a page without a token gets
 * nothing. Preflights are answered here.
 */
export const cors: RequestHandler = (req, res, next) => {
  if (!req.get('origin')) {
    next();
    return;
  }
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-expose-headers', 'x-request-id, idempotent-replayed');
  if (req.method === 'OPTIONS') {
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
    res.setHeader('access-control-allow-headers', 'authorization, content-type, idempotency-key, x-request-id');
    res.setHeader('access-control-max-age', '600');
    res.status(204).end();
    return;
  }
  next();
};

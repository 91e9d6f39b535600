import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../errors.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Accepts `Authorization: Bearer <vendor API key>`. Both sides are hashed first so the
 * comparison is constant-time whatever the presented length.
 */
export function requireVendorKey(apiKey: string): RequestHandler {
  const expected = digest(apiKey);
  return (req, _res, next) => {
    const match = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      next(new UnauthorizedError());
      return;
    }
    next();
  };
}

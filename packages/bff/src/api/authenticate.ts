import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { PortalTokens } from '../domain/portal-tokens.ts';
import type { Principal } from '../domain/principal.ts';
import { UnauthorizedError } from '../errors.ts';

declare module 'express-serve-static-core' {
  interface Request {
    principal: Principal;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `Authorization: Bearer …` with either the vendor API key or a portal token. The key is
 * compared on hashes so the comparison is constant-time whatever the presented length.
 */
export function authenticate(apiKey: string, tokens: PortalTokens): RequestHandler {
  const expected = digest(apiKey);
  return (req, _res, next) => {
    const credential = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!credential) {
      next(new UnauthorizedError());
      return;
    }
    if (timingSafeEqual(digest(credential), expected)) {
      req.principal = { kind: 'vendor' };
      next();
      return;
    }
    if (credential.split('.').length !== 3) {
      next(new UnauthorizedError());
      return;
    }
    tokens.verify(credential).then((principal) => {
      req.principal = principal;
      next();
    }, next);
  };
}

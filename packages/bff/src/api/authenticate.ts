import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { ApiKeys } from '../domain/api-keys.ts';
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
 * `Authorization: Bearer …` with a vendor API key (PATCHBAY_API_KEY, or one of `apiKeys`, read
 * afresh on every request so that a revoked one is refused at once) or a portal token.
 * PATCHBAY_API_KEY is compared on hashes so the comparison is constant-time whatever the
 * presented length.
 */
export function authenticate(apiKey: string, tokens: PortalTokens, apiKeys: Pick<ApiKeys, 'verify'>): RequestHandler {
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
      apiKeys.verify(credential).then((valid) => {
        if (valid) req.principal = { kind: 'vendor' };
        next(valid ? undefined : new UnauthorizedError());
      }, next);
      return;
    }
    tokens.verify(credential).then((principal) => {
      req.principal = principal;
      next();
    }, next);
  };
}

import { randomBytes } from 'node:crypto';
import {
  type CryptoKey,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  importSPKI,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { Clock } from '../clock.ts';
import type { Cipher } from '../crypto/cipher.ts';
import { NotFoundError, UnauthorizedError, ValidationError } from '../errors.ts';
import { MAX_TOKEN_SECONDS, type PortalKey } from '../model.ts';
import type { Store } from '../store/types.ts';
import { CAPABILITIES, type Capability, isCapability } from './capabilities.ts';
import type { PortalPrincipal } from './principal.ts';
import { uniquely } from './unique.ts';

export const PORTAL_AUDIENCE = 'patchbay-portal';
/** How far the signer's clock may be from Patchbay's. */
const CLOCK_SKEW_SECONDS = 5;
/**
 * `iat` in milliseconds. `iat` says only the second, so an expire-all could not tell a token
 * issued just before it from one issued just after; Patchbay's tokens say the millisecond too
 * (a vendor's may), and a token saying only its second counts as issued at its start.
 */
const IAT_MS = 'iatMs';
const OWN_ALG = 'EdDSA';
const VENDOR_ALGS = ['EdDSA', 'ES256', 'ES384', 'RS256', 'PS256'] as const;

export interface IssueRequest {
  appId: string;
  capabilities: Capability[];
  featureFlags: string[];
  sessionId: string | null;
  expirySeconds: number;
}

export interface VendorKeyRequest {
  kid?: string | null;
  issuer: string;
  alg: (typeof VENDOR_ALGS)[number];
  /** A PEM public key (SPKI) or a public JWK. */
  publicKey: string | JWK;
}

export type PortalTokens = ReturnType<typeof createPortalTokens>;

/**
 * Portal sessions as JWTs: Patchbay signs its own with an Ed25519 key kept in the store
 * (published at /.well-known/jwks.json), and also accepts tokens a vendor signs with a key
 * it registered. Algorithms are pinned per key, so `alg: none` or an algorithm swap never
 * verifies.
 */
export function createPortalTokens(deps: { store: Store; clock: Clock; issuer: string; cipher: Cipher }) {
  const { store, clock, issuer, cipher } = deps;
  // Patchbay's private signing key is kept encrypted, like every other secret at rest.
  const sealAad = (kid: string) => `portal-signing-key:${kid}`;
  const imported = new Map<string, CryptoKey>();
  let signing: Promise<{ kid: string; key: CryptoKey }> | undefined;

  async function importKey(k: PortalKey, which: 'public' | 'private'): Promise<CryptoKey> {
    const cacheKey = `${which}:${k.kid}`;
    let key = imported.get(cacheKey);
    if (!key) {
      const sealed = which === 'private' ? (k.privateJwk as { sealed?: string } | null)?.sealed : undefined;
      const jwk = sealed
        ? JSON.parse(cipher.decrypt(sealed, sealAad(k.kid)))
        : which === 'private'
          ? k.privateJwk
          : k.publicJwk;
      key = (await importJWK(jwk as JWK, k.alg)) as CryptoKey;
      imported.set(cacheKey, key);
    }
    return key;
  }

  async function loadOrCreateSigningKey(): Promise<{ kid: string; key: CryptoKey }> {
    let [own] = await store.portalKeys.listOwn();
    if (!own) {
      const pair = await generateKeyPair(OWN_ALG, { extractable: true });
      const kid = `pb_${randomBytes(12).toString('base64url')}`;
      own = {
        kid,
        alg: OWN_ALG,
        publicJwk: { ...(await exportJWK(pair.publicKey)) },
        privateJwk: { sealed: cipher.encrypt(JSON.stringify(await exportJWK(pair.privateKey)), sealAad(kid)) },
        issuer: null,
        createdAt: clock.now(),
      };
      await store.portalKeys.insert(own);
    }
    return { kid: own.kid, key: await importKey(own, 'private') };
  }

  async function issue(request: IssueRequest): Promise<string> {
    signing ??= loadOrCreateSigningKey();
    const { kid, key } = await signing;
    const nowMs = clock.now().getTime();
    const now = Math.floor(nowMs / 1000);
    const claims: JWTPayload = { capabilities: request.capabilities, [IAT_MS]: nowMs };
    if (request.featureFlags.length) claims.featureFlags = request.featureFlags;
    if (request.sessionId) claims.sid = request.sessionId;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: OWN_ALG, kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(PORTAL_AUDIENCE)
      .setSubject(request.appId)
      .setIssuedAt(now)
      .setExpirationTime(now + request.expirySeconds)
      .setJti(randomBytes(16).toString('base64url'))
      .sign(key);
  }

  async function verify(token: string): Promise<PortalPrincipal> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw new UnauthorizedError('The portal token is malformed');
    }
    const key = kid ? await store.portalKeys.get(kid) : undefined;
    if (!key) throw new UnauthorizedError('The portal token was not signed by a known key');
    const own = key.privateJwk !== null;

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await importKey(key, 'public'), {
        algorithms: [own ? OWN_ALG : key.alg],
        issuer: own ? issuer : (key.issuer ?? undefined),
        audience: PORTAL_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
        currentDate: clock.now(),
        clockTolerance: CLOCK_SKEW_SECONDS,
      }));
    } catch (err) {
      const reason = (err as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'has expired' : 'is not valid';
      throw new UnauthorizedError(`The portal token ${reason}`);
    }

    const iat = payload.iat as number;
    const exp = payload.exp as number;
    // Both against Patchbay's clock, not the token's word: a token dated ahead would otherwise
    // outlive the 7 days and every expire-all.
    const now = clock.now().getTime() / 1000;
    if (iat > now + CLOCK_SKEW_SECONDS) throw new UnauthorizedError('The portal token is issued in the future');
    if (exp - now > MAX_TOKEN_SECONDS + CLOCK_SKEW_SECONDS)
      throw new UnauthorizedError('The portal token lives longer than 7 days');
    const iatMs = payload[IAT_MS];
    const issuedMs = typeof iatMs === 'number' && Math.floor(iatMs / 1000) === iat ? iatMs : iat * 1000;
    const claimed = Array.isArray(payload.capabilities) ? payload.capabilities.filter(isCapability) : [];
    const principal: PortalPrincipal = {
      kind: 'portal',
      app: String(payload.sub),
      // ViewBase is the floor of every session (Svix: "always required").
      capabilities: [...new Set<Capability>(['ViewBase', ...claimed])],
      featureFlags: Array.isArray(payload.featureFlags) ? payload.featureFlags.map(String) : [],
      sessionId: typeof payload.sid === 'string' ? payload.sid : null,
      jti: String(payload.jti),
      issuedAt: new Date(issuedMs),
      expiresAt: new Date(exp * 1000),
    };
    if (await store.revocations.isTokenRevoked(principal.jti))
      throw new UnauthorizedError('The portal token was logged out');
    return principal;
  }

  /** Whether an expire-all covers this session, once its application is known. */
  function isExpired(principal: PortalPrincipal, appId: string): Promise<boolean> {
    return store.revocations.isRevoked(appId, principal.sessionId, principal.issuedAt, clock.now());
  }

  async function jwks() {
    signing ??= loadOrCreateSigningKey();
    await signing;
    const keys = await store.portalKeys.listOwn();
    return { keys: keys.map((k) => ({ ...k.publicJwk, kid: k.kid, alg: k.alg, use: 'sig' })) };
  }

  async function registerVendorKey(request: VendorKeyRequest): Promise<PortalKey> {
    let publicJwk: JWK;
    try {
      const key =
        typeof request.publicKey === 'string'
          ? await importSPKI(request.publicKey, request.alg, { extractable: true })
          : await importJWK(request.publicKey, request.alg);
      if (!('type' in key) || key.type !== 'public') throw new Error('not a public key');
      publicJwk = await exportJWK(key);
    } catch (err) {
      throw new ValidationError([
        {
          loc: ['body', 'publicKey'],
          msg: `Not a ${request.alg} public key: ${(err as Error).message}`,
          type: 'value_error.key',
        },
      ]);
    }
    const record: PortalKey = {
      kid: request.kid ?? `vk_${randomBytes(12).toString('base64url')}`,
      alg: request.alg,
      publicJwk: { ...publicJwk },
      privateJwk: null,
      issuer: request.issuer,
      createdAt: clock.now(),
    };
    await uniquely(store.portalKeys.insert(record), `A key with kid "${record.kid}"`);
    return record;
  }

  async function deleteVendorKey(kid: string): Promise<void> {
    const key = await store.portalKeys.get(kid);
    if (!key || key.privateJwk !== null || !(await store.portalKeys.delete(kid))) throw new NotFoundError();
    imported.delete(`public:${kid}`);
  }

  return {
    issue,
    verify,
    isExpired,
    jwks,
    registerVendorKey,
    listVendorKeys: () => store.portalKeys.listVendor(),
    deleteVendorKey,
    logout: (principal: PortalPrincipal) => store.revocations.revokeToken(principal.jti, principal.expiresAt),
    async expireAll(appId: string, options: { expirySeconds: number; sessionIds: string[] | null }) {
      const now = clock.now();
      const effectiveAt = new Date(now.getTime() + options.expirySeconds * 1000);
      for (const sessionId of options.sessionIds ?? [null]) {
        await store.revocations.insert({ appId, sessionId, issuedBefore: now, effectiveAt });
      }
    },
  };
}

export { CAPABILITIES, VENDOR_ALGS };

import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import { PORTAL_COLOR, PORTAL_FONT, PORTAL_LOGO, PORTAL_VENDOR_NAME } from '../../config.ts';
import type { Applications } from '../../domain/applications.ts';
import { CAPABILITIES, type Capability } from '../../domain/capabilities.ts';
import { type PortalTokens, VENDOR_ALGS } from '../../domain/portal-tokens.ts';
import type { PortalKey } from '../../model.ts';
import type { SealedLook } from '../portal-page/page.ts';
import type { RouteTable } from '../route-table.ts';
import { featureFlags, httpUrl } from '../schemas.ts';
import { ApplicationIn, appPath } from './applications.ts';

const sessionId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9@_-]+$/, 'may contain only letters, digits and @ _ -');

/**
 * Patchbay's extension: this session's look on the App Portal page, carried in the `url`'s query
 * under the names the page reads (Svix's own where it has them), over the configured look.
 */
const PortalLookIn = z.object({
  vendorName: PORTAL_VENDOR_NAME.nullish(),
  icon: PORTAL_LOGO.nullish(),
  primaryColorLight: PORTAL_COLOR.nullish(),
  primaryColorDark: PORTAL_COLOR.nullish(),
  fontFamily: PORTAL_FONT.nullish(),
  theme: z.enum(['light', 'dark', 'auto']).nullish(),
  locale: z.enum(['en', 'de', 'fr']).nullish(),
});

/**
 * The page's query for a session's look: colours as Svix writes them (`RRGGBB`); the vendor's
 * name and logo sealed together (`vendor`), so that they hold only for this session.
 */
function portalQuery(
  look: z.output<typeof PortalLookIn> | null | undefined,
  sealed: (look: SealedLook) => string,
): string {
  const query = new URLSearchParams();
  const { vendorName, icon, ...clear } = look ?? {};
  if (vendorName || icon) query.set('vendor', sealed({ vendorName, icon }));
  for (const [name, value] of Object.entries(clear)) {
    if (typeof value === 'string') query.set(name, name.startsWith('primaryColor') ? value.replace('#', '') : value);
  }
  return query.size ? `?${query}` : '';
}

export const AppPortalAccessIn = z.object({
  application: ApplicationIn.nullish(),
  capabilities: z.array(z.enum(CAPABILITIES)).max(CAPABILITIES.length).nullish(),
  readOnly: z.boolean().nullish(),
  featureFlags: featureFlags.nullish(),
  /** Seconds; Svix's range tops out at 7 days, and Patchbay allows sessions shorter than an hour. */
  expiry: z.number().int().min(60).max(604_800).nullish(),
  sessionId: sessionId.nullish(),
  portal: PortalLookIn.nullish(),
});

const VendorKeyIn = z.object({
  kid: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._-]+$/)
    .nullish(),
  issuer: z.string().min(1).max(1024),
  alg: z.enum(VENDOR_ALGS),
  publicKey: z.union([z.string().max(16_384), z.record(z.string(), z.unknown())]),
});

const VendorKeyOut = z.object({ kid: z.string(), alg: z.string(), issuer: z.string(), createdAt: z.string() });
const vendorKeyOut = (k: PortalKey) => ({
  kid: k.kid,
  alg: k.alg,
  issuer: k.issuer ?? '',
  createdAt: k.createdAt.toISOString(),
});

/** Default portal session length: short, since a token in a browser can leak. */
const DEFAULT_EXPIRY_SECONDS = 3600;

export function authRoutes(
  routes: RouteTable,
  deps: {
    applications: Applications;
    tokens: PortalTokens;
    clock: Clock;
    publicUrl: string;
    /** Seals a session's vendor name and logo for its link, until the session expires (the page opens it). */
    sealLook: (look: SealedLook, expires: Date) => string;
  },
): void {
  const { applications, tokens, clock, publicUrl, sealLook } = deps;
  const tag = 'Authentication';
  routes.add(
    {
      method: 'post',
      path: '/api/v1/auth/app-portal-access/{app_id}',
      operationId: 'v1.authentication.app-portal-access',
      summary: "Start a portal session for one of your customers' applications",
      tag,
      access: { kind: 'vendor' },
      body: AppPortalAccessIn,
      response: z.object({ url: httpUrl, token: z.string() }),
      // The token (and the url, which holds it) is a live credential for the application.
    },
    async ({ params, body }) => {
      const app = body.application
        ? await applications.getOrCreateAt(appPath(params), body.application)
        : await applications.get(params.app_id as string);
      // Svix: no capabilities asked for means all of them; readOnly (deprecated) means ViewBase.
      const expirySeconds = body.expiry ?? DEFAULT_EXPIRY_SECONDS;
      const capabilities: Capability[] = body.readOnly ? ['ViewBase'] : [...(body.capabilities ?? CAPABILITIES)];
      const token = await tokens.issue({
        appId: app.id,
        capabilities: [...new Set<Capability>(['ViewBase', ...capabilities])],
        featureFlags: body.featureFlags ?? [],
        sessionId: body.sessionId ?? null,
        expirySeconds,
      });
      const expires = new Date(clock.now().getTime() + expirySeconds * 1000);
      const query = portalQuery(body.portal, (look) => sealLook(look, expires));
      const key = Buffer.from(JSON.stringify({ appId: app.id, token })).toString('base64url');
      return { url: `${publicUrl}/portal${query}#key=${key}`, token };
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/v1/auth/app/{app_id}/expire-all',
      operationId: 'v1.authentication.expire-all',
      summary: 'End the portal sessions of an application, now or after a delay',
      tag,
      access: { kind: 'vendor' },
      body: z.object({
        expiry: z.number().int().min(0).max(259_200).nullish(),
        sessionIds: z.array(sessionId).max(1000).nullish(),
      }),
      status: 204,
    },
    async ({ params, body }) => {
      const app = await applications.get(params.app_id as string);
      await tokens.expireAll(app.id, { expirySeconds: body.expiry ?? 0, sessionIds: body.sessionIds ?? null });
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/v1/auth/logout',
      operationId: 'v1.authentication.logout',
      summary: 'End the portal session making the call',
      tag,
      access: { kind: 'portal' },
      status: 204,
    },
    async ({ principal }) => {
      if (principal.kind === 'portal') await tokens.logout(principal);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/v1/auth/portal-key',
      operationId: 'patchbay.portal-key.list',
      summary: 'List the public keys you registered to sign your own portal tokens',
      tag,
      access: { kind: 'vendor' },
      response: z.object({ data: z.array(VendorKeyOut) }),
    },
    async () => ({ data: (await tokens.listVendorKeys()).map(vendorKeyOut) }),
  );
  routes.add(
    {
      method: 'post',
      path: '/api/v1/auth/portal-key',
      operationId: 'patchbay.portal-key.create',
      summary: 'Register a public key (PEM or JWK) to sign your own portal tokens, with no round trip',
      tag,
      access: { kind: 'vendor' },
      body: VendorKeyIn,
      response: VendorKeyOut,
      status: 201,
    },
    async ({ body }) => vendorKeyOut(await tokens.registerVendorKey(body)),
  );
  routes.add(
    {
      method: 'delete',
      path: '/api/v1/auth/portal-key/{kid}',
      operationId: 'patchbay.portal-key.delete',
      summary: 'Remove a registered key; tokens it signed stop working at once',
      tag,
      access: { kind: 'vendor' },
      status: 204,
    },
    async ({ params }) => {
      await tokens.deleteVendorKey(params.kid as string);
    },
  );
}

/** `/.well-known/jwks.json`: the public keys of Patchbay's own portal tokens. */
export function jwksRoute(tokens: PortalTokens): Router {
  const router = Router();
  router.get('/.well-known/jwks.json', async (_req, res) => {
    res.setHeader('cache-control', 'public, max-age=300');
    res.json(await tokens.jwks());
  });
  return router;
}

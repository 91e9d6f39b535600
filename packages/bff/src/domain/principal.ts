import type { Capability } from './capabilities.ts';

/** Who is calling: the vendor's backend, or a customer's portal session for one application. */
export type Principal =
  | { kind: 'vendor' }
  | {
      kind: 'portal';
      /** The token's `sub`: an application id (or, for vendor-signed tokens, its uid). */
      app: string;
      capabilities: Capability[];
      featureFlags: string[];
      sessionId: string | null;
      jti: string;
      issuedAt: Date;
      expiresAt: Date;
    };

export type PortalPrincipal = Extract<Principal, { kind: 'portal' }>;

/**
 * The feature flags that narrow what `principal` sees (connectors, event types): a session's
 * own; null for the vendor, who sees everything and is trusted with its own endpoints.
 */
export const flagsOf = (principal: Principal): string[] | null =>
  principal.kind === 'portal' ? principal.featureFlags : null;

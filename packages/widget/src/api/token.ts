/** What a portal session may do (Svix's names). */
export type Capability =
  | 'ViewBase'
  | 'ViewEndpointSecret'
  | 'ManageEndpointSecret'
  | 'ManageTransformations'
  | 'CreateAttempts'
  | 'ManageEndpoint';

/** What the widget reads from a portal token: for display decisions only; the BFF checks it. */
export interface TokenClaims {
  app: string;
  capabilities: string[];
  /** Seconds since the epoch. */
  exp: number;
  iat: number;
}

export function readToken(token: string | undefined): TokenClaims | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    return {
      app: String(json.sub ?? ''),
      capabilities: Array.isArray(json.capabilities) ? json.capabilities.map(String) : [],
      exp: Number(json.exp ?? 0),
      iat: Number(json.iat ?? 0),
    };
  } catch {
    return undefined;
  }
}

const IMPLIED: Partial<Record<Capability, Capability[]>> = {
  ViewEndpointSecret: ['ManageEndpointSecret', 'ManageEndpoint'],
  ManageEndpointSecret: ['ManageEndpoint'],
  ManageTransformations: ['ManageEndpoint'],
};

/** Whether the session may do what `capability` allows (ManageEndpoint carries the endpoint ones, as on the server). */
export const can = (claims: TokenClaims | undefined, capability: Capability) =>
  !!claims &&
  (claims.capabilities.includes(capability) ||
    (IMPLIED[capability] ?? []).some((c) => claims.capabilities.includes(c)));

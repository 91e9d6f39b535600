import type { Credentials } from '../model.ts';
import type { SendOutcome } from '../outbound/client.ts';

/** What a completed OAuth connect yields: where to deliver, and what to keep (encrypted). */
export interface Connected {
  url: string;
  credentials: Credentials;
}

/** A provider's answer was not what its kind expects, or the round trip went wrong: shown to the person connecting. */
export class ProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** The OAuth 2 provider a kind connects through (authorization code; oauth/ runs the round trip). */
export interface OAuthProvider {
  /** Its name in the callback path (`/oauth/<name>/callback`) and in PATCHBAY_<NAME>_CLIENT_ID / _CLIENT_SECRET. */
  name: string;
  /** The provider's real URLs; a configured base URL of the kind's service takes their origin's place. */
  authorizeUrl: string;
  tokenUrl: string;
  scopes: readonly string[];
  scopeSeparator: ' ' | ',';
  /** PKCE S256 where the provider supports it. */
  pkce: boolean;
  /** Client credentials as Basic auth, or in the form. */
  clientAuth: 'basic' | 'form';
  extraAuthorizeParams?: Readonly<Record<string, string>>;
  /** What the token endpoint's answer connects; throws a ProviderError when it lacks what is needed. */
  connected(body: Record<string, unknown>, now: Date): Connected;
  /** For access tokens that expire: when and how to refresh them (the new ones come through `connected`). */
  refresh?: {
    /** Whether `credentials` should be refreshed before they are sent. */
    due(credentials: Credentials, now: Date): boolean;
    /** Whether an answer may mean the token went stale: refreshed once and sent again. */
    stale(outcome: SendOutcome): boolean;
    /** The refresh grant's form fields, or null when the credentials hold nothing to refresh with. */
    grant(credentials: Credentials): Record<string, string> | null;
  };
}

/** A string field of a provider's answer, or a ProviderError naming it. */
export function answerField(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new ProviderError(`the provider's answer has no ${name}`);
  return value;
}

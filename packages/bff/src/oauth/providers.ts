import type { KindRouting } from '../catalog/routing.ts';
import type { OAuthProviderName } from '../config.ts';
import type { OutboundClient, SendOutcome } from '../outbound/client.ts';
import { basicAuth } from '../outbound/headers.ts';

/** What a completed OAuth connect yields: where to deliver, and what to keep (encrypted). */
export interface Connected {
  url: string;
  credentials: Record<string, string>;
}

export class ProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderError';
  }
}

interface ProviderDefinition {
  /** PKCE S256 where the provider supports it (not documented for Discord). */
  pkce: boolean;
  scopeSeparator: string;
  /** The provider's real URLs; a configured base URL of its service takes their origin's place. */
  authorizeUrl: string;
  tokenUrl: string;
  /** Client credentials as Basic auth (Slack prefers it, Discord accepts it) or in the form (HubSpot). */
  clientAuth: 'basic' | 'form';
  extraAuthorizeParams?: Record<string, string>;
  connected(body: Record<string, unknown>, nowMs: number): Connected;
}

const field = (value: unknown, name: string): string => {
  if (typeof value !== 'string' || value === '') throw new ProviderError(`the provider's answer has no ${name}`);
  return value;
};

export const PROVIDERS: Record<OAuthProviderName, ProviderDefinition> = {
  slack: {
    pkce: true,
    scopeSeparator: ',',
    authorizeUrl: 'https://slack.com/oauth/v2/authorize',
    tokenUrl: 'https://slack.com/api/oauth.v2.access',
    clientAuth: 'basic',
    connected(body) {
      // Slack reports failures as HTTP 200 with ok: false (services.md §1).
      if (body.ok !== true)
        throw new ProviderError(`Slack refused the connection: ${String(body.error ?? 'unknown error')}`);
      const hook = (body.incoming_webhook ?? {}) as Record<string, unknown>;
      return { url: field(hook.url, 'incoming_webhook.url'), credentials: { channel: String(hook.channel ?? '') } };
    },
  },
  discord: {
    pkce: false,
    scopeSeparator: ' ',
    authorizeUrl: 'https://discord.com/oauth2/authorize',
    tokenUrl: 'https://discord.com/api/oauth2/token',
    clientAuth: 'basic',
    extraAuthorizeParams: { response_type: 'code' },
    connected(body) {
      const hook = (body.webhook ?? {}) as Record<string, unknown>;
      return { url: field(hook.url, 'webhook.url'), credentials: { channel: String(hook.channel_id ?? '') } };
    },
  },
  hubspot: {
    pkce: true,
    scopeSeparator: ' ',
    authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
    tokenUrl: 'https://api.hubapi.com/oauth/v3/token',
    clientAuth: 'form',
    connected(body, nowMs) {
      return { url: 'https://api.hubapi.com/crm/v3/objects/contacts', credentials: tokenCredentials(body, nowMs) };
    },
  },
};

/** HubSpot's token answer as stored credentials: the access token, its refresh token and expiry. */
export function tokenCredentials(body: Record<string, unknown>, nowMs: number): Record<string, string> {
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 1800;
  return {
    accessToken: field(body.access_token, 'access_token'),
    refreshToken: field(body.refresh_token, 'refresh_token'),
    expiresAt: String(nowMs + expiresIn * 1000),
  };
}

/** Posts a form to a provider's token endpoint and reads the JSON answer, or says what went wrong. */
export async function postTokenRequest(
  client: OutboundClient,
  routing: KindRouting,
  provider: OAuthProviderName,
  app: { clientId: string; clientSecret: string },
  fields: Record<string, string>,
): Promise<Record<string, unknown>> {
  const definition = PROVIDERS[provider];
  const form = new URLSearchParams(fields);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (definition.clientAuth === 'basic') {
    headers.authorization = basicAuth(app.clientId, app.clientSecret);
  } else {
    form.set('client_id', app.clientId);
    form.set('client_secret', app.clientSecret);
  }
  const { url, trusted } = routing.route(definition.tokenUrl);
  const outcome: SendOutcome = await client.send({ url, method: 'POST', headers, body: form.toString() }, { trusted });
  if (outcome.kind === 'error') throw new ProviderError(`${provider} could not be reached: ${outcome.message}`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(outcome.body) as Record<string, unknown>;
  } catch {
    throw new ProviderError(`${provider} answered ${outcome.status} with something that is not JSON`);
  }
  if (outcome.status >= 300) {
    const reason = body.error_description ?? body.message ?? body.error ?? body.status ?? `HTTP ${outcome.status}`;
    throw new ProviderError(`${provider} refused: ${String(reason)}`);
  }
  return body;
}

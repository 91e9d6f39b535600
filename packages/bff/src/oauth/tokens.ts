import { type OAuthProvider, ProviderError } from '../catalog/oauth.ts';
import type { KindRouting } from '../catalog/routing.ts';
import type { Config } from '../config.ts';
import type { Credentials } from '../model.ts';
import type { OutboundClient } from '../outbound/client.ts';
import { basicAuth } from '../outbound/headers.ts';

/** What talks to providers' token endpoints: the outbound client, routed like deliveries, with the OAuth apps. */
export interface TokenEndpoints {
  client: OutboundClient;
  routing: KindRouting;
  apps: Config['oauth'];
}

/** Posts a form to `provider`'s token endpoint with its app's credentials, and reads the JSON answer, or says what went wrong. */
export async function postTokenRequest(
  { client, routing, apps }: TokenEndpoints,
  provider: OAuthProvider,
  fields: Record<string, string>,
): Promise<Record<string, unknown>> {
  const app = apps[provider.name];
  if (!app) throw new ProviderError(`${provider.name} OAuth is not configured on this Patchbay`);
  const form = new URLSearchParams(fields);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (provider.clientAuth === 'basic') {
    headers.authorization = basicAuth(app.clientId, app.clientSecret);
  } else {
    form.set('client_id', app.clientId);
    form.set('client_secret', app.clientSecret);
  }
  const { url, trusted } = routing.route(provider.tokenUrl);
  const outcome = await client.send({ url, method: 'POST', headers, body: form.toString() }, { trusted });
  if (outcome.kind === 'error') throw new ProviderError(`${provider.name} could not be reached: ${outcome.message}`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(outcome.body) as Record<string, unknown>;
  } catch {
    throw new ProviderError(`${provider.name} answered ${outcome.status} with something that is not JSON`);
  }
  if (outcome.status >= 300) {
    const reason = body.error_description ?? body.message ?? body.error ?? body.status ?? `HTTP ${outcome.status}`;
    throw new ProviderError(`${provider.name} refused: ${String(reason)}`);
  }
  return body;
}

/**
 * `current` refreshed through `provider`'s refresh grant: its new tokens over the old ones.
 * Answers `current` unchanged when they hold nothing to refresh with or no app is configured.
 */
export async function refreshTokens(
  endpoints: TokenEndpoints,
  provider: OAuthProvider,
  current: Credentials,
  now: () => Date,
): Promise<Credentials> {
  const grant = provider.refresh?.grant(current);
  if (!grant || !endpoints.apps[provider.name]) return current;
  const body = await postTokenRequest(endpoints, provider, grant);
  return { ...current, ...provider.connected(body, now()).credentials };
}

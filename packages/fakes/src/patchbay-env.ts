import { FAKE_CREDENTIALS } from './credentials.ts';

/** The OAuth providers among the fakes, by Patchbay's provider names. */
export const OAUTH_PROVIDERS = ['slack', 'discord', 'hubspot'] as const;

/** The callback URLs a Patchbay at `publicUrl` sends the OAuth fakes back to. */
export const oauthRedirectUris = (publicUrl: string) => OAUTH_PROVIDERS.map((p) => `${publicUrl}/oauth/${p}/callback`);

/**
 * The environment that points a Patchbay at the fakes: every PATCHBAY_<SERVICE>_BASE_URL, and
 * the OAuth apps the fakes know (PATCHBAY_<PROVIDER>_CLIENT_ID / _CLIENT_SECRET).
 */
export function patchbayEnv(urls: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [kind, url] of Object.entries(urls)) {
    // Windmill is self-hosted: no fixed host to point elsewhere; its URL is typed into the form.
    if (kind === 'windmill') continue;
    env[kind === 'customerioEu' ? 'PATCHBAY_CUSTOMERIO_EU_BASE_URL' : `PATCHBAY_${kind.toUpperCase()}_BASE_URL`] = url;
  }
  for (const provider of OAUTH_PROVIDERS) {
    env[`PATCHBAY_${provider.toUpperCase()}_CLIENT_ID`] = FAKE_CREDENTIALS[provider].clientId;
    env[`PATCHBAY_${provider.toUpperCase()}_CLIENT_SECRET`] = FAKE_CREDENTIALS[provider].clientSecret;
  }
  return env;
}

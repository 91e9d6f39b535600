import { randomBytes } from 'node:crypto';
import type { FakeDefinition } from '../core/fake-server.ts';
import { type FakeRequest, isObject, json, route, text } from '../core/http.ts';
import { formFields, OAuthProvider } from '../core/oauth.ts';
import { signer } from '../core/signed.ts';
import { FAKE_CREDENTIALS } from '../credentials.ts';

/**
 * Slack: OAuth v2 with the `incoming-webhook` scope, and incoming webhooks (services.md §1).
 * Token errors are HTTP 200 with `{ok: false, error}`; webhook errors are plain-text bodies.
 */
export function slackFake(options: { baseUrl: () => string; redirectUris: string[] }) {
  // A hook's secret is signed, not stored: hooks outlive a restart of the fake.
  const hooks = signer('slack');
  const newHook = (team: string) => {
    const hook = `B${randomBytes(5).toString('hex').toUpperCase()}`;
    return { hook, path: `${team}/${hook}/${hooks.sign(`${team}/${hook}`)}` };
  };
  const oauth = new OAuthProvider({
    serviceName: 'Slack',
    clients: [{ ...FAKE_CREDENTIALS.slack, redirectUris: options.redirectUris }],
    accessTokenSeconds: 0,
    choices: ['#general', '#alerts', '#billing'],
    requiredScopes: ['incoming-webhook'],
    scopeSeparator: ',',
    decisionPath: '/oauth/v2/authorize/decision',
  });

  const ERRORS = {
    invalid_client: 'invalid_client_id',
    invalid_secret: 'bad_client_secret',
    invalid_code: 'invalid_code',
    invalid_redirect_uri: 'bad_redirect_uri',
    invalid_grant_type: 'invalid_grant_type',
    invalid_pkce: 'invalid_code_verifier',
    invalid_refresh_token: 'invalid_refresh_token',
  } as const;

  const definition: FakeDefinition = {
    name: 'slack',
    routes: [
      route('GET', '/oauth/v2/authorize', (req) => oauth.authorizePage(req)),
      route('POST', '/oauth/v2/authorize/decision', (req) => oauth.decide(req)),
      route('POST', '/api/oauth.v2.access', (req) => {
        const result = oauth.token(req, formFields(req));
        if ('error' in result) return json(200, { ok: false, error: ERRORS[result.error] });
        const team = 'T0FAKE0001';
        const { hook, path } = newHook(team);
        return json(200, {
          ok: true,
          access_token: `xoxb-${result.grant.accessToken}`,
          token_type: 'bot',
          scope: result.grant.scopes.join(','),
          bot_user_id: 'U0FAKEBOT',
          app_id: 'A0FAKEAPP',
          team: { id: team, name: 'Acme (fake)' },
          enterprise: null,
          is_enterprise_install: false,
          authed_user: { id: 'U0FAKEUSER' },
          incoming_webhook: {
            channel: result.grant.choice,
            channel_id: `C${hook.slice(1)}`,
            configuration_url: `${options.baseUrl()}/services/${hook}`,
            url: `${options.baseUrl()}/services/${path}`,
          },
        });
      }),
      route('POST', '/services/:team/:hook/:secret', (req) => {
        const { team, hook, secret } = req.params as { team: string; hook: string; secret: string };
        if (!hooks.verify(`${team}/${hook}`, secret)) return text(404, 'no_team');
        const body = req.headers['content-type']?.includes('json') ? req.body : undefined;
        if (!isObject(body)) return text(400, 'invalid_payload');
        if (typeof body.text !== 'string' && !Array.isArray(body.blocks)) return text(400, 'invalid_payload');
        return text(200, 'ok');
      }),
    ],
    // Slack: 429, a JSON object, and Retry-After in seconds (services.md §1 Rate limits).
    tooManyRequests: () => json(429, { ok: false, error: 'rate_limited', calls: 2 }, { 'retry-after': '1' }),
    keyOf: (req: FakeRequest) => /^\/services\/[^/]+\/([^/]+)/.exec(req.path)?.[1],
  };
  return {
    definition,
    oauth,
    /** A webhook as if a person had installed the app into a channel, for tests that skip OAuth. */
    createWebhook(_channel = '#general'): string {
      return `${options.baseUrl()}/services/${newHook('T0FAKE0001').path}`;
    },
  };
}

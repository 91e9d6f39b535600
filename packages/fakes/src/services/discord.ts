import { randomInt } from 'node:crypto';
import type { FakeDefinition } from '../core/fake-server.ts';
import { empty, type FakeRequest, isObject, json, route } from '../core/http.ts';
import { formFields, OAuthProvider } from '../core/oauth.ts';
import { signer } from '../core/signed.ts';
import { FAKE_CREDENTIALS } from '../credentials.ts';

const snowflake = () => `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`;

/**
 * Discord: OAuth2 with `webhook.incoming` (token requests form-encoded only) and Execute
 * Webhook (services.md §2). Errors are `{message, code}`; 429 carries a float `retry_after`.
 */
export function discordFake(options: { baseUrl: () => string; redirectUris: string[] }) {
  // Hooks are signed, not stored, so they outlive a restart of the fake: an id ends in four
  // digits derived from the rest (so an unknown id is told from a wrong token), a token is the id's signature.
  const hooks = signer('discord');
  const check = (head: string) =>
    String(Buffer.from(hooks.sign(head), 'base64url').readUInt16BE(0) % 10_000).padStart(4, '0');
  const known = (id: string) => /^\d{18}$/.test(id) && check(id.slice(0, 14)) === id.slice(14);
  const channelOf = (id: string) => `${id.slice(0, 9)}${id.slice(9).split('').reverse().join('')}`;
  const oauth = new OAuthProvider({
    serviceName: 'Discord',
    clients: [{ ...FAKE_CREDENTIALS.discord, redirectUris: options.redirectUris }],
    accessTokenSeconds: 604_800,
    choices: ['#general', '#announcements'],
    requiredScopes: ['webhook.incoming'],
    scopeSeparator: ' ',
    decisionPath: '/oauth2/authorize/decision',
  });

  function newHook() {
    const head = snowflake().slice(0, 14);
    const id = `${head}${check(head)}`;
    const token = hooks.sign(id);
    return { id, token, channelId: channelOf(id), url: `${options.baseUrl()}/api/webhooks/${id}/${token}` };
  }

  const OAUTH_ERRORS = {
    invalid_client: [401, { error: 'invalid_client' }],
    invalid_secret: [401, { error: 'invalid_client' }],
    invalid_code: [400, { error: 'invalid_grant', error_description: 'Invalid "code" in request.' }],
    invalid_redirect_uri: [400, { error: 'invalid_grant', error_description: 'Invalid "redirect_uri" in request.' }],
    invalid_grant_type: [400, { error: 'unsupported_grant_type' }],
    invalid_pkce: [400, { error: 'invalid_grant', error_description: 'Invalid "code_verifier" in request.' }],
    invalid_refresh_token: [400, { error: 'invalid_grant', error_description: 'Invalid "refresh_token" in request.' }],
  } as const;

  const execute = (req: FakeRequest) => {
    const { id, token } = req.params as { id: string; token: string };
    if (!known(id)) return json(404, { message: 'Unknown Webhook', code: 10015 });
    if (!hooks.verify(id, token)) return json(401, { message: 'Invalid Webhook Token', code: 50027 });
    if (!req.headers['content-type']?.includes('json') || (req.text && req.body === undefined)) {
      return json(400, { message: 'The request body contains invalid JSON.', code: 50109 });
    }
    const body = isObject(req.body) ? req.body : {};
    const hasContent = ['content', 'embeds', 'components', 'file', 'poll'].some((k) => body[k] !== undefined);
    if (!hasContent) return json(400, { message: 'Cannot send an empty message', code: 50006 });
    if (typeof body.content === 'string' && body.content.length > 2000) {
      return json(400, {
        message: 'Invalid Form Body',
        code: 50035,
        errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
      });
    }
    if (Array.isArray(body.embeds) && body.embeds.length > 10) {
      return json(400, {
        message: 'Invalid Form Body',
        code: 50035,
        errors: { embeds: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
      });
    }
    if (req.query.get('wait') !== 'true') return empty(204);
    return json(200, {
      id: snowflake(),
      type: 0,
      channel_id: channelOf(id),
      webhook_id: id,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      timestamp: new Date().toISOString(),
      author: { id, username: 'Patchbay', bot: true },
    });
  };

  const definition: FakeDefinition = {
    name: 'discord',
    routes: [
      route('GET', '/oauth2/authorize', (req) => oauth.authorizePage(req)),
      route('POST', '/oauth2/authorize/decision', (req) => oauth.decide(req)),
      route('POST', '/api/oauth2/token', (req) => {
        if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
          return json(400, {
            error: 'invalid_request',
            error_description: 'Request body must be application/x-www-form-urlencoded',
          });
        }
        const result = oauth.token(req, formFields(req));
        if ('error' in result) {
          const [status, body] = OAUTH_ERRORS[result.error];
          return json(status, body);
        }
        const hook = newHook();
        return json(200, {
          token_type: 'Bearer',
          access_token: result.grant.accessToken,
          scope: result.grant.scopes.join(' '),
          expires_in: result.grant.expiresIn,
          refresh_token: result.grant.refreshToken,
          webhook: {
            application_id: '310954232226357250',
            name: 'Patchbay',
            url: hook.url,
            channel_id: hook.channelId,
            token: hook.token,
            type: 1,
            avatar: null,
            guild_id: '290926792226357250',
            id: hook.id,
          },
        });
      }),
      route('POST', '/api/webhooks/:id/:token', execute),
      route('POST', '/api/v10/webhooks/:id/:token', execute),
    ],
    // Discord: JSON with a float retry_after, and Retry-After in whole seconds (services.md §2).
    tooManyRequests: () =>
      json(
        429,
        { message: 'You are being rate limited.', retry_after: 1.25, global: false },
        {
          'retry-after': '2',
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': '1.25',
          'x-ratelimit-scope': 'shared',
        },
      ),
    keyOf: (req) => /^\/api\/(?:v10\/)?webhooks\/([^/]+)/.exec(req.path)?.[1],
  };
  return { definition, oauth, createWebhook: () => newHook().url };
}

import { randomUUID } from 'node:crypto';
import type { FakeDefinition } from '../core/fake-server.ts';
import { bearer, type FakeRequest, isObject, json, route } from '../core/http.ts';
import { formFields, OAuthProvider } from '../core/oauth.ts';
import { FAKE_CREDENTIALS } from '../credentials.ts';

export const HUBSPOT_SCOPES = [
  'crm.objects.contacts.write',
  'crm.objects.companies.write',
  'crm.objects.deals.write',
  'crm.objects.quotes.write',
  'crm.objects.marketing_events.write',
];

const problem = (status: number, category: string, message: string, extra: object = {}) =>
  json(status, { status: 'error', message, correlationId: randomUUID(), category, ...extra });

/**
 * HubSpot: OAuth with 30-minute access tokens and refresh (v1 and v3 token endpoints), and
 * CRM v3 contact creation with Bearer auth (services.md §4).
 */
export function hubspotFake(options: { redirectUris: string[]; now?: () => number }) {
  const contacts = new Map<string, { id: string; properties: Record<string, unknown> }>();
  let nextId = 51;
  const oauth = new OAuthProvider({
    serviceName: 'HubSpot',
    clients: [{ ...FAKE_CREDENTIALS.hubspot, redirectUris: options.redirectUris }],
    accessTokenSeconds: 1800,
    requiredScopes: HUBSPOT_SCOPES,
    scopeSeparator: ' ',
    decisionPath: '/oauth/authorize/decision',
    ...(options.now ? { now: options.now } : {}),
  });

  const token = (req: FakeRequest) => {
    const result = oauth.token(req, { ...Object.fromEntries(req.query), ...formFields(req) });
    if ('error' in result) {
      const messages = {
        invalid_client: ['BAD_CLIENT_ID', 'missing or invalid client id'],
        invalid_secret: ['BAD_CLIENT_SECRET', 'missing or invalid client secret'],
        invalid_code: ['BAD_AUTH_CODE', 'missing or unknown auth code'],
        invalid_redirect_uri: ['BAD_REDIRECT_URI', 'redirect_uri does not match'],
        invalid_grant_type: ['BAD_GRANT_TYPE', 'unknown grant_type'],
        invalid_pkce: ['BAD_AUTH_CODE', 'code_verifier does not match the code_challenge'],
        invalid_refresh_token: ['BAD_REFRESH_TOKEN', 'missing or unknown refresh token'],
      } as const;
      const [status, message] = messages[result.error];
      return json(400, { status, message, correlationId: randomUUID() });
    }
    return json(200, {
      token_type: 'bearer',
      refresh_token: result.grant.refreshToken,
      access_token: result.grant.accessToken,
      expires_in: result.grant.expiresIn,
    });
  };

  const definition: FakeDefinition = {
    name: 'hubspot',
    routes: [
      route('GET', '/oauth/authorize', (req) => oauth.authorizePage(req)),
      route('POST', '/oauth/authorize/decision', (req) => oauth.decide(req)),
      route('POST', '/oauth/v1/token', token),
      route('POST', '/oauth/v3/token', token),
      route('POST', '/crm/v3/objects/contacts', (req) => {
        const accessToken = bearer(req.headers);
        const refused = oauth.checkAccessToken(accessToken);
        if (refused === 'expired') {
          const expiredAt = oauth.expiresAt(accessToken as string) ?? 0;
          const expiredAgo = Math.round(((options.now?.() ?? Date.now()) - expiredAt) / 1000);
          return problem(
            401,
            'EXPIRED_AUTHENTICATION',
            `The OAuth token used to make this call expired ${expiredAgo} second(s) ago.`,
            {
              context: { 'expire time': [new Date(expiredAt).toISOString()] },
            },
          );
        }
        if (refused) return problem(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found.');
        const properties = isObject(req.body) && isObject(req.body.properties) ? req.body.properties : null;
        if (!properties || !['email', 'firstname', 'lastname'].some((p) => typeof properties[p] === 'string')) {
          return problem(
            400,
            'VALIDATION_ERROR',
            'Property values were not valid: include at least one of email, firstname or lastname',
          );
        }
        const email = typeof properties.email === 'string' ? properties.email.toLowerCase() : undefined;
        const existing = email ? contacts.get(email) : undefined;
        if (existing) return problem(409, 'CONFLICT', `Contact already exists. Existing ID: ${existing.id}`);
        const now = new Date().toISOString();
        const contact = { id: String(nextId++), properties: { ...properties, createdate: now, lastmodifieddate: now } };
        if (email) contacts.set(email, contact);
        return json(201, { ...contact, createdAt: now, updatedAt: now, archived: false });
      }),
    ],
    // HubSpot: RATE_LIMIT body with the policy; Retry-After is unconfirmed, so none is sent.
    tooManyRequests: () =>
      json(
        429,
        {
          status: 'error',
          message: 'You have reached your secondly limit.',
          errorType: 'RATE_LIMIT',
          correlationId: randomUUID(),
          policyName: 'SECONDLY',
          requestId: randomUUID(),
        },
        {
          'x-hubspot-ratelimit-interval-milliseconds': '10000',
          'x-hubspot-ratelimit-max': '110',
          'x-hubspot-ratelimit-remaining': '0',
        },
      ),
    keyOf: (req) => bearer(req.headers) ?? undefined,
    notFound: () => problem(404, 'OBJECT_NOT_FOUND', 'resource not found'),
  };
  return { definition, oauth, contacts };
}

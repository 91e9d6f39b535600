import type { Credentials } from '../../model.ts';
import { bearer, type ConnectorKindModule, PERSON_HELPERS } from '../kind.ts';
import { BRAND_LOGOS } from '../logos.ts';
import { answerField } from '../oauth.ts';

const CONTACTS_URL = 'https://api.hubapi.com/crm/v3/objects/contacts';
/** An access token this close to expiry is refreshed before use. */
const REFRESH_MARGIN_MS = 60_000;

/** HubSpot's token answer as stored credentials: the access token, its refresh token and expiry. */
function tokens(body: Record<string, unknown>, now: Date): Credentials {
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 1800;
  return {
    accessToken: answerField(body.access_token, 'access_token'),
    refreshToken: answerField(body.refresh_token, 'refresh_token'),
    expiresAt: String(now.getTime() + expiresIn * 1000),
  };
}

export const hubspot: ConnectorKindModule = {
  kind: 'Hubspot',
  name: 'HubSpot',
  logo: BRAND_LOGOS.hubspot,
  services: [{ name: 'HUBSPOT', hosts: ['api.hubapi.com', 'app.hubspot.com'] }],
  connect: {
    type: 'oauth',
    provider: {
      name: 'hubspot',
      authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
      tokenUrl: 'https://api.hubapi.com/oauth/v3/token',
      scopes: [
        'crm.objects.contacts.write',
        'crm.objects.companies.write',
        'crm.objects.deals.write',
        'crm.objects.quotes.write',
        'crm.objects.marketing_events.write',
      ],
      scopeSeparator: ' ',
      pkce: true,
      clientAuth: 'form',
      connected: (body, now) => ({ url: CONTACTS_URL, credentials: tokens(body, now) }),
      refresh: {
        due: (c, now) => Number(c.expiresAt ?? 0) - now.getTime() < REFRESH_MARGIN_MS,
        // HubSpot warns a 401 does not always mean expiry; refreshing once and retrying costs little.
        stale: (outcome) => outcome.kind === 'response' && outcome.status === 401,
        grant: (c) => (c.refreshToken ? { grant_type: 'refresh_token', refresh_token: c.refreshToken } : null),
      },
    },
    fields: [],
  },
  // Corrected from the product brief, which read payload.email where its payload has user.email.
  defaultTransformation: `/**
 * Creates or updates the HubSpot contact an event is about (POST /crm/v3/objects/contacts).
 * Events about no one with an email are not sent.
 */
function handler(webhook) {
  const person = personOf(webhook.payload);
  if (!person?.email) {
    webhook.cancel = true;
    return webhook;
  }
  const [first, ...rest] = person.name.split(" ");
  webhook.url = "${CONTACTS_URL}";
  webhook.payload = {
    properties: {
      email: person.email,
      firstname: person.firstname ?? person.first_name ?? first ?? "",
      lastname: person.lastname ?? person.last_name ?? rest.join(" ")
    }
  };
  return webhook;
}

${PERSON_HELPERS}
`,
  endpointUrl: () => CONTACTS_URL,
  authorize: bearer('accessToken'),
  hint: (c) => ({ hubId: c.hubId ?? '' }),
};

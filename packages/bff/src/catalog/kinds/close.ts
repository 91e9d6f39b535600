import { basicAuth } from '../../outbound/headers.ts';
import { apiKeyField, bodyField, type ConnectorKindModule, mask, PERSON_HELPERS } from '../kind.ts';
import { BRAND_LOGOS } from '../logos.ts';

const CLOSE = 'https://api.close.com';

export const close: ConnectorKindModule = {
  kind: 'CloseCRM',
  name: 'Close CRM',
  logo: BRAND_LOGOS.close,
  services: [{ name: 'CLOSECRM', hosts: ['api.close.com'] }],
  connect: {
    type: 'api-key',
    fields: [
      apiKeyField('In Close: Settings → Developer → API Keys. The key starts with "api_".', '^api_[A-Za-z0-9._-]{8,}$'),
    ],
  },
  // Corrected from the product brief, which added the contact to a hard-coded lead id: this creates
  // a lead with its contact, as a customer's new user needs.
  defaultTransformation: `/**
 * Creates a Close lead with the contact an event is about (POST /api/v1/lead/), named after
 * their company. Events about no one are not sent.
 */
function handler(webhook) {
  const person = personOf(webhook.payload);
  if (!person) {
    webhook.cancel = true;
    return webhook;
  }
  const company = person.company ?? webhook.payload.customer_name ?? webhook.payload.company;
  webhook.url = "${CLOSE}/api/v1/lead/";
  webhook.payload = {
    name: typeof company === "string" && company ? company : person.name || person.email || String(person.id),
    contacts: [{
      name: person.name || person.email || String(person.id),
      emails: person.email ? [{ type: "office", email: person.email }] : [],
      phones: person.phone ? [{ type: "office", phone: person.phone }] : []
    }]
  };
  return webhook;
}

${PERSON_HELPERS}
`,
  endpointUrl: () => `${CLOSE}/api/v1/lead/`,
  async verify(c, ctx) {
    const me = await ctx.get(`${CLOSE}/api/v1/me/`, {
      authorization: basicAuth(c.apiKey ?? '', ''),
    });
    if (me.kind === 'response' && me.status === 200) return { ok: true };
    if (me.kind === 'response' && me.status === 401)
      return { ok: false, field: 'apiKey', message: 'Close did not accept this API key' };
    return {
      ok: false,
      field: 'apiKey',
      message: 'Close could not be reached to check the key; try again',
      problem: 'unreachable',
    };
  },
  authorize: (request, c) => ({
    ...request,
    headers: { ...request.headers, authorization: basicAuth(c.apiKey ?? '', '') },
  }),
  // Close says how long to wait in the 429 body's rate_reset, in seconds (services.md §5).
  retryAfter: (outcome) => {
    const error = bodyField(outcome, 'error') as { rate_reset?: unknown } | undefined;
    return typeof error?.rate_reset === 'number' ? error.rate_reset : null;
  },
  hint: (c) => ({ apiKey: mask(c.apiKey) }),
};

import { basicAuth } from '../../outbound/headers.ts';
import { type ConnectorKindModule, EVENT_HELPERS, mask, PERSON_HELPERS } from '../kind.ts';
import { BRAND_LOGOS } from '../logos.ts';

const TRACK = { us: 'https://track.customer.io', eu: 'https://track-eu.customer.io' };

export const customerio: ConnectorKindModule = {
  kind: 'CustomerIO',
  name: 'Customer.io',
  logo: BRAND_LOGOS.customerio,
  services: [
    { name: 'CUSTOMERIO', hosts: ['track.customer.io'] },
    { name: 'CUSTOMERIO_EU', hosts: ['track-eu.customer.io'] },
  ],
  connect: {
    type: 'api-key',
    fields: [
      {
        name: 'siteId',
        label: 'Site ID',
        type: 'text',
        required: true,
        pattern: '^[A-Za-z0-9]{6,}$',
        help: 'In Customer.io: Settings → API Credentials → Track API Keys.',
        target: 'credentials',
      },
      {
        name: 'apiKey',
        label: 'API key',
        type: 'password',
        required: true,
        help: 'The Track API key beside that Site ID.',
        target: 'credentials',
      },
    ],
  },
  // Corrected from the product brief, which put the event name in `action`: an event's action is "event".
  defaultTransformation: `/**
 * Sends a Customer.io event for the person an event is about (POST /api/v2/entity), with the
 * event's plain fields as attributes. Events about no one are not sent.
 */
function handler(webhook) {
  const person = personOf(webhook.payload);
  if (!person) {
    webhook.cancel = true;
    return webhook;
  }
  webhook.payload = {
    type: "person",
    identifiers: person.id ? { id: String(person.id) } : { email: person.email },
    action: "event",
    name: typeof webhook.payload.event === "string" ? webhook.payload.event : titleOf(webhook.eventType),
    attributes: { ...propertiesOf(webhook.payload), ...(person.email ? { email: person.email } : {}), ...(person.name ? { name: person.name } : {}) }
  };
  return webhook;
}

${EVENT_HELPERS}${PERSON_HELPERS}
`,
  endpointUrl: (c) => `${c.region === 'eu' ? TRACK.eu : TRACK.us}/api/v2/entity`,
  // The region lookup works from either host and says which region the account lives in (services.md §7).
  async verify(c, ctx) {
    const found = await ctx.get(`${TRACK.us}/api/v1/accounts/region`, {
      authorization: basicAuth(c.siteId ?? '', c.apiKey ?? ''),
    });
    if (found.kind === 'response' && found.status === 200) {
      const region = (JSON.parse(found.body) as { region?: string }).region === 'eu' ? 'eu' : 'us';
      return { ok: true, credentials: { ...c, region } };
    }
    if (found.kind === 'response' && found.status === 401) {
      return { ok: false, field: 'apiKey', message: 'Customer.io did not accept this Site ID and API key' };
    }
    return {
      ok: false,
      field: 'apiKey',
      message: 'Customer.io could not be reached to check the key; try again',
      problem: 'unreachable',
    };
  },
  authorize: (request, c) => ({
    ...request,
    headers: { ...request.headers, authorization: basicAuth(c.siteId ?? '', c.apiKey ?? '') },
  }),
  hint: (c) => ({ siteId: c.siteId ?? '', apiKey: mask(c.apiKey), region: c.region ?? 'us' }),
};

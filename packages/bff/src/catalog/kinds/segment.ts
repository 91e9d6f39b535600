import { basicAuth } from '../../outbound/headers.ts';
import { type ConnectorKindModule, EVENT_HELPERS, mask, PERSON_HELPERS } from '../kind.ts';
import { BRAND_LOGOS } from '../logos.ts';

const REGIONS = { us: 'https://api.segment.io', eu: 'https://events.eu1.segmentapis.com' };

export const segment: ConnectorKindModule = {
  kind: 'Segment',
  name: 'Segment',
  logo: BRAND_LOGOS.segment,
  services: [{ name: 'SEGMENT', hosts: ['api.segment.io', 'events.eu1.segmentapis.com'] }],
  connect: {
    type: 'api-key',
    fields: [
      {
        name: 'writeKey',
        label: 'Write key',
        type: 'password',
        required: true,
        pattern: '^[A-Za-z0-9]{8,}$',
        help: "In Segment: Connections → Sources → your HTTP API source → Settings → API Keys. Segment accepts any key without saying so, so check it is your source's.",
        target: 'credentials',
      },
      {
        name: 'region',
        label: 'Workspace region',
        type: 'select',
        required: true,
        options: [
          { value: 'us', label: 'United States (Oregon)' },
          { value: 'eu', label: 'European Union (Dublin)' },
        ],
        help: 'An EU workspace must use the EU endpoint: sent to the US one, its events are silently dropped.',
        target: 'credentials',
      },
    ],
  },
  defaultTransformation: `/**
 * Sends a Segment track call (POST /v1/track) for the person an event is about, with the event's
 * plain fields as properties. Events about no one are not sent.
 */
function handler(webhook) {
  const person = personOf(webhook.payload);
  if (!person) {
    webhook.cancel = true;
    return webhook;
  }
  const identity = person.id ? { userId: String(person.id) } : { anonymousId: person.email };
  webhook.payload = {
    ...identity,
    event: typeof webhook.payload.event === "string" ? webhook.payload.event : titleOf(webhook.eventType),
    properties: { ...propertiesOf(webhook.payload), ...(person.email ? { email: person.email } : {}), ...(person.name ? { name: person.name } : {}) },
    timestamp: new Date().toISOString()
  };
  return webhook;
}

${EVENT_HELPERS}${PERSON_HELPERS}
`,
  endpointUrl: (c) => `${c.region === 'eu' ? REGIONS.eu : REGIONS.us}/v1/track`,
  authorize: (request, c) => ({
    ...request,
    headers: { ...request.headers, authorization: basicAuth(c.writeKey ?? '', '') },
  }),
  hint: (c) => ({ writeKey: mask(c.writeKey), region: c.region ?? 'us' }),
};

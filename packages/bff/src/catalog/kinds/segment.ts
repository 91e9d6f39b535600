import { basicAuth } from '../../outbound/headers.ts';
import { type ConnectorKindModule, mask, monogram } from '../kind.ts';

const REGIONS = { us: 'https://api.segment.io', eu: 'https://events.eu1.segmentapis.com' };

export const segment: ConnectorKindModule = {
  kind: 'Segment',
  name: 'Segment',
  logo: monogram('Sg', '#52BD94'),
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
 * Sends a Segment track call (POST /v1/track).
 * Example payload: { user: { id: "user123", email: "john@example.com", name: "John Doe" }, event: "subscription_created", properties: { plan: "premium", price: 99.99 } }
 */
function handler(webhook) {
  webhook.payload = {
    userId: webhook.payload.user.id,
    event: webhook.payload.event,
    properties: {
      ...webhook.payload.properties,
      email: webhook.payload.user.email,
      name: webhook.payload.user.name
    },
    timestamp: new Date().toISOString()
  };
  return webhook;
}
`,
  endpointUrl: (c) => `${c.region === 'eu' ? REGIONS.eu : REGIONS.us}/v1/track`,
  authorize: (request, c) => ({
    ...request,
    headers: { ...request.headers, authorization: basicAuth(c.writeKey ?? '', '') },
  }),
  hint: (c) => ({ writeKey: mask(c.writeKey), region: c.region ?? 'us' }),
};

import { type ConnectorKindModule, mask, monogram } from '../kind.ts';

const INNGEST = 'https://inn.gs';

export const inngest: ConnectorKindModule = {
  kind: 'Inngest',
  name: 'Inngest',
  logo: monogram('In', '#111827'),
  services: [{ name: 'INNGEST', hosts: ['inn.gs'] }],
  connect: {
    type: 'api-key',
    fields: [
      {
        name: 'eventKey',
        label: 'Event key',
        type: 'password',
        required: true,
        help: 'In Inngest: Manage → Event Keys → Create Event Key.',
        target: 'credentials',
      },
    ],
  },
  defaultTransformation: null,
  // The key travels in the path (services.md §12), so it is added only when sending: the endpoint's
  // URL, which the API shows, stays free of it.
  endpointUrl: () => `${INNGEST}/e/`,
  // Inngest needs events as {name, data}: any other payload is wrapped, named after its event type.
  authorize: (request, c, eventType) => {
    const url = new URL(request.url);
    const withKey =
      url.pathname === '/e/' ? `${url.origin}/e/${encodeURIComponent(c.eventKey ?? '')}${url.search}` : request.url;
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      body = request.body;
    }
    const isEvent = (e: unknown) =>
      typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string';
    if (isEvent(body) || (Array.isArray(body) && body.length > 0 && body.every(isEvent)))
      return { ...request, url: withKey };
    return { ...request, url: withKey, body: JSON.stringify({ name: eventType, data: body }) };
  },
  hint: (c) => ({ eventKey: mask(c.eventKey) }),
};

import { randomBytes } from 'node:crypto';
import type { FakeDefinition } from '../core/fake-server.ts';
import { basicAuth, type FakeRequest, isObject, json, route } from '../core/http.ts';
import { FAKE_CREDENTIALS } from '../credentials.ts';

const id = (prefix: string) => `${prefix}_${randomBytes(16).toString('base64url').slice(0, 22)}`;

/** Close CRM: API key as the Basic username, `/me` to check it, leads and contacts (services.md §5). */
export function closeFake() {
  const authorized = (req: FakeRequest) => basicAuth(req.headers)?.user === FAKE_CREDENTIALS.close.apiKey;
  const unauthorized = () => json(401, { error: 'The API key is invalid or missing.' });
  const contact = (c: Record<string, unknown>, leadId: string) => ({
    id: id('cont'),
    lead_id: leadId,
    name: c.name ?? '',
    title: c.title ?? '',
    emails: Array.isArray(c.emails) ? c.emails : [],
    phones: Array.isArray(c.phones) ? c.phones : [],
    organization_id: 'orga_fake',
    date_created: new Date().toISOString(),
  });

  const definition: FakeDefinition = {
    name: 'close',
    routes: [
      route('GET', '/api/v1/me', (req) =>
        authorized(req)
          ? json(200, {
              id: 'user_fake',
              email: 'owner@acme.example',
              first_name: 'Owner',
              organizations: [{ id: 'orga_fake', name: 'Acme (fake)' }],
            })
          : unauthorized(),
      ),
      route('POST', '/api/v1/lead', (req) => {
        if (!authorized(req)) return unauthorized();
        if (!isObject(req.body)) return json(400, { error: 'Invalid JSON' });
        const leadId = id('lead');
        const contacts = Array.isArray(req.body.contacts) ? req.body.contacts.filter(isObject) : [];
        const name = typeof req.body.name === 'string' ? req.body.name : '';
        return json(200, {
          id: leadId,
          name,
          display_name: name || (contacts[0]?.name as string | undefined) || 'Untitled',
          status_id: 'stat_fake',
          status_label: 'Potential',
          contacts: contacts.map((c) => contact(c, leadId)),
          organization_id: 'orga_fake',
          date_created: new Date().toISOString(),
          date_updated: new Date().toISOString(),
          html_url: `https://app.close.com/lead/${leadId}/`,
        });
      }),
      route('POST', '/api/v1/contact', (req) => {
        if (!authorized(req)) return unauthorized();
        if (!isObject(req.body)) return json(400, { error: 'Invalid JSON' });
        if (typeof req.body.lead_id !== 'string') {
          return json(400, { 'field-errors': { lead_id: 'This field is required.' }, errors: [] });
        }
        return json(200, contact(req.body, req.body.lead_id));
      }),
    ],
    // Close: wait `rate_reset` seconds; the RateLimit header carries reset= in seconds (services.md §5).
    tooManyRequests: () =>
      json(
        429,
        { error: { rate_reset: 1.5, message: 'API call count exceeded for this period', rate_limit: 100 } },
        { ratelimit: 'limit=100, remaining=0, reset=2', 'retry-after': '2' },
      ),
    keyOf: (req) => basicAuth(req.headers)?.user,
  };
  return { definition };
}

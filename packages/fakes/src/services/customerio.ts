import type { FakeDefinition } from '../core/fake-server.ts';
import { basicAuth, type FakeRequest, isObject, json, route } from '../core/http.ts';
import { FAKE_CREDENTIALS } from '../credentials.ts';

type Region = 'us' | 'eu';
const ACTIONS = [
  'identify',
  'delete',
  'event',
  'screen',
  'page',
  'add_relationships',
  'delete_relationships',
  'add_device',
  'delete_device',
  'merge',
  'suppress',
  'unsuppress',
];

/**
 * Customer.io's Track API in one region (services.md §7): Basic `site_id:api_key`, the region
 * lookup that works on either host, and `/api/v2/entity`. An account only exists in its
 * region, so the other region's host refuses its writes with a 401.
 */
export function customerioFake(region: Region, urls: () => Record<Region, string>) {
  const accountOf = (req: FakeRequest): Region | null => {
    const auth = basicAuth(req.headers);
    for (const r of ['us', 'eu'] as const) {
      const account = FAKE_CREDENTIALS.customerio[r];
      if (auth?.user === account.siteId && auth.password === account.apiKey) return r;
    }
    return null;
  };
  const unauthorized = () => json(401, { meta: { error: 'Unauthorized request' } });

  const definition: FakeDefinition = {
    name: `customerio-${region}`,
    routes: [
      route('GET', '/api/v1/accounts/region', (req) => {
        const home = accountOf(req);
        if (!home) return unauthorized();
        return json(200, { url: urls()[home], region: home, environment_id: home === 'us' ? 101 : 201 });
      }),
      route('POST', '/api/v2/entity', (req) => {
        if (accountOf(req) !== region) return unauthorized();
        if (Buffer.byteLength(req.text) >= 32 * 1024) {
          return json(400, { errors: [{ reason: 'too_large', message: 'request must be smaller than 32KB' }] });
        }
        const body = isObject(req.body) ? req.body : null;
        const errors: { reason: string; field: string; message: string }[] = [];
        if (!body) errors.push({ reason: 'invalid', field: 'body', message: 'request body must be a JSON object' });
        else {
          if (body.type !== 'person' && body.type !== 'object' && body.type !== 'delivery') {
            errors.push({ reason: 'required', field: 'type', message: 'type must be person, object or delivery' });
          }
          const ids = isObject(body.identifiers) ? Object.keys(body.identifiers) : [];
          if (ids.length !== 1 || !['id', 'email', 'phone', 'cio_id'].includes(ids[0] as string)) {
            errors.push({
              reason: 'invalid',
              field: 'identifiers',
              message: 'exactly one of id, email, phone or cio_id',
            });
          }
          if (!ACTIONS.includes(body.action as string))
            errors.push({ reason: 'invalid', field: 'action', message: 'unknown action' });
          if (body.action === 'event' && typeof body.name !== 'string') {
            errors.push({ reason: 'required', field: 'name', message: 'events need a name' });
          }
        }
        return errors.length ? json(400, { errors }) : json(200, {});
      }),
    ],
    tooManyRequests: () => json(429, { meta: { error: 'Too many requests' } }, { 'retry-after': '1' }),
    keyOf: (req) => basicAuth(req.headers)?.user,
  };
  return { definition };
}

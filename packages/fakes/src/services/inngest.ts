import { randomBytes } from 'node:crypto';
import type { FakeDefinition } from '../core/fake-server.ts';
import { isObject, json, route } from '../core/http.ts';
import { FAKE_CREDENTIALS } from '../credentials.ts';

const MAX_EVENT = 256 * 1024;
const ulid = () => `01${randomBytes(12).toString('hex').toUpperCase().slice(0, 24)}`;

/** Inngest's Event API (services.md §12): the event key in the path, one event or an array of them. */
export function inngestFake() {
  const definition: FakeDefinition = {
    name: 'inngest',
    routes: [
      route('POST', '/e/:eventKey', (req) => {
        if (req.params.eventKey !== FAKE_CREDENTIALS.inngest.eventKey)
          return json(401, { error: 'Event key not found', status: 401 });
        if (Buffer.byteLength(req.text) > MAX_EVENT)
          return json(413, { error: 'Event payload too large', status: 413 });
        const events = Array.isArray(req.body) ? req.body : [req.body];
        if (events.length === 0 || events.some((e) => !isObject(e) || typeof e.name !== 'string' || e.name === '')) {
          return json(400, { error: 'Cannot process event payload: every event needs a name', status: 400 });
        }
        return json(200, { ids: events.map(ulid), status: 200 });
      }),
    ],
    tooManyRequests: () => json(429, { error: 'Too many requests', status: 429 }, { 'retry-after': '1' }),
    keyOf: (req) => /^\/e\/([^/]+)/.exec(req.path)?.[1],
  };
  return { definition };
}

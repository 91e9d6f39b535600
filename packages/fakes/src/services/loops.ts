import type { FakeDefinition } from '../core/fake-server.ts';
import { bearer, isObject, json, route } from '../core/http.ts';
import { FAKE_CREDENTIALS } from '../credentials.ts';

/** Loops (services.md §10): the API-key check, events/send, Idempotency-Key, and a 429 with no hint. */
export function loopsFake() {
  const idempotency = new Map<string, string>();
  const unauthorized = () => json(401, { success: false, message: 'Invalid API key' });
  const definition: FakeDefinition = {
    name: 'loops',
    routes: [
      route('GET', '/api/v1/api-key', (req) =>
        bearer(req.headers) === FAKE_CREDENTIALS.loops.apiKey
          ? json(200, { success: true, teamName: FAKE_CREDENTIALS.loops.teamName })
          : unauthorized(),
      ),
      route('POST', '/api/v1/events/send', (req) => {
        if (bearer(req.headers) !== FAKE_CREDENTIALS.loops.apiKey) return unauthorized();
        const idemKey = req.headers['idempotency-key'];
        if (typeof idemKey === 'string') {
          if (idemKey.length > 100)
            return json(400, { success: false, message: 'Idempotency key must be at most 100 characters.' });
          const seen = idempotency.get(idemKey);
          if (seen !== undefined && seen !== req.text) {
            return json(409, {
              success: false,
              message: 'Idempotency key already used with a different request body.',
            });
          }
          if (seen !== undefined) return json(200, { success: true });
        }
        const body = isObject(req.body) ? req.body : null;
        if (!body) return json(400, { success: false, message: 'Invalid JSON body.' });
        if (typeof body.eventName !== 'string' || body.eventName === '') {
          return json(400, { success: false, message: 'eventName is required.' });
        }
        if (body.eventName.includes(':'))
          return json(400, { success: false, message: 'eventName cannot contain ":".' });
        if (typeof body.email !== 'string' && typeof body.userId !== 'string') {
          return json(400, { success: false, message: 'An email or userId is required.' });
        }
        if (typeof idemKey === 'string') idempotency.set(idemKey, req.text);
        return json(200, { success: true });
      }),
    ],
    notFound: () => json(405, { success: false, message: 'Method not allowed' }),
    // Loops documents no Retry-After: only the limit headers (services.md §10).
    tooManyRequests: () =>
      json(
        429,
        { success: false, message: 'Too many requests' },
        { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0' },
      ),
    keyOf: (req) => bearer(req.headers) ?? undefined,
  };
  return { definition };
}

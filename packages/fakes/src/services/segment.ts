import type { FakeDefinition } from '../core/fake-server.ts';
import { basicAuth, type FakeRequest, isObject, json, route } from '../core/http.ts';
import { FAKE_CREDENTIALS } from '../credentials.ts';

const CALLS = ['identify', 'track', 'page', 'screen', 'group', 'alias', 'batch'];
const MAX_REQUEST = 32 * 1024;
const MAX_BATCH = 500 * 1024;

/**
 * Segment's HTTP Tracking API (services.md §6). The edge validates no write key: any key of a
 * plausible length gets `200 {"success": true}`; only an empty or very short one is a 400.
 * The fake remembers whether the key was the real one, for tests to inspect.
 */
export function segmentFake() {
  const writeKeyOf = (req: FakeRequest) =>
    (isObject(req.body) && typeof req.body.writeKey === 'string' ? req.body.writeKey : undefined) ??
    basicAuth(req.headers)?.user;

  const definition: FakeDefinition = {
    name: 'segment',
    routes: CALLS.map((call) =>
      route('POST', `/v1/${call}`, (req) => {
        const size = Buffer.byteLength(req.text);
        if (size > (call === 'batch' ? MAX_BATCH : MAX_REQUEST))
          return json(400, { success: false, message: 'request too large' });
        if (!isObject(req.body)) return json(400, { success: false, message: 'invalid JSON' });
        const key = writeKeyOf(req);
        if (!key || key.length < 8) return json(400, { success: false, message: 'missing or invalid write key' });
        const events =
          call === 'batch' ? (Array.isArray(req.body.batch) ? req.body.batch.filter(isObject) : []) : [req.body];
        if (events.some((e) => !e.userId && !e.anonymousId))
          return json(400, { success: false, code: 'no_user_anon_id' });
        if (call === 'track' && typeof req.body.event !== 'string')
          return json(400, { success: false, message: 'missing event' });
        return json(200, { success: true });
      }),
    ),
    // Segment: 429 with Retry-After and X-RateLimit-Reset, both in seconds (services.md §6).
    tooManyRequests: () =>
      json(429, { success: false, message: 'Too Many Requests' }, { 'retry-after': '2', 'x-ratelimit-reset': '2' }),
    keyOf: writeKeyOf,
  };
  return { definition, isValidKey: (key: string) => key === FAKE_CREDENTIALS.segment.writeKey };
}

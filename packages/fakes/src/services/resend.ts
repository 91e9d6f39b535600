import { randomUUID } from 'node:crypto';
import type { FakeDefinition } from '../core/fake-server.ts';
import { bearer, isObject, json, route, text } from '../core/http.ts';
import { FAKE_CREDENTIALS } from '../credentials.ts';

const error = (statusCode: number, name: string, message: string) => json(statusCode, { statusCode, name, message });

/**
 * Resend `POST /emails` (services.md §9): Bearer `re_…`, a required User-Agent (Cloudflare's
 * 403 error 1010 without one), 200 `{id}`, and Idempotency-Key remembered for 24 h.
 */
export function resendFake() {
  const idempotency = new Map<string, { body: string; id: string }>();
  const definition: FakeDefinition = {
    name: 'resend',
    routes: [
      route('POST', '/emails', (req) => {
        if (!req.headers['user-agent']) return text(403, 'error code: 1010');
        const key = bearer(req.headers);
        if (!key) return error(401, 'missing_api_key', 'Missing API key in the authorization header');
        if (key !== FAKE_CREDENTIALS.resend.apiKey) return error(403, 'invalid_api_key', 'API key is invalid');
        const idemKey = req.headers['idempotency-key'];
        if (typeof idemKey === 'string') {
          if (idemKey.length > 256)
            return error(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.');
          const seen = idempotency.get(idemKey);
          if (seen && seen.body !== req.text) {
            return error(
              409,
              'invalid_idempotent_request',
              'Same idempotency key used with a different request payload.',
            );
          }
          if (seen) return json(200, { id: seen.id });
        }
        const body = isObject(req.body) ? req.body : null;
        if (!body) return error(422, 'validation_error', 'Invalid JSON body');
        for (const field of ['from', 'to', 'subject']) {
          if (body[field] === undefined) return error(422, 'missing_required_field', `Missing \`${field}\` field.`);
        }
        if (body.html === undefined && body.text === undefined && body.template === undefined) {
          return error(422, 'validation_error', 'Missing `html` or `text` field.');
        }
        if (typeof body.from !== 'string' || !/@/.test(body.from))
          return error(422, 'invalid_from_address', 'Invalid `from` field.');
        const id = randomUUID();
        if (typeof idemKey === 'string') idempotency.set(idemKey, { body: req.text, id });
        return json(200, { id });
      }),
    ],
    // Resend: IETF ratelimit-* headers and retry-after, all in seconds (services.md §9).
    tooManyRequests: () =>
      json(
        429,
        {
          statusCode: 429,
          name: 'rate_limit_exceeded',
          message: 'Too many requests. You can only make 5 requests per second.',
        },
        { 'ratelimit-limit': '5', 'ratelimit-remaining': '0', 'ratelimit-reset': '1', 'retry-after': '1' },
      ),
    keyOf: (req) => bearer(req.headers) ?? undefined,
  };
  return { definition };
}

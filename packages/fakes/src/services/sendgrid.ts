import { randomBytes } from 'node:crypto';
import type { FakeDefinition } from '../core/fake-server.ts';
import { bearer, empty, isObject, json, route } from '../core/http.ts';
import { FAKE_CREDENTIALS } from '../credentials.ts';

const error = (status: number, message: string, field: string | null = null) =>
  json(status, { errors: [{ message, field, help: null }] });

/** SendGrid v3 mail/send (services.md §8): Bearer key, 202 with an empty body, `{errors: […]}`. */
export function sendgridFake(options: { now?: () => number } = {}) {
  const definition: FakeDefinition = {
    name: 'sendgrid',
    routes: [
      route('POST', '/v3/mail/send', (req) => {
        if (bearer(req.headers) !== FAKE_CREDENTIALS.sendgrid.apiKey) return error(401, 'authorization required');
        if (Buffer.byteLength(req.text) > 30 * 1024 * 1024) return error(413, 'content too large');
        const body = isObject(req.body) ? req.body : null;
        if (!body) return error(400, 'invalid request');
        const personalizations = Array.isArray(body.personalizations) ? body.personalizations.filter(isObject) : [];
        if (personalizations.length === 0)
          return error(
            400,
            'The personalizations field is required and must have at least 1 item.',
            'personalizations',
          );
        if (personalizations.length > 1000)
          return error(400, 'The personalizations field can have at most 1000 items.', 'personalizations');
        const recipients = personalizations.flatMap((p) =>
          ['to', 'cc', 'bcc'].flatMap((k) => (Array.isArray(p[k]) ? (p[k] as unknown[]).filter(isObject) : [])),
        );
        if (personalizations.some((p) => !Array.isArray(p.to) || p.to.length === 0)) {
          return error(
            400,
            'The to array is required for all personalization objects, and must have at least one email object.',
            'personalizations.0.to',
          );
        }
        if (recipients.length > 1000)
          return error(400, 'The total number of recipients must be less than 1000.', 'personalizations');
        const from = isObject(body.from) && typeof body.from.email === 'string' ? body.from.email : null;
        if (!from) return error(400, 'The from object must be provided for every email send.', 'from');
        if (!body.template_id) {
          if (typeof body.subject !== 'string' && personalizations.every((p) => typeof p.subject !== 'string')) {
            return error(400, 'The subject is required.', 'subject');
          }
          if (!Array.isArray(body.content) || body.content.length === 0)
            return error(400, 'The content value must be a string at least one character in length.', 'content');
        }
        if (!(FAKE_CREDENTIALS.sendgrid.verifiedSenders as readonly string[]).includes(from)) {
          return error(403, 'The from address does not match a verified Sender Identity.', 'from');
        }
        return empty(202, { 'x-message-id': randomBytes(16).toString('base64url') });
      }),
    ],
    // SendGrid: X-RateLimit-Reset is a UNIX epoch in seconds; no Retry-After (services.md §8).
    tooManyRequests: () => {
      const reset = Math.ceil(((options.now?.() ?? Date.now()) + 2000) / 1000);
      return json(
        429,
        { errors: [{ field: null, message: 'too many requests' }] },
        { 'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      );
    },
    keyOf: (req) => bearer(req.headers) ?? undefined,
  };
  return { definition };
}

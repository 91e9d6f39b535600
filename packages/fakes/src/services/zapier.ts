import { randomUUID } from 'node:crypto';
import type { FakeDefinition } from '../core/fake-server.ts';
import { json, route } from '../core/http.ts';
import { FAKE_CREDENTIALS } from '../credentials.ts';

/**
 * Zapier Catch Hooks (services.md §13): any hook URL is answered 200 with Zapier's ids, even
 * when no Zap listens, so a caller cannot tell; `/silent/` answers with an empty body.
 */
export function zapierFake(options: { baseUrl: () => string }) {
  const accepted = () =>
    json(200, { id: randomUUID(), request_id: randomUUID(), attempt: randomUUID(), status: 'success' });
  const definition: FakeDefinition = {
    name: 'zapier',
    routes: ['POST', 'PUT', 'GET'].flatMap((method) => [
      route(method, '/hooks/catch/:account/:hook/silent', () => ({ status: 200, body: '' })),
      route(method, '/hooks/catch/:account/:hook', accepted),
      route(method, '/hooks/catch/:hook', accepted),
    ]),
    tooManyRequests: () => json(429, { status: 'throttled', message: 'Too many requests' }),
    keyOf: (req) => /^\/hooks\/catch\/(?:[^/]+\/)?([^/]+)/.exec(req.path)?.[1],
  };
  const { accountId, hookId } = FAKE_CREDENTIALS.zapier;
  return { definition, hookUrl: () => `${options.baseUrl()}/hooks/catch/${accountId}/${hookId}/` };
}

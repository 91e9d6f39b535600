import { randomUUID } from 'node:crypto';
import type { FakeDefinition } from '../core/fake-server.ts';
import { bearer, type FakeRequest, isObject, json, route, text } from '../core/http.ts';
import { FAKE_CREDENTIALS } from '../credentials.ts';

/**
 * Windmill webhooks (services.md §11): async runs answer the job UUID as plain text, sync runs
 * the script's result. The token is a Bearer header or `?token=`. The shapes of its auth
 * errors are not documented; the fake answers 401 and 404 with plain text. `whoami` (Windmill's
 * OpenAPI: `GET /api/w/{workspace}/users/whoami`) answers the token's user in the workspace,
 * which is how Patchbay checks a token at connect without running the script.
 */
export function windmillFake() {
  const { token, workspace, scripts } = FAKE_CREDENTIALS.windmill;
  const check = (req: FakeRequest, kind: 'p' | 'f') => {
    if ((bearer(req.headers) ?? req.query.get('token')) !== token) return text(401, 'Unauthorized: invalid token');
    if (req.params.workspace !== workspace) return text(404, `workspace ${req.params.workspace} not found`);
    const path = req.params.path ?? '';
    const known = scripts.some(
      (s) => s === path && (kind === 'f' ? s.startsWith('f/flows/') : !s.startsWith('f/flows/')),
    );
    return known ? null : text(404, `${kind === 'f' ? 'flow' : 'script'} ${path} not found`);
  };
  // Arguments are the JSON object's keys; anything else (or wrap_body=true) arrives as `body`.
  const args = (req: FakeRequest) =>
    isObject(req.body) && req.query.get('wrap_body') !== 'true' ? req.body : { body: req.body ?? req.text };

  const whoami = (req: FakeRequest) => {
    if (bearer(req.headers) !== token) return text(401, 'Unauthorized: invalid token');
    if (req.params.workspace !== workspace) return text(404, `workspace ${req.params.workspace} not found`);
    return json(200, { workspace_id: workspace, username: 'bot', email: 'bot@acme.example', is_admin: false });
  };

  const definition: FakeDefinition = {
    name: 'windmill',
    routes: [
      route('GET', '/api/w/:workspace/users/whoami', whoami),
      ...(['p', 'f'] as const).flatMap((kind) => [
        route('POST', `/api/w/:workspace/jobs/run/${kind}/*path`, (req) => check(req, kind) ?? text(201, randomUUID())),
        route(
          'POST',
          `/api/w/:workspace/jobs/run_wait_result/${kind}/*path`,
          (req) => check(req, kind) ?? json(200, { received: args(req) }),
        ),
      ]),
    ],
    tooManyRequests: () => text(429, 'Too Many Requests', { 'retry-after': '1' }),
    keyOf: (req) => /\/jobs\/run(?:_wait_result)?\/[pf]\/(.+)$/.exec(req.path)?.[1],
  };
  return { definition };
}

import { bearer, type ConnectorKindModule, mask, monogram } from '../kind.ts';

export const windmill: ConnectorKindModule = {
  kind: 'Windmill',
  name: 'Windmill',
  logo: monogram('W', '#3B82F6'),
  connect: {
    type: 'api-key',
    fields: [
      {
        name: 'instanceUrl',
        label: 'Windmill URL',
        type: 'url',
        required: true,
        placeholder: 'https://app.windmill.dev',
        pattern: '^https?://[^/?#]+/?$',
        help: 'https://app.windmill.dev for Windmill Cloud, or your own instance.',
        target: 'credentials',
      },
      {
        name: 'workspace',
        label: 'Workspace',
        type: 'text',
        required: true,
        pattern: '^[a-z0-9_-]+$',
        target: 'credentials',
      },
      {
        name: 'runnable',
        label: 'Run a',
        type: 'select',
        required: true,
        options: [
          { value: 'script', label: 'Script' },
          { value: 'flow', label: 'Flow' },
        ],
        target: 'credentials',
      },
      {
        name: 'path',
        label: 'Path',
        type: 'text',
        required: true,
        pattern: '^[uf]/[A-Za-z0-9_/.-]+$',
        placeholder: 'u/me/on_invoice',
        help: 'From the script or flow\'s "Details & Triggers" tab.',
        target: 'credentials',
      },
      {
        name: 'token',
        label: 'Token',
        type: 'password',
        required: true,
        help: 'A webhook-specific token (it can run only this script or flow), from the same tab.',
        target: 'credentials',
      },
    ],
  },
  // Windmill takes any JSON object: its keys become the script's arguments.
  defaultTransformation: null,
  endpointUrl: (c) =>
    `${(c.instanceUrl ?? '').replace(/\/$/, '')}/api/w/${c.workspace}/jobs/run/${c.runnable === 'flow' ? 'f' : 'p'}/${c.path}`,
  // Windmill's whoami (services.md §11, Windmill's OpenAPI) checks the token and the workspace
  // without running anything. Only the answers that say so refuse: a webhook-specific token may
  // be scoped to its script and not allowed whoami (403), which says nothing against it.
  async verify(c, ctx) {
    const base = (c.instanceUrl ?? '').replace(/\/$/, '');
    const me = await ctx.get(`${base}/api/w/${encodeURIComponent(c.workspace ?? '')}/users/whoami`, {
      authorization: `Bearer ${c.token}`,
    });
    if (me.kind === 'error') {
      const blocked = me.reason === 'blocked';
      return {
        ok: false,
        field: 'instanceUrl',
        message: `Windmill at this URL cannot be used: ${blocked ? me.message : 'it could not be reached'}`,
        problem: blocked ? 'blocked' : 'unreachable',
      };
    }
    if (me.status === 401) return { ok: false, field: 'token', message: 'Windmill did not accept this token' };
    if (me.status === 404)
      return { ok: false, field: 'workspace', message: `Windmill has no workspace "${c.workspace}" on this instance` };
    return { ok: true };
  },
  authorize: bearer('token'),
  hint: (c) => ({
    instanceUrl: c.instanceUrl ?? '',
    workspace: c.workspace ?? '',
    path: c.path ?? '',
    token: mask(c.token),
  }),
};

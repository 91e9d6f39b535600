import { basicAuth } from '../../outbound/headers.ts';
import { type ConnectorKindModule, mask, monogram } from '../kind.ts';

/**
 * A vendor's own integration: its name, logo and instructions come from the connector; the
 * customer gives a URL (prefilled with `defaultUrl`) and, when the connector says so, HttpBasic
 * or HttpBearer credentials that become the Authorization header.
 */
export const custom: ConnectorKindModule = {
  kind: 'Custom',
  name: 'Custom webhook',
  logo: monogram('{}', '#475569'),
  connect: {
    type: 'custom',
    fields: [
      { name: 'url', label: 'Endpoint URL', type: 'url', required: true, pattern: '^https?://', target: 'credentials' },
    ],
  },
  defaultTransformation: null,
  endpointUrl: (c) => c.url ?? '',
  authorize: (request, c) => {
    if (c.token) return { ...request, headers: { ...request.headers, authorization: `Bearer ${c.token}` } };
    if (c.username !== undefined)
      return { ...request, headers: { ...request.headers, authorization: basicAuth(c.username, c.password ?? '') } };
    return request;
  },
  // A user name may be a key (`sk_live_…` as the Basic user, with no password): masked like one.
  hint: (c) => ({
    ...(c.username !== undefined ? { username: mask(c.username) } : {}),
    ...(c.token ? { token: mask(c.token) } : {}),
  }),
};

/**
 * The credential fields a Custom connector's authentication method adds to its form. Svix calls
 * it the connector's default method: the customer may leave them empty for a URL that needs no
 * authentication (a Basic pair is both or neither, form-connect.ts checks).
 */
export function customAuthFields(method: 'HttpBasic' | 'HttpBearer' | null) {
  const field = (name: string, label: string, type: 'text' | 'password', help: string) => ({
    name,
    label,
    type,
    required: false,
    help,
    target: 'credentials' as const,
  });
  if (method === 'HttpBasic') {
    return [
      field('username', 'Username', 'text', 'Sent as HTTP Basic authentication; leave empty if the URL needs none.'),
      field('password', 'Password', 'password', 'Kept encrypted; never shown again.'),
    ];
  }
  if (method === 'HttpBearer') {
    return [field('token', 'Token', 'password', 'Sent as "Authorization: Bearer …"; kept encrypted.')];
  }
  return [];
}

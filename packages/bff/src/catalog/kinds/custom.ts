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
  hint: (c) => ({
    ...(c.username !== undefined ? { username: c.username } : {}),
    ...(c.token ? { token: mask(c.token) } : {}),
  }),
};

/** The credential fields a Custom connector's authentication method adds to its form. */
export function customAuthFields(method: 'HttpBasic' | 'HttpBearer' | null) {
  if (method === 'HttpBasic') {
    return [
      { name: 'username', label: 'Username', type: 'text' as const, required: true, target: 'credentials' as const },
      {
        name: 'password',
        label: 'Password',
        type: 'password' as const,
        required: true,
        target: 'credentials' as const,
      },
    ];
  }
  if (method === 'HttpBearer') {
    return [
      { name: 'token', label: 'Token', type: 'password' as const, required: true, target: 'credentials' as const },
    ];
  }
  return [];
}

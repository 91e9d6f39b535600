import { apiKeyField, bearer, type ConnectorKindModule, mask, monogram } from '../kind.ts';

const RESEND = 'https://api.resend.com';

export const resend: ConnectorKindModule = {
  kind: 'Resend',
  name: 'Resend',
  logo: monogram('R', '#000000'),
  services: [{ name: 'RESEND', hosts: ['api.resend.com'] }],
  connect: {
    type: 'api-key',
    fields: [
      apiKeyField(
        'In Resend: API Keys → Create API Key, with sending access. It starts with "re_".',
        '^re_[A-Za-z0-9_]+$',
      ),
      {
        name: 'from',
        label: 'From address',
        type: 'text',
        required: true,
        placeholder: 'Acme <notifications@acme.com>',
        help: 'An address on a domain you verified in Resend.',
        target: 'variables',
      },
    ],
  },
  defaultTransformation: `/**
 * Sends an email with Resend. The sender comes from the endpoint's "from" variable.
 * Example payload: { user: { email: "john@example.com", name: "John Doe" } }
 */
function handler(webhook) {
  webhook.payload = {
    from: webhook.env.from,
    to: [webhook.payload.user.email],
    subject: "Welcome!",
    html: \`<h1>Welcome \${webhook.payload.user.name}!</h1><p>Thank you for signing up.</p>\`
  };
  return webhook;
}
`,
  endpointUrl: () => `${RESEND}/emails`,
  authorize: bearer('apiKey'),
  hint: (c) => ({ apiKey: mask(c.apiKey) }),
};

import { apiKeyField, bearer, type ConnectorKindModule, mask, monogram } from '../kind.ts';

const SENDGRID = 'https://api.sendgrid.com';

export const sendgrid: ConnectorKindModule = {
  kind: 'Sendgrid',
  name: 'SendGrid',
  logo: monogram('SG', '#1A82E2'),
  services: [{ name: 'SENDGRID', hosts: ['api.sendgrid.com', 'api.eu.sendgrid.com'] }],
  connect: {
    type: 'api-key',
    fields: [
      apiKeyField(
        'In SendGrid: Settings → API Keys, with Mail Send access. It starts with "SG.".',
        '^SG\\.[A-Za-z0-9._-]+$',
      ),
      {
        name: 'from',
        label: 'From address',
        type: 'email',
        required: true,
        help: 'A verified Sender Identity of your SendGrid account.',
        target: 'variables',
      },
    ],
  },
  defaultTransformation: `/**
 * Sends an email with SendGrid's Mail Send API. The sender comes from the endpoint's "from" variable.
 * Example payload: { user: { email: "john@example.com", name: "John Doe" } }
 */
function handler(webhook) {
  webhook.payload = {
    personalizations: [{ to: [{ email: webhook.payload.user.email }] }],
    from: { email: webhook.env.from },
    subject: "Welcome!",
    content: [{
      type: "text/html",
      value: \`<h1>Welcome \${webhook.payload.user.name}!</h1><p>Thank you for signing up.</p>\`
    }]
  };
  return webhook;
}
`,
  endpointUrl: () => `${SENDGRID}/v3/mail/send`,
  authorize: bearer('apiKey'),
  // SendGrid gives the end of its window as a UNIX time in X-RateLimit-Reset (services.md §8).
  retryAfter: (outcome, now) => {
    const reset = outcome.kind === 'response' ? Number(outcome.headers['x-ratelimit-reset']) : Number.NaN;
    return Number.isFinite(reset) ? Math.max(0, reset - now.getTime() / 1000) : null;
  },
  hint: (c) => ({ apiKey: mask(c.apiKey) }),
};

import {
  apiKeyField,
  bearer,
  type ConnectorKindModule,
  EMAIL_HELPERS,
  EVENT_HELPERS,
  mask,
  PERSON_HELPERS,
} from '../kind.ts';
import { BRAND_LOGOS } from '../logos.ts';

const SENDGRID = 'https://api.sendgrid.com';

export const sendgrid: ConnectorKindModule = {
  kind: 'Sendgrid',
  name: 'SendGrid',
  logo: BRAND_LOGOS.sendgrid,
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
 * Emails the person an event is about with SendGrid's Mail Send API: the event's title as the
 * subject, its fields in the body. The sender is the endpoint's "from" variable. Events about no one with an email are not sent.
 */
function handler(webhook) {
  const person = personOf(webhook.payload);
  if (!person?.email) {
    webhook.cancel = true;
    return webhook;
  }
  webhook.payload = {
    personalizations: [{ to: [{ email: person.email, ...(person.name ? { name: person.name } : {}) }] }],
    from: { email: webhook.env.from },
    subject: titleOf(webhook.eventType),
    content: [{ type: "text/html", value: htmlOf(webhook.eventType, webhook.payload) }]
  };
  return webhook;
}

${EVENT_HELPERS}${PERSON_HELPERS}${EMAIL_HELPERS}
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

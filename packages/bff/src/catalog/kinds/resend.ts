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

const RESEND = 'https://api.resend.com';

export const resend: ConnectorKindModule = {
  kind: 'Resend',
  name: 'Resend',
  logo: BRAND_LOGOS.resend,
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
 * Emails the person an event is about with Resend: the event's title as the subject, its fields
 * in the body. The sender is the endpoint's "from" variable. Events about no one with an email are not sent.
 */
function handler(webhook) {
  const person = personOf(webhook.payload);
  if (!person?.email) {
    webhook.cancel = true;
    return webhook;
  }
  webhook.payload = {
    from: webhook.env.from,
    to: [person.email],
    subject: titleOf(webhook.eventType),
    html: htmlOf(webhook.eventType, webhook.payload)
  };
  return webhook;
}

${EVENT_HELPERS}${PERSON_HELPERS}${EMAIL_HELPERS}
`,
  endpointUrl: () => `${RESEND}/emails`,
  authorize: bearer('apiKey'),
  hint: (c) => ({ apiKey: mask(c.apiKey) }),
};

import { apiKeyField, bearer, type ConnectorKindModule, mask, PERSON_HELPERS } from '../kind.ts';
import { BRAND_LOGOS } from '../logos.ts';

const LOOPS = 'https://app.loops.so';

export const loops: ConnectorKindModule = {
  kind: 'Loops',
  name: 'Loops',
  logo: BRAND_LOGOS.loops,
  services: [{ name: 'LOOPS', hosts: ['app.loops.so'] }],
  connect: {
    type: 'api-key',
    fields: [apiKeyField('In Loops: Settings → API → Generate key.')],
  },
  defaultTransformation: `/**
 * Sends a Loops event (POST /api/v1/events/send), which can start an email loop, for the person
 * an event is about, named after the event type (invoice.paid → invoice_paid). Events about no one are not sent.
 */
function handler(webhook) {
  const person = personOf(webhook.payload);
  if (!person) {
    webhook.cancel = true;
    return webhook;
  }
  webhook.payload = {
    ...(person.email ? { email: person.email } : {}),
    ...(person.id ? { userId: String(person.id) } : {}),
    eventName: webhook.eventType.replace(/[^A-Za-z0-9_]/g, "_"),
    eventProperties: propertiesOf(webhook.payload)
  };
  return webhook;
}

${PERSON_HELPERS}
`,
  endpointUrl: () => `${LOOPS}/api/v1/events/send`,
  async verify(c, ctx) {
    const check = await ctx.get(`${LOOPS}/api/v1/api-key`, {
      authorization: `Bearer ${c.apiKey}`,
    });
    if (check.kind === 'response' && check.status === 200) return { ok: true };
    if (check.kind === 'response' && check.status === 401)
      return { ok: false, field: 'apiKey', message: 'Loops did not accept this API key' };
    return {
      ok: false,
      field: 'apiKey',
      message: 'Loops could not be reached to check the key; try again',
      problem: 'unreachable',
    };
  },
  authorize: bearer('apiKey'),
  hint: (c) => ({ apiKey: mask(c.apiKey) }),
};

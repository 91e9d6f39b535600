import { apiKeyField, bearer, type ConnectorKindModule, mask, monogram } from '../kind.ts';

const LOOPS = 'https://app.loops.so';

export const loops: ConnectorKindModule = {
  kind: 'Loops',
  name: 'Loops',
  logo: monogram('L', '#FF6B00'),
  services: [{ name: 'LOOPS', hosts: ['app.loops.so'] }],
  connect: {
    type: 'api-key',
    fields: [apiKeyField('In Loops: Settings → API → Generate key.')],
  },
  defaultTransformation: `/**
 * Sends a Loops event (POST /api/v1/events/send), which can start an email loop.
 * Example payload: { user: { email: "john@example.com", id: "user123" } }
 */
function handler(webhook) {
  webhook.payload = {
    email: webhook.payload.user.email,
    userId: webhook.payload.user.id,
    eventName: webhook.eventType.replace(/[^A-Za-z0-9_]/g, "_"),
    eventProperties: { source: "webhook" }
  };
  return webhook;
}
`,
  endpointUrl: () => `${LOOPS}/api/v1/events/send`,
  async verify(c, ctx) {
    const check = await ctx.get(`${LOOPS}/api/v1/api-key`, {
      authorization: `Bearer ${c.apiKey}`,
    });
    if (check.kind === 'response' && check.status === 200) return { ok: true };
    if (check.kind === 'response' && check.status === 401)
      return { ok: false, field: 'apiKey', message: 'Loops did not accept this API key' };
    return { ok: false, field: 'apiKey', message: 'Loops could not be reached to check the key; try again' };
  },
  authorize: bearer('apiKey'),
  hint: (c) => ({ apiKey: mask(c.apiKey) }),
};

import { type ConnectorKindModule, monogram } from '../kind.ts';
import { answerField, ProviderError } from '../oauth.ts';

export const slack: ConnectorKindModule = {
  kind: 'Slack',
  name: 'Slack',
  logo: monogram('S', '#4A154B'),
  services: [{ name: 'SLACK', hosts: ['hooks.slack.com', 'slack.com'] }],
  // https://hooks.slack.com/services/T…/B…/secret
  secretUrl: { visibleSegments: 1 },
  connect: {
    type: 'oauth',
    provider: {
      name: 'slack',
      authorizeUrl: 'https://slack.com/oauth/v2/authorize',
      tokenUrl: 'https://slack.com/api/oauth.v2.access',
      // The incoming-webhook scope makes Slack show a channel picker and hand back a webhook URL.
      scopes: ['incoming-webhook'],
      scopeSeparator: ',',
      pkce: true,
      // Slack prefers the client credentials as Basic auth.
      clientAuth: 'basic',
      connected(body) {
        // Slack reports failures as HTTP 200 with ok: false (services.md §1).
        if (body.ok !== true)
          throw new ProviderError(`Slack refused the connection: ${String(body.error ?? 'unknown error')}`);
        const hook = (body.incoming_webhook ?? {}) as Record<string, unknown>;
        return {
          url: answerField(hook.url, 'incoming_webhook.url'),
          credentials: { channel: String(hook.channel ?? '') },
        };
      },
    },
    fields: [],
  },
  defaultTransformation: `/**
 * Posts to Slack's incoming webhook: a "text" message (blocks may be added).
 * Example payload: { amount: 99.99, customer_name: "John Doe", invoice_id: "inv_123" }
 */
function handler(webhook) {
  webhook.payload = {
    text: \`💰 New invoice for $\${webhook.payload.amount} from \${webhook.payload.customer_name}\`
  };
  return webhook;
}
`,
  hint: (c) => ({ channel: c.channel ?? '' }),
};

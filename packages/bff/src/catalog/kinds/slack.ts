import { type ConnectorKindModule, monogram } from '../kind.ts';

export const slack: ConnectorKindModule = {
  kind: 'Slack',
  name: 'Slack',
  logo: monogram('S', '#4A154B'),
  services: [{ name: 'SLACK', hosts: ['hooks.slack.com', 'slack.com'] }],
  // https://hooks.slack.com/services/T…/B…/secret
  secretUrl: { visibleSegments: 1 },
  // The incoming-webhook scope makes Slack show a channel picker and hand back a webhook URL.
  connect: { type: 'oauth', provider: 'slack', scopes: ['incoming-webhook'], fields: [] },
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

import { bodyField, type ConnectorKindModule, monogram } from '../kind.ts';

export const discord: ConnectorKindModule = {
  kind: 'Discord',
  name: 'Discord',
  logo: monogram('D', '#5865F2'),
  services: [{ name: 'DISCORD', hosts: ['discord.com', 'discordapp.com'] }],
  // https://discord.com/api/webhooks/{id}/{token}
  secretUrl: { visibleSegments: 2 },
  connect: { type: 'oauth', provider: 'discord', scopes: ['webhook.incoming'], fields: [] },
  defaultTransformation: `/**
 * Executes a Discord webhook with an embed.
 * Example payload: { user: { email: "john@example.com", name: "John Doe" }, cancellation_reason: "Too expensive" }
 */
function handler(webhook) {
  webhook.payload = {
    embeds: [{
      title: "❌ Subscription Cancelled",
      description: \`User \${webhook.payload.user.email} cancelled their subscription\`,
      color: 0xff0000
    }]
  };
  return webhook;
}
`,
  // Discord's 429 says how long in the body, as float seconds (services.md §2).
  retryAfter: (outcome) => {
    const seconds = bodyField(outcome, 'retry_after');
    return typeof seconds === 'number' ? seconds : null;
  },
  hint: (c) => ({ channel: c.channel ?? '' }),
};

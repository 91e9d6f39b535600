import { bodyField, type ConnectorKindModule, monogram } from '../kind.ts';
import { answerField } from '../oauth.ts';

export const discord: ConnectorKindModule = {
  kind: 'Discord',
  name: 'Discord',
  logo: monogram('D', '#5865F2'),
  services: [{ name: 'DISCORD', hosts: ['discord.com', 'discordapp.com'] }],
  // https://discord.com/api/webhooks/{id}/{token}
  secretUrl: { visibleSegments: 2 },
  connect: {
    type: 'oauth',
    provider: {
      name: 'discord',
      authorizeUrl: 'https://discord.com/oauth2/authorize',
      tokenUrl: 'https://discord.com/api/oauth2/token',
      scopes: ['webhook.incoming'],
      scopeSeparator: ' ',
      // Not documented for Discord.
      pkce: false,
      clientAuth: 'basic',
      extraAuthorizeParams: { response_type: 'code' },
      connected(body) {
        const hook = (body.webhook ?? {}) as Record<string, unknown>;
        return { url: answerField(hook.url, 'webhook.url'), credentials: { channel: String(hook.channel_id ?? '') } };
      },
    },
    fields: [],
  },
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

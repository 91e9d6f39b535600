import { bodyField, type ConnectorKindModule, EVENT_HELPERS } from '../kind.ts';
import { BRAND_LOGOS } from '../logos.ts';
import { answerField } from '../oauth.ts';

export const discord: ConnectorKindModule = {
  kind: 'Discord',
  name: 'Discord',
  logo: BRAND_LOGOS.discord,
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
  defaultTransformation: `/** Posts the event to a Discord channel as an embed: its title, and its fields (Discord's limits: 25 fields, 1024 characters each). */
function handler(webhook) {
  webhook.payload = {
    embeds: [{
      title: titleOf(webhook.eventType),
      fields: factsOf(webhook.payload).slice(0, 25).map(([name, value]) => ({ name: name.slice(0, 256), value: value.slice(0, 1024), inline: value.length < 40 })),
      color: 0x5865f2
    }]
  };
  return webhook;
}

${EVENT_HELPERS}
`,
  // Discord's 429 says how long in the body, as float seconds (services.md §2).
  retryAfter: (outcome) => {
    const seconds = bodyField(outcome, 'retry_after');
    return typeof seconds === 'number' ? seconds : null;
  },
  hint: (c) => ({ channel: c.channel ?? '' }),
};

import { type ConnectorKindModule, EVENT_HELPERS } from '../kind.ts';
import { BRAND_LOGOS } from '../logos.ts';
import { answerField, ProviderError } from '../oauth.ts';

export const slack: ConnectorKindModule = {
  kind: 'Slack',
  name: 'Slack',
  logo: BRAND_LOGOS.slack,
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
  defaultTransformation: `/** Posts the event to a Slack channel: its title, then its fields (a "text" message; blocks may be added). */
function handler(webhook) {
  const lines = factsOf(webhook.payload).slice(0, 12).map(([label, text]) => "• *" + escape(label) + ":* " + escape(text));
  webhook.payload = { text: ["*" + escape(titleOf(webhook.eventType)) + "*", ...lines].join("\\n") };
  return webhook;
}

// Slack reads <, > and & as markup.
function escape(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

${EVENT_HELPERS}
`,
  hint: (c) => ({ channel: c.channel ?? '' }),
};

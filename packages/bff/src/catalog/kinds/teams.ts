import { httpsUrlOn } from '../../outbound/urls.ts';
import { type ConnectorKindModule, EVENT_HELPERS } from '../kind.ts';
import { BRAND_LOGOS } from '../logos.ts';

// Workflows trigger URLs: Logic Apps, and the Power Platform hosts they are moving to (services.md §3).
const HOSTS = ['.logic.azure.com', '.environment.api.powerplatform.com'];

export const teams: ConnectorKindModule = {
  kind: 'Teams',
  name: 'Microsoft Teams',
  logo: BRAND_LOGOS.teams,
  services: [{ name: 'TEAMS', hosts: HOSTS }],
  // The `sig` query parameter is a SAS signature: anyone with the URL can post.
  secretUrl: { visibleSegments: 1 },
  connect: {
    type: 'url',
    urlPattern: httpsUrlOn(HOSTS),
    fields: [
      {
        name: 'url',
        label: 'Workflow URL',
        type: 'url',
        required: true,
        placeholder: 'https://….logic.azure.com:443/workflows/…/triggers/manual/paths/invoke?…&sig=…',
        help: 'The HTTP POST URL of a "Post to a channel when a webhook request is received" workflow.',
        target: 'credentials',
      },
    ],
    instructions: [
      'In Teams, open the channel, select ⋯ (More options), then Workflows.',
      'Pick the template "Post to a channel when a webhook request is received".',
      'Check that the Microsoft Teams connection is enabled, then select Next.',
      'Choose the team and the channel, then Create flow.',
      'Copy the URL shown and paste it here.',
      'Tip: create the flow with a service account or add co-owners; a flow stops when its owner leaves. Workflows cannot post to private channels.',
    ],
  },
  defaultTransformation: `/** Posts the event to a Teams channel as an Adaptive Card: its title, and its fields as facts. */
function handler(webhook) {
  webhook.payload = {
    type: "message",
    attachments: [{
      contentType: "application/vnd.microsoft.card.adaptive",
      contentUrl: null,
      content: {
        $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
        type: "AdaptiveCard",
        version: "1.2",
        body: [
          { type: "TextBlock", text: titleOf(webhook.eventType), weight: "Bolder", size: "Medium", wrap: true },
          { type: "FactSet", facts: factsOf(webhook.payload).slice(0, 20).map(([title, value]) => ({ title, value })) }
        ]
      }
    }]
  };
  return webhook;
}

${EVENT_HELPERS}
`,
  endpointUrl: (c) => c.url ?? '',
  hint: (c) => ({ url: c.url ? `${new URL(c.url).host}/…` : '' }),
};

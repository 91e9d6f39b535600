import { httpsUrlOn } from '../../outbound/urls.ts';
import { type ConnectorKindModule, monogram } from '../kind.ts';

// Workflows trigger URLs: Logic Apps, and the Power Platform hosts they are moving to (services.md §3).
const HOSTS = ['.logic.azure.com', '.environment.api.powerplatform.com'];

export const teams: ConnectorKindModule = {
  kind: 'Teams',
  name: 'Microsoft Teams',
  logo: monogram('T', '#5059C9'),
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
  defaultTransformation: `/**
 * Posts an Adaptive Card through a Teams Workflows webhook.
 * Example payload: { ticket_id: "TICKET-123", customer_name: "John Doe", priority: "high" }
 */
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
          { type: "TextBlock", text: "🆘 New Support Ticket", weight: "Bolder" },
          { type: "TextBlock", text: \`Ticket #\${webhook.payload.ticket_id} from \${webhook.payload.customer_name}\`, wrap: true }
        ]
      }
    }]
  };
  return webhook;
}
`,
  endpointUrl: (c) => c.url ?? '',
  hint: (c) => ({ url: c.url ? `${new URL(c.url).host}/…` : '' }),
};

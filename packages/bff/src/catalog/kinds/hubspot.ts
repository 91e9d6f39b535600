import { bearer, type ConnectorKindModule, monogram } from '../kind.ts';

export const HUBSPOT_CONTACTS_URL = 'https://api.hubapi.com/crm/v3/objects/contacts';

export const hubspot: ConnectorKindModule = {
  kind: 'Hubspot',
  name: 'HubSpot',
  logo: monogram('H', '#FF7A59'),
  services: [{ name: 'HUBSPOT', hosts: ['api.hubapi.com', 'app.hubspot.com'] }],
  connect: {
    type: 'oauth',
    provider: 'hubspot',
    scopes: [
      'crm.objects.contacts.write',
      'crm.objects.companies.write',
      'crm.objects.deals.write',
      'crm.objects.quotes.write',
      'crm.objects.marketing_events.write',
    ],
    fields: [],
  },
  // Corrected from the product brief, which read payload.email where its payload has user.email.
  defaultTransformation: `/**
 * Creates a HubSpot contact (POST /crm/v3/objects/contacts).
 * Example payload: { user: { firstname: "John", lastname: "Doe", email: "john.doe@example.com" } }
 */
function handler(webhook) {
  webhook.url = "${HUBSPOT_CONTACTS_URL}";
  webhook.payload = {
    properties: {
      email: webhook.payload.user.email,
      firstname: webhook.payload.user.firstname,
      lastname: webhook.payload.user.lastname
    }
  };
  return webhook;
}
`,
  endpointUrl: () => HUBSPOT_CONTACTS_URL,
  authorize: bearer('accessToken'),
  hint: (c) => ({ hubId: c.hubId ?? '' }),
};

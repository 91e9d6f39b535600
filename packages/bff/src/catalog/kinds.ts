/** Svix's `ConnectorKind` names for the kinds Patchbay ships, with what a customer sees. */
export interface ConnectorKindInfo {
  kind: string;
  name: string;
  connect: 'oauth' | 'api-key' | 'url' | 'custom';
}

export const connectorKinds: readonly ConnectorKindInfo[] = [
  { kind: 'Slack', name: 'Slack', connect: 'oauth' },
  { kind: 'Discord', name: 'Discord', connect: 'oauth' },
  { kind: 'Teams', name: 'Microsoft Teams', connect: 'url' },
  { kind: 'Hubspot', name: 'HubSpot', connect: 'oauth' },
  { kind: 'CloseCRM', name: 'Close CRM', connect: 'api-key' },
  { kind: 'Segment', name: 'Segment', connect: 'api-key' },
  { kind: 'CustomerIO', name: 'Customer.io', connect: 'api-key' },
  { kind: 'Sendgrid', name: 'SendGrid', connect: 'api-key' },
  { kind: 'Resend', name: 'Resend', connect: 'api-key' },
  { kind: 'Loops', name: 'Loops', connect: 'api-key' },
  { kind: 'Windmill', name: 'Windmill', connect: 'api-key' },
  { kind: 'Inngest', name: 'Inngest', connect: 'api-key' },
  { kind: 'Zapier', name: 'Zapier', connect: 'url' },
  { kind: 'Custom', name: 'Custom webhook', connect: 'custom' },
];

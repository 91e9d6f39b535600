/**
 * The credentials each fake accepts. Anything else is refused the way the real service refuses
 * it. Tests and the demo use these; they are not secrets.
 */
export const FAKE_CREDENTIALS = {
  slack: { clientId: 'fake-slack-client', clientSecret: 'fake-slack-secret' },
  discord: { clientId: 'fake-discord-client', clientSecret: 'fake-discord-secret' },
  hubspot: { clientId: 'fake-hubspot-client', clientSecret: 'fake-hubspot-secret' },
  close: { apiKey: 'api_fakeCloseKey0123456789' },
  segment: { writeKey: 'fakeSegmentWriteKey123' },
  customerio: {
    us: { siteId: 'fakesiteus01', apiKey: 'fake-cio-us-key' },
    eu: { siteId: 'fakesiteeu01', apiKey: 'fake-cio-eu-key' },
  },
  sendgrid: { apiKey: 'SG.fake-sendgrid-key', verifiedSenders: ['billing@acme.example', 'noreply@acme.example'] },
  resend: { apiKey: 're_fake_resend_key' },
  loops: { apiKey: 'fake-loops-key', teamName: 'Acme (fake)' },
  windmill: { token: 'fake-windmill-token', workspace: 'acme', scripts: ['u/bot/hello', 'f/flows/on_invoice'] },
  inngest: { eventKey: 'fake-inngest-event-key' },
  teams: { workflowId: '5f0d2c1b9a8e4f7d8c6b5a4e3d2c1b0a', sig: 'fakeTeamsSignature' },
  zapier: { accountId: '1234567', hookId: 'abcd123' },
} as const;

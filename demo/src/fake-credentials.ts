import { FAKE_CREDENTIALS, type Fakes } from '@patchbay/fakes';

/** What to type into a connector's form to connect it to its local fake, by connector kind. */
export interface FakeCredentials {
  kind: string;
  values: Record<string, string>;
  note?: string;
}

/** The demo's cheat sheet: the keys and URLs each fake accepts (none of them is a secret). */
export function fakeCredentials(fakes: Fakes, allowPrivateNetworks: boolean): FakeCredentials[] {
  const c = FAKE_CREDENTIALS;
  const signIn = 'Sign in, then Approve on the fake’s consent page.';
  return [
    { kind: 'Slack', values: {}, note: signIn },
    { kind: 'Discord', values: {}, note: signIn },
    { kind: 'Hubspot', values: {}, note: signIn },
    { kind: 'Teams', values: { url: fakes.teams.workflowUrl() } },
    { kind: 'CloseCRM', values: { apiKey: c.close.apiKey } },
    { kind: 'Segment', values: { writeKey: c.segment.writeKey, region: 'us' } },
    { kind: 'CustomerIO', values: { siteId: c.customerio.us.siteId, apiKey: c.customerio.us.apiKey } },
    { kind: 'Sendgrid', values: { apiKey: c.sendgrid.apiKey, from: c.sendgrid.verifiedSenders[0] } },
    { kind: 'Resend', values: { apiKey: c.resend.apiKey, from: 'Acme <billing@acme.example>' } },
    { kind: 'Loops', values: { apiKey: c.loops.apiKey } },
    {
      kind: 'Windmill',
      values: {
        instanceUrl: fakes.urls.windmill,
        workspace: c.windmill.workspace,
        runnable: 'script',
        path: c.windmill.scripts[0],
        token: c.windmill.token,
      },
      ...(allowPrivateNetworks
        ? {}
        : {
            note: 'The fake runs on this machine: start the demo with PATCHBAY_ALLOW_PRIVATE_NETWORKS=true to reach it.',
          }),
    },
    { kind: 'Inngest', values: { eventKey: c.inngest.eventKey } },
    { kind: 'Zapier', values: { url: fakes.zapier.hookUrl() } },
    {
      kind: 'Custom',
      values: { url: `${fakes.zapier.hookUrl()}` },
      note: 'Any URL; this one is the fake Zapier’s catch hook.',
    },
  ];
}

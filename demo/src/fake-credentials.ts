import { CATALOG } from '@patchbay/bff';
import { FAKE_CREDENTIALS, type Fakes } from '@patchbay/fakes';

/** One value to type into a connector's form: the form field's name and label, as the picker shows it. */
export interface FakeField {
  name: string;
  label: string;
  value: string;
  /** For a select, the option's label the form shows for `value`. */
  shown?: string;
}

/** What to type into a connector's form to connect it to its local fake. */
export interface FakeCredentials {
  /** The connector kind (`CustomerIO`), which the connector seeded for it has. */
  kind: string;
  /** What the customer sees: the service's name, with the account it stands for when a fake has several. */
  name: string;
  fields: FakeField[];
  note?: string;
}

/**
 * The demo's cheat sheet: every key, account and URL each fake accepts (none of them is a
 * secret), under the names and field labels the picker shows.
 */
export function fakeCredentials(fakes: Fakes): FakeCredentials[] {
  const c = FAKE_CREDENTIALS;
  const entry = (kind: string, values: Record<string, string>, more: { account?: string; note?: string } = {}) => {
    const module = CATALOG.find((k) => k.kind === kind);
    if (!module) throw new Error(`no connector kind ${kind}`);
    const fields = 'fields' in module.connect ? (module.connect.fields ?? []) : [];
    return {
      kind,
      name: more.account ? `${module.name} (${more.account})` : module.name,
      fields: Object.entries(values).map(([name, value]) => {
        const field = fields.find((f) => f.name === name);
        // A select's value is shown as the option the form lists.
        const shown = field?.options?.find((o) => o.value === value)?.label;
        return { name, label: field?.label ?? name, value, ...(shown ? { shown } : {}) };
      }),
      ...(more.note ? { note: more.note } : {}),
    };
  };
  const signIn = { note: 'Nothing to type: sign in, then Approve on the fake’s consent page.' };
  const [sender, otherSender] = c.sendgrid.verifiedSenders;
  const [script, flow] = c.windmill.scripts;
  return [
    entry('Slack', {}, signIn),
    entry('Discord', {}, signIn),
    entry('Hubspot', {}, signIn),
    entry('Teams', { url: fakes.teams.workflowUrl() }),
    entry('CloseCRM', { apiKey: c.close.apiKey }),
    entry(
      'Segment',
      { writeKey: c.segment.writeKey, region: 'us' },
      { note: 'As Segment, the fake takes any write key of 8 characters or more, in either region.' },
    ),
    entry(
      'CustomerIO',
      { siteId: c.customerio.us.siteId, apiKey: c.customerio.us.apiKey },
      { account: 'US account', note: 'Its region is found when you connect.' },
    ),
    entry('CustomerIO', { siteId: c.customerio.eu.siteId, apiKey: c.customerio.eu.apiKey }, { account: 'EU account' }),
    entry(
      'Sendgrid',
      { apiKey: c.sendgrid.apiKey, from: sender ?? '' },
      { note: `From ${otherSender} works too; any other sender is refused, as SendGrid refuses unverified ones.` },
    ),
    entry('Resend', { apiKey: c.resend.apiKey, from: 'Acme <billing@acme.example>' }),
    entry('Loops', { apiKey: c.loops.apiKey }),
    entry(
      'Windmill',
      {
        instanceUrl: fakes.urls.windmill,
        workspace: c.windmill.workspace,
        runnable: 'script',
        path: script ?? '',
        token: c.windmill.token,
      },
      { note: `Or run a Flow, path ${flow}.` },
    ),
    entry('Inngest', { eventKey: c.inngest.eventKey }),
    entry('Zapier', { url: fakes.zapier.hookUrl() }),
    entry(
      'Custom',
      { url: fakes.zapier.hookUrl() },
      { note: 'Any URL; this one is the fake Zapier’s catch hook, and any other fake’s URL works too.' },
    ),
  ];
}

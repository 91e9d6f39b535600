import { expect } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import {
  all,
  bff,
  button,
  comeBack,
  connectorCard,
  consent,
  focused,
  one,
  picker,
  press,
  type Session,
  screenshot,
  send,
  stubPopup,
  text,
  until,
  view,
} from './helpers.ts';

/** What the customer's own URL received (see test/server/backend.ts). */
const hooks = (path: string) =>
  executeServerCommand<{ messageId: string | null; authorization: string | null }[], object>('patchbay-hooks', {
    path,
  });
/** The messages (their ids) a service's fake received on a path. */
const fakeMessages = (service: string, path: string) =>
  executeServerCommand<(string | null)[], object>('patchbay-fake-messages', { service, path });
const windmill = () =>
  executeServerCommand<{ instanceUrl: string; workspace: string; token: string }, object>('patchbay-windmill', {});

const fill = (el: ConnectorPicker, values: Record<string, string>) => {
  for (const [name, value] of Object.entries(values)) {
    const input = one<HTMLInputElement | HTMLSelectElement>(el, `#f-${name}`);
    if (!input) throw new Error(`no field ${name}`);
    input.value = value;
  }
};
const submit = (el: ConnectorPicker) => one<HTMLFormElement>(el, 'form')?.requestSubmit();
/** Connects a Custom webhook and leaves the wizard for the list before Save: a draft. */
async function leaveDraft(el: ConnectorPicker, s: Session) {
  connectorCard(el, 'Custom webhook')?.click();
  await view(el, 'Connect Custom webhook');
  fill(el, { url: s.hookUrl });
  submit(el);
  await view(el, 'Events');
  button(el, 'Your connections')?.click();
  await view(el, 'Your connections');
}
const sent = async (s: Session, eventType = 'invoice.created') =>
  ((await send(s.app, eventType, { amount: 12.5, customer_name: 'Tyrell' })) as { id: string }).id;

/** From the Events step on, as the customer goes: Next, Next, Save. */
async function finishAndSave(el: ConnectorPicker) {
  await view(el, 'Events');
  await press(el, 'Next');
  await view(el, 'Transformation');
  await until(() => one(el, 'cp-code-editor'), 'the editor loads');
  await press(el, 'Next');
  await view(el, 'Review');
  await press(el, 'Save');
  await view(el, 'Your connections');
}

describe('connect and save', () => {
  it('Windmill: a refusal shows at the field it is about (instance URL, token), never nowhere', async () => {
    const { el } = await picker();
    const { instanceUrl, workspace, token } = await windmill();
    const fake = { instanceUrl, workspace, token };
    connectorCard(el, 'Windmill')?.click();
    await view(el, 'Connect Windmill');
    // Nothing listens here: Windmill cannot be reached at this URL.
    fill(el, { ...fake, instanceUrl: 'http://127.0.0.1:9', runnable: 'script', path: 'u/bot/hello' });
    submit(el);
    await until(() => one(el, '#f-instanceUrl-error'), 'the refusal at the Windmill URL');
    expect(text(one(el, '#f-instanceUrl-error'))).to.equal(
      'Windmill could not be reached to check this. Try again in a moment.',
    );
    expect(focused()?.id).to.equal('f-instanceUrl');

    fill(el, { ...fake, token: 'not-the-token' });
    submit(el);
    await until(() => one(el, '#f-token-error'), 'the refusal at the token');
    expect(text(one(el, '#f-token-error'))).to.equal('Windmill did not accept this.');
    expect(one(el, '#f-instanceUrl-error')).to.equal(null, 'the URL is fine now');
    expect(one<HTMLInputElement>(el, '#f-token')?.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
    await screenshot('connect-windmill-refused');

    fill(el, { token: fake.token });
    submit(el);
    await view(el, 'Events');
  });

  it('a refusal for a field the form does not have shows as an alert above the button', async () => {
    const { el } = await picker();
    connectorCard(el, 'Loops')?.click();
    await view(el, 'Connect Loops');
    fill(el, { apiKey: 'fake-loops-key' });
    // A value the form has no field for (added to the page by something else): the BFF names it.
    const stray = document.createElement('input');
    stray.name = 'x'.repeat(80);
    stray.value = 'stray';
    one(el, 'form')?.prepend(stray);
    submit(el);
    await until(() => one(el, 'form [role="alert"]'), 'the alert in the form');
    expect(text(one(el, 'form [role="alert"]'))).to.not.equal('');
    expect(all(el, '[aria-invalid="true"]')).to.have.length(0, 'no field is blamed for it');
    // (The stray input is the test's, and has no label.)
    stray.remove();
    await expect(el).to.be.accessible();
    await screenshot('connect-unknown-field');
  });

  it('Slack: approved, then left before Save, delivers nothing and is listed as not saved; after Save it delivers', async () => {
    const { el, session: s } = await picker();
    const created: string[] = [];
    el.addEventListener('cp-endpoint-created', (e) => created.push(e.detail.endpointId));
    const stub = stubPopup(false);
    try {
      connectorCard(el, 'Slack')?.click();
      await view(el, 'Connect Slack');
      button(el, 'Sign in to Slack')?.click();
      await until(() => stub.popup.location.href, 'the popup is sent to the sign-in page');
      comeBack(await consent(stub.popup.location.href, 'approve'));
      await view(el, 'Events');
    } finally {
      stub.restore();
    }

    // The customer leaves the wizard here.
    button(el, 'Your connections')?.click();
    await view(el, 'Your connections');
    expect(all(el, '[part="endpoint"]')).to.have.length(0, 'no live connection');
    expect(text(one(el, '[part="draft"]'))).to.contain('Slack');
    expect(text(one(el, '.drafts h3'))).to.equal('Not saved yet');
    expect(text(one(el, '.drafts'))).to.contain('deliver nothing');
    await expect(el).to.be.accessible();
    await screenshot('list-draft');
    const api = bff(s);
    expect(await api.endpoints()).to.deep.equal([], 'not in the endpoint list');
    const [draft] = await api.drafts();
    const before = await sent(s);
    expect(await api.attempts(draft?.id ?? '')).to.deep.equal([]);
    expect(created).to.deep.equal([], 'the vendor hears of no draft');

    // Back to it: no second sign-in, straight to the configuring steps.
    button(el, 'Finish setup')?.click();
    await finishAndSave(el);
    expect(all(el, '[part="draft"]')).to.have.length(0);
    expect(created).to.deep.equal([draft?.id], 'but of the connection, once saved');
    expect(text(one(el, '[part="endpoint"]')))
      .to.contain('Slack')
      .and.contain('Active');
    const after = await sent(s);
    await until(async () => (await fakeMessages('slack', '/services/')).includes(after), 'Slack receives it');
    const received = await fakeMessages('slack', '/services/');
    expect(received).to.include(after);
    expect(received).to.not.include(before, 'what was sent before Save never arrives');
  });

  it('a draft can be deleted from the list at once (at 375 px, dark)', async () => {
    await setViewport({ width: 375, height: 900 });
    try {
      await deleteDraft();
    } finally {
      await setViewport({ width: 900, height: 900 });
    }
  });

  async function deleteDraft() {
    const { el, session: s } = await picker({ theme: 'dark' });
    await leaveDraft(el, s);
    await expect(el).to.be.accessible();
    expect(el.scrollWidth).to.be.at.most(375);
    await screenshot('375-dark-list-draft');
    all<HTMLButtonElement>(el, '[part="draft"] button')
      .find((b) => text(b) === 'Delete')
      ?.click();
    await until(() => all(el, '[part="draft"]').length === 0, 'the draft goes');
    expect(text(one(el, '[role="status"]'))).to.equal('Connection deleted.');
    expect(await bff(s).drafts()).to.deep.equal([]);
  }

  it('a draft removed meanwhile says so at Finish setup; at the draft limit no sign-in is offered for nothing', async () => {
    const { el, session: s } = await picker();
    const api = bff(s);
    const custom = (await api.connectors()).find((c) => c.kind === 'Custom')?.id ?? '';
    await leaveDraft(el, s);
    const [gone] = await api.drafts();
    await api.deleteEndpoint(gone?.id ?? '');
    button(el, 'Finish setup')?.click();
    await until(() => all(el, '[part="draft"]').length === 0, 'the list as it is now');
    expect(text(one(el, '[role="alert"]'))).to.equal('This no longer exists; it may have been deleted.');

    for (let i = 0; i < 20; i++) await api.connect(custom, { url: s.hookUrl });
    const stub = stubPopup(false);
    try {
      button(el, 'Add a connection')?.click();
      await view(el, 'Add a connection');
      connectorCard(el, 'Slack')?.click();
      await view(el, 'Connect Slack');
      button(el, 'Sign in to Slack')?.click();
      await until(() => text(one(el, '[role="alert"]')).startsWith('Too many connections'), 'the refusal');
      expect(stub.popup.location.href).to.equal('', 'no sign-in page opened');
    } finally {
      stub.restore();
    }
    await screenshot('connect-too-many-drafts');
  });

  it('Custom with Basic auth: the password is refused in the URL, delivered as the Authorization header, and never in the page', async () => {
    const { el, session: s } = await picker({ theme: 'dark' });
    const password = 's3cret-Pa55-word';
    const url = s.hookUrl.replace('/hooks/ok', '/hooks/basic');
    const inPage = () =>
      (el.shadowRoot?.innerHTML ?? '').includes(password) || document.body.innerHTML.includes(password);
    connectorCard(el, 'Custom webhook')?.click();
    await view(el, 'Connect Custom webhook');
    expect(one(el, '#f-username')).to.not.equal(null, 'the connector allows Basic: its fields are there');
    expect(one<HTMLInputElement>(el, '#f-password')?.type).to.equal('password');

    fill(el, { url: url.replace('http://', `http://ada:${password}@`) });
    submit(el);
    await until(() => one(el, '#f-url-error'), 'the URL with a password is refused');
    expect(text(one(el, '#f-url-error'))).to.equal(
      'Put the user name and password in their own fields (kept encrypted), not in the URL.',
    );
    expect(text(one(el, '#f-url-error'))).to.not.contain(password);
    await expect(el).to.be.accessible();
    await screenshot('connect-custom-basic');

    fill(el, { url, username: 'ada', password });
    submit(el);
    await view(el, 'Events');
    expect(inPage()).to.equal(false, 'gone from the page with the form');
    await press(el, 'Next');
    await view(el, 'Transformation');
    await until(() => one(el, 'cp-code-editor'), 'the editor loads');
    await press(el, 'Run test');
    await until(() => one(el, '[part~="panel"] code'), 'the test result');
    expect(text(one(el, '[part~="panel"] code'))).to.equal(`POST ${url}`);
    expect(inPage()).to.equal(false, 'not in the test panel');
    await press(el, 'Next');
    await view(el, 'Review');
    await press(el, 'Save');
    await view(el, 'Your connections');

    const id = await sent(s);
    await until(async () => (await hooks('/hooks/basic')).some((h) => h.messageId === id), 'the delivery');
    const [delivery] = (await hooks('/hooks/basic')).filter((h) => h.messageId === id);
    expect(delivery?.authorization).to.equal(`Basic ${btoa(`ada:${password}`)}`);

    // The detail and its log show the user name masked at most (it may be a key).
    button(el, 'Custom webhook')?.click();
    await view(el, 'Custom webhook');
    await until(
      () => text(one(el, 'dl.facts')).includes('Username ••••'),
      'the connection hint: the user name, masked',
    );
    expect(inPage()).to.equal(false, 'not in the detail or its log');
  });

  it('a long URL in the test result wraps at 375 px instead of widening the page', async () => {
    const { el, session: s } = await picker();
    el.style.display = 'block';
    el.style.width = '375px';
    connectorCard(el, 'Custom webhook')?.click();
    await view(el, 'Connect Custom webhook');
    fill(el, { url: `${s.hookUrl}?ref=${'0123456789abcdef'.repeat(12)}` });
    submit(el);
    await view(el, 'Events');
    await press(el, 'Next');
    await view(el, 'Transformation');
    await until(() => one(el, 'cp-code-editor'), 'the editor loads');
    await press(el, 'Run test');
    await until(() => one(el, '[part~="panel"] code'), 'the test result');
    const panel = one(el, '[part~="panel"]') as HTMLElement;
    expect(panel.scrollWidth).to.be.at.most(panel.clientWidth, 'nothing sticks out of the panel');
    expect(el.scrollWidth).to.be.at.most(375);
    await screenshot('transform-long-url-375');
  });
});

import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import { en as eventCatalogEn } from '../src/views/event-catalog-en.ts';
import { settingsCalls, settingsTexts } from '../src/views/settings.ts';
import { en as settingsEn } from '../src/views/settings-en.ts';
import {
  all,
  bff,
  button,
  connectorCard,
  customConnection,
  focused,
  hooks,
  session as newSession,
  one,
  openSettings,
  picker,
  press,
  type Session,
  saveAsConnected,
  screenshot,
  send,
  tabTo,
  text,
  until,
  vendor,
  view,
} from './helpers.ts';
import { expectTranslated } from './translations.ts';

const NAME = 'Custom webhook';
const status = (el: ConnectorPicker) => text(one(el, '[role="status"]'));
const input = (el: ConnectorPicker, selector: string) => one<HTMLInputElement>(el, selector) as HTMLInputElement;
const submit = (el: ConnectorPicker, selector: string) => one<HTMLFormElement>(el, selector)?.requestSubmit();

/** The session's one connection, as the BFF has it. */
async function saved(s: Session) {
  const [endpoint] = await bff(s).endpoints();
  if (!endpoint) throw new Error('no connection');
  return endpoint;
}

/** A Custom connection (its connector asks for a Basic pair) to `url`, made through the widget. */
async function connectCustom(el: ConnectorPicker, url: string, username = '', password = '') {
  connectorCard(el, NAME)?.click();
  await view(el, `Connect ${NAME}`);
  input(el, '#f-url').value = url;
  input(el, '#f-username').value = username;
  input(el, '#f-password').value = password;
  submit(el, 'form');
  await saveAsConnected(el);
}

describe('endpoint settings', () => {
  it('saves the URL (same site), description, events, channels, rate limit and enabled, and reads them back', async () => {
    const { el, session } = await picker();
    await customConnection(el, session);
    await openSettings(el, NAME);
    const url = `${session.hookUrl}?v=2`;
    input(el, '#s-url').value = url;
    input(el, '#s-description').value = 'Billing hook';
    input(el, 'input[name="allEvents"]').checked = false;
    for (const box of all<HTMLInputElement>(el, 'input[name="eventTypes"]')) box.checked = box.value === 'invoice.paid';
    input(el, '#s-channels').value = 'eu, billing';
    input(el, '#s-rate').value = '5';
    input(el, 'input[name="enabled"]').checked = false;
    const updated = oneEvent(el, 'cp-endpoint-updated');
    submit(el, 'form.settings-form');
    await until(() => status(el).startsWith('Saved:'), 'the save is confirmed');
    expect((await updated).detail.endpointId).to.equal((await saved(session)).id);
    expect(status(el)).to.equal('Saved: URL, description, events, channels, rate limit, enabled.');

    const e = await saved(session);
    expect(e.url).to.equal(url);
    expect(e.description).to.equal('Billing hook');
    expect(e.eventTypes).to.deep.equal(['invoice.paid']);
    expect(e.channels).to.deep.equal(['eu', 'billing']);
    expect(e.throttleRate).to.equal(5);
    expect(e.disabled).to.equal(true);

    // Read back as the view shows them, opened again.
    await openSettings(el, 'Billing hook');
    expect(input(el, '#s-url').value).to.equal(url);
    expect(input(el, '#s-channels').value).to.equal('eu, billing');
    expect(input(el, '#s-rate').value).to.equal('5');
    expect(input(el, 'input[name="enabled"]').checked).to.equal(false);
    expect(all<HTMLInputElement>(el, 'input[name="eventTypes"]:checked').map((b) => b.value)).to.deep.equal([
      'invoice.paid',
    ]);
    submit(el, 'form.settings-form');
    await until(() => status(el) === 'Nothing changed.');
  });

  it('works from the keyboard: Settings from the detail, Enter in the URL saves, a rotation confirmed in its dialog', async () => {
    const { el, session } = await picker();
    await customConnection(el, session);
    button(el, NAME)?.click();
    await view(el, NAME);
    await tabTo((e) => text(e) === 'Settings', 'Settings');
    await sendKeys({ press: 'Enter' });
    await view(el, `Settings: ${NAME}`);
    await until(() => focused()?.localName === 'h2', 'focus on the heading');
    await tabTo((e) => e.id === 's-url', 'the URL');
    await sendKeys({ press: 'End' });
    await sendKeys({ type: '?k=1' });
    await sendKeys({ press: 'Enter' });
    await until(() => status(el) === 'Saved: URL.');
    expect((await saved(session)).url).to.equal(`${session.hookUrl}?k=1`);
    await tabTo((e) => text(e) === 'Rotate', 'Rotate');
    await sendKeys({ press: 'Enter' });
    await until(() => one<HTMLDialogElement>(el, '#rotate-dialog')?.open);
    expect(text(focused())).to.equal('Cancel', 'the safe choice first');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await until(() => status(el).startsWith('Secret rotated'));
    await tabTo((e) => text(e) === 'Event types', 'the Event types tab');
    await sendKeys({ press: 'Enter' });
    await view(el, 'Event types');
    await tabTo((e) => text(e) === 'user.created', 'an event type');
    await sendKeys({ press: 'Enter' });
    await view(el, 'user.created');
    await until(() => focused()?.localName === 'h2');
  });

  it('names the field the BFF refused, at the field', async () => {
    const { el, session } = await picker();
    await customConnection(el, session);
    await openSettings(el, NAME);
    input(el, '#s-channels').value = 'not a channel!';
    submit(el, 'form.settings-form');
    await until(() => one(el, '#err-channels'), 'the problem at the channels');
    expect(input(el, '#s-channels').getAttribute('aria-invalid')).to.equal('true');
    expect(input(el, '#s-channels').getAttribute('aria-describedby')).to.contain('err-channels');
    expect(text(one(el, '[role="alert"]'))).to.equal('Some values were refused. Check them and try again.');
    await expect(el).to.be.accessible();
  });

  it('keeps custom headers, a sensitive one write-only: shown as set, never read back, yet sent', async () => {
    const { el, session } = await picker();
    await customConnection(el, session);
    await openSettings(el, NAME);
    const add = async (name: string, value: string) => {
      await until(() => one(el, '#h-new-name'));
      input(el, '#h-new-name').value = name;
      input(el, '#h-new-value').value = value;
      submit(el, 'section[aria-labelledby="headers-title"] form');
      await until(() => status(el).startsWith('Headers saved'), `${name} saved`);
      await until(() => all(el, '.pair').some((p) => text(p).includes(name)));
    };
    await add('X-Team', 'billing');
    await add('Authorization', 'Bearer s3cret-value');
    expect(input(el, '#h-new-name').value).to.equal('', 'the new row is empty again');
    const headers = await settingsCalls(bff(session)).headers((await saved(session)).id);
    expect(headers.headers).to.deep.equal({ 'X-Team': 'billing' });
    expect(headers.sensitive).to.deep.equal(['Authorization']);
    const row = all(el, '.pair').find((p) => text(p).includes('Authorization')) as HTMLElement;
    expect(text(row)).to.contain('Set (hidden)');
    expect(row.querySelector<HTMLInputElement>('input[name="value"]')?.type).to.equal('password');
    expect(row.querySelector<HTMLInputElement>('input[name="value"]')?.value).to.equal('');
    expect(el.shadowRoot?.innerHTML).to.not.contain('s3cret');
    await screenshot('settings-headers');

    // Saved again with the sensitive value left empty: it keeps its value, which deliveries carry.
    submit(el, 'section[aria-labelledby="headers-title"] form');
    await until(() => status(el) === 'Headers saved: 1 written, 0 removed.');
    await send(session.app, 'invoice.created', { amount: 1, customer_name: 'Ada' });
    await until(async () => (await hooks('/hooks/ok')).some((h) => h.authorization === 'Bearer s3cret-value'));

    row.querySelector<HTMLInputElement>('input[name="remove"]')?.click();
    submit(el, 'section[aria-labelledby="headers-title"] form');
    await until(() => status(el) === 'Headers saved: 1 written, 1 removed.');
    expect((await settingsCalls(bff(session)).headers((await saved(session)).id)).sensitive).to.deep.equal([]);
  });

  it("saves the transformation's variables and links to its code", async () => {
    const { el, session } = await picker();
    await customConnection(el, session);
    await openSettings(el, NAME);
    await until(() => one(el, '#v-new-name'));
    input(el, '#v-new-name').value = 'region';
    input(el, '#v-new-value').value = 'eu';
    submit(el, 'section[aria-labelledby="variables-title"] form');
    await until(() => status(el) === 'Variables saved: 1.');
    expect((await bff(session).transformation((await saved(session)).id)).variables).to.deep.equal({ region: 'eu' });
    await until(() => all(el, '.pair').some((p) => text(p).includes('region')));
    button(el, 'Edit the transformation code')?.click();
    await view(el, 'Transformation');
  });

  it('shows, copies and rotates the signing secret of any connection (Loops here), after confirming', async () => {
    const { el, session } = await picker();
    connectorCard(el, 'Loops')?.click();
    await view(el, 'Connect Loops');
    input(el, '#f-apiKey').value = 'fake-loops-key';
    submit(el, 'form');
    await saveAsConnected(el);
    await openSettings(el, 'Loops');
    const secret = () => text(one(el, '#secret-value'));
    expect(secret()).to.equal('whsec_••••••••');
    button(el, 'Show')?.click();
    await until(() => /^whsec_[A-Za-z0-9+/=]{20,}$/.test(secret()));
    const before = secret();
    expect(before).to.equal((await bff(session).secret((await saved(session)).id)).key);
    button(el, 'Copy')?.click();
    await until(() => status(el) === 'Copied to the clipboard.' || status(el).startsWith('Copying is not allowed'));

    button(el, 'Rotate')?.click();
    await until(() => one<HTMLDialogElement>(el, '#rotate-dialog')?.open);
    await expect(el).to.be.accessible();
    one<HTMLDialogElement>(el, '#rotate-dialog')?.close('cancel');
    expect((await bff(session).secret((await saved(session)).id)).key).to.equal(before, 'cancelled: nothing rotated');
    button(el, 'Rotate')?.click();
    await until(() => one<HTMLDialogElement>(el, '#rotate-dialog')?.open);
    one<HTMLDialogElement>(el, '#rotate-dialog')?.close('rotate');
    await until(() => status(el) === 'Secret rotated. The old one stays valid for 24 hours.');
    expect(secret()).to.equal('whsec_••••••••');
    expect((await bff(session).secret((await saved(session)).id)).key).to.not.equal(before);

    // Loops delivers to Loops only: another address is refused, with no form to send the key anywhere.
    input(el, '#s-url').value = session.otherSiteUrl;
    submit(el, 'form.settings-form');
    await until(() => text(one(el, '.body [role="alert"]')).startsWith('Loops connections deliver to Loops only'));
    expect(one(el, 'form.panel')).to.equal(null);
    expect((await saved(session)).url).to.not.equal(session.otherSiteUrl);
  });

  it('gates the secret by capability, and shows a read-only session the values without inputs', async () => {
    const { el, session } = await picker();
    await customConnection(el, session);
    // The screenshots are of the page's first picker: the reader's, from now on.
    el.remove();
    const reader = async (capabilities: string[]) => {
      const { el: r } = await picker();
      r.token = (await newSession({ app: session.app, capabilities })).token;
      await r.updateComplete;
      await until(() => all(r, '[part~="connector"]').length === 14);
      await openSettings(r, NAME);
      return r;
    };
    const viewer = await reader(['ViewBase']);
    expect(one(viewer, '#secret-title')).to.equal(null, 'no secret without ViewEndpointSecret');
    expect(all(viewer, '.body input, .body select, .body textarea')).to.deep.equal([]);
    expect(button(viewer, 'Save settings')).to.equal(undefined);
    expect(text(one(viewer, '.settings-facts'))).to.contain(session.hookUrl);
    await until(() => all(viewer, '.settings-facts, section .facts, section p.muted').length > 0);
    await screenshot('settings-read-only');
    viewer.remove();

    const secretReader = await reader(['ViewBase', 'ViewEndpointSecret']);
    expect(button(secretReader, 'Show')).to.not.equal(undefined);
    expect(button(secretReader, 'Rotate')).to.equal(undefined, 'no rotation without ManageEndpointSecret');
    button(secretReader, 'Show')?.click();
    await until(
      () =>
        text(one(secretReader, '#secret-value')).startsWith('whsec_') &&
        !text(one(secretReader, '#secret-value')).includes('•'),
    );
  });

  it('asks for the credentials again when the URL moves to another site, and sends only those there', async () => {
    const { el, session } = await picker();
    await connectCustom(el, session.hookUrl, 'ada', 'first-password');
    await openSettings(el, NAME);
    input(el, '#s-url').value = session.otherSiteUrl;
    submit(el, 'form.settings-form');
    await until(() => one(el, '#again-title'), 'the credentials are asked for');
    expect(status(el)).to.equal('The new URL is on another site: enter the credentials for it.');
    expect(input(el, '#again-url').value).to.equal(session.otherSiteUrl);
    expect(input(el, '#again-username').value).to.equal('', 'the stored ones are never shown');
    expect(input(el, '#again-password').value).to.equal('');
    expect((await saved(session)).url).to.equal(session.hookUrl, 'nothing moved yet');
    await expect(el).to.be.accessible();
    await screenshot('settings-credentials-again');

    input(el, '#again-username').value = 'ada';
    input(el, '#again-password').value = 'second-password';
    submit(el, 'form.panel');
    await until(() => status(el) === 'Connected again: deliveries go to the new URL with these credentials.');
    expect(one(el, '#again-title')).to.equal(null);
    expect((await saved(session)).url).to.equal(session.otherSiteUrl);
    expect(input(el, '#s-url').value).to.equal(session.otherSiteUrl);

    await send(session.app, 'invoice.created', { amount: 1, customer_name: 'Ada' });
    const path = new URL(session.otherSiteUrl).pathname;
    await until(async () => (await hooks(path)).length > 0, 'the delivery at the new site');
    const [arrived] = await hooks(path);
    expect(arrived?.authorization).to.equal(`Basic ${btoa('ada:second-password')}`);
  });

  it('keeps the event types the session cannot see (feature-flagged) when other fields are saved', async () => {
    const hidden = `beta.thing${Math.random().toString(36).slice(2, 8)}`;
    await vendor('POST', '/event-type', { name: hidden, description: 'beta', featureFlags: ['beta'] });
    const { el: first, session } = await picker();
    await customConnection(first, session);
    first.remove();
    const id = (await saved(session)).id;
    await vendor('PATCH', `/app/${session.app}/endpoint/${id}`, { eventTypes: ['invoice.paid', hidden] });
    // A picker that reads the connection as the vendor left it.
    const el = await fixture<ConnectorPicker>(
      html`<connector-picker api-base="/patchbay" theme="light" page="endpoints/${id}/settings" .token=${session.token}></connector-picker>`,
    );
    await view(el, `Settings: ${NAME}`);
    expect(all<HTMLInputElement>(el, 'input[name="eventTypes"]:checked').map((b) => b.value)).to.deep.equal([
      'invoice.paid',
    ]);
    expect(all<HTMLInputElement>(el, 'input[name="eventTypes"]').map((b) => b.value)).not.to.include(hidden);
    input(el, '#s-description').value = 'Only the name changed';
    submit(el, 'form.settings-form');
    await until(() => status(el).startsWith('Saved:'), 'saved');
    expect(status(el)).to.equal('Saved: description.', 'the events did not change');
    expect((await saved(session)).eventTypes).to.deep.equal(['invoice.paid', hidden]);

    // A box ticked: the visible choice changes, the hidden type stays.
    for (const box of all<HTMLInputElement>(el, 'input[name="eventTypes"]'))
      box.checked = ['invoice.paid', 'invoice.created'].includes(box.value);
    submit(el, 'form.settings-form');
    await until(() => status(el) === 'Saved: events.', 'the events saved');
    expect([...((await saved(session)).eventTypes ?? [])].sort()).to.deep.equal(
      ['invoice.created', 'invoice.paid', hidden].sort(),
    );
  });

  it('keeps keyboard focus where a control removed itself: Show, Hide, Cancel, Connect to the new URL', async () => {
    const { el, session } = await picker();
    await connectCustom(el, session.hookUrl, 'ada', 'first-password');
    await openSettings(el, NAME);
    const secretButton = (label: string) =>
      all<HTMLButtonElement>(el, 'section[aria-labelledby="secret-title"] button').find((b) => text(b) === label);
    secretButton('Show')?.focus();
    secretButton('Show')?.click();
    await until(() => secretButton('Hide'), 'the secret shows');
    await until(() => focused() === secretButton('Hide'), 'focus on Hide, in place of Show');
    secretButton('Hide')?.click();
    await until(() => secretButton('Show') && focused() === secretButton('Show'), 'focus on Show again');

    input(el, '#s-url').value = session.otherSiteUrl;
    submit(el, 'form.settings-form');
    await until(() => one(el, '#again-title'), 'the credentials are asked for');
    button(el, 'Cancel')?.focus();
    button(el, 'Cancel')?.click();
    await until(() => !one(el, '#again-title') && focused()?.id === 's-url', 'focus back on the URL');

    submit(el, 'form.settings-form');
    await until(() => one(el, '#again-title'), 'asked again');
    input(el, '#again-username').value = 'ada';
    input(el, '#again-password').value = 'second-password';
    one<HTMLButtonElement>(el, 'form.panel button.primary')?.focus();
    submit(el, 'form.panel');
    await until(() => status(el).startsWith('Connected again'), 'moved');
    await until(() => focused()?.id === 's-url', 'focus on the URL the panel was for');
  });

  it('after the credentials are given again, saves the other edits of that submit too, and says so', async () => {
    const { el, session } = await picker();
    await connectCustom(el, session.hookUrl, 'ada', 'first-password');
    await openSettings(el, NAME);
    input(el, '#s-url').value = session.otherSiteUrl;
    input(el, '#s-description').value = 'Moved hook';
    input(el, '#s-channels').value = 'eu';
    submit(el, 'form.settings-form');
    await until(() => one(el, '#again-title'), 'the credentials are asked for');
    expect((await saved(session)).description).to.not.equal('Moved hook', 'nothing saved yet');
    input(el, '#again-username').value = 'ada';
    input(el, '#again-password').value = 'second-password';
    submit(el, 'form.panel');
    await until(() => status(el).startsWith('Connected again'), 'moved');
    expect(status(el)).to.equal(
      'Connected again: deliveries go to the new URL with these credentials. Saved: description, channels.',
    );
    const e = await saved(session);
    expect(e.url).to.equal(session.otherSiteUrl);
    expect(e.description).to.equal('Moved hook');
    expect(e.channels).to.deep.equal(['eu']);
  });

  it("labels the chart's hours in the page's full locale (en-GB: 24-hour, as the log's times)", async () => {
    const { el, session } = await picker({ lang: 'en-GB' });
    await customConnection(el, session);
    await openSettings(el, NAME);
    await until(() => all(el, 'figure.stats').length === 2, 'both charts');
    const hours = all(el, 'figure.stats:first-of-type tbody th').map(text);
    expect(hours).to.have.length(24);
    expect(hours.some((h) => /AM|PM/i.test(h))).to.equal(false, hours.join(' '));
  });

  it('charts the deliveries of the last 24 hours and 7 days, with the numbers as a table', async () => {
    const { el, session } = await picker();
    await customConnection(el, session);
    const id = (await saved(session)).id;
    await send(session.app, 'invoice.created', { amount: 1, customer_name: 'Ada' });
    await send(session.app, 'invoice.paid', { amount: 1, customer_name: 'Ada' });
    await until(async () => (await bff(session).attempts(id)).filter((a) => a.status === 0).length === 2);
    await openSettings(el, NAME);
    await until(() => all(el, 'figure.stats').length === 2, 'both charts');
    const [day, week] = all(el, 'figure.stats') as [HTMLElement, HTMLElement];
    expect(text(day.querySelector('figcaption'))).to.equal('Last 24 hours 2 delivered, 0 failed, 0 pending');
    expect(text(week.querySelector('figcaption'))).to.equal('Last 7 days 2 delivered, 0 failed, 0 pending');
    expect(day.querySelectorAll('.bar')).to.have.length(24);
    expect(week.querySelectorAll('.bar')).to.have.length(7);
    expect(day.querySelector('.bars')?.getAttribute('aria-hidden')).to.equal('true');
    const rows = [...day.querySelectorAll('tbody tr')].map((r) => [...r.children].map(text));
    expect(rows).to.have.length(24);
    expect(rows.at(-1)?.slice(1)).to.deep.equal(['2', '0', '0'], 'this hour: 2 delivered');
    expect(day.querySelectorAll('.bar:last-child .seg.success')).to.have.length(1);
    (day.querySelector('details') as HTMLDetailsElement).open = true;
    await expect(el).to.be.accessible();
    await screenshot('settings-stats');
  });

  for (const theme of ['light', 'dark'] as const) {
    for (const width of [375, 900]) {
      it(`looks right at ${width} px, ${theme} theme (screenshots)`, async () => {
        await setViewport({ width, height: 1400 });
        try {
          const { el, session } = await picker({ theme });
          await customConnection(el, session);
          await send(session.app, 'invoice.created', { amount: 1, customer_name: 'Ada' });
          await openSettings(el, NAME);
          await until(() => all(el, 'figure.stats').length === 2 && one(el, '#h-new-name'));
          await screenshot(`settings-${width}-${theme}`);
          expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
        } finally {
          await setViewport({ width: 900, height: 900 });
        }
      });
    }
  }
});

describe('the event catalog', () => {
  it('lists every event type, filters them, and shows one with its schema as a tree and its example', async () => {
    const { el } = await picker();
    await press(el, 'Event types');
    await view(el, 'Event types');
    await until(() => all(el, '[part~="event-type"]').length === 3);
    expect(all(el, '[part~="event-type"] .name').map(text)).to.deep.equal([
      'invoice.created',
      'invoice.paid',
      'user.created',
    ]);
    const search = input(el, '#event-search');
    search.value = 'signed';
    search.dispatchEvent(new Event('input'));
    await until(() => all(el, '[part~="event-type"]').length === 1);
    expect(text(one(el, '[part~="event-type"]'))).to.contain('user.created');
    search.value = '';
    search.dispatchEvent(new Event('input'));
    await until(() => all(el, '[part~="event-type"]').length === 3);
    await expect(el).to.be.accessible();

    button(el, 'invoice.created')?.click();
    await view(el, 'invoice.created');
    expect(text(one(el, '.body'))).to.contain('An invoice was issued.');
    const props = all(el, '[part~="schema"] > .tree > li').map((li) => text(li.querySelector('.prop')));
    expect(props).to.deep.equal([
      'amount number required',
      'customer_name string required',
      'status string optional',
      'lines object[] optional',
    ]);
    const lines = all(el, '[part~="schema"] > .tree > li')[3] as HTMLElement;
    expect([...lines.querySelectorAll(':scope > .tree .prop')].map(text)).to.deep.equal([
      'sku string required',
      'quantity integer optional',
    ]);
    expect(text(one(el, '[part~="schema"]'))).to.contain('The total, in the invoice currency.');
    expect(text(one(el, '[part~="schema"]'))).to.contain('One of "draft", "open"');
    expect(JSON.parse(text(one(el, '[part~="example"]')))).to.deep.equal({ amount: 99.99, customer_name: 'John Doe' });
    await expect(el).to.be.accessible();
    await screenshot('event-type');

    await press(el, '← Back');
    await view(el, 'Event types');
    button(el, 'user.created')?.click();
    await view(el, 'user.created');
    const user = all(el, '[part~="schema"] > .tree > li')[0] as HTMLElement;
    expect([...user.querySelectorAll(':scope > .tree .prop')].map(text)).to.deep.equal([
      'email string (email) optional',
      'id string required',
    ]);
  });
});

describe('the pages of the settings and the event catalog', () => {
  it('opens endpoints/{id}/settings, event-types and event-types/{name}, and says where the customer moved', async () => {
    const { el: first, session } = await picker();
    await customConnection(first, session);
    const id = (await saved(session)).id;
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="en"><connector-picker api-base="/patchbay" theme="light" page=${`endpoints/${id}/settings`} .token=${session.token}></connector-picker></div>`,
    );
    const el = wrapper.querySelector('connector-picker') as ConnectorPicker;
    await view(el, `Settings: ${NAME}`);
    const pages: string[] = [];
    el.addEventListener('cp-navigate', (event) => pages.push(event.detail.page));

    el.page = 'event-types/user.created';
    await view(el, 'user.created');
    el.page = 'event-types';
    await view(el, 'Event types');
    expect(pages).to.deep.equal([], 'what the host set is what is shown');

    button(el, 'invoice.paid')?.click();
    await view(el, 'invoice.paid');
    await press(el, '← Back');
    await view(el, 'Event types');
    await openSettings(el, NAME);
    expect(pages).to.deep.equal([
      'event-types/invoice.paid',
      'event-types',
      'endpoints',
      `endpoints/${id}`,
      `endpoints/${id}/settings`,
    ]);
    el.page = `endpoints/${id}/settings`.replace(id, 'ep_none');
    await view(el, 'Add a connection');
  });
});

describe('the settings and the event catalog in German and French', () => {
  it('say everything in the page language', async () => {
    const { el: first, session } = await picker();
    await customConnection(first, session);
    first.remove();
    const id = (await saved(session)).id;
    const open = async (lang: string, page: string) => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div lang=${lang}><connector-picker api-base="/patchbay" theme="light" page=${page} .token=${session.token}></connector-picker></div>`,
      );
      return wrapper.querySelector('connector-picker') as ConnectorPicker;
    };
    const de = await open('de', `endpoints/${id}/settings`);
    await view(de, `Einstellungen: ${NAME}`);
    await until(() => all(de, 'figure.stats').length === 2);
    expect(button(de, 'Einstellungen speichern')).to.not.equal(undefined);
    expect(text(one(de, 'figure.stats figcaption'))).to.equal(
      'Letzte 24 Stunden 0 zugestellt, 0 fehlgeschlagen, 0 ausstehend',
    );
    expect(text(one(de, 'nav'))).to.contain('Ereignistypen');
    await expect(de).to.be.accessible();
    await screenshot('settings-de');
    de.remove();

    const fr = await open('fr', 'event-types/invoice.created');
    await view(fr, 'invoice.created');
    expect(text(one(fr, '.body'))).to.contain('Contenu');
    expect(text(one(fr, '[part~="schema"] .prop'))).to.equal('amount number obligatoire');
    await screenshot('event-type-fr');
  });
});

describe('the texts of the settings and the event catalog', () => {
  it('say every English text in German and French, with the same placeholders and plural forms, and numbers in their formats', async () => {
    expectTranslated('settings', {
      en: settingsEn,
      de: (await import('../src/views/settings-de.ts')).de,
      fr: (await import('../src/views/settings-fr.ts')).fr,
    });
    expectTranslated('event-catalog', {
      en: eventCatalogEn,
      de: (await import('../src/views/event-catalog-de.ts')).de,
      fr: (await import('../src/views/event-catalog-fr.ts')).fr,
    });
    await settingsTexts.loadLocale('de');
    expect(settingsTexts.localize('de').t('perSecond', { n: 1500 })).to.equal('1.500 pro Sekunde');
    expect(settingsTexts.localize('pt').t('perSecond', { n: 2 })).to.equal(
      '2 per second',
      'English for a language there is none of',
    );
  });
});

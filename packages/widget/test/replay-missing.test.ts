import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import { en } from '../src/i18n/en.ts';
import {
  all,
  bff,
  button,
  customConnection,
  focused,
  gone,
  hooks,
  one,
  picker,
  press,
  type Session,
  screenshot,
  send,
  text,
  until,
  view,
} from './helpers.ts';

/** The vendor sends a message; answers it (its id, and when it was made). */
const message = async (app: string) =>
  (await send(app, 'invoice.paid', { amount: 12.5, customer_name: 'Ada' })) as { id: string; timestamp: string };

/** What the customer's URL received, by message id, oldest first. */
const received = async (path: string) => (await hooks(path)).map((h) => h.messageId);

/** A Custom connection to the session's `goneUrl` (taking deliveries for now), with one message delivered to it. */
async function connected() {
  const { el, session } = await picker();
  await customConnection(el, { ...session, hookUrl: session.goneUrl });
  const path = new URL(session.goneUrl).pathname;
  const first = await message(session.app);
  await until(async () => (await received(path)).length === 1, 'the first message is delivered');
  return { el, session, path, first: first.id };
}

/** Opens the one connection's detail from the list, which reads the connections again. */
async function openDetail(el: ConnectorPicker) {
  button(el, 'Your connections')?.click();
  await view(el, 'Your connections');
  one<HTMLButtonElement>(el, '[part~="endpoint"] .name')?.click();
  await view(el, 'Custom webhook');
}

const dialog = (el: ConnectorPicker) => one<HTMLDialogElement>(el, '#replay-dialog');
const state = (el: ConnectorPicker) => text(one(el, '#missed-state'));
const endpoint = async (s: Session) => (await bff(s).endpoints())[0];

describe('messages missed while a connection was off', () => {
  it('a paused connection says since when nothing is sent to it, how many it missed and what resuming does; Resume asks to send them, and the receiver gets exactly those', async () => {
    const { el, session, path, first } = await connected();
    button(el, 'Pause')?.click();
    await until(() => text(one(el, '[part~="endpoint"] [part~="badge"]')) === 'Paused');
    const missed = [(await message(session.app)).id, (await message(session.app)).id];

    await openDetail(el);
    await until(() => state(el).endsWith('2 messages since then were not sent to it.'), 'the count of what it missed');
    expect(state(el)).to.match(/^Off since .+: no messages are sent to it\. /);
    expect(text(one(el, '.missed .muted'))).to.equal(en.onResume);
    expect(all(el, '.missed, #deliveries').map((e) => e.id || e.className)).to.deep.equal(
      ['missed', 'deliveries'],
      'what it missed comes before its log',
    );
    await screenshot('detail-paused');

    // By keyboard, as a screen reader user does: Resume, then the offer takes focus.
    const resume = all<HTMLButtonElement>(el, '.missed button').find((b) => text(b) === 'Resume');
    resume?.focus();
    const updated = oneEvent(el, 'cp-endpoint-updated');
    await sendKeys({ press: 'Enter' });
    await updated;
    await until(() => dialog(el)?.open, 'the offer to send what it missed');
    expect((await endpoint(session))?.disabled).to.equal(false, 'resumed');
    expect(text(one(el, '#replay-dialog-text'))).to.match(/^Send the 2 messages it missed since .+\?$/);
    expect(text(focused())).to.equal('Cancel', 'focus starts on the safe choice');
    expect(await received(path)).to.deep.equal([first], 'nothing is sent before confirming');
    await screenshot('missed-dialog');
    await sendKeys({ press: 'Tab' });
    expect(text(focused())).to.equal('Send 2 missed');
    await sendKeys({ press: 'Enter' });

    await until(
      () => text(one(el, '[role="status"]')) === '2 missed messages sent.',
      'the replay is followed to its end, and said in the live region',
    );
    // (Ids, not elements: chai's message for an element that differs takes the page down.)
    expect(focused()?.id).to.equal('missed-title', 'Resume is gone: focus is on the section, not lost');
    await until(async () => (await received(path)).length === 3, 'the missed messages arrive');
    expect(await received(path)).to.have.members([first, ...missed]);
    await screenshot('detail-replayed');
  });

  it('disabled by Patchbay (410 Gone) and enabled again in its settings, it offers what it missed since; Escape sends nothing; the failed one is Resend failed’s', async () => {
    const { el, session, path, first } = await connected();
    await gone(session.app, true);
    const refused = await message(session.app);
    await until(async () => (await endpoint(session))?.disabled, 'Patchbay disables it');
    const missed = (await message(session.app)).id;

    await openDetail(el);
    await until(() => state(el).endsWith('1 message since then was not sent to it.'), 'the count');
    expect(text(one(el, '[part~="badge"]'))).to.equal('Disabled: The endpoint answered 410 Gone');
    expect(text(one(el, '.missed .muted'))).to.equal(`${en.onResume} ${en.failedBefore}`);

    // The customer fixes the receiver and turns the connection on again where its settings are.
    await gone(session.app, false);
    await press(el, 'Settings');
    await view(el, 'Settings: Custom webhook');
    one<HTMLInputElement>(el, 'input[name="enabled"]')?.click();
    one<HTMLFormElement>(el, 'form.settings-form')?.requestSubmit();
    await until(() => text(one(el, '[role="status"]')).startsWith('Saved: enabled.'));
    expect(text(one(el, '[role="status"]'))).to.equal(
      'Saved: enabled. Back in its detail, you can send it the messages it missed while it was off.',
    );
    expect((await endpoint(session))?.disabled).to.equal(false);
    button(el, '← Back')?.click();
    await view(el, 'Custom webhook');
    await until(() => /^It was turned off on .+\. 1 message since then was not sent to it\.$/.test(state(el)));
    const since = Date.parse(one<HTMLInputElement>(el, '#missed-since')?.value ?? '');
    expect(since, 'the form starts when it was turned off, not a day back').to.be.at.least(
      Math.floor(Date.parse(refused.timestamp) / 60_000) * 60_000,
    );

    one<HTMLFormElement>(el, 'form.replay')?.requestSubmit();
    await until(() => dialog(el)?.open);
    expect(text(one(el, '#replay-dialog-text'))).to.match(/^Send the message it missed since .+\?$/);
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog(el)?.open);
    expect(await received(path)).to.deep.equal([first], 'Escape sends nothing');

    one<HTMLFormElement>(el, 'form.replay')?.requestSubmit();
    await until(() => dialog(el)?.open);
    one<HTMLButtonElement>(el, '#replay-dialog button[value="replay"]')?.click();
    await until(() => text(one(el, '[role="status"]')) === '1 missed message sent.');
    await until(async () => (await received(path)).length === 2, 'the missed message arrives');
    expect(await received(path)).to.have.members([first, missed], 'not the refused one: it was sent, and failed');

    // The one refused while it was failing is Resend failed's, which follows its task the same way.
    one<HTMLFormElement>(el, 'form.recover')?.requestSubmit();
    await until(() => text(one(el, '#recover-count')) === '1 failed message to send again.');
    button(el, 'Send 1 again')?.click();
    await until(() => text(one(el, '[role="status"]')) === '1 message sent again.');
    await until(async () => (await received(path)).length === 3, 'the refused message arrives');
    expect(await received(path)).to.have.members([first, missed, refused.id]);
  });

  it('paused and resumed in the list, its detail offers what it missed meanwhile', async () => {
    const { el, session, path, first } = await connected();
    button(el, 'Pause')?.click();
    await until(() => text(one(el, '[part~="endpoint"] [part~="badge"]')) === 'Paused');
    const missed = (await message(session.app)).id;
    button(el, 'Resume')?.click();
    await until(() => text(one(el, '[part~="endpoint"] [part~="badge"]')) === 'Active');
    const after = (await message(session.app)).id;
    await until(async () => (await received(path)).length === 2, 'what comes after resuming is delivered as usual');

    await openDetail(el);
    await until(() => /^It was turned off on .+\. 1 message since then was not sent to it\.$/.test(state(el)));
    one<HTMLFormElement>(el, 'form.replay')?.requestSubmit();
    await until(() => dialog(el)?.open);
    one<HTMLButtonElement>(el, '#replay-dialog button[value="replay"]')?.click();
    await until(() => text(one(el, '[role="status"]')) === '1 missed message sent.');
    await until(async () => (await received(path)).length === 3, 'the missed message arrives');
    expect(await received(path)).to.have.members([first, after, missed]);
    await until(() => one(el, '#missed-state') === null, 'sent: nothing is said missed any more');
  });

  it('a connection paused and resumed outside the picker is offered a window from when it was made (less than a day ago), and says when it missed none', async () => {
    const { el, session, path, first } = await connected();
    const api = bff(session);
    const id = (await endpoint(session))?.id ?? '';
    await api.patchEndpoint(id, { disabled: true });
    const missed = (await message(session.app)).id;
    await api.patchEndpoint(id, { disabled: false });
    const created = Date.parse((await endpoint(session))?.createdAt ?? '');

    await openDetail(el);
    expect(one(el, '#missed-state')).to.equal(null, 'the picker never saw it off: it cannot say since when');
    const input = one<HTMLInputElement>(el, '#missed-since');
    expect(Date.parse(input?.min ?? '')).to.equal(Math.floor(created / 60_000) * 60_000, 'never before it was made');
    expect(input?.value).to.equal(input?.min, 'a day back, but it was made since');
    one<HTMLFormElement>(el, 'form.replay')?.requestSubmit();
    await until(() => dialog(el)?.open);
    expect(text(one(el, '#replay-dialog-text'))).to.match(/^Send the message it missed since .+\?$/);
    one<HTMLButtonElement>(el, '#replay-dialog button[value="replay"]')?.click();
    await until(() => text(one(el, '[role="status"]')) === '1 missed message sent.');
    await until(async () => (await received(path)).length === 2, 'the missed message arrives');
    expect(await received(path)).to.have.members([first, missed]);

    one<HTMLFormElement>(el, 'form.replay')?.requestSubmit();
    await until(() => text(one(el, '[role="status"]')) === 'It missed no messages since then.');
    expect(dialog(el)?.open).to.equal(false, 'nothing to confirm');
  });
});

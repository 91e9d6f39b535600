import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Endpoint } from '../src/api/types.ts';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import { all, bff, button, focused, one, picker, tabTo, text, until, vendor, view } from './helpers.ts';
import { openMessage, openMessages, rows, seeded } from './message-log.ts';

/** The value of header `name` in the attempt's request or response, as shown. */
/** Opens the one attempt the shown message has, once its view (`title`) shows what was sent. */
async function openOnlyAttempt(el: ConnectorPicker, title: string) {
  await until(() => all(el, '[part~="attempts"] tbody tr').length === 1, 'the attempt');
  one<HTMLButtonElement>(el, '[part~="attempts"] tbody tr button')?.click();
  await view(el, title);
  await until(() => one(el, '[part~="request"]'), 'the request');
}

function header(el: ConnectorPicker, section: 'request' | 'response', name: string) {
  const term = all(el, `[part~="${section}"] .headers dt`).find((dt) => text(dt) === name);
  return term ? text(term.nextElementSibling) : undefined;
}

describe('the message and attempt views', () => {
  it('the message view shows the payload, its channels, tags and event id, each destination and every attempt; resends to one', async () => {
    const { el, session, endpoints, messages } = await seeded();
    await openMessages(el, 3);
    await openMessage(el, 'invoice.created');
    const facts = text(one(el, '.facts'));
    expect(facts).to.contain(`Message ID ${messages.created.id}`);
    expect(facts).to.contain('Event ID inv-2026-0042');
    expect(facts).to.contain('Channels eu');
    expect(facts).to.contain('Tags vip');
    expect(JSON.parse(text(one(el, 'pre.payload')))).to.deep.equal({ amount: 99.5, customer_name: 'Ada Lovelace' });
    expect(one(el, 'pre.payload')?.textContent).to.contain('\n  "amount": 99.5');
    const destination = text(one(el, '[part~="destination"]'));
    expect(destination).to.match(/^Billing inbox Delivered/);
    expect(text(one(el, '.status-line'))).to.equal('Delivered');
    await until(() => all(el, '[part~="attempts"] tbody tr').length === 1, 'the attempt');
    // Copy: the payload as it was sent, said in the live region.
    const copied: string[] = [];
    const original = navigator.clipboard.writeText;
    navigator.clipboard.writeText = async (data: string) => void copied.push(data);
    try {
      button(el, 'Copy payload')?.click();
      await until(() => text(one(el, '[role="status"]')) === 'Copied.');
    } finally {
      navigator.clipboard.writeText = original;
    }
    expect(JSON.parse(copied[0] ?? '')).to.deep.equal({ amount: 99.5, customer_name: 'Ada Lovelace' });
    // Resend to that destination: announced, and a new attempt, made by hand, follows.
    one<HTMLButtonElement>(el, '[part~="destination"] button')?.click();
    await until(() => text(one(el, '[role="status"]')) === 'Sent again to Billing inbox.', 'the resend is said');
    const api = bff(session);
    await until(async () => (await api.attempts(endpoints.inbox.id)).length === 2, 'the second attempt');
    await until(() => all(el, '[part~="attempts"] tbody tr').length === 2, 'the log shows it');
    expect(text(all(el, '[part~="attempts"] tbody tr')[0])).to.contain('resent');
  });

  it("a message whose content was expunged shows Svix's expired payload, and a resend says it cannot be sent again", async () => {
    const { el, session, messages } = await seeded();
    await vendor('DELETE', `/app/${session.app}/msg/${messages.created.id}/content`);
    await openMessages(el, 3);
    await openMessage(el, 'invoice.created');
    expect(JSON.parse(text(one(el, 'pre.payload')))).to.deep.equal({ expired: true });
    one<HTMLButtonElement>(el, '[part~="destination"] button')?.click();
    await until(
      () =>
        text(one(el, '[role="alert"]')).includes(
          'This message’s content is no longer kept, so it cannot be sent again.',
        ),
      'the refusal in its own words',
    );
  });

  it('a pending message says when its destination is tried next', async () => {
    const { el } = await seeded();
    await openMessages(el, 3);
    await openMessage(el, 'invoice.paid');
    expect(text(one(el, '[part~="destination"]'))).to.match(/^Ops alerts Pending Next retry: \S/);
    expect(text(one(el, '.status-line')), "the message's own state").to.equal('Pending');
  });

  it('the attempt view shows what was sent and what came back, the trigger, attempt n of N; resend from there', async () => {
    const { el, session, endpoints, messages } = await seeded();
    await openMessages(el, 3);
    await openMessage(el, 'invoice.created');
    await openOnlyAttempt(el, 'Attempt 1 of');
    const summary = text(one(el, '.facts'));
    expect(summary).to.contain('Destination Billing inbox');
    expect(summary).to.contain(`Message invoice.created ${messages.created.id}`);
    expect(summary).to.contain('Trigger Scheduled');
    const request = text(one(el, '[part~="request"]'));
    expect(request).to.contain('Method POST');
    expect(request).to.contain(`Sent to ${session.replyingUrl}`);
    expect(header(el, 'request', 'webhook-signature')).to.match(/^v1,/);
    expect(header(el, 'request', 'content-type')).to.equal('application/json');
    expect(JSON.parse(text(one(el, '[part~="request"] pre')))).to.deep.equal({
      amount: 99.5,
      customer_name: 'Ada Lovelace',
    });
    const response = text(one(el, '[part~="response"]'));
    expect(response).to.contain('Status code 202');
    expect(header(el, 'response', 'x-receiver')).to.equal('acme-inbox');
    expect(JSON.parse(text(one(el, '[part~="response"] pre')))).to.deep.equal({ received: true, queue: 'invoices' });
    button(el, 'Resend')?.click();
    await until(() => text(one(el, '[role="status"]')) === 'Sent again to Billing inbox.', 'the resend is said');
    // The worker makes it a moment later; the message view shows what the BFF has when it opens.
    await until(async () => (await bff(session).attempts(endpoints.inbox.id)).length === 2, 'the resend made');
    button(el, '← Back to the message')?.click();
    await view(el, 'invoice.created');
    await until(() => all(el, '[part~="attempts"] tbody tr').length === 2, 'the resend in the message view');
  });

  it('the attempt view of a pending attempt says when the next retry is, and credentials never show', async () => {
    const { el, session } = await picker();
    const ep = await vendor<Endpoint>('POST', `/app/${session.app}/endpoint`, {
      url: session.refusingUrl.replace('http://', 'http://ops:s3cr3t-pa55@'),
      description: 'Ops alerts',
      retrySchedule: [3600],
      headers: { 'x-api-key': 'k3y-never-shown' },
    });
    await vendor('POST', `/app/${session.app}/msg`, { eventType: 'invoice.paid', payload: { amount: 1 } });
    await until(async () => (await bff(session).attempts(ep.id)).length === 1, 'the first attempt');
    await openMessages(el, 1);
    await openMessage(el, 'invoice.paid');
    await openOnlyAttempt(el, 'Attempt 1 of 2');
    expect(text(one(el, '.facts'))).to.match(/Next retry \S/);
    expect(text(one(el, '[part~="response"]'))).to.contain('Status code 401');
    expect(header(el, 'request', 'authorization')).to.equal('••••');
    expect(header(el, 'request', 'x-api-key')).to.equal('••••');
    const page = el.shadowRoot?.innerHTML ?? '';
    for (const secret of ['s3cr3t-pa55', 'k3y-never-shown']) expect(page).to.not.contain(secret);
  });

  it('an attempt that sent nothing says so, and shows no request it did not make', async () => {
    const { el, session } = await picker();
    const ep = await vendor<Endpoint>('POST', `/app/${session.app}/endpoint`, {
      url: session.hookUrl,
      description: 'Broken transformation',
      retrySchedule: [3600],
    });
    await vendor('PATCH', `/app/${session.app}/endpoint/${ep.id}/transformation`, {
      code: "function handler(webhook) { throw new Error('no amount'); }",
      enabled: true,
    });
    await vendor('POST', `/app/${session.app}/msg`, { eventType: 'invoice.paid', payload: { amount: 1 } });
    await until(async () => (await bff(session).attempts(ep.id)).length === 1, 'the failed attempt');
    await openMessages(el, 1);
    await openMessage(el, 'invoice.paid');
    await openOnlyAttempt(el, 'Attempt 1 of 2');
    const request = text(one(el, '[part~="request"]'));
    expect(request).to.contain('Nothing is recorded of what was sent');
    expect(request).to.not.contain('Method');
    expect(text(one(el, '[part~="response"]'))).to.contain('No response');
  });

  it('without CreateAttempts, no resend is offered anywhere', async () => {
    const { el } = await seeded({ capabilities: ['ViewBase'] });
    await openMessages(el, 3);
    await openMessage(el, 'invoice.created');
    expect(one(el, '[part~="destination"] button')).to.equal(null);
    one<HTMLButtonElement>(el, '[part~="attempts"] tbody tr button')?.click();
    await view(el, 'Attempt 1 of');
    await until(() => one(el, '[part~="request"]'));
    expect(button(el, 'Resend')).to.equal(undefined);
  });

  it('the connection detail links each attempt of its delivery log to the attempt view, and back', async () => {
    const { el } = await seeded();
    button(el, 'Your connections')?.click();
    await view(el, 'Your connections');
    // Listed once the picker has read the connections again (the vendor made them meanwhile).
    const row = () => all<HTMLButtonElement>(el, '[part~="endpoint"] .name').find((b) => text(b) === 'Billing inbox');
    await until(row, 'Billing inbox in the list');
    row()?.click();
    await view(el, 'Billing inbox');
    await until(() => all(el, '[part~="log"] tbody tr').length > 0, 'the delivery log');
    one<HTMLButtonElement>(el, '[part~="log"] tbody tr td button.link')?.click();
    await view(el, 'Attempt 1 of');
    await until(() => one(el, '[part~="response"]'));
    expect(text(one(el, '[part~="response"]'))).to.contain('Status code 202');
    button(el, '← Back to the connection')?.click();
    await view(el, 'Billing inbox');
  });

  it('works from the keyboard: tab to a message, open it, resend, and hear it', async () => {
    const { el } = await seeded();
    button(el, 'Messages')?.focus();
    await sendKeys({ press: 'Enter' });
    await view(el, 'Messages');
    await until(() => rows(el).length === 3);
    expect(focused()?.localName, 'focus moves to the heading').to.equal('h2');
    await tabTo((e) => e.id === 'f-event-type', 'the first filter');
    await tabTo((e) => e.classList.contains('event-type'), "the first message's event type");
    await sendKeys({ press: 'Enter' });
    await view(el, 'user.created');
    expect(text(focused())).to.equal('user.created');
    await until(() => all(el, '[part~="destination"] button').length === 1);
    await tabTo((e) => e.getAttribute('aria-label') === 'Resend to Old CRM', 'the resend button');
    await sendKeys({ press: 'Enter' });
    await until(() => text(one(el, '[role="status"]')) === 'Sent again to Old CRM.', 'the resend is said');
  });

  it('its pages (Svix portal paths) follow the customer, and open what they name', async () => {
    const { el, session, messages } = await seeded();
    const pages: string[] = [];
    el.addEventListener('cp-navigate', (event) => pages.push(event.detail.page));
    await openMessages(el, 3);
    await openMessage(el, 'invoice.created');
    await openOnlyAttempt(el, 'Attempt 1 of');
    const [attempt] = await vendor<{ data: { id: string }[] }>(
      'GET',
      `/app/${session.app}/attempt/msg/${messages.created.id}`,
    ).then((p) => p.data);
    const attemptPage = `messages/${messages.created.id}/attempts/${attempt?.id}`;
    expect(pages).to.deep.equal(['messages', `messages/${messages.created.id}`, attemptPage]);
    expect(el.page).to.equal(attemptPage);

    // A picker opened on each of them (a deep link into the portal).
    for (const [page, title] of [
      [attemptPage, 'Attempt 1 of'],
      [`messages/${messages.paid.id}`, 'invoice.paid'],
      ['messages', 'Messages'],
    ] as const) {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div lang="en"><connector-picker api-base="/patchbay" theme="light" page=${page} .token=${session.token}></connector-picker></div>`,
      );
      const opened = wrapper.querySelector('connector-picker') as ConnectorPicker;
      await view(opened, title);
      expect(opened.page).to.equal(page);
    }
  });
});

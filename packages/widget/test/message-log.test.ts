import { expect } from '@open-wc/testing';
import { all, button, focused, one, picker, screenshot, session, text, until, vendor, view } from './helpers.ts';
import { column, filter, ids, openMessages, rows, seeded } from './message-log.ts';
import { expectTranslated } from './translations.ts';

describe('the message log', () => {
  it('lists every message of the application newest first: event type, when, id, status and where it went', async () => {
    const { el, messages } = await seeded();
    await openMessages(el, 3);
    expect(column(el, 0)).to.deep.equal(['user.created', 'invoice.paid', 'invoice.created']);
    expect(ids(el)).to.deep.equal([messages.signup.id, messages.paid.id, messages.created.id]);
    expect(column(el, 3)).to.deep.equal(['Failed', 'Pending', 'Delivered']);
    await until(() => column(el, 4).every((d) => d !== '…'), 'the destinations of each row');
    expect(column(el, 4)).to.deep.equal(['Old CRM', 'Ops alerts', 'Billing inbox']);
    expect(column(el, 1).every((when) => /\d/.test(when ?? ''))).to.equal(true);
    // The filters are labelled form controls in a search landmark.
    const form = one(el, 'form.filters');
    expect(form?.getAttribute('role')).to.equal('search');
    for (const control of all<HTMLInputElement>(el, 'form.filters select, form.filters input')) {
      expect(text(one(el, `label[for="${control.id}"]`)), `#${control.id}'s label`).to.not.equal('');
    }
  });

  it('filters by event type, status, connection, channel and tag, and says when nothing matches', async () => {
    const { el, endpoints } = await seeded();
    await openMessages(el, 3);
    await filter(el, { 'f-event-type': 'invoice.paid' }, 1);
    expect(column(el, 0)).to.deep.equal(['invoice.paid']);
    await filter(el, { 'f-event-type': '', 'f-status': '0' }, 1);
    expect(column(el, 0)).to.deep.equal(['invoice.created']);
    await filter(el, { 'f-status': '1' }, 1);
    expect(column(el, 0)).to.deep.equal(['invoice.paid']);
    await filter(el, { 'f-status': '2' }, 1);
    expect(column(el, 0)).to.deep.equal(['user.created']);
    await filter(el, { 'f-status': '', 'f-endpoint': endpoints.crm.id }, 1);
    expect(column(el, 0)).to.deep.equal(['user.created']);
    await filter(el, { 'f-endpoint': '', 'f-channel': 'eu' }, 1);
    expect(column(el, 0)).to.deep.equal(['invoice.created']);
    await filter(el, { 'f-channel': '', 'f-tag': 'vip' }, 1);
    expect(column(el, 0)).to.deep.equal(['invoice.created']);
    await filter(el, { 'f-tag': 'nobody-uses-this' }, 0);
    // Said in the live region, which had said "Loading…": screen readers hear that nothing matches.
    expect(text(one(el, '#messages-found'))).to.equal('No messages match these filters.');
    expect(one(el, '#messages-found')?.getAttribute('aria-live')).to.equal('polite');
    await screenshot('messages-no-match');
    // Clearing brings every message back, and keeps the keyboard in the form.
    button(el, 'Clear filters')?.click();
    await until(() => rows(el).length === 3, 'every message again');
    await until(() => focused()?.id === 'f-event-type', 'focus on the first filter');
  });

  it("forgets the filters of the application before, when the token is another application's", async () => {
    const { el, endpoints } = await seeded();
    await openMessages(el, 3);
    await filter(el, { 'f-endpoint': endpoints.crm.id }, 1);
    el.token = (await session()).token;
    // The picker reads the other application's catalog, and comes back to its page: the messages.
    await until(() => text(one(el, '#messages-found')) === 'No messages yet.', "the other application's (no) messages");
    expect(one<HTMLSelectElement>(el, '#f-endpoint')?.value).to.equal('');
    expect(text(one(el, '[role="alert"]'))).to.equal('');
  });

  it('filters by date range: presets and a custom from–to', async () => {
    const { el } = await seeded();
    await openMessages(el, 3);
    await filter(el, { 'f-range': '5h' }, 3);
    await filter(el, { 'f-range': 'yesterday' }, 0);
    await filter(el, { 'f-range': 'week' }, 3);
    await filter(el, { 'f-range': 'month' }, 3);
    // From–to shows once "Custom range" is chosen; an hour from now on, there is nothing yet.
    const local = (at: number) => new Date(at - new Date(at).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await filter(el, { 'f-range': 'custom', 'f-from': local(Date.now() + 3600_000) }, 0);
    await filter(el, { 'f-from': local(Date.now() - 3600_000), 'f-to': local(Date.now() + 3600_000) }, 3);
    await filter(el, { 'f-from': '', 'f-to': local(Date.now() - 3600_000) }, 0);
  });

  it('pages through older and newer messages with Svix iterators', async () => {
    const { el, session } = await picker();
    for (let i = 1; i <= 23; i++)
      await vendor('POST', `/app/${session.app}/msg`, {
        eventType: 'invoice.paid',
        payload: { n: i },
        eventId: `n-${i}`,
      });
    await openMessages(el, 20);
    expect(text(one(el, '#messages-found'))).to.equal('Page 1: 20 messages');
    const firstPage = ids(el);
    expect(button(el, '← Newer')?.disabled).to.equal(true);
    button(el, 'Older')?.click();
    await until(() => rows(el).length === 3, 'the second page');
    expect(text(one(el, '#messages-found'))).to.equal('Page 2: 3 messages');
    expect(button(el, 'Older')?.disabled).to.equal(true);
    expect(ids(el).some((id) => firstPage.includes(id))).to.equal(false);
    button(el, '← Newer')?.click();
    await until(() => rows(el).length === 20, 'the first page again');
    expect(ids(el)).to.deep.equal(firstPage);
  });

  it('speaks German, its own strings loaded with the log', async () => {
    const { el } = await seeded({ lang: 'de' });
    button(el, 'Nachrichten')?.click();
    await view(el, 'Nachrichten');
    await until(() => rows(el).length === 3);
    expect(text(one(el, 'label[for="f-range"]'))).to.equal('Zeitraum');
    expect(column(el, 3)).to.deep.equal(['Fehlgeschlagen', 'Ausstehend', 'Zugestellt']);
    await screenshot('messages-de');
  });

  it("ships every one of the log's strings in German and French, placeholders and plural forms included", async () => {
    expectTranslated('log', {
      en: (await import('../src/views/log/log-en.ts')).en,
      de: (await import('../src/views/log/log-de.ts')).de,
      fr: (await import('../src/views/log/log-fr.ts')).fr,
    });
  });
});

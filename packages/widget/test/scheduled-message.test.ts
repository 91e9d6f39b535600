import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { lowContrast } from './contrast.ts';
import { all, button, one, screenshot, text, until, vendor, view } from './helpers.ts';
import { cells, column, openMessage, openMessages, rows, seeded } from './message-log.ts';

/**
 * The seeded log, plus a message scheduled (Svix's deliverAt) two hours ahead to "Billing inbox":
 * it waits for its time, and the log says when it goes.
 */
async function withScheduled(options: Parameters<typeof seeded>[0] = {}) {
  const seed = await seeded(options);
  const deliverAt = new Date(Date.now() + 2 * 3_600_000).toISOString();
  const scheduled = await vendor<{ id: string; deliverAt: string }>('POST', `/app/${seed.session.app}/msg`, {
    eventType: 'invoice.created',
    payload: { amount: 12, customer_name: 'Grace Hopper' },
    deliverAt,
  });
  expect(scheduled.deliverAt).to.equal(deliverAt);
  return { ...seed, scheduled, deliverAt };
}

/** What a row or the message view shows of when it goes: the `<time>` beside the badge. */
const scheduledTime = (scope: Element | null | undefined) =>
  scope?.querySelector<HTMLTimeElement>('time.scheduled-for');

describe('a scheduled message in the log', () => {
  it('is listed as scheduled with when it goes, not as pending', async () => {
    const { el, scheduled, deliverAt } = await withScheduled();
    await openMessages(el, 4);
    const [row] = rows(el);
    expect(text(row?.querySelector('code.msg-id'))).to.equal(scheduled.id);
    expect(cells(row)[3]).to.match(/^Scheduled \S/);
    expect(scheduledTime(row)?.dateTime).to.equal(deliverAt);
    expect(scheduledTime(row)?.textContent).to.match(/\d/);
    expect(column(el, 3).slice(1)).to.deep.equal(['Failed', 'Pending', 'Delivered'], 'the others as before');
  });

  it('its message view says when it is scheduled for, at the message and at its destination, and offers no retry time', async () => {
    const { el, deliverAt } = await withScheduled();
    await openMessages(el, 4);
    rows(el)[0]?.querySelector<HTMLButtonElement>('.event-type')?.click();
    await view(el, 'invoice.created');
    await until(() => all(el, '[part~="destination"]').length > 0, 'the destinations');
    expect(text(one(el, '.status-line'))).to.match(/^Scheduled \S/);
    const facts = [...(one(el, 'dl.facts')?.querySelectorAll('dt') ?? [])].map(text);
    expect(facts).to.include('Scheduled for');
    expect(one<HTMLTimeElement>(el, 'dl.facts time')?.dateTime).to.equal(deliverAt);
    const destination = one(el, '[part~="destination"]');
    expect(text(destination)).to.match(/^Billing inbox Scheduled \S/);
    expect(text(destination)).to.not.contain('Next retry');
    expect(scheduledTime(destination)?.dateTime).to.equal(deliverAt);
    expect(text(one(el, '#attempts + p'))).to.equal('No attempts yet.');
  });

  it('says so in German and French', async () => {
    for (const [lang, messages, badge, label] of [
      ['de', 'Nachrichten', 'Geplant', 'Geplant für'],
      ['fr', 'Messages', 'Planifié', 'Envoi prévu'],
    ] as const) {
      const { el } = await withScheduled({ lang });
      button(el, messages)?.click();
      await view(el, messages);
      await until(() => rows(el).length === 4, `${lang}: the messages`);
      await until(() => cells(rows(el)[0])[3]?.startsWith(`${badge} `), `${lang}: scheduled`);
      rows(el)[0]?.querySelector<HTMLButtonElement>('.event-type')?.click();
      await view(el, 'invoice.created');
      await until(() => all(el, 'dl.facts dt').some((dt) => text(dt) === label), `${lang}: ${label}`);
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`holds at 375 px and wide (${theme}), readable and accessible, in the list and the message view, saved as screenshots`, async () => {
      const { el } = await withScheduled({ theme });
      /** axe, and WCAG contrast where axe cannot be sure of the background (the badge, the muted time). */
      const checked = async (what: string) => {
        await el.updateComplete;
        await expect(el, what).to.be.accessible();
        expect(lowContrast(el.shadowRoot as ShadowRoot), what).to.deep.equal([]);
      };
      try {
        for (const width of [375, 900]) {
          const name = width === 375 ? '375' : 'wide';
          await setViewport({ width, height: 900 });
          await openMessages(el, 4);
          await until(() => column(el, 4).every((d) => d !== '…'));
          expect(document.documentElement.scrollWidth, `messages at ${width} px`).to.be.at.most(window.innerWidth);
          await checked(`messages at ${width} px`);
          await screenshot(`${name}-${theme}-messages-scheduled`);
          await openMessage(el, 'invoice.created');
          await until(() => text(one(el, '.status-line')).startsWith('Scheduled'));
          expect(document.documentElement.scrollWidth, `message at ${width} px`).to.be.at.most(window.innerWidth);
          await checked(`message at ${width} px`);
          await screenshot(`${name}-${theme}-message-scheduled`);
        }
      } finally {
        await setViewport({ width: 900, height: 900 });
      }
    });
  }
});

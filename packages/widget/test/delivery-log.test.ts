import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import {
  all,
  bff,
  button,
  customConnection,
  one,
  type PickerOptions,
  picker,
  type Session,
  screenshot,
  send,
  text,
  until,
  view,
} from './helpers.ts';

/**
 * A Custom connection through the widget to `url`, retried on `retrySchedule` (seconds), with one
 * message sent to it and its first attempt logged.
 */
async function deliveredTo(
  url: keyof Pick<Session, 'hookUrl' | 'refusingUrl'>,
  retrySchedule: number[],
  options: PickerOptions = {},
) {
  const { el, session } = await picker(options);
  await customConnection(el, { ...session, hookUrl: session[url] });
  const api = bff(session);
  const [endpoint] = await api.endpoints();
  const id = endpoint?.id ?? '';
  await api.patchEndpoint(id, { retrySchedule });
  await send(session.app, 'invoice.paid', { amount: 12.5, customer_name: 'Ada' });
  await until(async () => (await api.attempts(id)).length > 0, 'the first attempt');
  return { el, session, api, id };
}

/** Opens the one connection's detail from the list (which reads the connections again). */
async function openDetail(el: ConnectorPicker) {
  button(el, 'Your connections')?.click();
  await view(el, 'Your connections');
  one<HTMLButtonElement>(el, '[part~="endpoint"] .name')?.click();
  await view(el, 'Custom webhook');
  await until(() => all(el, '[part~="log"] tbody tr').length > 0, 'the log shows the delivery');
}

const cells = (row: Element | undefined) => [...(row?.querySelectorAll('td') ?? [])].map(text);

describe('connections and their delivery log', () => {
  it('the list says where a connection goes, its events, and that it fails and why after its first failed attempt', async () => {
    const { el, session } = await deliveredTo('refusingUrl', [3600]);
    button(el, 'Your connections')?.click();
    await view(el, 'Your connections');
    await until(
      () => text(one(el, '[part~="endpoint"] [part~="badge"]')).startsWith('Failing: 401 Unauthorized since '),
      'the list reads the connection again and shows it failing, with the reason',
    );
    const facts = text(one(el, '[part~="endpoint"] .facts'));
    expect(facts).to.contain(`Destination ${session.refusingUrl}`);
    expect(facts).to.contain('Events All events');
    await screenshot('list-failing');
  });

  it('the list and detail show the destination as the BFF answers it: user info given in the URL is nowhere in the page', async () => {
    const { el, session } = await deliveredTo('hookUrl', [3600]);
    const api = bff(session);
    const [endpoint] = await api.endpoints();
    const secrets = ['sk_live_k3y', 'pa55-w0rd'];
    await api.patchEndpoint(endpoint?.id ?? '', {
      url: session.hookUrl.replace('http://', `http://${secrets.join(':')}@`),
    });
    await openDetail(el);
    expect(text(one(el, '[part~="log"] tbody'))).to.not.equal('');
    button(el, 'Your connections')?.click();
    await view(el, 'Your connections');
    expect(text(one(el, '[part~="endpoint"] .facts'))).to.contain(`Destination ${session.hookUrl}`);
    const page = el.shadowRoot?.innerHTML ?? '';
    for (const secret of secrets) expect(page).to.not.contain(secret);
  });

  it('each log row says its event type, message, attempt n of N, and when the next try is', async () => {
    const { el, api, id } = await deliveredTo('refusingUrl', [3600]);
    await openDetail(el);
    const [row] = all(el, '[part~="log"] tbody tr');
    const [when, message, status, code] = cells(row);
    expect(when).to.not.equal('');
    expect(message).to.match(/^invoice\.paid msg_[A-Za-z0-9]+$/);
    expect(message).to.contain((await api.attempts(id))[0]?.msgId);
    expect(status).to.match(/^Failed Attempt 1 of 2 Next try \S/);
    expect(code).to.equal('401');
  });

  it('a failed attempt with no retry left says it is final', async () => {
    const { el, api, id } = await deliveredTo('refusingUrl', [0]);
    await until(async () => (await api.attempts(id)).length === 2, 'the immediate retry');
    await openDetail(el);
    await until(() => all(el, '[part~="log"] tbody tr').length === 2);
    const [last, first] = all(el, '[part~="log"] tbody tr').map((r) => cells(r)[2]);
    expect(last).to.equal('Failed Attempt 2 of 2 Final: no more tries');
    expect(first).to.equal('Failed Attempt 1 of 2 Tried again');
  });

  it('"Resend failed" starts a day back, says how many it will send, and sends them when confirmed', async () => {
    const { el, api, id } = await deliveredTo('refusingUrl', [3600]);
    await openDetail(el);
    const since = one<HTMLInputElement>(el, '#since');
    const dayAgo = Date.now() - Date.parse(since?.value ?? '');
    expect(dayAgo).to.be.within(23.9 * 3600_000, 24.1 * 3600_000);
    button(el, 'Resend failed')?.click();
    await until(() => text(one(el, '#recover-count')) === '1 failed message to send again.', 'the count');
    expect((await api.attempts(id)).length).to.equal(1, 'nothing is sent before confirming');
    button(el, 'Send 1 again')?.click();
    await until(() => text(one(el, '[role="status"]')) === '1 message sent again.');
    await until(async () => (await api.attempts(id)).some((a) => a.triggerType === 1), 'the resend is made');
  });

  it('the customer names a connection, and the list shows that name', async () => {
    const { el, session } = await deliveredTo('hookUrl', [3600]);
    await openDetail(el);
    const input = one<HTMLInputElement>(el, '#description');
    if (input) input.value = 'Billing alerts to ops';
    one<HTMLFormElement>(el, 'form.describe')?.requestSubmit();
    await until(() => text(one(el, '[role="status"]')) === 'Description saved.');
    expect((await bff(session).endpoints())[0]?.description).to.equal('Billing alerts to ops');
    button(el, 'Your connections')?.click();
    await view(el, 'Your connections');
    expect(text(one(el, '[part~="endpoint"] .name'))).to.equal('Billing alerts to ops');
    expect(text(one(el, '[part~="endpoint"] .facts'))).to.contain('Connector Custom webhook');
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`the list and the detail hold at 320 and 375 px without scrolling sideways (${theme})`, async () => {
      const { el } = await deliveredTo('refusingUrl', [3600], { theme });
      try {
        for (const width of [375, 320]) {
          await setViewport({ width, height: 900 });
          await openDetail(el);
          await el.updateComplete;
          expect(document.documentElement.scrollWidth, `detail at ${width} px`).to.be.at.most(window.innerWidth);
          const resend = button(el, 'Resend');
          const box = resend?.getBoundingClientRect();
          expect(box && box.right <= window.innerWidth, `the Resend button fits at ${width} px`).to.equal(true);
          if (width === 375) await screenshot(`375-${theme}-detail-log`);
          button(el, 'Your connections')?.click();
          await view(el, 'Your connections');
          await el.updateComplete;
          expect(document.documentElement.scrollWidth, `list at ${width} px`).to.be.at.most(window.innerWidth);
          if (width === 375) await screenshot(`375-${theme}-list-facts`);
        }
      } finally {
        await setViewport({ width: 900, height: 900 });
      }
    });
  }
});

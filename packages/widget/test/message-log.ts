import type { Endpoint } from '../src/api/types.ts';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import { all, bff, button, one, type PickerOptions, picker, text, until, vendor, view } from './helpers.ts';

/**
 * An application with three connections, each taking one event type, and one message to each:
 * to "Billing inbox" (answers 202 with a body: delivered), "Ops alerts" (refuses, retried in an
 * hour: pending) and "Old CRM" (refuses, retried at once, then no more: failed).
 */
export async function seeded(options: PickerOptions = {}) {
  const { el, session } = await picker(options);
  const endpoint = (body: object) => vendor<Endpoint>('POST', `/app/${session.app}/endpoint`, body);
  const inbox = await endpoint({
    url: session.replyingUrl,
    description: 'Billing inbox',
    eventTypes: ['invoice.created'],
  });
  const ops = await endpoint({
    url: session.refusingUrl,
    description: 'Ops alerts',
    eventTypes: ['invoice.paid'],
    retrySchedule: [3600],
  });
  const crm = await endpoint({
    url: session.refusingUrl,
    description: 'Old CRM',
    eventTypes: ['user.created'],
    retrySchedule: [0],
  });
  const message = (body: object) => vendor<{ id: string }>('POST', `/app/${session.app}/msg`, body);
  const created = await message({
    eventType: 'invoice.created',
    eventId: 'inv-2026-0042',
    payload: { amount: 99.5, customer_name: 'Ada Lovelace' },
    channels: ['eu'],
    tags: ['vip'],
  });
  const paid = await message({ eventType: 'invoice.paid', payload: { amount: 99.5 } });
  const signup = await message({ eventType: 'user.created', payload: { user: { id: 'u1' } } });
  const api = bff(session);
  await until(async () => {
    const [a, b, c] = await Promise.all([api.attempts(inbox.id), api.attempts(ops.id), api.attempts(crm.id)]);
    return a.length >= 1 && b.length >= 1 && c.length >= 2;
  }, 'each connection tried');
  return { el, session, endpoints: { inbox, ops, crm }, messages: { created, paid, signup } };
}

export const rows = (el: ConnectorPicker) => all(el, 'tbody [part~="message"]');
export const cells = (row: Element | undefined) => [...(row?.querySelectorAll('td') ?? [])].map(text);
export const column = (el: ConnectorPicker, n: number) => rows(el).map((r) => cells(r)[n]);
export const ids = (el: ConnectorPicker) => rows(el).map((r) => text(r.querySelector('code.msg-id')));

export async function openMessages(el: ConnectorPicker, count?: number) {
  button(el, 'Messages')?.click();
  await view(el, 'Messages');
  if (count !== undefined) await until(() => rows(el).length === count, `${count} messages listed`);
}

/** Sets the filter form's fields and applies them, as the customer does. */
export async function filter(el: ConnectorPicker, values: Record<string, string>, expected: number) {
  for (const [id, value] of Object.entries(values)) {
    // A connection is an option once the picker has read the connections again (it does on opening the log).
    const offered = () => {
      const field = one<HTMLInputElement | HTMLSelectElement>(el, `#${id}`);
      return !(field instanceof HTMLSelectElement) || [...field.options].some((o) => o.value === value);
    };
    await until(offered, `#${id} offers ${value}`);
    const field = one<HTMLInputElement | HTMLSelectElement>(el, `#${id}`);
    if (!field) throw new Error(`no filter #${id}`);
    field.value = value;
    field.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
  }
  one<HTMLFormElement>(el, 'form.filters')?.requestSubmit();
  // The old page goes at once (the new one is loading): what is waited for below is the new one.
  await el.updateComplete;
  await until(
    () =>
      expected === 0 ? text(one(el, '.empty-state')) !== '' : rows(el).length === expected && !one(el, '.empty-state'),
    `${expected} messages after filtering by ${JSON.stringify(values)}`,
  );
}

/** Opens the message whose event type is `type` from the list. */
export async function openMessage(el: ConnectorPicker, type: string) {
  const row = rows(el).find((r) => text(r.querySelector('.event-type')) === type);
  row?.querySelector<HTMLButtonElement>('.event-type')?.click();
  await view(el, type);
  await until(() => all(el, '[part~="destination"]').length > 0, 'the destinations');
}

import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import {
  all,
  bff,
  button,
  connectorCard,
  deliveryLogged,
  one,
  picker,
  press,
  send,
  text,
  until,
  view,
} from './helpers.ts';

/**
 * Drives the widget through every view, handing each to `check`; `style` sets the host page's
 * --cp-* properties (a vendor's brand colour, say) before the first view.
 */
export async function everyView(
  theme: 'light' | 'dark',
  check: (el: ConnectorPicker, name: string) => Promise<void>,
  style: Record<string, string> = {},
) {
  const { el, session } = await picker({ theme });
  for (const [name, value] of Object.entries(style)) el.style.setProperty(name, value);
  await el.updateComplete;
  await check(el, 'catalog');
  connectorCard(el, 'Custom webhook')?.click();
  await view(el, 'Connect Custom webhook');
  one<HTMLFormElement>(el, 'form')?.requestSubmit();
  await until(() => one(el, '#f-url-error'));
  await check(el, 'connect (with an error)');
  const url = one<HTMLInputElement>(el, '#f-url');
  // A long URL with no place to break, as customers' often are: every view that shows it must wrap it.
  if (url) url.value = `${session.hookUrl}?source=acme&token=${'Zm9vYmFyYmF6'.repeat(8)}`;
  // With a Basic pair, which binds the connection to its site: moving it asks for credentials (settings).
  for (const [field, value] of [
    ['username', 'ada'],
    ['password', 'pw'],
  ] as const) {
    const input = one<HTMLInputElement>(el, `#f-${field}`);
    if (input) input.value = value;
  }
  one<HTMLFormElement>(el, 'form')?.requestSubmit();
  await view(el, 'Events');
  for (const details of all<HTMLDetailsElement>(el, 'details')) details.open = true;
  await check(el, 'events');
  await press(el, 'Next');
  await view(el, 'Transformation');
  await until(() => one(el, 'cp-code-editor'));
  const payload = one<HTMLTextAreaElement>(el, '#test-payload');
  if (payload) {
    payload.value = JSON.stringify({
      amount: 1,
      invoice_url: `https://acme.example/invoices/${'inv0123456789'.repeat(8)}`,
    });
    payload.dispatchEvent(new Event('input'));
  }
  await press(el, 'Run test');
  await until(() => one(el, '[part~="panel"] pre.diff'));
  await check(el, 'transformation');
  await press(el, 'Next');
  await view(el, 'Review');
  await check(el, 'review');
  await press(el, 'Save');
  await view(el, 'Your connections');
  await check(el, 'list');
  button(el, 'Delete')?.click();
  await until(() => one<HTMLDialogElement>(el, 'dialog')?.open);
  await check(el, 'delete dialog');
  one<HTMLDialogElement>(el, 'dialog')?.close('cancel');
  await send(session.app, 'invoice.created', { amount: 1, customer_name: 'Ada' });
  button(el, 'Custom webhook')?.click();
  await view(el, 'Custom webhook');
  await deliveryLogged(el, session);
  await check(el, 'detail');
  // Paused, with a message it missed: since when, how many, what resuming does; then the offer to send it.
  const api = bff(session);
  const id = (await api.endpoints())[0]?.id ?? '';
  await api.patchEndpoint(id, { disabled: true });
  await send(session.app, 'invoice.created', { amount: 2, customer_name: 'Ada' });
  button(el, 'Your connections')?.click();
  await view(el, 'Your connections');
  button(el, 'Custom webhook')?.click();
  await view(el, 'Custom webhook');
  await until(() => text(one(el, '#missed-state')).endsWith('1 message since then was not sent to it.'));
  await check(el, 'detail (off)');
  all<HTMLButtonElement>(el, '.missed button')
    .find((b) => text(b) === 'Resume')
    ?.click();
  await until(() => one<HTMLDialogElement>(el, '#replay-dialog')?.open);
  await check(el, 'missed dialog');
  one<HTMLButtonElement>(el, '#replay-dialog button[value="replay"]')?.click();
  await until(() => text(one(el, '[role="status"]')) === '1 missed message sent.');
  await check(el, 'detail (replayed)');
  // Editing it: the dry run on its delivered messages, each opened, and its versions with their diff.
  button(el, 'Your connections')?.click();
  await view(el, 'Your connections');
  button(el, 'Edit')?.click();
  await view(el, 'Events');
  await press(el, 'Next');
  await view(el, 'Transformation');
  await press(el, 'Run on recent events');
  await until(() => all(el, '.dry-run-row').length > 0 && all(el, '.version').length > 0);
  for (const details of all<HTMLDetailsElement>(el, '.dry-run details')) details.open = true;
  await check(el, 'transformation (editing: dry run, versions)');
  button(el, 'Your connections')?.click();
  await view(el, 'Your connections');
  button(el, 'Custom webhook')?.click();
  await view(el, 'Custom webhook');
  // The connection's settings, with its secret shown, and the credentials asked again for another site.
  await press(el, 'Settings');
  await view(el, 'Settings: Custom webhook');
  await until(() => all(el, 'figure.stats').length === 2 && one(el, '#h-new-name'));
  for (const details of all<HTMLDetailsElement>(el, 'details')) details.open = true;
  button(el, 'Show')?.click();
  await until(
    () => text(one(el, '#secret-value')).startsWith('whsec_') && !text(one(el, '#secret-value')).includes('•'),
  );
  await check(el, 'settings');
  const moved = one<HTMLInputElement>(el, '#s-url');
  if (moved) moved.value = session.otherSiteUrl;
  one<HTMLFormElement>(el, 'form.settings-form')?.requestSubmit();
  await until(() => one(el, '#again-title'));
  await check(el, 'settings (credentials again)');
  button(el, 'Event types')?.click();
  await view(el, 'Event types');
  await check(el, 'event types');
  button(el, 'invoice.created')?.click();
  await view(el, 'invoice.created');
  await check(el, 'event type');
  // The message log's views (message-log.test.ts covers them in depth).
  button(el, 'Messages')?.click();
  await view(el, 'Messages');
  await until(() => all(el, 'tbody [part~="message"] .destinations').some((d) => text(d) !== '…'));
  await check(el, 'messages');
  one<HTMLButtonElement>(el, 'tbody [part~="message"] .event-type')?.click();
  await view(el, 'invoice.created');
  await until(() => all(el, '[part~="attempts"] tbody tr').length > 0);
  await check(el, 'message');
  one<HTMLButtonElement>(el, '[part~="attempts"] tbody tr button')?.click();
  await view(el, 'Attempt');
  await until(() => one(el, '[part~="response"]'));
  await check(el, 'attempt');
}

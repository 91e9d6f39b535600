import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  all,
  bff,
  button,
  customConnection,
  deliveryLogged,
  focused,
  markedLines,
  one,
  type PickerOptions,
  picker,
  press,
  session as readOnlySession,
  screenshot,
  send,
  tabTo,
  text,
  typeCode,
  until,
  view,
} from './helpers.ts';

async function withConnection(options: PickerOptions = {}) {
  const { el, session } = await picker(options);
  await customConnection(el, session);
  return { el, session };
}

describe('managing connections', () => {
  it('shows the delivery log with status code, response and duration, and resends a delivery', async () => {
    const { el, session } = await withConnection();
    await send(session.app, 'invoice.created', { amount: 12.5, customer_name: 'Ada' });
    button(el, 'Custom webhook')?.click();
    await view(el, 'Custom webhook');
    await deliveryLogged(el, session);
    await until(() => all(el, '[part~="log"] tbody tr').length === 1);
    const cells = all(el, '[part~="log"] tbody td').map(text);
    expect(cells[1]).to.match(/^invoice\.created msg_/);
    expect(cells[2]).to.equal('Delivered Attempt 1 of 8');
    expect(cells[3]).to.equal('204');
    expect(cells[4]).to.match(/^\d+ ms$/);
    await screenshot('detail');

    button(el, 'Resend')?.click();
    await until(() => text(one(el, '[role="status"]')) === 'Sent again.');
    await until(() => all(el, '[part~="log"] tbody tr').length === 2, 'the resent delivery shows');
  });

  it('sends a test event, and finds no failed deliveries to send again since a time', async () => {
    const { el } = await withConnection();
    button(el, 'Custom webhook')?.click();
    await view(el, 'Custom webhook');
    button(el, 'Send test event')?.click();
    await until(() => text(one(el, '[role="status"]')) === 'Test event sent.');
    const since = one<HTMLInputElement>(el, '#since');
    if (since) since.value = since.min; // as far back as the BFF counts
    one<HTMLFormElement>(el, 'form.recover')?.requestSubmit();
    await until(() => text(one(el, '#recover-count')) === 'No failed messages to send again since then.');
    expect(button(el, 'Send 0 again')).to.equal(undefined, 'nothing to confirm');
  });

  it('pauses and resumes a connection', async () => {
    const { el, session } = await withConnection();
    const updated = oneEvent(el, 'cp-endpoint-updated');
    button(el, 'Pause')?.click();
    await updated;
    await until(() => text(one(el, '[part~="badge"]')) === 'Paused');
    expect((await bff(session).endpoints())[0]?.disabled).to.equal(true);
    button(el, 'Resume')?.click();
    await until(() => text(one(el, '[part~="badge"]')) === 'Active');
  });

  it('deletes only after confirming in a modal dialog that takes and gives back focus', async () => {
    const { el } = await withConnection();
    const remove = button(el, 'Delete');
    remove?.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = one<HTMLDialogElement>(el, 'dialog');
    await until(() => dialog?.open, 'the dialog opens');
    expect(text(focused())).to.equal('Cancel', 'focus starts on the safe choice');
    await screenshot('confirm-delete');
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog?.open);
    expect(focused()).to.equal(remove, 'focus returns to the Delete button');
    expect(all(el, '[part~="endpoint"]')).to.have.length(1);

    await sendKeys({ press: 'Enter' });
    await until(() => dialog?.open);
    const deleted = oneEvent(el, 'cp-endpoint-deleted');
    await tabTo((e) => e.getAttribute('value') === 'delete', 'the confirm button');
    await sendKeys({ press: 'Enter' });
    expect((await deleted).detail.endpointId).to.be.a('string');
    await until(() => all(el, '[part~="endpoint"]').length === 0);
    expect(text(one(el, '.body'))).to.contain('No connections yet.');
  });

  it('edits a connection: changes its events and transformation', async () => {
    const { el, session } = await withConnection();
    button(el, 'Edit')?.click();
    await view(el, 'Events');
    const box = all<HTMLInputElement>(el, 'input[type="checkbox"]').find(
      (b) => text(b.closest('label')) === 'invoice.paid',
    );
    box?.click();
    await press(el, 'Next');
    await view(el, 'Transformation');
    await until(() => one(el, 'cp-code-editor'));
    await typeCode(el, 'function handler(webhook) {\n  webhook.payload = { paid: true };\n  return webhook;\n}\n');
    await press(el, 'Next');
    await view(el, 'Review');
    await press(el, 'Save');
    await view(el, 'Your connections');
    const api = bff(session);
    const id = (await api.endpoints())[0]?.id ?? '';
    expect((await api.endpoint(id)).eventTypes).to.deep.equal(['invoice.paid']);
    expect((await api.transformation(id)).code).to.contain('paid: true');
  });

  it('points at the line where a transformation fails, in the message and the editor', async () => {
    const { el } = await withConnection();
    button(el, 'Edit')?.click();
    await view(el, 'Events');
    await press(el, 'Next');
    await until(() => one(el, 'cp-code-editor'));
    await typeCode(
      el,
      'function handler(webhook) {\n  console.log("about to fail");\n  return webhook.payload.nope.deeper;\n}\n',
    );
    await press(el, 'Run test');
    await until(() => one(el, '[part~="panel"] [role="alert"]'), 'the error shows');
    expect(text(one(el, '[part~="panel"] [role="alert"]'))).to.match(
      /^Your code failed at line 3, column \d+: TypeError: /,
    );
    expect(text(one(el, '[part~="panel"] pre'))).to.contain('log: about to fail');
    await until(() => markedLines(el).includes(3), 'the failing line marked in the editor');
    await screenshot('transform-error');

    const payload = one<HTMLTextAreaElement>(el, '#test-payload');
    if (payload) payload.value = '{ not json';
    payload?.dispatchEvent(new Event('input'));
    await press(el, 'Run test');
    await until(() => text(one(el, '[part~="panel"] [role="alert"]')) === 'The test payload is not valid JSON.');
  });

  it('a read-only session sees connections but no controls to change them', async () => {
    const { el, session } = await withConnection();
    const { el: r } = await picker({ capabilities: ['ViewBase'] });
    // The same customer's application, through a view-only session.
    r.token = (await readOnlySession({ app: session.app, capabilities: ['ViewBase'] })).token;
    await r.updateComplete;
    await until(() => all(r, '[part~="connector"]').length === 14, 'the other application loads');
    expect(text(one(r, '.body'))).to.contain('You can see connections here, but not change them.');
    expect(all<HTMLButtonElement>(r, '[part~="connector"]').every((b) => b.disabled)).to.equal(true);
    button(r, 'Your connections')?.click();
    await view(r, 'Your connections');
    await until(() => all(r, '[part~="endpoint"]').length === 1, 'the other session’s connection shows');
    const labels = () => all(r, 'button').map(text);
    for (const label of ['Pause', 'Edit', 'Delete']) expect(labels()).not.to.include(label);
    button(r, 'Custom webhook')?.click();
    await view(r, 'Custom webhook');
    for (const label of ['Resend', 'Send test event', 'Show', 'Rotate', 'Resend failed', 'Send missed messages']) {
      expect(labels()).not.to.include(label);
    }
    expect(all(el, '[part~="endpoint"]')).to.have.length(1);
  });
});

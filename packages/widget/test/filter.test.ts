import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import { en as filterEn } from '../src/views/filter-en.ts';
import {
  all,
  bff,
  button,
  connectorCard,
  focused,
  hooks,
  one,
  type PickerOptions,
  picker,
  press,
  type Session,
  saveAsConnected,
  screenshot,
  send,
  text,
  until,
  view,
} from './helpers.ts';
import { expectTranslated } from './translations.ts';

/** Sets a control's value as typing or choosing would, with the event the builder listens to. */
function enter(el: ConnectorPicker, selector: string, value: string) {
  const control = one<HTMLInputElement | HTMLSelectElement>(el, selector);
  if (!control) throw new Error(`no control ${selector}`);
  control.value = value;
  control.dispatchEvent(new Event(control instanceof HTMLSelectElement ? 'change' : 'input'));
}

/** Connects a Custom webhook to the session's hook URL and stops at the events step. */
async function connectCustom(el: ConnectorPicker, s: Session) {
  connectorCard(el, 'Custom webhook')?.click();
  await view(el, 'Connect Custom webhook');
  const url = one<HTMLInputElement>(el, '#f-url');
  if (url) url.value = s.hookUrl;
  one<HTMLFormElement>(el, 'form')?.requestSubmit();
  await view(el, 'Events');
}

/** Adds a condition from the keyboard: the add button, Enter; focus lands on the new condition's field. */
async function addCondition(el: ConnectorPicker, index: number) {
  one<HTMLButtonElement>(el, '#cp-filter-add')?.focus();
  await sendKeys({ press: 'Enter' });
  await until(() => focused()?.id === `cp-filter-field-${index}`, 'focus on the new condition’s field');
}

async function builtFilter(options: PickerOptions = {}) {
  const { el, session } = await picker(options);
  await connectCustom(el, session);
  await addCondition(el, 0);
  return { el, session };
}

describe('the filter builder', () => {
  it('a filter built in the events step stops one event and lets another through, logged as not sent', async () => {
    const { el, session: s } = await builtFilter();
    // The fields offered are the event types' schema fields.
    const offered = all<HTMLOptionElement>(el, '#cp-filter-fields option').map((o) => o.value);
    expect(offered).to.include.members(['amount', 'customer_name', 'lines', 'user.email']);
    expect(text(one(el, '[role="status"]'))).to.equal('Condition 1 added.');
    enter(el, '#cp-filter-field-0', 'amount');
    enter(el, '#cp-filter-op-0', 'gt');
    enter(el, '#cp-filter-value-0', '100');
    expect(one(el, '[part="filter-condition"]')?.getAttribute('aria-label')).to.equal('Condition 1');
    await expect(el).to.be.accessible();
    await screenshot('filter-builder');

    await saveAsConnected(el);

    const api = bff(s);
    const [endpoint] = await api.endpoints();
    const id = endpoint?.id ?? '';
    expect(endpoint?.filter).to.deep.equal({ and: [{ '>': [{ var: 'amount' }, 100] }] }, 'the amount as a number');

    const small = (await send(s.app, 'invoice.created', { amount: 12.5, customer_name: 'Tyrell' })) as { id: string };
    const large = (await send(s.app, 'invoice.created', { amount: 250, customer_name: 'Wallace' })) as { id: string };
    await until(async () => (await api.attempts(id)).length === 2, 'both messages are attempted');
    await until(async () => (await hooks('/hooks/ok')).some((h) => h.messageId === large.id), 'the large one arrives');
    const received = (await hooks('/hooks/ok')).map((h) => h.messageId);
    expect(received).to.not.include(small.id, 'the filter stopped the small one');
    const attempts = await api.attempts(id);
    const stopped = attempts.find((a) => a.msgId === small.id);
    expect(stopped?.status).to.equal(4);
    expect(stopped?.response).to.equal("Filtered out by the endpoint's filter: nothing was sent");

    // The delivery log says it was not sent; the other one went.
    one<HTMLButtonElement>(el, '[part~="endpoint"] .name')?.click();
    await view(el, 'Custom webhook');
    await until(() => all(el, '[part~="log"] tbody tr').length === 2, 'the log shows both');
    const rows = all(el, '[part~="log"] tbody tr').map(text);
    expect(rows.some((r) => r.includes('Not sent'))).to.equal(true, rows.join(' | '));

    // Edited again, the connection shows its filter as conditions.
    button(el, 'Your connections')?.click();
    await view(el, 'Your connections');
    button(el, 'Edit')?.click();
    await view(el, 'Events');
    await until(() => one(el, '#cp-filter-field-0'), 'the saved condition');
    expect(one<HTMLInputElement>(el, '#cp-filter-field-0')?.value).to.equal('amount');
    expect(one<HTMLSelectElement>(el, '#cp-filter-op-0')?.value).to.equal('gt');
    expect(one<HTMLInputElement>(el, '#cp-filter-value-0')?.value).to.equal('100');

    // The dry run tries the filter first, as a delivery does: the small one stops there.
    await press(el, 'Next');
    await view(el, 'Transformation');
    await press(el, 'Run on recent events');
    const row = (msgId: string) => all(el, '.dry-run-row').find((r) => text(r).includes(msgId));
    await until(() => row(small.id) && row(large.id), 'both messages are in the dry run');
    expect(text(row(small.id))).to.contain('Your code: filtered out');
    expect(text(row(large.id))).to.contain('Your code: ok');
    // As edited and not saved yet: over 500 stops the large one too.
    await press(el, '← Back');
    await view(el, 'Events');
    enter(el, '#cp-filter-value-0', '500');
    await press(el, 'Next');
    await view(el, 'Transformation');
    await press(el, 'Run on recent events');
    await until(() => text(row(large.id)).includes('Your code: filtered out'), 'the edited filter is the one tried');
  });

  it('any of several conditions; removing one is said and moves focus back to Add', async () => {
    const { el } = await builtFilter();
    enter(el, '#cp-filter-field-0', 'customer_name');
    enter(el, '#cp-filter-op-0', 'oneOf');
    enter(el, '#cp-filter-value-0', 'Tyrell, Wallace');
    await until(() => one(el, '#cp-filter-value-help-0'), 'the list help');
    expect(text(one(el, '#cp-filter-value-help-0'))).to.equal('Values separated by commas');
    await addCondition(el, 1);
    enter(el, '#cp-filter-field-1', 'status');
    enter(el, '#cp-filter-op-1', 'exists');
    await until(() => !one(el, '#cp-filter-value-1'), 'no value for "is present"');
    enter(el, '#cp-filter-match', 'or');
    await expect(el).to.be.accessible();
    one<HTMLButtonElement>(el, '[aria-label="Remove condition 2"]')?.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => focused()?.id === 'cp-filter-add', 'focus back on Add');
    expect(text(one(el, '[role="status"]'))).to.equal('Condition 2 removed.');
    expect(all(el, '[part="filter-condition"]')).to.have.length(1);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`fits 375 px in the ${theme} theme`, async () => {
      await setViewport({ width: 375, height: 900 });
      try {
        const { el } = await builtFilter({ theme });
        enter(el, '#cp-filter-field-0', 'customer_name');
        enter(el, '#cp-filter-value-0', 'Tyrell');
        await expect(el).to.be.accessible();
        expect(el.scrollWidth).to.be.at.most(375);
        await screenshot(`375-${theme}-filter-builder`);
      } finally {
        await setViewport({ width: 900, height: 900 });
      }
    });
  }

  it('speaks French at 375 px, dark: the builder’s texts load with the page’s language', async () => {
    await setViewport({ width: 375, height: 900 });
    try {
      const { el, session: s } = await picker({ theme: 'dark', locale: 'fr' });
      connectorCard(el, 'Webhook personnalisé')?.click();
      await view(el, 'Connecter Webhook personnalisé');
      const url = one<HTMLInputElement>(el, '#f-url');
      if (url) url.value = s.hookUrl;
      one<HTMLFormElement>(el, 'form')?.requestSubmit();
      await view(el, 'Événements');
      await until(() => text(one(el, '.filter legend')).startsWith('N’envoyer que'), 'the French texts');
      await addCondition(el, 0);
      expect(text(one(el, '[role="status"]'))).to.equal('Condition 1 ajoutée.');
      expect(text(one(el, 'label[for="cp-filter-op-0"]'))).to.equal('Test');
      await expect(el).to.be.accessible();
      expect(el.scrollWidth).to.be.at.most(375);
      await screenshot('375-dark-filter-builder-fr');
    } finally {
      await setViewport({ width: 900, height: 900 });
    }
  });

  it('says every English text in German and French, with the same placeholders', async () => {
    expectTranslated('filter', {
      en: filterEn,
      de: (await import('../src/views/filter-de.ts')).de,
      fr: (await import('../src/views/filter-fr.ts')).fr,
    });
  });
});

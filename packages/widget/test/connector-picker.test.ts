import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import '../src/define.ts';

async function loadedPicker(theme: 'light' | 'dark' = 'light'): Promise<ConnectorPicker> {
  const el = await fixture<ConnectorPicker>(
    html`<connector-picker api-base="/patchbay" theme=${theme}></connector-picker>`,
  );
  await waitUntil(() => el.shadowRoot?.querySelector('[part~="list"]'), 'the connector list renders');
  return el;
}

const connectors = (el: ConnectorPicker) => [
  ...(el.shadowRoot?.querySelectorAll<HTMLButtonElement>('[part~="connector"]') ?? []),
];

describe('<connector-picker>', () => {
  it('renders the connector kinds the BFF serves, and announces how many', async () => {
    const el = await loadedPicker();
    const buttons = connectors(el);
    expect(buttons).to.have.length(14);
    expect(buttons[0]?.textContent).to.contain('Slack').and.contain('Sign in');
    expect(buttons.at(-1)?.textContent).to.contain('Custom webhook');
    expect(el.shadowRoot?.querySelector('[role="status"]')?.textContent?.trim()).to.equal('14 connectors available');
  });

  it('fires a bubbling, composed cp-connector-select when a connector is clicked', async () => {
    const el = await loadedPicker();
    const wrapper = await fixture(html`<div></div>`);
    wrapper.append(el);
    setTimeout(() => connectors(el)[1]?.click());
    const event = await oneEvent(wrapper, 'cp-connector-select');
    expect(event.detail).to.deep.equal({ kind: 'Discord' });
    expect(event.composed).to.equal(true);
  });

  it('is operable by keyboard: Tab reaches a connector and Enter picks it', async () => {
    const el = await loadedPicker();
    el.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot?.activeElement).to.equal(connectors(el)[0]);
    setTimeout(() => sendKeys({ press: 'Enter' }));
    const event = await oneEvent(el, 'cp-connector-select');
    expect(event.detail.kind).to.equal('Slack');
  });

  it('shows the BFF error, then loads once api-base is corrected', async () => {
    const el = await fixture<ConnectorPicker>(html`<connector-picker api-base="/patchbay/missing"></connector-picker>`);
    await waitUntil(() => el.shadowRoot?.querySelector('[role="alert"]'), 'the error renders');
    const alert = el.shadowRoot?.querySelector('[role="alert"]');
    expect(alert?.textContent).to.contain('Could not load connectors.').and.contain('Entity not found');
    el.apiBase = '/patchbay';
    await waitUntil(() => connectors(el).length === 14, 'retry with a good base loads the list');
    expect(el.shadowRoot?.querySelector('[role="alert"]')).to.equal(null);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`passes axe in the ${theme} theme`, async () => {
      const el = await loadedPicker(theme);
      await expect(el).to.be.accessible();
    });
  }
});

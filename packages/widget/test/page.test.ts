import { expect, fixture, html } from '@open-wc/testing';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import { bff, button, customConnection, picker, type Session, session, text, until, view } from './helpers.ts';

/** The pages `cp-navigate` announced, in order. */
function navigations(el: ConnectorPicker): string[] {
  const pages: string[] = [];
  el.addEventListener('cp-navigate', (event) => pages.push(event.detail.page));
  return pages;
}

/** A connection the session makes through the API (as a page beside the picker might), named `description`. */
async function endpointOf(s: Session, description: string): Promise<string> {
  const made = await fetch(`/patchbay/api/v1/app/${s.app}/endpoint`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: s.hookUrl, description }),
  });
  return ((await made.json()) as { id: string }).id;
}

describe('the page property (Svix portal paths)', () => {
  it('follows the customer: each move sets page and fires cp-navigate with it', async () => {
    const { el, session: s } = await picker();
    const pages = navigations(el);
    await customConnection(el, s);
    const [endpoint] = await bff(s).endpoints();
    // Connecting and its steps belong to the catalog's page; Save opens the list.
    expect(pages).to.deep.equal(['endpoints']);
    expect(el.page).to.equal('endpoints');
    button(el, 'Custom webhook')?.click();
    await view(el, 'Custom webhook');
    expect(el.page).to.equal(`endpoints/${endpoint?.id}`);
    button(el, 'Add a connection')?.click();
    await view(el, 'Add a connection');
    expect(pages).to.deep.equal(['endpoints', `endpoints/${endpoint?.id}`, '']);
    expect(el.page).to.equal('');
  });

  it('opens the page it is given, before and after loading, and shows the catalog for one it does not know', async () => {
    const { el: first, session: s } = await picker();
    await customConnection(first, s);
    const [endpoint] = await bff(s).endpoints();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="en"><connector-picker api-base="/patchbay" theme="light" page=${`endpoints/${endpoint?.id}`} .token=${s.token}></connector-picker></div>`,
    );
    const el = wrapper.querySelector('connector-picker') as ConnectorPicker;
    const pages = navigations(el);
    await view(el, 'Custom webhook');
    expect(text(el.shadowRoot?.querySelector('.status-line'))).to.equal('Active');

    el.page = 'endpoints';
    await view(el, 'Your connections');
    el.setAttribute('page', '');
    await view(el, 'Add a connection');
    // What the host set is what is shown: nothing to announce.
    expect(pages).to.deep.equal([]);

    for (const unknown of ['endpoints/ep_none', 'no/such/page']) {
      el.page = 'endpoints';
      await view(el, 'Your connections');
      el.page = unknown;
      await view(el, 'Add a connection');
      await until(() => el.page === '', 'page says what is shown');
    }
    expect(pages).to.deep.equal(['', '']);
  });

  it('opens the connections list when that is the first page it is given', async () => {
    const other = await session();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="en"><connector-picker api-base="/patchbay" theme="light" page="endpoints" .token=${other.token}></connector-picker></div>`,
    );
    const el = wrapper.querySelector('connector-picker') as ConnectorPicker;
    await view(el, 'Your connections');
    expect(el.page).to.equal('endpoints');
  });

  it('shows the last page the host set, when an earlier one was still loading', async () => {
    const s = await session();
    const id = await endpointOf(s, 'First asked for');
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="en"><connector-picker api-base="/patchbay" theme="light" .token=${s.token}></connector-picker></div>`,
    );
    const el = wrapper.querySelector('connector-picker') as ConnectorPicker;
    await view(el, 'Add a connection');
    const pages = navigations(el);
    // Both wait for the connections' chunk: the detail, asked for first, must not win.
    el.page = `endpoints/${id}`;
    await el.updateComplete;
    el.page = 'endpoints';
    await view(el, 'Your connections');
    await el.updateComplete;
    expect(el.page).to.equal('endpoints');
    expect(pages, 'the detail was never shown').to.deep.equal([]);
  });

  it("leaves another application's connection when given a token for another application", async () => {
    const a = await session();
    const b = await session();
    const id = await endpointOf(a, 'Only in A');
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="en"><connector-picker api-base="/patchbay" theme="light" page=${`endpoints/${id}`} .token=${a.token}></connector-picker></div>`,
    );
    const el = wrapper.querySelector('connector-picker') as ConnectorPicker;
    await view(el, 'Only in A');
    el.token = b.token;
    await view(el, 'Add a connection');
    await until(() => el.page === '', 'page says what is shown');
    expect(text(el.shadowRoot?.querySelector('.body'))).not.to.contain('Only in A');
  });
});

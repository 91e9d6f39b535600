import { expect, fixture, html } from '@open-wc/testing';
import { readToken } from '../src/api/token.ts';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import { all, button, customConnection, one, session, text, until, view } from './helpers.ts';

/** Every call the page makes to the BFF's application routes: which application, with which token. */
function recordCalls() {
  const calls: { app: string; authorization: string | null }[] = [];
  const original = window.fetch;
  window.fetch = (input, init) => {
    const app = /\/api\/v1\/app\/([^/?]+)/.exec(String(input))?.[1];
    if (app)
      calls.push({ app: decodeURIComponent(app), authorization: new Headers(init?.headers).get('authorization') });
    return original(input, init);
  };
  return { calls, restore: () => (window.fetch = original) };
}

describe('two pickers on one page', () => {
  it('share nothing: each its own token and refresh, application, connections and view state', async () => {
    const a = await session();
    const b = await session();
    const [head, body] = b.token.split('.');
    let bAsked = 0;
    const record = recordCalls();
    try {
      // B starts with a token the BFF refuses, so B (and only B) asks its provider for another.
      const wrapper = await fixture<HTMLDivElement>(html`<div>
        <connector-picker api-base="/patchbay" .token=${a.token}></connector-picker>
        <connector-picker api-base="/patchbay" .token=${`${head}.${body}.forged`} .tokenProvider=${async () => {
          bAsked++;
          return b.token;
        }}></connector-picker>
      </div>`);
      const [pa, pb] = [...wrapper.querySelectorAll('connector-picker')] as [ConnectorPicker, ConnectorPicker];
      await until(
        () => all(pa, '[part~="connector"]').length === 14 && all(pb, '[part~="connector"]').length === 14,
        'both catalogs load',
      );
      expect(bAsked).to.equal(1);
      expect(pa.token).to.equal(a.token, "B's refresh leaves A's token alone");
      expect(pb.token).to.equal(b.token);

      // A's search and A's step are A's alone.
      const search = one<HTMLInputElement>(pa, '[part~="search"]');
      if (search) search.value = 'loops';
      search?.dispatchEvent(new Event('input'));
      await until(() => all(pa, '[part~="connector"]').length === 1);
      expect(all(pb, '[part~="connector"]')).to.have.length(14);
      if (search) search.value = '';
      search?.dispatchEvent(new Event('input'));
      await until(() => all(pa, '[part~="connector"]').length === 14);

      // A connection made in A is A's application's: B's list stays empty.
      await customConnection(pa, a);
      expect(text(one(pb, 'h2'))).to.equal('Add a connection', 'B stays where it was');
      button(pb, 'Your connections')?.click();
      await view(pb, 'Your connections');
      expect(all(pa, '[part~="endpoint"]')).to.have.length(1);
      expect(all(pb, '[part~="endpoint"]')).to.have.length(0);

      // And every call for an application carried that application's own token.
      // (The widget names an application by its id, which the token carries.)
      const [appA, appB] = [readToken(a.token)?.app ?? 'a', readToken(b.token)?.app ?? 'b'];
      const tokens: Record<string, string> = { [appA]: a.token, [appB]: b.token };
      expect([...new Set(record.calls.map((c) => c.app))].sort()).to.deep.equal([appA, appB].sort());
      const refused = `Bearer ${head}.${body}.forged`;
      for (const call of record.calls) {
        // B's first calls carried its refused token; then B's fresh one, never A's.
        if (call.app === appB && call.authorization === refused) continue;
        expect(call.authorization).to.equal(`Bearer ${tokens[call.app]}`, `a call for ${call.app}`);
      }
    } finally {
      record.restore();
    }
  });
});

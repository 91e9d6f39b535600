import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import type { PickerEvent } from '../src/events/events.ts';
import {
  all,
  bff,
  button,
  comeBack,
  connectorCard,
  consent,
  focused,
  one,
  picker,
  press,
  screenshot,
  session,
  stubPopup,
  tabTo,
  text,
  until,
  view,
} from './helpers.ts';

describe('connecting', () => {
  it('lists the vendor connectors with logos and descriptions, searchable, and announces how many', async () => {
    const { el } = await picker();
    expect(all(el, '[part~="connector"]')).to.have.length(14);
    expect(all(el, '[part~="connector"] img.logo')).to.have.length(14);
    expect(text(one(el, '[role="status"]'))).to.equal('14 connectors available');
    await screenshot('catalog');
    const search = one<HTMLInputElement>(el, '[part~="search"]');
    search?.focus();
    await sendKeys({ type: 'hub' });
    await until(() => all(el, '[part~="connector"]').length === 1);
    expect(text(one(el, '[part~="connector"] .name'))).to.equal('HubSpot');
    await sendKeys({ type: 'zzz' });
    await until(() => text(one(el, '.body')).includes('No connector matches “hubzzz”.'));
  });

  it('goes through the whole API-key flow by keyboard: wrong key refused at its field, events, test, review, save', async () => {
    const { el, session: s } = await picker();
    const seen: string[] = [];
    for (const type of ['cp-connect-started', 'cp-connect-failed', 'cp-endpoint-created', 'cp-endpoint-updated']) {
      el.addEventListener(type, (e) => seen.push(`${type}:${JSON.stringify((e as PickerEvent).detail)}`));
    }

    // Catalog: search, then Tab to Loops and press Enter.
    await tabTo((e) => e.getAttribute('part') === 'search', 'the search box');
    await sendKeys({ type: 'loops' });
    await tabTo((e) => e === connectorCard(el, 'Loops'), 'the Loops card');
    await sendKeys({ press: 'Enter' });
    await view(el, 'Connect Loops');
    expect(focused()?.tagName).to.equal('H2', 'focus moves to the new step');
    expect(text(one(el, '[part~="steps"] [aria-current="step"]'))).to.equal('Connect');

    // Connect: an empty submit is caught in the browser, a wrong key by Loops itself.
    await tabTo((e) => e.id === 'f-apiKey', 'the API key field');
    await sendKeys({ press: 'Enter' });
    await until(() => one(el, '#f-apiKey-error'));
    expect(text(one(el, '#f-apiKey-error'))).to.equal('This field is required.');
    expect(focused()?.id).to.equal('f-apiKey');
    await sendKeys({ type: 'not-the-key' });
    await sendKeys({ press: 'Enter' });
    await until(() => text(one(el, '#f-apiKey-error')) === 'Loops did not accept this.');
    const input = one<HTMLInputElement>(el, '#f-apiKey');
    expect(input?.getAttribute('aria-invalid')).to.equal('true');
    expect(input?.getAttribute('aria-describedby')).to.contain('f-apiKey-error');
    expect(focused()).to.equal(input, 'focus returns to the refused field');
    await screenshot('connect-error');
    if (input) input.value = '';
    await sendKeys({ type: 'fake-loops-key' });
    await sendKeys({ press: 'Enter' });

    // Events: grouped, described, with examples; pick one with Space.
    await view(el, 'Events');
    expect(all(el, 'fieldset.group legend').map(text)).to.deep.equal(['invoice', 'user']);
    expect(text(one(el, '.event details pre'))).to.contain('"amount": 99.99');
    await tabTo(
      (e) => e instanceof HTMLInputElement && text(e.closest('label')) === 'user.created',
      'the user.created box',
    );
    await sendKeys({ press: 'Space' });
    await screenshot('events');
    await tabTo((e) => e === button(el, 'Next'), 'Next');
    await sendKeys({ press: 'Enter' });

    // Transformation: prefilled with Loops' default; the test runs it on the example.
    await view(el, 'Transformation');
    await until(() => one(el, 'cp-code-editor'), 'the editor loads');
    const editor = one(el, 'cp-code-editor') as HTMLElement & { value: string };
    expect(editor.value).to.contain('eventName: webhook.eventType');
    await tabTo((e) => e === button(el, 'Run test'), 'Run test');
    await sendKeys({ press: 'Enter' });
    await until(() => one(el, '[part~="panel"] pre.diff'), 'the result and its diff');
    expect(text(one(el, '[part~="panel"] pre'))).to.contain('"eventName": "user_created"');
    expect(text(one(el, '[part~="panel"] code'))).to.equal('POST https://app.loops.so/api/v1/events/send');
    await screenshot('transform');
    await tabTo((e) => e === button(el, 'Next'), 'Next');
    await sendKeys({ press: 'Enter' });

    // Review and save.
    await view(el, 'Review');
    expect(text(one(el, 'dl'))).to.contain('user.created');
    await screenshot('review');
    await tabTo((e) => e === button(el, 'Save'), 'Save');
    await sendKeys({ press: 'Enter' });
    await view(el, 'Your connections');
    expect(text(one(el, '[part~="endpoint"]')))
      .to.contain('Loops')
      .and.contain('Active');
    expect(text(one(el, '[role="status"]'))).to.equal('Saved.');

    const api = bff(s);
    const endpointId = (await api.endpoints())[0]?.id;
    const saved = await api.endpoint(endpointId ?? '');
    expect(saved.eventTypes).to.deep.equal(['user.created']);
    const connectorId = (await api.connectors()).find((c) => c.kind === 'Loops')?.id;
    expect(seen).to.deep.equal([
      `cp-connect-started:${JSON.stringify({ connectorId, method: 'form' })}`,
      `cp-connect-failed:${JSON.stringify({ connectorId, reason: 'Loops did not accept this API key' })}`,
      `cp-connect-started:${JSON.stringify({ connectorId, method: 'form' })}`,
      // Connecting made a draft; only Save makes it one of the vendor's endpoints.
      `cp-endpoint-created:${JSON.stringify({ endpointId, connectorId })}`,
    ]);
  });

  it('OAuth with the popup blocked: offers the sign-in page as a link, and continues once the customer approves', async () => {
    const { el, session: s } = await picker();
    const stub = stubPopup(true);
    try {
      connectorCard(el, 'Slack')?.click();
      await view(el, 'Connect Slack');
      button(el, 'Sign in to Slack')?.click();
      await until(() => one(el, '[part~="error"] a'), 'the blocked-popup fallback');
      const link = one<HTMLAnchorElement>(el, '[part~="error"] a');
      expect(text(link)).to.equal('Open the sign-in page');
      const created = oneEvent(el, 'cp-endpoint-created');
      // The customer opens the link (it keeps this window as its opener) and approves.
      comeBack(await consent(link?.href ?? '', 'approve'));
      await view(el, 'Events');
      // Saved (until then it is a draft), the list and the connection's detail say what it is connected with.
      await press(el, 'Next');
      await view(el, 'Transformation');
      await press(el, 'Next');
      await view(el, 'Review');
      // The review says what is being saved: which Slack, where to, which events.
      await until(() => text(one(el, 'dl.facts')).includes('Channel #general'), 'the review’s facts');
      expect(text(one(el, 'dl.facts'))).to.contain('All events');
      expect(text(one(el, '.body h3'))).to.equal('Slack');
      await press(el, 'Save');
      const { detail } = await created;
      expect(detail.connectorId).to.equal((await bff(s).connectors()).find((c) => c.kind === 'Slack')?.id);
      await view(el, 'Your connections');
      button(el, 'Your connections')?.click();
      await view(el, 'Your connections');
      await until(() => text(one(el, '[part~="endpoint"] dl.facts')).includes('Channel #general'), 'in the list');
      button(el, 'Slack')?.click();
      await view(el, 'Slack');
      await until(() => text(one(el, 'dl.facts')).includes('Channel #general'), 'the connection hint');
    } finally {
      stub.restore();
    }
  });

  it('OAuth cancelled at the provider: says so, and offers to try again', async () => {
    const { el } = await picker();
    const stub = stubPopup(false);
    try {
      connectorCard(el, 'Discord')?.click();
      await view(el, 'Connect Discord');
      const started = oneEvent(el, 'cp-connect-started');
      button(el, 'Sign in to Discord')?.click();
      expect((await started).detail).to.include({ method: 'oauth' });
      await until(() => stub.popup.location.href, 'the popup is sent to the sign-in page');
      expect(text(one(el, '.body [role="status"]'))).to.contain('Finish signing in to Discord');
      expect(button(el, 'Sign in to Discord')?.disabled).to.equal(true);
      await screenshot('oauth-pending');
      const failed = oneEvent(el, 'cp-connect-failed');
      comeBack(await consent(stub.popup.location.href, 'deny'));
      const { detail } = await failed;
      expect(detail.reason).to.match(/denied|cancel/i);
      const alert = one(el, '.body [role="alert"]');
      expect(text(alert)).to.equal(detail.reason);
      expect(button(el, 'Sign in to Discord')?.disabled).to.equal(false, 'the customer can try again');
    } finally {
      stub.restore();
    }
  });

  it('OAuth finished in another browser (no opener): nothing is connected, the widget keeps waiting', async () => {
    const { el, session: s } = await picker();
    const stub = stubPopup(false);
    try {
      connectorCard(el, 'HubSpot')?.click();
      await view(el, 'Connect HubSpot');
      button(el, 'Sign in to HubSpot')?.click();
      await until(() => stub.popup.location.href, 'the popup is sent to the sign-in page');
      // The link forwarded to someone else, who approves in their own browser: no window of the
      // widget's to post to. (A no-cors request: the page is loaded, its answer unread.)
      const back = await consent(stub.popup.location.href, 'approve');
      await fetch(back, { mode: 'no-cors' });
      expect(await bff(s).endpoints()).to.deep.equal([]);
      expect(button(el, 'Sign in to HubSpot')?.disabled).to.equal(true, 'still waiting for the sign-in');
      expect(text(one(el, '.body [role="status"]'))).to.contain('Finish signing in to HubSpot');
    } finally {
      stub.restore();
    }
  });

  it('asks the token provider for a new token when the BFF refuses the one it has, and carries on', async () => {
    const good = await session();
    const [head, body] = good.token.split('.');
    let asked = 0;
    let ended = 0;
    const el =
      await fixture<ConnectorPicker>(html`<connector-picker api-base="/patchbay" .token=${`${head}.${body}.forged`}
      .tokenProvider=${async () => {
        asked++;
        return good.token;
      }} @cp-session-ended=${() => ended++}></connector-picker>`);
    await until(() => all(el, '[part~="connector"]').length === 14, 'the catalog loads with the fresh token');
    expect(asked).to.equal(1);
    expect(ended, 'a refusal the fresh token cured ends nothing').to.equal(0);
    expect(el.token).to.equal(good.token);
    expect(one(el, '[role="alert"]')).to.equal(null);
  });

  it('asks the token provider for the next token before the current one expires', async () => {
    const first = await session({ expirySeconds: 60 });
    const next = await session({ app: first.app });
    let asked = 0;
    // The page's clock is 50 s ahead, so this one-minute session's refresh (at half its life) is due.
    const now = Date.now;
    Date.now = () => now() + 50_000;
    try {
      const el = await fixture<ConnectorPicker>(html`<connector-picker api-base="/patchbay" .token=${first.token}
        .tokenProvider=${async () => {
          asked++;
          return next.token;
        }}></connector-picker>`);
      await until(() => el.token === next.token, 'the token is replaced before it expires');
      expect(asked).to.equal(1);
      await until(() => all(el, '[part~="connector"]').length === 14);
    } finally {
      Date.now = now;
    }
  });

  it('without a usable token says so and offers a retry', async () => {
    const el = await fixture<ConnectorPicker>(
      html`<connector-picker api-base="/patchbay" .token=${'not.a.token'}></connector-picker>`,
    );
    const error = oneEvent(el, 'cp-error');
    expect((await error).detail.code).to.equal('authentication_failed');
    await until(() => button(el, 'Try again'));
    expect(text(one(el, '.body [role="alert"] p'))).to.equal('Your session has ended. Reload the page and try again.');
  });

  it('says once that the session ended when the BFF refuses the token and the provider has no better one', async () => {
    const refused = await session();
    const [head, body] = refused.token.split('.');
    const forged = `${head}.${body}.forged`;
    const ended: PickerEvent<'cp-session-ended'>[] = [];
    const el = await fixture<ConnectorPicker>(html`<connector-picker api-base="/patchbay" .token=${forged}
      .tokenProvider=${async () => forged} @cp-session-ended=${(e: PickerEvent<'cp-session-ended'>) => ended.push(e)}></connector-picker>`);
    await until(() => button(el, 'Try again'));
    expect(ended, 'one event for every call the token was refused on').to.have.length(1);
    expect(ended[0]?.composed).to.equal(true);
  });
});

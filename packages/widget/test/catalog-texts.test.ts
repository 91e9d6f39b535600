import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import {
  all,
  button,
  connectorCard,
  customConnection,
  deliveryLogged,
  one,
  picker,
  screenshot,
  send,
  text,
  typeCode,
  until,
  view,
} from './helpers.ts';

/** Shown to sighted people: laid out with a size, not clipped away as the screen-reader-only text is. */
function visible(e: Element | null): boolean {
  if (!e) return false;
  const box = e.getBoundingClientRect();
  const style = getComputedStyle(e);
  return box.width > 20 && box.height > 10 && style.clipPath === 'none' && style.visibility === 'visible';
}

/** English words that would betray a sentence glued from the server's detail. */
const ENGLISH = /\b(the|is|was|not|failed|error|invalid|token|line|column)\b/i;

describe('the catalog in French', () => {
  it('shows the connectors’ names, instructions, field labels, help and options in French, and says how many there are', async () => {
    const { el } = await picker({ locale: 'fr' });
    // Said to screen readers; shown, it would only repeat the cards below it.
    const status = one(el, '[role="status"]');
    expect(text(status)).to.equal('14 connecteurs disponibles');
    expect(visible(status)).to.equal(false);
    expect(connectorCard(el, 'Webhook personnalisé'), 'the vendor’s own French name').to.exist;

    connectorCard(el, 'Microsoft Teams')?.click();
    await view(el, 'Microsoft Teams');
    const page = text(one(el, '.body'));
    expect(page).to.contain('Dans Teams, ouvrez le canal, choisissez ⋯ (Plus d’options), puis Workflows.');
    expect(page).to.contain('URL du workflow');
    expect(page).to.contain('Copiez l’URL affichée et collez-la ici.');
    expect(page).not.to.contain('Copy the URL');
    await screenshot('connect-teams-fr');

    button(el, '← Retour')?.click();
    await view(el, 'Ajouter une connexion');
    connectorCard(el, 'Segment')?.click();
    await view(el, 'Segment');
    expect(text(one(el, '.body'))).to.contain('Région de l’espace de travail');
    expect(all<HTMLOptionElement>(el, 'select option').map(text)).to.include.members([
      'États-Unis (Oregon)',
      'Union européenne (Dublin)',
    ]);
    expect(text(one(el, '.body'))).to.contain('Dans Segment : Connections → Sources');
  });

  it('says an error in French only, without the server’s English glued in', async () => {
    const el = (
      await fixture<HTMLDivElement>(
        html`<div lang="fr"><connector-picker api-base="/patchbay" .token=${'not.a.token'}></connector-picker></div>`,
      )
    ).querySelector('connector-picker') as ConnectorPicker;
    await until(() => one(el, '.body [role="alert"]'), 'the error shows');
    const alert = text(one(el, '.body [role="alert"] p'));
    expect(alert).to.equal('Votre session a pris fin. Rechargez la page et réessayez.');
    expect(alert).not.to.match(ENGLISH);
  });

  it('says a refused connect form in French only: the service’s refusal and a missing field at their fields', async () => {
    const { el } = await picker({ locale: 'fr' });
    connectorCard(el, 'Loops')?.click();
    await view(el, 'Loops');
    const key = one<HTMLInputElement>(el, '#f-apiKey');
    if (key) key.value = 'not-a-loops-key';
    one<HTMLFormElement>(el, 'form')?.requestSubmit();
    await until(() => one(el, '#f-apiKey-error'), 'the refusal at the API key');
    const refused = text(one(el, '#f-apiKey-error'));
    expect(refused).to.equal('Loops n’a pas accepté cette valeur.');
    expect(refused).not.to.match(ENGLISH);
    await screenshot('connect-refused-fr');
  });

  it('says where a transformation failed once, in French, and the engine’s own message apart as code', async () => {
    const { el, session } = await picker({ locale: 'fr' });
    connectorCard(el, 'Webhook personnalisé')?.click();
    await view(el, 'Webhook personnalisé');
    const url = one<HTMLInputElement>(el, '#f-url');
    if (url) url.value = session.hookUrl;
    one<HTMLFormElement>(el, 'form')?.requestSubmit();
    await view(el, 'Événements');
    button(el, 'Suivant')?.click();
    await until(() => one(el, 'cp-code-editor'));
    await typeCode(el, 'function handler(webhook) {\n  return webhook.payload.nobody.email;\n}');
    button(el, 'Lancer le test')?.click();
    const alert = () => one(el, '[part~="panel"] [role="alert"]');
    await until(alert, 'the failure shows');
    const code = alert()?.querySelector('code');
    expect(code?.getAttribute('lang')).to.equal('en');
    expect(text(code)).to.match(/^TypeError: Cannot read properties of undefined \(reading 'email'\)$/);
    const sentence = text(alert()).replace(text(code), '').trim();
    expect(sentence).to.equal('Votre code a échoué à la ligne 2, colonne 33 :');
    expect(text(alert()).match(/2/g)?.length, 'the position said once').to.equal(1);
    await screenshot('transform-error-fr');
  });
});

describe('confirmations', () => {
  it('shows "Saved." and "Sent again." where sighted people see them, until dismissed or the next step', async () => {
    const { el, session } = await picker();
    await customConnection(el, session);
    const notice = () => one(el, '[part~="notice"]');
    expect(text(notice())).to.equal('Saved.');
    expect(visible(notice())).to.equal(true);
    expect(notice()?.getAttribute('role')).to.equal('status');
    await screenshot('notice-saved');

    await send(session.app, 'invoice.created', { amount: 12.5, customer_name: 'Ada' });
    button(el, 'Custom webhook')?.click();
    await view(el, 'Custom webhook');
    expect(notice(), 'a later move clears it').to.equal(null);
    await deliveryLogged(el, session);
    button(el, 'Resend')?.click();
    await until(() => text(notice()) === 'Sent again.', 'the resend is confirmed');
    expect(visible(notice())).to.equal(true);

    one<HTMLButtonElement>(el, '[part~="dismiss"]')?.click();
    await el.updateComplete;
    expect(notice()).to.equal(null);
    expect(text(one(el, '[role="status"]'))).to.equal('');
    expect(el.shadowRoot?.activeElement?.tagName).to.equal('H2');

    // Said in the detail, it goes with the customer's next move.
    button(el, 'Resend')?.click();
    await until(() => text(notice()) === 'Sent again.');
    button(el, 'Your connections')?.click();
    await view(el, 'Your connections');
    expect(notice()).to.equal(null);
  });
});

describe('brand logos', () => {
  // One picker per test: the screenshot is of the page's first <connector-picker>.
  for (const theme of ['light', 'dark'] as const) {
    it(`shows each service’s logo from the catalog’s answer, and a monogram where there is none (${theme}, 375 px)`, async () => {
      await setViewport({ width: 375, height: 1100 });
      try {
        const { el } = await picker({ theme });
        const logos = all<HTMLImageElement>(el, '[part~="connector"] img.logo');
        expect(logos.length).to.equal(14);
        await until(() => logos.every((img) => img.complete && img.naturalWidth > 0), 'every logo loads');
        const svgOf = (name: string) =>
          decodeURIComponent(connectorCard(el, name)?.querySelector('img')?.getAttribute('src') ?? '');
        expect(svgOf('Slack')).to.match(/^data:image\/svg\+xml,<svg /);
        expect(svgOf('Slack')).to.contain('#e01e5a');
        expect(svgOf('Slack')).not.to.contain('<text');
        expect(svgOf('Windmill')).to.contain('<text');
        await screenshot(`catalog-logos-375-${theme}`);
      } finally {
        await setViewport({ width: 900, height: 900 });
      }
    });
  }
});

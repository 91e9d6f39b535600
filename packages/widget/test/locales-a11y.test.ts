import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { localize } from '../src/i18n/i18n.ts';
import { everyView } from './every-view.ts';
import { connectorCard, one, picker, screenshot, text, until, view } from './helpers.ts';
import { expectTranslated } from './translations.ts';

describe('locales', () => {
  it('speaks German when the page says lang="de", with numbers and dates in German formats', async () => {
    expect(localize('de-DE').pending, 'German is not in the first load').to.equal(true);
    const { el } = await picker({ lang: 'de-DE' });
    expect(text(one(el, 'h2'))).to.equal('Verbindung hinzufügen');
    expect(text(one(el, '[role="status"]'))).to.equal('14 Konnektoren verfügbar');
    expect(one(el, '.root')?.getAttribute('lang')).to.equal('de');
    connectorCard(el, 'Loops')?.click();
    await view(el, 'Loops verbinden');
    one<HTMLFormElement>(el, 'form')?.requestSubmit();
    await until(() => text(one(el, '#f-apiKey-error')) === 'Dieses Feld ist erforderlich.');
    const l10n = localize('de-DE');
    expect(l10n.t('recovered', { n: 1234 })).to.equal('1.234 Nachrichten erneut gesendet.');
    expect(l10n.date('2026-03-05T14:30:00Z')).to.match(/^05\.03\.2026, \d\d:30$/);
  });

  it('speaks French when the locale property says so, whatever the page', async () => {
    const { el } = await picker({ lang: 'en', locale: 'fr' });
    expect(text(one(el, 'h2'))).to.equal('Ajouter une connexion');
    expect(text(one(el, '[role="status"]'))).to.equal('14 connecteurs disponibles');
    expect(localize('fr').t('recovered', { n: 1234 })).to.match(/^1\s234 /);
    await screenshot('catalog-fr');
  });

  it('falls back to English for a language it does not ship', async () => {
    const { el } = await picker({ lang: 'pt-BR' });
    expect(text(one(el, 'h2'))).to.equal('Add a connection');
    expect(one(el, '.root')?.getAttribute('lang')).to.equal('en');
  });

  it('ships every English string in German and French, placeholders and plural forms included', async () => {
    expectTranslated('i18n', {
      en: (await import('../src/i18n/en.ts')).en,
      de: (await import('../src/i18n/de.ts')).de,
      fr: (await import('../src/i18n/fr.ts')).fr,
    });
  });
});

describe('accessibility', () => {
  // At a phone's width too, where every view is also saved as test-results/widget/375-<theme>-<view>.png.
  for (const theme of ['light', 'dark'] as const) {
    for (const width of [900, 375]) {
      it(`axe finds nothing in any view, ${theme} theme, ${width} px wide`, async () => {
        await setViewport({ width, height: 900 });
        try {
          await everyView(theme, async (el, name) => {
            await el.updateComplete;
            try {
              await expect(el).to.be.accessible();
            } catch (err) {
              throw new Error(`${name} (${theme}, ${width} px): ${(err as Error).message}`);
            }
            if (width === 375) await screenshot(`375-${theme}-${name.replace(/\W+/g, '-').replace(/-$/, '')}`);
            else if (theme === 'dark' && name === 'list') await screenshot('list-dark');
          });
        } finally {
          await setViewport({ width: 900, height: 900 });
        }
      });
    }
  }

  it('every control has a visible focus ring', async () => {
    const { el } = await picker();
    const card = connectorCard(el, 'Slack');
    card?.focus();
    const style = getComputedStyle(card as Element);
    expect(style.outlineStyle).to.not.equal('none');
    expect(Number.parseFloat(style.outlineWidth)).to.be.greaterThan(1);
  });

  it('follows the operating system in theme="auto" and the host page through --cp-* properties', async () => {
    const { el } = await picker();
    el.theme = 'auto';
    el.style.setProperty('--cp-color-accent', 'rgb(11, 122, 85)');
    await el.updateComplete;
    connectorCard(el, 'Loops')?.click();
    await view(el, 'Connect Loops');
    expect(getComputedStyle(one(el, '[part~="primary"]') as Element).backgroundColor).to.equal('rgb(11, 122, 85)');
  });
});

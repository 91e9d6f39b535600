import { expect } from '@open-wc/testing';
import { fill, loadLocale, localize } from '../src/i18n/i18n.ts';
import { settingsTexts } from '../src/views/settings.ts';

const MESSAGES = '{n, plural, one {# message} other {# messages}}';
/** `text` filled as the picker fills it in `locale`. */
const filled = (locale: string, text: string, params: Record<string, string | number>) =>
  fill(text, params, new Intl.NumberFormat(locale), new Intl.PluralRules(locale));
const counted = (locale: string, text: string, counts: number[]) => counts.map((n) => filled(locale, text, { n }));

describe('plural forms in fill()', () => {
  it('in English, one for 1 alone, the number in English digits', () => {
    expect(counted('en', MESSAGES, [0, 1, 2, 1234, 1.5])).to.deep.equal([
      '0 messages',
      '1 message',
      '2 messages',
      '1,234 messages',
      '1.5 messages',
    ]);
  });

  it('in German, one for 1 alone, the number in German digits', () => {
    expect(counted('de', '{n, plural, one {# Nachricht} other {# Nachrichten}}', [0, 1, 2, 1234])).to.deep.equal([
      '0 Nachrichten',
      '1 Nachricht',
      '2 Nachrichten',
      '1.234 Nachrichten',
    ]);
  });

  it('in French, one for 0 and 1 (and 1.5), and other where French has a category with no branch (a million is many)', () => {
    expect(counted('fr', MESSAGES, [0, 1, 1.5, 2, 1234, 1_000_000]).map((s) => s.replace(/\s/g, ' '))).to.deep.equal([
      '0 message',
      '1 message',
      '1,5 message',
      '2 messages',
      '1 234 messages',
      '1 000 000 messages',
    ]);
    expect(new Intl.PluralRules('fr').select(1_000_000), 'the category that has no branch').to.equal('many');
  });

  it('fills the parameters inside the chosen branch and around it, and two plural arguments in one text', () => {
    const confirm =
      '{n, plural, one {Send the message it missed since {date}?} other {Send the # messages it missed since {date}?}}';
    expect(filled('en', confirm, { n: 1, date: '5 Mar' })).to.equal('Send the message it missed since 5 Mar?');
    expect(filled('en', confirm, { n: 3, date: '5 Mar' })).to.equal('Send the 3 messages it missed since 5 Mar?');
    const saved =
      'Saved in {where}: {n, plural, one {# écrit} other {# écrits}}, {removed, plural, one {# supprimé} other {# supprimés}}.';
    expect(filled('fr', saved, { where: 'Ada', n: 2, removed: 0 })).to.equal('Saved in Ada: 2 écrits, 0 supprimé.');
  });

  it('takes the other branch for a value that is not a number, and writes it as it is', () => {
    expect(filled('fr', MESSAGES, { n: 'quelques' })).to.equal('quelques messages');
  });
});

describe('the catalogs’ counts', () => {
  it('say 0, 1 and many messages as each language does', async () => {
    await Promise.all([loadLocale('de'), loadLocale('fr'), settingsTexts.loadLocale('fr')]);
    const recovered = (locale: string) => [0, 1, 2].map((n) => localize(locale).t('recovered', { n }));
    expect(recovered('en')).to.deep.equal([
      '0 messages sent again.',
      '1 message sent again.',
      '2 messages sent again.',
    ]);
    expect(recovered('de')).to.deep.equal([
      '0 Nachrichten erneut gesendet.',
      '1 Nachricht erneut gesendet.',
      '2 Nachrichten erneut gesendet.',
    ]);
    expect(recovered('fr')).to.deep.equal(['0 message renvoyé.', '1 message renvoyé.', '2 messages renvoyés.']);
    expect(localize('de').t('missedSoFar', { n: 1 })).to.equal('Seitdem wurde 1 Nachricht nicht an sie gesendet.');
    expect(settingsTexts.localize('fr').t('headersSaved', { n: 1, removed: 3 })).to.equal(
      'En-têtes enregistrés : 1 écrit, 3 supprimés.',
    );
  });
});

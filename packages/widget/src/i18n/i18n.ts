import { en, type Messages } from './en.ts';

export type MessageKey = keyof Messages;

/** The strings and formats of one locale. */
export interface Localized<Key extends string = MessageKey> {
  lang: string;
  /** The locale dates and numbers are written in (`en-GB`, `de-CH`; `en` while English stands in). */
  locale: string;
  /** English stands in until `loadLocale` has fetched this locale's catalog. */
  pending: boolean;
  t(key: Key, params?: Record<string, string | number>): string;
  date(iso: string): string;
}

/** The languages besides English; each catalog of theirs is a chunk of its own, fetched when a picker first needs it. */
const languages = ['de', 'fr'] as const;
export type Language = (typeof languages)[number];

const languageOf = (locale: string) => locale.toLowerCase().split('-')[0] ?? 'en';
const isLanguage = (language: string): language is Language => (languages as readonly string[]).includes(language);

/** `{name}`, or a plural argument `{name, plural, one {# message} other {# messages}}` (its branches hold `{name}`s, not plurals). */
const PARAMETER = /\{(\w+)(?:, plural,((?:\s*\w+\s*\{(?:[^{}]|\{\w+\})*\})+)\s*)?\}/g;
const BRANCH = /(\w+)\s*\{((?:[^{}]|\{\w+\})*)\}/g;

/**
 * `text` with its parameters filled in, numbers written as `numbers` formats them. A plural
 * argument says the branch of the category `plurals` gives its number (`one`, `few`, … as the
 * language has them; `other` for a category without a branch, or a value not a number), with
 * `#` the number written.
 */
export function fill(
  text: string,
  params: Record<string, string | number>,
  numbers: Intl.NumberFormat,
  plurals: Intl.PluralRules,
): string {
  const write = (value: string | number | undefined) =>
    typeof value === 'number' ? numbers.format(value) : String(value ?? '');
  return text.replace(PARAMETER, (_, name: string, branches: string | undefined) => {
    const value = params[name];
    if (branches === undefined) return write(value);
    const forms = new Map(Array.from(branches.matchAll(BRANCH), ([, category, form]) => [category, form]));
    const form = forms.get(typeof value === 'number' ? plurals.select(value) : 'other') ?? forms.get('other') ?? '';
    return fill(form.replaceAll('#', write(value)), params, numbers, plurals);
  });
}

/**
 * One set of strings in every language: English given, the others fetched by `load` when first
 * needed. The picker's own is below; a view loaded on demand brings its strings as one of its own,
 * so that they are not in the first load.
 */
export function catalog<Key extends string>(
  english: Record<Key, string>,
  load: (language: Language) => Promise<Record<Key, string>>,
): { loadLocale: (locale: string) => Promise<void>; localize: (locale: string) => Localized<Key> } {
  type M = Record<Key, string>;
  const catalogs = new Map<string, M>([['en', english]]);
  /** A failed load is not kept, so that the next try fetches again. */
  const loading = new Map<Language, Promise<void>>();
  const cache = new Map<string, Localized<Key>>();

  /** Fetches `locale`'s catalog if it is one there is and not here yet; resolves once `localize` has it. */
  function loadLocale(locale: string): Promise<void> {
    const language = languageOf(locale);
    if (catalogs.has(language) || !isLanguage(language)) return Promise.resolve();
    let pending = loading.get(language);
    if (!pending) {
      pending = load(language).then(
        (messages) => {
          catalogs.set(language, messages);
          for (const key of cache.keys()) if (languageOf(key) === language) cache.delete(key);
        },
        (err: unknown) => {
          loading.delete(language);
          throw err;
        },
      );
      loading.set(language, pending);
    }
    return pending;
  }

  /**
   * The strings and formats of one locale (made once per locale). An unknown locale falls back to
   * English, and so does a known one until `loadLocale` has fetched it.
   */
  function localize(locale: string): Localized<Key> {
    let localized = cache.get(locale);
    if (!localized) {
      localized = build(locale);
      cache.set(locale, localized);
    }
    return localized;
  }

  function build(locale: string): Localized<Key> {
    const language = languageOf(locale);
    const messages = catalogs.get(language);
    const tag = messages ? locale : 'en';
    const dates = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
    const numbers = new Intl.NumberFormat(tag);
    const plurals = new Intl.PluralRules(tag);
    return {
      lang: messages ? language : 'en',
      locale: tag,
      pending: !messages && isLanguage(language),
      t: (key, params = {}) => fill((messages ?? english)[key], params, numbers, plurals),
      date: (iso) => dates.format(new Date(iso)),
    };
  }

  return { loadLocale, localize };
}

export const { loadLocale, localize } = catalog<MessageKey>(en, (language) =>
  (language === 'de' ? import('./de.ts') : import('./fr.ts')).then(
    (module: Record<string, Messages>) => module[language] as Messages,
  ),
);

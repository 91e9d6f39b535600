import { en, type Messages } from './en.ts';

export type MessageKey = keyof Messages;

/** The other catalogs are chunks of their own, fetched when a picker first needs one: the first load carries English only. */
const languages = ['de', 'fr'] as const;
type Language = (typeof languages)[number];
const load = (language: Language): Promise<Record<string, Messages>> =>
  language === 'de' ? import('./de.ts') : import('./fr.ts');

const catalogs = new Map<string, Messages>([['en', en]]);
/** A failed load is not kept, so that the next try fetches again. */
const loading = new Map<Language, Promise<void>>();
const cache = new Map<string, ReturnType<typeof build>>();

const languageOf = (locale: string) => locale.toLowerCase().split('-')[0] ?? 'en';
const isLanguage = (language: string): language is Language => (languages as readonly string[]).includes(language);

/** Fetches `locale`'s catalog if it is one there is and not here yet; resolves once `localize` has it. */
export function loadLocale(locale: string): Promise<void> {
  const language = languageOf(locale);
  if (catalogs.has(language) || !isLanguage(language)) return Promise.resolve();
  let pending = loading.get(language);
  if (!pending) {
    pending = load(language).then(
      (module) => {
        catalogs.set(language, module[language] as Messages);
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
export function localize(locale: string) {
  let localized = cache.get(locale);
  if (!localized) {
    localized = build(locale);
    cache.set(locale, localized);
  }
  return localized;
}

function build(locale: string) {
  const language = languageOf(locale);
  const messages = catalogs.get(language);
  const tag = messages ? locale : 'en';
  const dates = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  const numbers = new Intl.NumberFormat(tag);
  return {
    lang: messages ? language : 'en',
    /** English stands in until `loadLocale` has fetched this locale's catalog. */
    pending: !messages && isLanguage(language),
    t(key: MessageKey, params: Record<string, string | number> = {}): string {
      return (messages ?? en)[key].replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = params[name];
        return typeof value === 'number' ? numbers.format(value) : String(value ?? '');
      });
    },
    date: (iso: string) => dates.format(new Date(iso)),
  };
}

export type Localized = ReturnType<typeof localize>;

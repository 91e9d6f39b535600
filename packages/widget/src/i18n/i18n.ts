import { de } from './de.ts';
import { en, type Messages } from './en.ts';
import { fr } from './fr.ts';

const catalogs: Record<string, Messages> = { en, de, fr };

export type MessageKey = keyof Messages;

const cache = new Map<string, ReturnType<typeof build>>();

/** The strings and formats of one locale (made once per locale); an unknown locale falls back to English. */
export function localize(locale: string) {
  let localized = cache.get(locale);
  if (!localized) {
    localized = build(locale);
    cache.set(locale, localized);
  }
  return localized;
}

function build(locale: string) {
  const language = locale.toLowerCase().split('-')[0] ?? 'en';
  const messages = catalogs[language] ?? en;
  const tag = catalogs[language] ? locale : 'en';
  const dates = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  const numbers = new Intl.NumberFormat(tag);
  return {
    lang: catalogs[language] ? language : 'en',
    t(key: MessageKey, params: Record<string, string | number> = {}): string {
      return messages[key].replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = params[name];
        return typeof value === 'number' ? numbers.format(value) : String(value ?? '');
      });
    },
    date: (iso: string) => dates.format(new Date(iso)),
  };
}

export type Localized = ReturnType<typeof localize>;

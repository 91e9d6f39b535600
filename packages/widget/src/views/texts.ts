import { catalog, type Language } from '../i18n/i18n.ts';
import type { Ui } from './host.ts';

/**
 * The strings of a view loaded on demand, as the picker's are (i18n.ts's `catalog()`): English in
 * the view's chunk, German and French chunks of their own fetched when first needed. Words the
 * picker's catalog has already are read from it (`host.t`), not repeated here.
 */
export function chunkTexts<Key extends string>(
  english: Record<Key, string>,
  load: (language: Language) => Promise<Record<Key, string>>,
) {
  const texts = catalog<Key>(english, load);
  return {
    /** Fetches `locale`'s strings; the picker awaits it with the view's chunk, so that it opens in the customer's language. */
    loadLocale: texts.loadLocale,
    localize: texts.localize,
    /** The strings in the picker's language: English until they have loaded, then the picker renders again. */
    t(host: Pick<Ui, 'lang' | 'update'>) {
      const localized = texts.localize(host.lang());
      if (localized.pending) texts.loadLocale(host.lang()).then(host.update, () => undefined);
      return localized.t;
    },
  };
}

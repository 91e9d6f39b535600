import { CATALOG } from './catalog.ts';
import type { ConnectField, ConnectorKindModule } from './kind.ts';
import { customAuthFields } from './kinds/custom.ts';
import { de } from './locales/de.ts';
import { fr } from './locales/fr.ts';

/** The languages Patchbay's own texts are written in; English is the source. */
export const LOCALES = ['en', 'de', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Each locale's translations of the kinds' texts, keyed by the English text itself (as gettext
 * does): a kind's file stays readable in one language, and a text without a translation shows
 * in English rather than as a key.
 */
export const TRANSLATIONS: Record<Exclude<Locale, 'en'>, Readonly<Record<string, string>>> = { de, fr };

/**
 * The locale to answer in: of a list of language tags (an Accept-Language value, or one tag),
 * the most wanted whose language Patchbay speaks, whatever its region; English otherwise.
 */
export function negotiateLocale(requested: string | undefined): Locale {
  const tags = (requested ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q) };
    })
    .filter((t) => t.q > 0)
    .sort((a, b) => b.q - a.q);
  return (tags.map((t) => t.language).find((l) => (LOCALES as readonly string[]).includes(l)) as Locale) ?? 'en';
}

/** A kind's text in `locale`, or as written when it has no translation. */
export function translate(locale: Locale, text: string): string {
  return locale === 'en' ? text : (TRANSLATIONS[locale][text] ?? text);
}

/** A connect field with its label, help, placeholder and options in `locale`. */
export function translateField<F extends Pick<ConnectField, 'label' | 'help' | 'placeholder' | 'options'>>(
  locale: Locale,
  field: F,
): F {
  if (locale === 'en') return field;
  const t = (text: string) => translate(locale, text);
  return {
    ...field,
    label: t(field.label),
    ...(field.help === undefined ? {} : { help: t(field.help) }),
    ...(field.placeholder === undefined ? {} : { placeholder: t(field.placeholder) }),
    ...(field.options === undefined ? {} : { options: field.options.map((o) => ({ ...o, label: t(o.label) })) }),
  };
}

/**
 * The texts of a kind a customer reads that every locale must translate: field labels, help
 * and options, instructions, and the name where it is a description, not a brand (Custom's).
 * (Placeholders are examples of values, and brand names stay as they are.)
 */
export function textsToTranslate(module: ConnectorKindModule): string[] {
  const fields: ConnectField[] = [
    ...module.connect.fields,
    ...(module.kind === 'Custom' ? [...customAuthFields('HttpBasic'), ...customAuthFields('HttpBearer')] : []),
  ];
  return [
    ...(module.kind === 'Custom' ? [module.name] : []),
    ...fields.flatMap((f) => [f.label, ...(f.help ? [f.help] : []), ...(f.options ?? []).map((o) => o.label)]),
    ...(module.connect.type === 'url' ? module.connect.instructions : []),
  ];
}

/** Every text of every kind that needs translating, once each. */
export const TEXTS_TO_TRANSLATE = [...new Set(CATALOG.flatMap(textsToTranslate))];

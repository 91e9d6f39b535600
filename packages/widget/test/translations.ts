import { expect } from '@open-wc/testing';
import { fill } from '../src/i18n/i18n.ts';

/** What a text is filled with: its `{name}`s and plural arguments, each once (a plural's branches may each say `{date}`). */
const parameters = (text: string) =>
  [...new Set(Array.from(text.matchAll(/\{(\w+)(?:\}|, plural,)/g), ([, name]) => name))].sort();

/** The categories of each plural argument's branches, read apart from fill()'s own parsing. */
const pluralCategories = (text: string) =>
  Array.from(text.matchAll(/\{\w+, plural,((?:\s*\w+\s*\{(?:[^{}]|\{\w+\})*\})+)\s*\}/g), ([, branches = '']) =>
    Array.from(branches.matchAll(/(\w+)\s*\{(?:[^{}]|\{\w+\})*\}/g), ([, category]) => category),
  );

/** Counts each language has a form for (French 0 and 1 are `one`, a million `many`), and many. */
const COUNTS = [0, 1, 2, 5, 21, 1_000_000];

/**
 * Every English text of a catalog in German and French: with the same parameters, each plural
 * argument's branches of the categories the language has, `other` among them, and filled for
 * every count with nothing of the syntax left over.
 */
export function expectTranslated(name: string, catalogs: Record<'en' | 'de' | 'fr', Record<string, string>>) {
  const { en } = catalogs;
  for (const [lang, catalog] of Object.entries(catalogs)) {
    expect(Object.keys(catalog).sort(), `${name}-${lang}`).to.deep.equal(Object.keys(en).sort());
    const plurals = new Intl.PluralRules(lang);
    const categories = plurals.resolvedOptions().pluralCategories;
    const numbers = new Intl.NumberFormat(lang);
    for (const [key, english] of Object.entries(en)) {
      const text = catalog[key] ?? '';
      const where = `${name}-${lang}.${key}`;
      expect(text, where).to.not.equal('');
      expect(parameters(text), where).to.deep.equal(parameters(english));
      for (const branches of pluralCategories(text)) {
        expect(branches, where).to.include('other');
        expect(categories, where).to.include.members(branches);
      }
      for (const n of COUNTS) {
        const filled = fill(text, new Proxy({}, { get: () => n }), numbers, plurals);
        expect(filled, `${where} for ${n}`).not.to.match(/[{}#]/);
      }
    }
  }
}

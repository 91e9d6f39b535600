import { chunkTexts } from './texts.ts';
import { en, type TransformKey } from './transform-texts-en.ts';

/** Step 3's dry run and versions strings (and the review's warning), English in the wizard's chunk, not the first load. */
export const transformTexts = chunkTexts<TransformKey>(en, (language) =>
  (language === 'de' ? import('./transform-texts-de.ts') : import('./transform-texts-fr.ts')).then(
    (module: Record<string, typeof en>) => module[language] as typeof en,
  ),
);

export type Say = ReturnType<typeof transformTexts.t>;

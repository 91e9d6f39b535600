import type { Page } from './types.ts';

/** Every item of a paginated list, page after page (for the small lists the widget shows whole). */
export async function allPages<T>(list: (iterator: string | null) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let iterator: string | null = null;
  do {
    const page: Page<T> = await list(iterator);
    all.push(...page.data);
    iterator = page.done ? null : page.iterator;
  } while (iterator);
  return all;
}

/** One line of a diff: ' ' kept, '-' removed, '+' added. */
export type DiffLine = [' ' | '-' | '+', string];

/**
 * The most cells (lines changed before × after) the table of the longest common subsequence
 * may have: 4 MB. Past it the texts are too different to show line by line, and the views say
 * so: a whole table for two 8,000-line texts would be 256 MB and most of a second.
 */
const MAX_CELLS = 1_000_000;
/** Diffs kept, newest last: a view renders the same pair on every update. */
const KEPT = 32;
const kept = new Map<string, DiffLine[] | null>();

/**
 * A line diff of two texts (the longest common subsequence of the lines between their common
 * first and last lines), or null when the lines that differ are too many to compare.
 */
export function diffLines(before: string, after: string): DiffLine[] | null {
  const key = `${before.length}:${before}\u0000${after}`;
  const known = kept.get(key);
  if (known !== undefined) return known;
  const diff = compare(before.split('\n'), after.split('\n'));
  if (kept.size === KEPT) kept.delete(kept.keys().next().value as string);
  kept.set(key, diff);
  return diff;
}

function compare(a: string[], b: string[]): DiffLine[] | null {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const middleA = a.slice(start, a.length - end);
  const middleB = b.slice(start, b.length - end);
  if ((middleA.length + 1) * (middleB.length + 1) > MAX_CELLS) return null;
  const same = (lines: string[]) => lines.map((line): DiffLine => [' ', line]);
  return [...same(a.slice(0, start)), ...lcs(middleA, middleB), ...same(a.slice(a.length - end))];
}

function lcs(a: string[], b: string[]): DiffLine[] {
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  const at = (i: number, j: number) => table[i * width + j] as number;
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push([' ', a[i] as string]);
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && at(i + 1, j) >= at(i, j + 1))) {
      out.push(['-', a[i++] as string]);
    } else {
      out.push(['+', b[j++] as string]);
    }
  }
  return out;
}

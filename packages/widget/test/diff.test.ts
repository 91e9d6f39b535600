import { expect } from '@open-wc/testing';
import { diffLines } from '../src/editor/diff.ts';

describe('the line diff of step 3', () => {
  it('marks the lines changed between the common first and last ones', () => {
    const before = ['{', '  "a": 1,', '  "b": 2', '}'].join('\n');
    const after = ['{', '  "a": 1,', '  "c": 3', '}'].join('\n');
    expect(diffLines(before, after)).to.deep.equal([
      [' ', '{'],
      [' ', '  "a": 1,'],
      ['-', '  "b": 2'],
      ['+', '  "c": 3'],
      [' ', '}'],
    ]);
  });

  it('compares two long texts that share most lines, and gives up, saying so, on two that share none', () => {
    const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`).join('\n');
    // 8,000 lines a side: a whole table would be 256 MB.
    const long = lines(8000, 'x');
    const edited = long.replace('x4000\n', 'y\n');
    expect(diffLines(long, edited)?.filter(([mark]) => mark !== ' ')).to.deep.equal([
      ['-', 'x4000'],
      ['+', 'y'],
    ]);
    expect(diffLines(lines(8000, 'a'), lines(8000, 'b'))).to.equal(null);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId } from '../src/ids.ts';

describe('ids', () => {
  it("have Svix's shape: prefix, underscore, 27 base62 characters", () => {
    for (const prefix of ['app', 'ep', 'msg', 'atmpt', 'trtmpl'] as const) {
      assert.match(newId(prefix, Date.now()), new RegExp(`^${prefix}_[0-9A-Za-z]{27}$`));
    }
  });

  it('sort in creation order, within one millisecond too', () => {
    const start = Date.parse('2026-03-01T00:00:00Z');
    const ids = [
      ...Array.from({ length: 500 }, () => newId('msg', start)),
      ...Array.from({ length: 500 }, () => newId('msg', start + 1)),
    ];
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });
});

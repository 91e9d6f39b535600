import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { idBound, newId } from '../src/ids.ts';

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

  const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const decode = (id: string) =>
    [...(id.split('_')[1] ?? '')].reduce((n, c) => n * 62n + BigInt(ALPHABET.indexOf(c)), 0n);

  it('read back as their millisecond and lie within its bounds, at every magnitude of time', () => {
    for (const ms of [0, 1, 61, 62, 3843, Date.parse('2026-03-01T00:00:00Z'), 2 ** 48 - 1]) {
      const first = idBound('msg', ms, 'first');
      const last = idBound('msg', ms, 'last');
      assert.equal(decode(first), BigInt(ms) << 112n);
      assert.equal(decode(last), ((BigInt(ms) + 1n) << 112n) - 1n);
      for (let i = 0; i < 50; i++) {
        const id = newId('msg', ms);
        assert.match(id, /^msg_[0-9A-Za-z]{27}$/);
        assert.equal(decode(id) >> 112n, BigInt(ms));
        assert.ok(first <= id && id <= last);
      }
    }
  });
});

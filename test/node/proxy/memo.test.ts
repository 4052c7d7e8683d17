/** The bounded memo behind the allow-list match and query normalization (lib/memo.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedMemo } from '../../../proxy/lib/memo.js';

describe('BoundedMemo', () => {
  it('remembers up to its bound, then starts over: memory stays bounded whatever keys clients send', () => {
    const memo = new BoundedMemo<string, number>(3);
    for (const [i, key] of ['a', 'b', 'c'].entries()) memo.set(key, i);
    assert.equal(memo.size, 3);
    assert.deepEqual(
      ['a', 'b', 'c'].map((k) => memo.get(k)),
      [0, 1, 2],
    );
    memo.set('d', 3);
    assert.equal(memo.size, 1);
    assert.equal(memo.get('a'), undefined);
    assert.equal(memo.get('d'), 3);
    for (let i = 0; i < 1000; i++) memo.set(`random-${i}`, i);
    assert.ok(memo.size <= 3, `holds ${memo.size}`);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indexOfBytes, indexOfBytesPortable } from '../../../proxy/lib/bytes.js';

describe('indexOfBytes', () => {
  it('finds a byte sequence anywhere, including at the edges (native and portable)', () => {
    const e = (s: string) => new TextEncoder().encode(s);
    for (const find of [indexOfBytes, indexOfBytesPortable]) {
      assert.equal(find(e('abcabd'), e('abd')), 3);
      assert.equal(find(e('abd'), e('abd')), 0);
      assert.equal(find(e('ab'), e('abd')), -1);
      assert.equal(find(e('aaab'), e('aab')), 1);
      assert.equal(find(e('xyz').subarray(1), e('x')), -1, 'respects the view offset');
    }
  });
});

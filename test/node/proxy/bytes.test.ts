import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indexOfByte, indexOfBytes, indexOfBytesPortable } from '../../../proxy/lib/bytes.js';

const e = (s: string) => new TextEncoder().encode(s);

describe('indexOfBytes', () => {
  it('finds a byte sequence anywhere, including at the edges (native and portable)', () => {
    for (const find of [indexOfBytes, indexOfBytesPortable]) {
      assert.equal(find(e('abcabd'), e('abd')), 3);
      assert.equal(find(e('abd'), e('abd')), 0);
      assert.equal(find(e('ab'), e('abd')), -1);
      assert.equal(find(e('aaab'), e('aab')), 1);
      assert.equal(find(e('xyz').subarray(1), e('x')), -1, 'respects the view offset');
      assert.equal(find(e('xbz'), e('ab')), -1, 'a needle whose first byte is nowhere');
      assert.equal(find(e('xyz'), e('')), 0, 'the empty needle is found at the start');
    }
  });
});

describe('indexOfByte', () => {
  it('finds one byte value, within the view only', () => {
    assert.equal(indexOfByte(e('a\\b\\'), 0x5c), 1);
    assert.equal(indexOfByte(e('abc'), 0x5c), -1);
    assert.equal(indexOfByte(e('\\ab').subarray(1), 0x5c), -1, 'respects the view offset');
    assert.equal(indexOfByte(e('x\\ab\\').subarray(2), 0x5c), 2, 'an index within the view');
  });
});

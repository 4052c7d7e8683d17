import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { indexOfByte, indexOfBytes, indexOfBytesPortable, indexOfNeedle, needle } from '../../../proxy/lib/bytes.js';

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
  it('the portable search starts where it is told', () => {
    assert.equal(indexOfBytesPortable(e('abab'), e('ab'), 1), 2);
    assert.equal(indexOfBytesPortable(e('abab'), e('ab'), 3), -1);
    assert.equal(indexOfBytesPortable(e('ab'), e(''), 1), 1);
  });
});

describe('needle / indexOfNeedle (the key search of the redaction)', () => {
  it('anchors at the rarest byte in JSON text: punctuation beyond JSON’s own, then upper case', () => {
    assert.equal(needle(e('sk_test_sandbox')).anchor, 2);
    assert.equal(needle(e('sk-live-Ab1')).anchor, 8, 'an upper-case letter when only common bytes come before');
    assert.equal(needle(e('abc, 1.2:"x"')).anchor, 0, 'nothing rarer than the first');
    assert.deepEqual(needle(e('sk_test_sandbox')).tail, e('_test_sandbox'));
  });
  it('finds the whole needle, never its tail alone, at the edges and after near misses', () => {
    const n = needle(e('sk_test_Ab1'));
    assert.equal(indexOfNeedle(e('sk_test_Ab1'), n), 0);
    assert.equal(indexOfNeedle(e('_test_Ab1 k_test_Ab1 xsk_test_Ab1'), n), 22);
    assert.equal(indexOfNeedle(e('_test_Ab1'), n), -1, 'the tail at the very start has no room for the head');
    assert.equal(indexOfNeedle(e('sk_test_Ab'), n), -1);
    assert.equal(indexOfNeedle(e('xxsk_test_Ab1').subarray(2), n), 0, 'respects the view offset');
    assert.equal(indexOfNeedle(e('anything'), needle(e(''))), 0);
  });
  it('agrees with a plain search on generated text', () => {
    const alphabet = fc.constantFrom(...'sk_tA1 "'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 60 }), fc.string({ unit: alphabet, maxLength: 6 }), (h, k) => {
        assert.equal(indexOfNeedle(e(h), needle(e(k))), h.indexOf(k));
      }),
      { numRuns: 2000 },
    );
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

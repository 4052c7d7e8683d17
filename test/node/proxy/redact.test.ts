/** Key redaction (proxy/lib/redact.ts): the plain key and every escaped form a client could undo. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REDACTED, containsKey, keyPattern, redactKey, redactText } from '../../../proxy/lib/redact.js';
import { keyForms, leaksKey } from './key-leak.js';

const KEY = 'sk_test_Ab1';
const enc = new TextEncoder();
const dec = new TextDecoder();

describe('redactText', () => {
  it('replaces every form of the key, alone and inside text', () => {
    for (const form of keyForms(KEY)) {
      assert.equal(redactText(form, KEY), REDACTED, form);
      assert.equal(redactText(`a "${form}" b ${form}`, KEY), `a "${REDACTED}" b ${REDACTED}`, form);
      assert.ok(!leaksKey(redactText(`x${form}y`, KEY), KEY), form);
    }
  });
  it('covers doubled backslashes, any-case hex, repeated percent-encoding and entities with or without ;', () => {
    for (const form of [
      '\\\\u0073k_test_Ab1',
      '\\U0073k_test_\\u0041b1',
      'sk%5ftest%5FAb1',
      's\\x6b_test_Ab1',
      '%252573k_test_Ab1',
      '&#0115k_test_Ab1',
      '&#x0073k_test_Ab1',
      '&#115;k&#95test&#x5F;Ab1',
    ])
      assert.equal(redactText(form, KEY), REDACTED, form);
  });
  it('leaves other text alone, an empty key redacts nothing, and special characters in a key are literal', () => {
    assert.equal(redactText('sk_test_Ab2 and sk_test_A', KEY), 'sk_test_Ab2 and sk_test_A');
    assert.equal(redactText('SK_TEST_AB1 sk_test_ab1', KEY), 'SK_TEST_AB1 sk_test_ab1', 'the key is case-sensitive');
    assert.equal(redactText('\\u0053k_test_Ab1', KEY), '\\u0053k_test_Ab1', 'an escape of another character');
    assert.equal(redactText('anything', ''), 'anything');
    assert.equal(redactText('a.b a-b axb', 'a.b'), `${REDACTED} a-b axb`);
    assert.equal(redactText('(x) x', '(x)'), `${REDACTED} x`);
  });
  it('a key character below 0x10 is matched in its two-digit escapes too', () => {
    const key = 'sk\tTab';
    for (const form of ['sk\\u0009Tab', 'sk\\x09Tab', 'sk%09Tab', 'sk&#9;Tab', 'sk&#x09;Tab'])
      assert.equal(redactText(`<${form}>`, key), `<${REDACTED}>`, form);
  });
  it('a pattern is reused for one key and rebuilt for another', () => {
    const p = keyPattern(KEY);
    assert.equal(keyPattern(KEY), p);
    assert.notEqual(keyPattern('sk_test_other'), p);
    assert.equal(redactText('sk_test_other', 'sk_test_other'), REDACTED);
    assert.equal(redactText(KEY, KEY), REDACTED);
  });
});

describe('containsKey', () => {
  it('finds any form, repeatedly (no regex state carried between calls)', () => {
    for (let i = 0; i < 3; i++) {
      assert.equal(containsKey(`x ${KEY} y`, KEY), true);
      assert.equal(containsKey('%73k_test_Ab1', KEY), true);
    }
    assert.equal(containsKey('clean', KEY), false);
    assert.equal(containsKey(KEY, ''), false);
  });
});

describe('redactKey (bodies)', () => {
  it('returns the same buffer when there is nothing to redact (fast path), escapes or not', () => {
    for (const text of ['{"ok":true}', '{"pct":"50%","q":"a&b","e":"\\n"}', '']) {
      const body = enc.encode(text);
      assert.equal(redactKey(body, KEY), body, text);
    }
    const body = enc.encode(`{"k":"${KEY}"}`);
    assert.equal(redactKey(body, ''), body);
  });
  it('redacts the plain key and each escaped form in a body', () => {
    assert.equal(dec.decode(redactKey(enc.encode(`{"k":"${KEY}"}`), KEY)), `{"k":"${REDACTED}"}`);
    for (const form of keyForms(KEY))
      assert.equal(dec.decode(redactKey(enc.encode(`{"k":"${form}"}`), KEY)), `{"k":"${REDACTED}"}`, form);
  });
  it('finds an escaped form whichever escape byte it uses', () => {
    for (const form of ['\\u0073k_test_Ab1', '%73k_test_Ab1', '&#115;k_test_Ab1'])
      assert.notEqual(redactKey(enc.encode(form), KEY), enc.encode(form));
  });
});

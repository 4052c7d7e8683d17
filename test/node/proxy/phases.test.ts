import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  bearerFromAuthorization,
  checkHeaders,
  checkRequestTarget,
  clientAddress,
  forwardHeaders,
  redactKey,
  responseHeaders,
  MAX_HEADERS,
} from '../../../proxy/lib/phases.js';
import { Refusal } from '../../../proxy/lib/errors.js';

describe('phase: checkRequestTarget', () => {
  it('accepts plain CarStrel paths with queries', () => {
    for (const t of [
      '/',
      '/external/brands',
      '/external/vehicles?listingType=sale&limit=10',
      '/external/vehicles/3f2a-9c_1',
      '/chunks/app-Ab12.js',
      '/index.html',
    ]) {
      assert.equal(checkRequestTarget(t), undefined, t);
    }
  });
  it('refuses encoded traversal, dot segments, //, ; and backslash', () => {
    for (const t of [
      '/external/%2e%2e/customers',
      '/external/brands%2f..%2fcustomers',
      '/external/..',
      '/external/./brands',
      '/external//brands',
      '/external/brands;x=1',
      '/external\\brands',
      '/external/brands/%00',
      'external/brands',
      'http://evil/external/brands',
      '/external/%2E%2E',
      '/external/brands/..%2f',
      '*',
    ]) {
      const r = checkRequestTarget(t);
      assert.ok(r instanceof Refusal, t);
      assert.equal(r.status, 400, t);
    }
  });
  it('refuses an oversized query', () => {
    assert.equal(checkRequestTarget(`/external/vehicles?q=${'a'.repeat(3000)}`)?.status, 400);
  });
});

describe('phase: checkHeaders', () => {
  it('accepts ordinary headers', () => {
    assert.equal(
      checkHeaders([
        ['Accept', 'application/json'],
        ['Origin', 'http://x.example'],
      ]),
      undefined,
    );
  });
  it('refuses Content-Length together with Transfer-Encoding', () => {
    assert.equal(
      checkHeaders([
        ['content-length', '5'],
        ['transfer-encoding', 'chunked'],
      ])?.status,
      400,
    );
  });
  it('refuses CR/LF/NUL in values', () => {
    assert.equal(checkHeaders([['x-a', 'a\r\nx-api-key: sk']])?.status, 400);
    assert.equal(checkHeaders([['x-a', 'a\u0000b']])?.status, 400);
  });
  it('refuses __proto__ and other poison header names', () => {
    for (const n of ['__proto__', 'constructor', 'prototype', 'bad name'])
      assert.equal(checkHeaders([[n, 'x']])?.status, 400, n);
  });
  it('refuses too many or too large headers with 431', () => {
    const many = Array.from({ length: MAX_HEADERS + 1 }, (_, i) => [`x-h${i}`, 'v'] as [string, string]);
    assert.equal(checkHeaders(many)?.status, 431);
    assert.equal(checkHeaders([['x-big', 'a'.repeat(20_000)]])?.status, 431);
  });
});

describe('phase: forwardHeaders (strip then inject key)', () => {
  const incoming: Array<[string, string]> = [
    ['X-Api-Key', 'sk_live_attacker'],
    ['Cookie', 'carstrel_session=abc'],
    ['Connection', 'keep-alive, X-Secret'],
    ['X-Secret', 'drop me'],
    ['Keep-Alive', 'timeout=5'],
    ['Transfer-Encoding', 'chunked'],
    ['Host', 'evil.example'],
    ['Authorization', 'Bearer stolen'],
    ['X-Forwarded-For', '1.2.3.4'],
    ['Accept', 'application/json'],
    ['Content-Type', 'application/json'],
    ['Idempotency-Key', 'k-12345678'],
    ['Upgrade', 'websocket'],
    ['X-Random', '1'],
  ];
  it("drops the client's x-api-key, cookie, hop-by-hop and Connection-listed headers and sets the dealer key", () => {
    const out = forwardHeaders(incoming, 'sk_test_dealer');
    assert.deepEqual(
      { ...out },
      {
        accept: 'application/json',
        'content-type': 'application/json',
        'idempotency-key': 'k-12345678',
        'x-api-key': 'sk_test_dealer',
      },
    );
  });
  it('sets the bearer from the session, never from a client header it did not vet', () => {
    assert.equal(forwardHeaders(incoming, 'sk_test_dealer', 'tok123').authorization, 'Bearer tok123');
    assert.equal(forwardHeaders(incoming, 'sk_test_dealer').authorization, undefined);
  });
  it('produces an object without a prototype (no __proto__ tricks)', () => {
    assert.equal(Object.getPrototypeOf(forwardHeaders([], 'k')), null);
  });
});

describe('phase: bearerFromAuthorization', () => {
  it('accepts a well-formed bearer, refuses anything else', () => {
    assert.equal(bearerFromAuthorization('Bearer abc.def-ghi_jkl'), 'abc.def-ghi_jkl');
    assert.equal(bearerFromAuthorization(undefined), undefined);
    assert.ok(bearerFromAuthorization('Basic dXNlcjpwYXNz') instanceof Refusal);
    assert.ok(bearerFromAuthorization('Bearer a b') instanceof Refusal);
  });
});

describe('phase: responseHeaders', () => {
  it('keeps content-type and retry-after, drops set-cookie, server and the rest', () => {
    assert.deepEqual(
      responseHeaders({
        'content-type': 'application/json',
        'retry-after': '7',
        'set-cookie': ['a=b'],
        server: 'nginx',
        'x-api-key': 'sk_live_x',
        'x-powered-by': 'Express',
      }),
      { 'content-type': 'application/json', 'retry-after': '7' },
    );
  });
});

describe('phase: redactKey', () => {
  it('replaces the dealer key wherever upstream echoes it, and leaves clean bodies untouched', () => {
    const clean = new TextEncoder().encode('{"ok":true}');
    assert.equal(redactKey(clean, 'sk_test_abc'), clean);
    const dirty = new TextEncoder().encode('{"message":"bad key sk_test_abc and sk_test_abc"}');
    assert.equal(
      new TextDecoder().decode(redactKey(dirty, 'sk_test_abc')),
      '{"message":"bad key [redacted] and [redacted]"}',
    );
  });
});

describe('phase: clientAddress', () => {
  it('ignores X-Forwarded-For unless a front proxy is trusted', () => {
    assert.equal(clientAddress('10.0.0.1', '6.6.6.6', 0), '10.0.0.1');
  });
  it('takes the entry appended by the outermost trusted proxy', () => {
    assert.equal(clientAddress('10.0.0.1', 'spoofed, 203.0.113.9', 1), '203.0.113.9');
    assert.equal(clientAddress('10.0.0.1', 'spoofed, 203.0.113.9, 10.0.0.2', 2), '203.0.113.9');
    assert.equal(clientAddress('10.0.0.1', '203.0.113.9', 3), '203.0.113.9');
  });
});

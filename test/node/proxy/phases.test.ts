import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Refusal } from '../../../proxy/lib/errors.js';
import {
  bearerFromAuthorization,
  checkHeaders,
  checkIdempotencyKey,
  checkJsonBody,
  checkRequestTarget,
  clientAddress,
  forwardHeaders,
  injectKey,
  parseJson,
  mergeVary,
  redactKey,
  responseHeaders,
  shapeResponse,
  stripHeaders,
  MAX_HEADERS,
  JSON_TYPE,
  UPSTREAM_FIXED_HEADERS,
} from '../../../proxy/lib/phases.js';
import { bytes, kept, text } from './phases-support.js';

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
  it('refuses control characters in the query (DEL included), accepts printable ones', () => {
    assert.equal(checkRequestTarget('/external/vehicles?q=a\u0001b')?.status, 400);
    assert.equal(checkRequestTarget('/external/vehicles?q=a\u007fb')?.status, 400);
    assert.equal(checkRequestTarget('/external/vehicles?q=a~b!c'), undefined);
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

describe('phase: stripHeaders', () => {
  it('keeps only content-type and idempotency-key, lower-cased: nothing that would vary the answer or that the client may not decide', () => {
    assert.deepEqual(
      {
        ...stripHeaders([
          ['Accept-Language', 'fr'],
          ['User-Agent', 'ua'],
          ['Accept', 'text/html'],
          ['Accept-Encoding', 'gzip, br'],
          ['X-Api-Key', 'sk_live_attacker'],
          ['Authorization', 'Bearer stolen'],
          ['Origin', 'https://x.example'],
          ['Content-Type', 'application/json'],
          ['Idempotency-Key', 'k-12345678'],
        ]),
      },
      { 'content-type': 'application/json', 'idempotency-key': 'k-12345678' },
    );
  });
  it('drops a pass-through name when Connection lists it (hop-by-hop by declaration)', () => {
    assert.deepEqual(
      {
        ...stripHeaders([
          ['Connection', 'Content-Type'],
          ['Content-Type', 'application/json'],
        ]),
      },
      {},
    );
  });
});

describe('phase: injectKey', () => {
  it("sets the dealer's key over whatever is there, and the bearer only when there is one", () => {
    const before = { 'content-type': 'application/json', 'x-api-key': 'sk_live_attacker' };
    const out = injectKey(before, 'sk_test_dealer', 'tok');
    assert.deepEqual(
      { ...out },
      {
        'content-type': 'application/json',
        accept: 'application/json',
        'accept-encoding': 'identity',
        'x-api-key': 'sk_test_dealer',
        authorization: 'Bearer tok',
      },
    );
    assert.equal(before['x-api-key'], 'sk_live_attacker', 'the input is not changed');
    assert.equal(injectKey({}, 'k').authorization, undefined);
    assert.equal(Object.getPrototypeOf(injectKey({}, 'k')), null);
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
        ...UPSTREAM_FIXED_HEADERS,
        'content-type': 'application/json',
        'idempotency-key': 'k-12345678',
        'x-api-key': 'sk_test_dealer',
      },
    );
  });
  it('asks upstream for JSON without content-coding, whatever the client accepts', () => {
    const out = forwardHeaders(
      [
        ['Accept', 'text/html'],
        ['Accept-Encoding', 'br'],
      ],
      'k',
    );
    assert.equal(out.accept, 'application/json');
    assert.equal(out['accept-encoding'], 'identity');
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

describe('phase: checkJsonBody', () => {
  it('accepts an empty body, and JSON bodies declared as JSON', () => {
    assert.equal(checkJsonBody(new Uint8Array(), undefined), undefined);
    assert.equal(checkJsonBody(bytes('{"a":1}'), 'application/json; charset=utf-8'), undefined);
    assert.equal(checkJsonBody(bytes('null'), 'Application/JSON'), undefined);
  });
  it('refuses a body that is not declared as JSON, or is not well formed', () => {
    assert.match(checkJsonBody(bytes('{}'), 'text/plain')?.message ?? '', /must be JSON/);
    assert.match(checkJsonBody(bytes('{}'), undefined)?.message ?? '', /must be JSON/);
    assert.match(checkJsonBody(bytes('{"a":'), 'application/json')?.message ?? '', /not valid JSON/);
  });
  it('parseJson: the value, or undefined when the bytes are not JSON', () => {
    assert.deepEqual(parseJson(bytes('{"a":[1]}')), { a: [1] });
    assert.equal(parseJson(bytes('null')), null);
    assert.equal(parseJson(bytes('OK')), undefined);
  });
});

describe('phase: checkIdempotencyKey', () => {
  it('accepts a missing key and 8-128 visible ASCII characters', () => {
    for (const k of [undefined, null, 'abcdefgh', crypto.randomUUID(), 'k'.repeat(128), '!#$%&()*+,-./:;<=>?@[]^_{|}~'])
      assert.equal(checkIdempotencyKey(k), undefined, String(k));
  });
  it('refuses short, long, spaced, quoted and backslashed keys', () => {
    for (const k of ['', 'short', 'k'.repeat(129), 'has space1', 'quote"key1', 'back\\slash1', 'é-accented'])
      assert.equal(checkIdempotencyKey(k)?.status, 400, k);
  });
});

describe('phase: shapeResponse', () => {
  it('passes a 4xx with safe headers only and the key redacted', () => {
    const s = shapeResponse(
      {
        status: 401,
        headers: { 'content-type': 'application/json', 'set-cookie': 'a=b' },
        body: bytes('{"m":"bad sk_test_k1"}'),
      },
      'sk_test_k1',
    );
    assert.equal(s.status, 401);
    assert.deepEqual(s.headers, { 'content-type': JSON_TYPE });
    assert.equal(text(s.body), '{"m":"bad [redacted]"}');
  });
  it('redacts the key in escaped forms too, on any status below 500', () => {
    for (const status of [200, 201, 400, 404, 429]) {
      const s = shapeResponse(
        { status, headers: {}, body: bytes('{"m":"\\u0073k_test_k1","p":"sk%5Ftest%5Fk1"}') },
        'sk_test_k1',
      );
      assert.equal(s.status, status);
      assert.equal(text(s.body), '{"m":"[redacted]","p":"[redacted]"}');
    }
  });
  it('refuses (502) a body still content-encoded, which it could not redact', () => {
    for (const coding of ['gzip', 'br', 'GZIP', 'deflate, gzip']) {
      const s = shapeResponse(
        { status: 200, headers: { 'content-encoding': coding, 'retry-after': '3' }, body: bytes('\x1f\x8bsk_test_k1') },
        'sk_test_k1',
      );
      assert.equal(s.status, 502, coding);
      const body = JSON.parse(text(s.body));
      assert.equal(body.statusCode, 502);
      assert.match(body.message, /could not read/);
      assert.deepEqual(s.headers, { 'content-type': JSON_TYPE, 'retry-after': '3' });
    }
    for (const coding of ['identity', ' ', 'IDENTITY']) {
      const s = shapeResponse({ status: 200, headers: { 'content-encoding': coding }, body: bytes('{}') }, 'k');
      assert.equal(s.status, 200, coding);
    }
  });
  it('turns an upstream 5xx into a 502 envelope that shows nothing of it but Retry-After', () => {
    const s = shapeResponse(
      { status: 503, headers: { 'retry-after': '9', server: 'x' }, body: bytes('stack trace at db.internal:5432') },
      'sk_test_k1',
    );
    assert.equal(s.status, 502);
    assert.deepEqual(s.headers, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '9' });
    const body = JSON.parse(text(s.body));
    assert.equal(body.statusCode, 502);
    assert.match(body.message, /answered with an error \(503\)/);
    assert.ok(!text(s.body).includes('db.internal'));
    assert.equal(shapeResponse({ status: 500, headers: {}, body: bytes('') }, 'k').status, 502);
    assert.deepEqual(shapeResponse({ status: 502, headers: {}, body: bytes('') }, 'k').headers, {
      'content-type': JSON_TYPE,
    });
    assert.equal(shapeResponse({ status: 499, headers: {}, body: bytes('x') }, 'k').status, 499);
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
        etag: '"1"',
        'content-encoding': 'gzip',
        __proto__: 'x',
        constructor: 'x',
      }),
      { 'content-type': JSON_TYPE, 'retry-after': '7' },
    );
  });
  it('rebuilds content-type from its kind: JSON (any +json) or plain text; anything else is dropped', () => {
    const ct = (v: string) => kept('Content-Type', v);
    assert.equal(ct('application/json'), JSON_TYPE);
    assert.equal(ct('Application/JSON;charset=latin1'), JSON_TYPE);
    assert.equal(ct('application/problem+json'), JSON_TYPE);
    assert.equal(ct('application/json ; sk_test_k1'), JSON_TYPE);
    assert.equal(ct('text/plain'), 'text/plain; charset=utf-8');
    assert.equal(ct('TEXT/PLAIN; charset=sk_test_k1'), 'text/plain; charset=utf-8');
    for (const v of [
      'text/html',
      'application/jsonp',
      'application/json-sk_test_k1',
      'image/svg+xml',
      'text/plainx',
      '',
    ])
      assert.equal(ct(v), undefined, v);
  });
  it('passes content-language only as language tags', () => {
    const cl = (v: string) => kept('content-language', v);
    for (const v of ['en', 'de-AT', 'fr, en', 'zh-Hant-TW', 'en,de']) assert.equal(cl(v), v);
    for (const v of ['sk_test_k1', 'en; sk_test_k1', 'e n', 'a-b-c-d-e', '123', 'toolonglang'])
      assert.equal(cl(v), undefined, v);
  });
  it('passes last-modified and retry-after only as canonical dates or seconds, rebuilt by the proxy', () => {
    assert.equal(kept('last-modified', 'Tue, 15 Nov 1994 08:12:31 GMT'), 'Tue, 15 Nov 1994 08:12:31 GMT');
    assert.equal(kept('retry-after', 'Wed, 21 Oct 2015 07:28:00 GMT'), 'Wed, 21 Oct 2015 07:28:00 GMT');
    assert.equal(kept('retry-after', '120'), '120');
    assert.equal(kept('retry-after', '007'), '7');
    assert.equal(kept('retry-after', '999999999'), '86400');
    assert.equal(kept('retry-after', '86400'), '86400');
    for (const v of [
      'Tue, 15 Nov 1994 08:12:31 GMT sk_test_k1',
      'sk_test_k1',
      '15 Nov 1994 08:12:31 GMT',
      'Tue, 15 Nov 1994 08:12:31 UTC',
      'Tue, 99 Nov 1994 08:12:31 GMT',
      'Xyz, 15 Nov 1994 08:12:31 GMT',
    ]) {
      assert.equal(kept('last-modified', v), undefined, v);
      assert.equal(kept('retry-after', v), undefined, v);
    }
    for (const v of ['-1', '1.5', '1e3', '1234567890', ' ']) assert.equal(kept('retry-after', v), undefined, v);
  });
  it('joins repeated values, trims them, and drops any value that holds the key in any form', () => {
    assert.deepEqual(responseHeaders({ 'content-language': ['en', 'de'] }), { 'content-language': 'en, de' });
    assert.deepEqual(responseHeaders({ 'retry-after': ' 5 ' }), { 'retry-after': '5' });
    assert.deepEqual(responseHeaders({ 'content-language': 'skx-test' }, 'skx-test'), {});
    assert.deepEqual(responseHeaders({ 'content-language': 'skx-test' }, 'sk-other'), {
      'content-language': 'skx-test',
    });
    assert.deepEqual(responseHeaders({ 'content-language': undefined }), {});
  });
});

describe('mergeVary', () => {
  it('names every field once, case-insensitively, in order', () => {
    assert.equal(mergeVary('Origin', 'Cookie'), 'Origin, Cookie');
    assert.equal(mergeVary(undefined, 'Cookie'), 'Cookie');
    assert.equal(mergeVary('Origin, cookie', 'Cookie'), 'Origin, cookie');
    assert.equal(mergeVary(' , Origin,,', 'Cookie, Origin'), 'Origin, Cookie');
  });
});

describe('phase: redactKey', () => {
  it('replaces the dealer key wherever upstream echoes it, and leaves clean bodies untouched', () => {
    const clean = bytes('{"ok":true}');
    assert.equal(redactKey(clean, 'sk_test_abc'), clean);
    const dirty = bytes('{"message":"bad key sk_test_abc and sk_test_abc"}');
    assert.equal(text(redactKey(dirty, 'sk_test_abc')), '{"message":"bad key [redacted] and [redacted]"}');
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

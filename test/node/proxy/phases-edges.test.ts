/**
 * The request gate's and the response shaping's edges (proxy/lib/phases.ts): each limit at its value
 * and one past it, each allow-list entry and its near misses, each pattern's anchors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Refusal } from '../../../proxy/lib/errors.js';
import {
  JSON_TYPE,
  MAX_HEADER_BYTES,
  MAX_HEADERS,
  MAX_QUERY_LENGTH,
  bearerFromAuthorization,
  checkHeaders,
  checkIdempotencyKey,
  checkJsonBody,
  checkRequestTarget,
  clientAddress,
  forwardHeaders,
  mergeVary,
  responseHeaders,
  shapeResponse,
  stripHeaders,
} from '../../../proxy/lib/phases.js';
import { bytes, kept, manyHeaders, message, status, text } from './phases-support.js';

const KEY = 'sk_test_edges1';

describe('checkRequestTarget: limits and characters', () => {
  it('a query of MAX_QUERY_LENGTH passes, one more character is refused', () => {
    assert.equal(checkRequestTarget(`/external/vehicles?${'a'.repeat(MAX_QUERY_LENGTH)}`), undefined);
    assert.match(message(checkRequestTarget(`/external/vehicles?${'a'.repeat(MAX_QUERY_LENGTH + 1)}`)), /query string/);
    assert.equal(checkRequestTarget('/external/vehicles?'), undefined, 'an empty query');
    assert.equal(checkRequestTarget('/external/brands?a=%20&b=..'), undefined, 'the query may hold encodings and dots');
    assert.equal(
      checkRequestTarget(`/${'a'.repeat(MAX_QUERY_LENGTH + 1)}`),
      undefined,
      'the limit is the query’s, not the path’s',
    );
  });
  it('control characters and DEL in the query are refused, a space is not a control character', () => {
    assert.equal(checkRequestTarget('/x?a b'), undefined);
    assert.equal(status(checkRequestTarget('/x?a\u001fb')), 400);
    assert.equal(status(checkRequestTarget('/x?a\u007fb')), 400);
    assert.equal(status(checkRequestTarget('/x?a\u0000')), 400);
  });
  it('paths: plain segments only, no dot segments, always from /', () => {
    for (const ok of ['/', '/external/vehicles', '/external/vehicles/', '/a.b/c~d_e-f', '/.well-known'])
      assert.equal(checkRequestTarget(ok), undefined, ok);
    for (const bad of [
      '',
      'external',
      '*',
      '/..',
      '/.',
      '/a/../b',
      '/a/./b',
      '/a/..',
      '//a',
      '/a//b',
      '/a%2fb',
      '/a;b',
      '/a\\b',
    ])
      assert.equal(status(checkRequestTarget(bad)), 400, bad);
  });
});

describe('checkHeaders: limits and names', () => {
  it(`${MAX_HEADERS} headers pass, one more is refused with 431`, () => {
    assert.equal(checkHeaders(manyHeaders(MAX_HEADERS)), undefined);
    assert.equal(status(checkHeaders(manyHeaders(MAX_HEADERS + 1))), 431);
  });
  it('headers of exactly MAX_HEADER_BYTES (name, value and 4 bytes each) pass, one byte more is refused', () => {
    // One header: name "x" (1) + value + 4 (": " and CRLF).
    assert.equal(checkHeaders([['x', 'v'.repeat(MAX_HEADER_BYTES - 5)]]), undefined);
    assert.match(message(checkHeaders([['x', 'v'.repeat(MAX_HEADER_BYTES - 4)]])), /larger than/);
  });
  it('Content-Length with Transfer-Encoding is refused, either alone is fine, in any case', () => {
    assert.equal(checkHeaders([['Content-Length', '3']]), undefined);
    assert.equal(checkHeaders([['Transfer-Encoding', 'chunked']]), undefined);
    assert.match(
      message(
        checkHeaders([
          ['Content-Length', '3'],
          ['TRANSFER-ENCODING', 'chunked'],
        ]),
      ),
      /both Content-Length and Transfer-Encoding/,
    );
    assert.equal(
      checkHeaders([
        ['content-type', '3'],
        ['transfer-encoding', 'chunked'],
      ]),
      undefined,
    );
  });
  it('a bad header name is named in the refusal, cut to 40 characters', () => {
    const name = `bad name ${'y'.repeat(60)}`;
    const text = message(checkHeaders([[name, 'v']]));
    assert.ok(text.includes(`"${name.slice(0, 40)}"`), text);
    assert.ok(!text.includes(name.slice(0, 41)), text);
    assert.equal(status(checkHeaders([['constructor', 'v']])), 400);
    assert.equal(status(checkHeaders([['x-ok', 'a\rb']])), 400);
    assert.equal(checkHeaders([['x-ok', 'tab\tis fine']]), undefined);
  });
});

describe('checkJsonBody and checkIdempotencyKey', () => {
  it('JSON by its media type only, in any case', () => {
    const body = bytes('{"a":1}');
    assert.equal(checkJsonBody(body, 'APPLICATION/JSON; charset=utf-8'), undefined);
    assert.equal(checkJsonBody(body, 'application/json'), undefined);
    for (const type of [
      'application/jsonx',
      'xapplication/json',
      'text/json',
      'text/plain; application/json',
      '',
      null,
    ])
      assert.equal(status(checkJsonBody(body, type)), 400, String(type));
    assert.equal(checkJsonBody(new Uint8Array(), null), undefined, 'an empty body needs no type');
    assert.equal(checkJsonBody(bytes('null'), 'application/json'), undefined, 'null is JSON');
    assert.match(message(checkJsonBody(bytes('{a:1}'), 'application/json')), /not valid JSON/);
  });
  it('idempotency keys: absent is fine; 8 to 128 visible characters without quote or backslash', () => {
    assert.equal(checkIdempotencyKey(null), undefined);
    assert.equal(checkIdempotencyKey(undefined), undefined);
    for (const ok of ['a'.repeat(8), 'a'.repeat(128), '!#$%&()*+,-./:;<=>?@[]^_`{|}~', crypto.randomUUID()])
      assert.equal(checkIdempotencyKey(ok), undefined, ok);
    for (const bad of ['', 'a'.repeat(7), 'a'.repeat(129), 'abcd efgh', 'abcd"efgh', 'abcd\\efgh', 'abcdéfgh'])
      assert.equal(status(checkIdempotencyKey(bad)), 400, bad);
  });
});

describe('upstream request headers', () => {
  it('only Content-Type and Idempotency-Key pass; the fixed accept headers and the key are set', () => {
    const out = forwardHeaders(
      [
        ['Content-Type', 'application/json'],
        ['Idempotency-Key', 'key-12345678'],
        ['Accept', 'text/html'],
        ['Accept-Encoding', 'gzip'],
        ['X-Api-Key', 'sk_client_guess'],
        ['Authorization', 'Bearer stolen'],
        ['Cookie', 'a=b'],
        ['Host', 'evil.example'],
        ['X-Forwarded-For', '1.2.3.4'],
        ['Origin', 'https://evil.example'],
      ],
      KEY,
    );
    assert.deepEqual(
      { ...out },
      {
        'content-type': 'application/json',
        'idempotency-key': 'key-12345678',
        accept: 'application/json',
        'accept-encoding': 'identity',
        'x-api-key': KEY,
      },
    );
    assert.equal(Object.getPrototypeOf(out), null);
    assert.equal(forwardHeaders([], KEY, 'tok').authorization, 'Bearer tok');
    assert.equal(forwardHeaders([], KEY, '').authorization, undefined);
  });
  it('a name listed in Connection (any case, any spacing, several headers) is dropped', () => {
    assert.deepEqual(
      {
        ...stripHeaders([
          ['Content-Type', 'application/json'],
          ['Idempotency-Key', 'k'],
          ['Connection', ' IDEMPOTENCY-KEY '],
        ]),
      },
      { 'content-type': 'application/json' },
    );
    assert.deepEqual(
      {
        ...stripHeaders([
          ['connection', 'keep-alive'],
          ['Content-Type', 'a'],
          ['connection', 'content-type'],
        ]),
      },
      {},
    );
    assert.deepEqual(
      {
        ...stripHeaders([
          ['content-type', 'a'],
          ['connection', 'close'],
        ]),
      },
      { 'content-type': 'a' },
    );
    assert.deepEqual(
      {
        ...stripHeaders([
          ['Connection', 'close ,  Content-TYPE'],
          ['Content-Type', 'application/json'],
          ['Idempotency-Key', 'k-12345678'],
        ]),
      },
      { 'idempotency-key': 'k-12345678' },
      'a comma list, each name trimmed',
    );
  });
  it('bearerFromAuthorization: "Bearer <token68>" exactly', () => {
    assert.equal(bearerFromAuthorization(null), undefined);
    assert.equal(bearerFromAuthorization(''), undefined);
    assert.equal(bearerFromAuthorization('Bearer abc.DEF-_~+/9=='), 'abc.DEF-_~+/9==');
    assert.equal(bearerFromAuthorization('  Bearer abc  '), 'abc');
    for (const bad of ['bearer abc', 'Bearer', 'Bearer a b', 'xBearer abc', 'Bearer abc=x', 'Basic abc', 'Bearer a"b'])
      assert.ok(bearerFromAuthorization(bad) instanceof Refusal, bad);
  });
});

describe('responseHeaders: an allow-list with checked values', () => {
  it('content-type: JSON (and +json) as JSON, text/plain as text, anything else dropped', () => {
    const type = (v: string) => kept('content-type', v);
    assert.equal(type('application/json'), JSON_TYPE);
    assert.equal(type('Application/Problem+JSON ; charset=latin1'), JSON_TYPE);
    assert.equal(type('text/plain;format=flowed'), 'text/plain; charset=utf-8');
    assert.equal(type('TEXT/PLAIN'), 'text/plain; charset=utf-8');
    for (const bad of [
      'application/jsonp',
      'xapplication/json',
      'text/html',
      'text/plainx',
      'xtext/plain',
      'text/javascript',
      '+json',
    ])
      assert.equal(type(bad), undefined, bad);
  });
  it('content-language: one to five language tags', () => {
    const lang = (v: string) => kept('content-language', v);
    for (const ok of ['en', 'de-AT', 'fr, en', 'en,de', 'zh-Hant-TW', 'a, b, c, d, e']) assert.equal(lang(ok), ok, ok);
    for (const bad of [
      '',
      'abcdefghi',
      'en;q=1',
      '<b>',
      'x en',
      'en x',
      'a, b, c, d, e, f',
      'en-abcdefghi',
      'en, de-%T',
    ])
      assert.equal(lang(bad), undefined, bad);
  });
  it('last-modified and retry-after: IMF-fixdate only, retry seconds capped at a day', () => {
    const date = 'Sun, 06 Nov 1994 08:49:37 GMT';
    assert.equal(kept('last-modified', date), date);
    assert.equal(kept('retry-after', date), date);
    for (const bad of [`x${date}`, `${date}x`, 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun, 31 Feb 1994 08:49:37 GMT x'])
      assert.equal(kept('last-modified', bad), undefined, bad);
    assert.equal(kept('last-modified', `${date}+0100`), undefined, 'a zone after GMT');
    assert.equal(kept('retry-after', '120'), '120');
    assert.equal(kept('retry-after', '86401'), '86400');
    assert.equal(kept('retry-after', '1234567890'), undefined, 'ten digits');
    assert.equal(kept('retry-after', '-1'), undefined);
    assert.equal(kept('retry-after', '1.5'), undefined);
  });
  it('names in any case, arrays joined, values trimmed; unknown, undefined, inherited names and the key dropped', () => {
    assert.deepEqual(
      responseHeaders({
        'Content-Type': ['application/json'],
        'Content-Language': ' en ',
        'Set-Cookie': 'a=b',
        'x-api-key': KEY,
        'retry-after': undefined,
        constructor: 'x',
        toString: 'y',
        __proto__: 'z',
      }),
      { 'content-type': JSON_TYPE, 'content-language': 'en' },
    );
    assert.deepEqual(responseHeaders({ 'content-language': ['en', 'de'] }), { 'content-language': 'en, de' });
    assert.deepEqual(
      Object.keys(responseHeaders({ 'content-type': 'text/html', 'last-modified': 'yesterday' })),
      [],
      'a refused value leaves no name behind',
    );
    assert.deepEqual(responseHeaders({ 'content-language': 'sk' }, 'sk'), {}, 'a value holding the key');
  });
});

describe('shapeResponse', () => {
  it('a 5xx becomes a 502 envelope keeping only Retry-After; a 4xx passes with its body redacted', () => {
    const failed = shapeResponse(
      { status: 500, headers: { 'retry-after': '5', 'content-language': 'en' }, body: bytes(KEY) },
      KEY,
    );
    assert.equal(failed.status, 502);
    assert.deepEqual(failed.headers, { 'content-type': JSON_TYPE, 'retry-after': '5' });
    assert.match(text(failed.body), /"statusCode":502.*\(500\)/);
    assert.deepEqual(shapeResponse({ status: 503, headers: {}, body: new Uint8Array() }, KEY).headers, {
      'content-type': JSON_TYPE,
    });
    const passed = shapeResponse(
      { status: 499, headers: { 'content-type': 'application/json' }, body: bytes(`"${KEY}"`) },
      KEY,
    );
    assert.equal(passed.status, 499);
    assert.equal(text(passed.body), '"[redacted]"');
  });
  it('a body still content-encoded is never passed on', () => {
    const shaped = shapeResponse({ status: 200, headers: { 'content-encoding': 'gzip' }, body: bytes('xx') }, KEY);
    assert.equal(shaped.status, 502);
    assert.match(text(shaped.body), /could not read/);
    assert.equal(
      shapeResponse({ status: 200, headers: { 'content-encoding': 'identity' }, body: bytes('{}') }, KEY).status,
      200,
    );
  });
});

describe('mergeVary and clientAddress', () => {
  it('mergeVary names each field once, case-insensitively, in order', () => {
    assert.equal(mergeVary(undefined, 'Origin'), 'Origin');
    assert.equal(mergeVary('Accept-Language, origin', 'Origin, Cookie'), 'Accept-Language, origin, Cookie');
    assert.equal(mergeVary(' , ', 'Cookie'), 'Cookie');
  });
  it('clientAddress: the entry the N-th trusted proxy added; the socket otherwise', () => {
    assert.equal(clientAddress(undefined, null, 0), 'unknown');
    assert.equal(clientAddress('', '1.1.1.1', 0), 'unknown');
    assert.equal(clientAddress('9.9.9.9', '1.1.1.1', 0), '9.9.9.9', 'no proxy trusted');
    assert.equal(clientAddress('9.9.9.9', '', 1), '9.9.9.9');
    assert.equal(clientAddress('9.9.9.9', 'a, b ,c', 1), 'c');
    assert.equal(clientAddress('9.9.9.9', 'a, b ,c', 2), 'b');
    assert.equal(clientAddress('9.9.9.9', 'a, b ,c', 3), 'a');
    assert.equal(clientAddress('9.9.9.9', 'a, b ,c', 5), 'a', 'fewer entries than trusted proxies: the first');
    assert.equal(clientAddress('9.9.9.9', ' , ,', 1), '9.9.9.9', 'only empty entries');
  });
});

/** Upstream answers decoded before redaction (proxy/lib/upstream.ts, node-runtime.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { zlibDecoder } from '../../../proxy/lib/node-runtime.js';
import {
  MAX_DECODED_BYTES,
  contentCoding,
  decodeBody,
  fetchUpstream,
  webDecoder,
  type UpstreamResponse,
} from '../../../proxy/lib/upstream.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const JSON_BODY = '{"statusCode":200,"data":{"k":"v"}}';

describe('contentCoding', () => {
  it('names the coding upstream applied, lower case; identity and absence are none', () => {
    assert.equal(contentCoding({ 'content-encoding': 'GZip' }), 'gzip');
    assert.equal(contentCoding({ 'Content-Encoding': ' br ' }), 'br');
    assert.equal(contentCoding({ 'content-encoding': ['gzip', 'br'] }), 'gzip,br');
    assert.equal(contentCoding({ 'content-encoding': 'identity' }), undefined);
    assert.equal(contentCoding({ 'content-encoding': '' }), undefined);
    assert.equal(contentCoding({ 'content-encoding': undefined }), undefined);
    assert.equal(contentCoding({ 'content-type': 'gzip' }), undefined);
    assert.equal(contentCoding({ 'content-language': 'de' }), undefined, 'a name of the same length');
    assert.equal(contentCoding({}), undefined);
  });
});

describe('decodeBody', () => {
  const res = (headers: UpstreamResponse['headers'], body: Uint8Array): UpstreamResponse => ({
    status: 201,
    headers,
    body,
  });
  it('decodes gzip, deflate and br (zlib) and drops content-encoding and content-length', async () => {
    for (const [coding, bytes] of [
      ['gzip', gzipSync(JSON_BODY)],
      ['x-gzip', gzipSync(JSON_BODY)],
      ['deflate', deflateSync(JSON_BODY)],
      ['br', brotliCompressSync(JSON_BODY)],
    ] as const) {
      const out = await decodeBody(
        res({ 'Content-Encoding': coding, 'content-length': '9', 'content-type': 'application/json' }, bytes),
        zlibDecoder,
      );
      assert.equal(dec.decode(out.body), JSON_BODY, coding);
      assert.deepEqual(out.headers, { 'content-type': 'application/json' }, coding);
      assert.equal(out.status, 201);
    }
  });
  it('leaves an unencoded answer as it is, and an undecodable one encoded (to be refused)', async () => {
    const plain = res({ 'content-type': 'application/json' }, enc.encode(JSON_BODY));
    assert.equal(await decodeBody(plain, zlibDecoder), plain);
    for (const coding of ['gzip', 'br', 'deflate', 'compress', 'gzip, br']) {
      const bad = res({ 'content-encoding': coding }, enc.encode(JSON_BODY));
      assert.equal(await decodeBody(bad, zlibDecoder), bad, coding);
    }
  });
  it('inflates up to the bound exactly', async () => {
    const out = await webDecoder(gzipSync(new Uint8Array(MAX_DECODED_BYTES).fill(7)), 'gzip');
    assert.equal(out?.byteLength, MAX_DECODED_BYTES);
    assert.equal(out?.[MAX_DECODED_BYTES - 1], 7);
  });
  it('refuses to inflate past the bound (a zip bomb stays encoded)', async () => {
    const bomb = gzipSync(new Uint8Array(MAX_DECODED_BYTES + 1));
    assert.equal(zlibDecoder(bomb, 'gzip'), undefined);
    assert.equal(await webDecoder(bomb, 'gzip'), undefined);
    assert.equal(zlibDecoder(gzipSync(new Uint8Array(1000)), 'gzip')?.byteLength, 1000);
  });
});

describe('webDecoder (any runtime)', () => {
  it('decodes gzip and deflate with DecompressionStream', async () => {
    assert.equal(dec.decode(await webDecoder(gzipSync(JSON_BODY), 'gzip')), JSON_BODY);
    assert.equal(dec.decode(await webDecoder(gzipSync(JSON_BODY), 'x-gzip')), JSON_BODY);
    assert.equal(dec.decode(await webDecoder(deflateSync(JSON_BODY), 'deflate')), JSON_BODY);
  });
  it('takes a body without the magic bytes as already decoded by the runtime', async () => {
    const body = enc.encode(JSON_BODY);
    assert.equal(await webDecoder(body, 'gzip'), body);
    assert.equal(await webDecoder(body, 'deflate'), body);
  });
  it('takes a body with only part of the gzip magic or of a zlib header as already decoded too', async () => {
    // gzip: 1f 8b, both; zlib: a first byte with method 8 and a 2-byte header that is a multiple of 31.
    for (const [coding, bytes] of [
      ['gzip', new Uint8Array([0x1f, 0x68, 0x69])],
      ['gzip', new Uint8Array([0x61, 0x8b, 0x69])],
      ['deflate', enc.encode('hello')], // method 8, not a multiple of 31
      ['deflate', enc.encode('"de"')], // a multiple of 31, not method 8
      ['deflate', new Uint8Array([0xf8])], // would be both, but a header takes two bytes
    ] as const)
      assert.equal(await webDecoder(bytes, coding), bytes, `${coding} ${bytes.join(' ')}`);
  });
  it('decodes a body that inflates in many chunks, in order', async () => {
    const text = JSON.stringify({ data: Array.from({ length: 20_000 }, (_, i) => ({ id: `v${i}`, km: i * 7 })) });
    for (const [coding, bytes] of [
      ['gzip', gzipSync(text)],
      ['deflate', deflateSync(text)],
    ] as const)
      assert.equal(dec.decode(await webDecoder(bytes, coding)), text, coding);
  });
  it('does not know br (left encoded, so refused) and fails on a corrupt stream', async () => {
    assert.equal(await webDecoder(brotliCompressSync(JSON_BODY), 'br'), undefined);
    const corrupt = gzipSync(JSON_BODY);
    corrupt[corrupt.length - 5] ^= 0xff;
    corrupt[12] ^= 0xff;
    assert.equal(await webDecoder(corrupt, 'gzip'), undefined);
  });
  it('fetchUpstream decodes what an in-memory handler compressed', async () => {
    const up = fetchUpstream('https://api.carstrel.com', () =>
      Promise.resolve(
        new Response(gzipSync(JSON_BODY), {
          headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' },
        }),
      ),
    );
    const out = await up.request({ method: 'GET', path: '/external/brands', headers: {}, timeoutMs: 1000 });
    assert.equal(dec.decode(out.body), JSON_BODY);
    assert.equal(contentCoding(out.headers), undefined);
  });
});

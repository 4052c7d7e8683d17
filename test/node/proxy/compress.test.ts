import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { MIN_COMPRESS_BYTES, negotiateEncoding } from '../../../proxy/lib/compress.js';
import { nodeCompressor } from '../../../proxy/lib/node-runtime.js';

describe('phase: negotiateEncoding', () => {
  it('prefers br, falls back to gzip, honours q=0', () => {
    assert.equal(negotiateEncoding('gzip, deflate, br', 'application/json', 5000), 'br');
    assert.equal(negotiateEncoding('gzip', 'application/javascript; charset=utf-8', 5000), 'gzip');
    assert.equal(negotiateEncoding('br;q=0, gzip', 'application/json', 5000), 'gzip');
    assert.equal(negotiateEncoding('identity', 'application/json', 5000), undefined);
  });
  it('skips small and binary bodies', () => {
    assert.equal(negotiateEncoding('br', 'application/json', 100), undefined);
    assert.equal(negotiateEncoding('br', 'image/png', 5000), undefined);
    assert.equal(negotiateEncoding(undefined, 'application/json', 5000), undefined);
  });
  it('the node compressor round-trips', () => {
    const input = new TextEncoder().encode(JSON.stringify({ data: Array.from({ length: 100 }, (_, i) => ({ i })) }));
    assert.deepEqual(new Uint8Array(brotliDecompressSync(nodeCompressor(input, 'br', 'fast'))), input);
    assert.deepEqual(new Uint8Array(gunzipSync(nodeCompressor(input, 'gzip', 'best'))), input);
  });
});

describe('phase: negotiateEncoding, the edges', () => {
  const json = 'application/json';
  it('compresses from MIN_COMPRESS_BYTES on, not one byte below', () => {
    assert.equal(negotiateEncoding('br', json, MIN_COMPRESS_BYTES), 'br');
    assert.equal(negotiateEncoding('br', json, MIN_COMPRESS_BYTES - 1), undefined);
  });
  it('text, JSON, JavaScript and SVG are compressible; a type naming one further in is not', () => {
    for (const type of ['text/html; charset=utf-8', 'text/css', 'image/svg+xml', 'application/javascript'])
      assert.equal(negotiateEncoding('gzip', type, 5000), 'gzip', type);
    for (const type of [undefined, '', 'application/octet-stream; x=text/plain', 'image/svgxml', 'font/woff2'])
      assert.equal(negotiateEncoding('gzip', type, 5000), undefined, String(type));
  });
  it('reads names in any case and spacing, and q only from a well-formed q parameter', () => {
    assert.equal(negotiateEncoding('', json, 5000), undefined);
    assert.equal(negotiateEncoding(' GZIP ', json, 5000), 'gzip');
    assert.equal(negotiateEncoding('BR', json, 5000), 'br');
    assert.equal(negotiateEncoding('gzip ;q=0.5', json, 5000), 'gzip', 'a space before the parameters');
    assert.equal(negotiateEncoding('br;q=0', json, 5000), undefined, 'q=0 alone: nothing');
    assert.equal(negotiateEncoding('gzip;q=0', json, 5000), undefined);
    assert.equal(negotiateEncoding('deflate, identity', json, 5000), undefined, 'neither offered');
    assert.equal(negotiateEncoding('br;q=0.5, gzip', json, 5000), 'br', 'any q above 0 counts');
    assert.equal(negotiateEncoding('br; q=0 , gzip', json, 5000), 'gzip', 'spaces around q');
    assert.equal(negotiateEncoding('br;q=0 ;level=1, gzip', json, 5000), 'gzip', 'space after q, more parameters');
    assert.equal(negotiateEncoding('br;level=1;q=0, gzip', json, 5000), 'gzip', 'q after another parameter');
    assert.equal(negotiateEncoding('br;q=0.00, gzip', json, 5000), 'gzip', 'q written with several digits');
    assert.equal(negotiateEncoding('br;xq=0, gzip', json, 5000), 'br', 'not a q parameter: weight 1');
    assert.equal(negotiateEncoding('br;q=0x, gzip', json, 5000), 'br', 'a malformed q: weight 1');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { negotiateEncoding } from '../../../proxy/lib/compress.js';
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

/** Static files: the widgets loader and chunks, and the demo pages. */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, before, after } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { contentTypeOf, safeFileName } from '../../../proxy/lib/mime.js';
import { packageRoot } from '../../../proxy/lib/static.js';
import { startHarness, rawRequest, isEnvelope, type Harness } from './harness.js';

const loader = `(function(){/* loader */${' '.repeat(2000)}})();`;

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('static files', () => {
  let h: Harness;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'proxy-static-'));
    mkdirSync(join(dir, 'widgets', 'chunks'), { recursive: true });
    mkdirSync(join(dir, 'demo'));
    writeFileSync(join(dir, 'widgets', 'carstrel.js'), loader);
    writeFileSync(join(dir, 'widgets', 'chunks', 'inventory-Ab12Cd.js'), 'export const x = 1;');
    writeFileSync(join(dir, 'demo', 'index.html'), '<!doctype html><title>Demo</title>');
    writeFileSync(join(dir, 'demo', 'vehicle.html'), '<!doctype html><title>Vehicle</title>');
    writeFileSync(join(dir, 'demo', 'demo.css'), 'body{}');
    h = await startHarness({ CARSTREL_WIDGETS_DIR: join(dir, 'widgets'), CARSTREL_DEMO_DIR: join(dir, 'demo') });
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET /carstrel.js: JavaScript, short cache + ETag, readable cross-origin, compressed', async () => {
    const r = await get(`${h.proxy.url}/carstrel.js`, { 'accept-encoding': 'br' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/javascript; charset=utf-8');
    assert.match(String(r.headers['cache-control']), /max-age=300/);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.equal(r.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(r.body).toString(), loader);
    const again = await get(`${h.proxy.url}/carstrel.js`, { 'if-none-match': String(r.headers.etag) });
    assert.equal(again.status, 304);
  });

  it('GET /chunks/*: immutable for a year; names cannot escape the directory', async () => {
    const r = await fetch(`${h.proxy.url}/chunks/inventory-Ab12Cd.js`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(await r.text(), 'export const x = 1;');
    for (const t of ['/chunks/..%2fcarstrel.js', '/chunks/../carstrel.js', '/chunks/%2e%2e/%2e%2e/package.json']) {
      const bad = await rawRequest(h.proxy.url, `GET ${t} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.equal(bad.status, 400, t);
    }
    assert.equal((await fetch(`${h.proxy.url}/chunks/missing.js`)).status, 404);
  });

  it('a name whose extension is an object property (constructor, __proto__) is not a known type', async () => {
    for (const name of ['x.constructor', 'x.__proto__', 'x.toString', 'x.hasOwnProperty'])
      assert.equal(safeFileName(name), undefined, name);
    assert.equal(contentTypeOf('x.constructor'), 'application/octet-stream');
    assert.equal((await fetch(`${h.proxy.url}/chunks/x.constructor`)).status, 404);
  });

  it('the demo: index at /, other pages and styles by name', async () => {
    const index = await fetch(`${h.proxy.url}/`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type')!, /text\/html/);
    assert.match(await index.text(), /Demo/);
    assert.match(await (await fetch(`${h.proxy.url}/vehicle.html`)).text(), /Vehicle/);
    assert.match((await fetch(`${h.proxy.url}/demo.css`)).headers.get('content-type')!, /text\/css/);
    const missing = await fetch(`${h.proxy.url}/nope.html`);
    assert.equal(missing.status, 404);
    assert.ok(isEnvelope(await missing.json(), 404));
  });

  it('says how to fix a missing bundle', async () => {
    rmSync(join(dir, 'widgets', 'carstrel.js'));
    const r = await fetch(`${h.proxy.url}/carstrel.js`);
    assert.equal(r.status, 404);
    assert.match((await r.json()).message, /npm run build/);
    writeFileSync(join(dir, 'widgets', 'carstrel.js'), loader);
  });

  it('locates the package root from source and from the single-file build', () => {
    assert.equal(packageRoot('file:///pkg/proxy/lib/static.ts'), '/pkg');
    assert.equal(packageRoot('file:///pkg/dist/proxy/carstrel-proxy.mjs'), '/pkg');
    assert.equal(safeFileName('../x.js'), undefined);
    assert.equal(safeFileName('a.exe'), undefined);
    assert.equal(safeFileName('app-1.js'), 'app-1.js');
  });
});

/**
 * The Node-only pieces (proxy/lib/node-runtime.ts, static.ts, mime.ts) against real sockets and
 * files: the keep-alive pool sends what it is given to its fixed origin, refuses a redirect, tells a
 * timeout from a refused connection, decodes a compressed answer; the static files follow the disk.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { contentTypeOf, safeFileName, widgetFile } from '../../../proxy/lib/mime.js';
import { nodeCompressor, poolUpstream, zlibDecoder } from '../../../proxy/lib/node-runtime.js';
import { diskAssets, packageRoot } from '../../../proxy/lib/static.js';
import type { UpstreamRequest } from '../../../proxy/lib/upstream.js';
import { upstreamError } from './harness.js';

const GET: UpstreamRequest = { method: 'GET', path: '/external/brands?page=2', headers: {}, timeoutMs: 2000 };

describe('poolUpstream (undici, real sockets)', () => {
  let server: Server;
  let origin: string;
  const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('{}');
  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
        handle(req, res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends method, path, headers and body; answers status, headers and bytes', async () => {
    handle = (_req, res) => res.writeHead(201, { 'x-one': 'a' }).end('{"ok":1}');
    const up = poolUpstream(origin);
    const body = new TextEncoder().encode('xx{"a":1}').subarray(2);
    const res = await up.request({ ...GET, method: 'POST', headers: { 'x-api-key': 'sk_test_p1' }, body });
    assert.equal(res.status, 201);
    assert.equal(res.headers['x-one'], 'a');
    assert.equal(new TextDecoder().decode(res.body), '{"ok":1}');
    const last = seen.at(-1)!;
    assert.deepEqual([last.method, last.url, last.body], ['POST', '/external/brands?page=2', '{"a":1}']);
    assert.equal(last.headers['x-api-key'], 'sk_test_p1');
    await up.request({ ...GET, method: 'POST', body: new Uint8Array() });
    assert.equal(seen.at(-1)!.body, '');
    await up.close();
  });
  it('decodes a gzip answer before it is redacted', async () => {
    handle = (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('{"plain":true}'));
    const up = poolUpstream(origin, { connections: 1 });
    const res = await up.request(GET);
    assert.equal(new TextDecoder().decode(res.body), '{"plain":true}');
    assert.equal(res.headers['content-encoding'], undefined);
    await up.close();
  });
  it('a redirect is refused, never followed', async () => {
    handle = (_req, res) => res.writeHead(302, { location: `${origin}/elsewhere` }).end();
    const up = poolUpstream(origin);
    const before = seen.length;
    const err = await upstreamError(up.request(GET));
    assert.equal(err.kind, 'unreachable');
    assert.match((err.cause as Error).message, /answered 302 \(a redirect, not followed\)/);
    assert.equal(seen.length, before + 1);
    await up.close();
  });
  it('no answer within the deadline is a timeout, answered at the deadline', async () => {
    handle = () => {};
    const up = poolUpstream(origin);
    const started = Date.now();
    const err = await upstreamError(up.request({ ...GET, timeoutMs: 100 }));
    assert.equal(err.kind, 'timeout');
    assert.ok(Date.now() - started < 1500, `${Date.now() - started} ms`);
    await up.close();
  });
  it('a closed pool sends nothing more', async () => {
    handle = (_req, res) => res.end('{}');
    const up = poolUpstream(origin);
    await up.request(GET);
    await up.close();
    const before = seen.length;
    assert.equal((await upstreamError(up.request(GET))).kind, 'unreachable');
    assert.equal(seen.length, before);
  });
  it('a refused connection is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const up = poolUpstream(`http://127.0.0.1:${port}`);
    assert.equal((await upstreamError(up.request(GET))).kind, 'unreachable');
    await up.close();
  });
});

describe('zlibDecoder and nodeCompressor', () => {
  it('decodes br, and nothing it does not know', () => {
    assert.equal(new TextDecoder().decode(zlibDecoder(brotliCompressSync('{"b":1}'), 'br')), '{"b":1}');
    assert.equal(zlibDecoder(gzipSync('x'), 'compress'), undefined);
    assert.equal(zlibDecoder(brotliCompressSync('x'), 'compress'), undefined);
    assert.equal(zlibDecoder(new Uint8Array([1, 2, 3]), 'br'), undefined);
  });
  it('"best" (static files, once per version) packs tighter than "fast" (each API answer)', () => {
    const words = JSON.stringify(
      Array.from({ length: 600 }, (_, i) => ({
        id: `veh_${i}`,
        brand: ['toyota', 'honda', 'bmw'][i % 3],
        price: 10000 + ((i * 7919) % 5000),
        year: 2000 + (i % 24),
      })),
    );
    const text = new TextEncoder().encode(words);
    const brBest = nodeCompressor(text, 'br', 'best');
    const brFast = nodeCompressor(text, 'br', 'fast');
    assert.ok(brBest.byteLength < brFast.byteLength, `br ${brBest.byteLength} vs ${brFast.byteLength}`);
    assert.equal(new TextDecoder().decode(brotliDecompressSync(brBest)), words);
    const gzBest = nodeCompressor(text, 'gzip', 'best');
    const gzFast = nodeCompressor(text, 'gzip', 'fast');
    assert.ok(gzBest.byteLength < gzFast.byteLength, `gzip ${gzBest.byteLength} vs ${gzFast.byteLength}`);
    assert.equal(new TextDecoder().decode(gunzipSync(gzFast)), words);
  });
});

describe('diskAssets', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'proxy-assets-'));
    mkdirSync(join(dir, 'widgets', 'chunks'), { recursive: true });
    mkdirSync(join(dir, 'widgets', 'admin'));
    mkdirSync(join(dir, 'demo', 'sub.html'), { recursive: true });
    writeFileSync(join(dir, 'widgets', 'carstrel.js'), 'one');
    writeFileSync(join(dir, 'widgets', 'sw.js'), 'sw');
    writeFileSync(join(dir, 'widgets', 'admin', 'app.js'), 'admin');
    writeFileSync(join(dir, 'demo', 'index.html'), '<title>i</title>');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves a rebuilt file without a restart (a new size or a new mtime), the same one otherwise', async () => {
    const assets = diskAssets(join(dir, 'widgets'), join(dir, 'demo'));
    const first = await assets.widget('/carstrel.js');
    assert.equal(new TextDecoder().decode(first!.body), 'one');
    assert.equal(await assets.widget('/carstrel.js'), first);
    writeFileSync(join(dir, 'widgets', 'carstrel.js'), 'three');
    const bigger = await assets.widget('/carstrel.js');
    assert.equal(new TextDecoder().decode(bigger!.body), 'three');
    assert.notEqual(bigger!.etag, first!.etag);
    writeFileSync(join(dir, 'widgets', 'carstrel.js'), 'THREE');
    utimesSync(join(dir, 'widgets', 'carstrel.js'), new Date(), new Date(Date.now() + 5000));
    assert.equal(new TextDecoder().decode((await assets.widget('/carstrel.js'))!.body), 'THREE');
    // A rebuild within the file system's time granularity: the same mtime, a new size.
    const { mtime } = statSync(join(dir, 'widgets', 'carstrel.js'));
    writeFileSync(join(dir, 'widgets', 'carstrel.js'), 'four!!');
    utimesSync(join(dir, 'widgets', 'carstrel.js'), mtime, mtime);
    assert.equal(new TextDecoder().decode((await assets.widget('/carstrel.js'))!.body), 'four!!');
  });
  it('each widget file with its caching; the demo index at /; a directory or a bad name is no file', async () => {
    const assets = diskAssets(join(dir, 'widgets'), join(dir, 'demo'));
    const sw = await assets.widget('/sw.js');
    assert.deepEqual([sw?.type, sw?.cacheControl], ['application/javascript; charset=utf-8', 'no-cache']);
    assert.equal(new TextDecoder().decode((await assets.widget('/admin/app.js'))!.body), 'admin');
    const index = await assets.demo('/');
    assert.deepEqual([index?.type, index?.cacheControl], ['text/html; charset=utf-8', 'no-cache']);
    assert.equal(await assets.demo('/sub.html'), undefined);
    assert.equal(await assets.demo('/../widgets/sw.js'), undefined);
    assert.equal(await assets.widget('/other.js'), undefined);
  });
});

describe('mime and package root', () => {
  it('widget files by request path, with their caching', () => {
    assert.deepEqual(widgetFile('/carstrel.js'), {
      path: 'carstrel.js',
      cacheControl: 'public, max-age=300, must-revalidate',
    });
    assert.deepEqual(widgetFile('/admin/app.js'), { path: 'admin/app.js', cacheControl: 'no-cache' });
    assert.deepEqual(widgetFile('/chunks/a-1.js'), {
      path: 'chunks/a-1.js',
      cacheControl: 'public, max-age=31536000, immutable',
    });
    for (const bad of ['/chunks/', '/chunks/a/b.js', '/x/chunks/a.js', '/chunks/a.exe', '/carstrel.js/'])
      assert.equal(widgetFile(bad), undefined, bad);
  });
  it('content types by extension in any case; names: one plain segment, up to 128 characters', () => {
    assert.equal(contentTypeOf('/x/Logo.SVG'), 'image/svg+xml');
    assert.equal(contentTypeOf('a.map'), 'application/json; charset=utf-8');
    assert.equal(contentTypeOf('noext'), 'application/octet-stream');
    const types: Record<string, string> = {
      'a.mjs': 'application/javascript; charset=utf-8',
      'a.json': 'application/json; charset=utf-8',
      'a.png': 'image/png',
      'favicon.ico': 'image/x-icon',
      'a.webp': 'image/webp',
      'robots.txt': 'text/plain; charset=utf-8',
    };
    for (const [name, type] of Object.entries(types)) assert.equal(contentTypeOf(name), type, name);
    assert.equal(safeFileName(`${'a'.repeat(125)}.js`), `${'a'.repeat(125)}.js`);
    assert.equal(safeFileName(`${'a'.repeat(126)}.js`), undefined);
    for (const bad of ['.hidden.js', 'a/b.js', 'a..b.js', ' a.js', 'a.js\n'])
      assert.equal(safeFileName(bad), undefined, JSON.stringify(bad));
  });
  it('the package root: from the sources, the build, a bare proxy directory, or else the working directory', () => {
    assert.equal(packageRoot('file:///pkg/proxy/lib/static.ts'), '/pkg');
    assert.equal(packageRoot('file:///pkg/dist/proxy/carstrel-proxy.mjs'), '/pkg');
    assert.equal(packageRoot('file:///pkg/proxy/server.mjs'), '/pkg');
    assert.equal(packageRoot('file:///pkg/lib/static.ts'), process.cwd());
    assert.equal(packageRoot('file:///pkg/dist/x.mjs'), process.cwd());
    assert.equal(packageRoot('file:///pkg/dist/other/x.mjs'), process.cwd());
    assert.equal(packageRoot('file:///pkg/proxy/other/x.mjs'), process.cwd());
  });
});

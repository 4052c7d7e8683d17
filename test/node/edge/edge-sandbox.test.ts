/**
 * `npm run edge` with no CARSTREL_API_KEY, as `npm start` does: the sandbox runs beside workerd,
 * which holds its demo key; the first lines say so; the widgets, the demo and the sandbox's images
 * are served by workerd with the same headers as on Node.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it, before, after } from 'node:test';
import { edgeWorkDir, startEdge, type RunningEdge } from './workerd-harness.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

describe('edge without a key: the sandbox beside workerd', () => {
  let edge: RunningEdge;
  const work = edgeWorkDir();

  before(async () => {
    assert.ok(
      existsSync(resolve(ROOT, 'dist', 'widgets', 'carstrel.js')),
      'the widgets build is missing: run `npm run build:widgets` (npm test builds it first)',
    );
    edge = await startEdge({ SANDBOX_PORT: '0', CARSTREL_DATA_DIR: work.data }, { out: work.out });
  });
  after(async () => {
    await edge?.stop();
    work.cleanup();
  });

  it('says so on its first lines and serves the sandbox through the proxy', async () => {
    assert.match(edge.lines[0] ?? '', /SANDBOX mode \(no CARSTREL_API_KEY set\)/);
    assert.ok(edge.lines.some((l) => /sandbox beside workerd: http:\/\/127\.0\.0\.1:\d+/.test(l)));
    const health = await (await fetch(`${edge.url}/healthz`)).json();
    assert.equal(health.data.mode, 'sandbox');
    assert.equal(health.data.upstream.keyAccepted, true);
    const list = await fetch(`${edge.url}/external/vehicles?limit=2`);
    assert.equal(list.status, 200);
    const vehicles = (await list.json()).data;
    assert.equal(vehicles.length, 2);
  });

  it('serves the loader, the demo and sandbox images with their cache and CORS policies', async () => {
    const js = await fetch(`${edge.url}/carstrel.js`, { headers: { 'accept-encoding': 'br' } });
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /^application\/javascript/);
    assert.equal(js.headers.get('access-control-allow-origin'), '*');
    assert.equal(js.headers.get('cache-control'), 'public, max-age=300, must-revalidate');
    assert.equal(js.headers.get('content-encoding'), 'br');
    const etag = js.headers.get('etag') ?? '';
    assert.ok((await js.text()).length > 100);
    const again = await fetch(`${edge.url}/carstrel.js`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    const page = await fetch(`${edge.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await page.text(), /carstrel/i);
    const brands = (await (await fetch(`${edge.url}/external/brands?limit=1`)).json()).data;
    const logo = new URL(brands[0].logoUrl);
    assert.equal(logo.origin, edge.url, 'media URLs point at the proxy');
    const img = await fetch(logo);
    assert.equal(img.status, 200);
    assert.match(img.headers.get('content-type') ?? '', /^image\//);
    assert.equal((await fetch(`${edge.url}/chunks/..%2fsecret.js`)).status, 400);
  });
});

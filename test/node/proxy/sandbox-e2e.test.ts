/**
 * End to end against the real sandbox, the way `npm start` runs it: no key → the sandbox
 * in-process, forwarded over HTTP exactly like a real upstream.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, before, after } from 'node:test';
import { packageRoot } from '../../../proxy/lib/static.js';
import { startProxy, type RunningProxy } from '../../../proxy/server.js';

interface Journal {
  impressions: Record<string, number>;
  testDrives: Array<{ vehicleId: string; email: string }>;
  contacts: Array<{ email: string; message: string }>;
  customers: Array<{ email: string }>;
}

describe('proxy in sandbox mode (end to end)', () => {
  let proxy: RunningProxy;
  let dataDir: string;
  const logs: string[] = [];
  const journal = async (): Promise<Journal> =>
    (await fetch(`${proxy.sandboxUrl}/_sandbox/journal?key=sk_test_sandbox`)).json() as Promise<Journal>;
  const faults = (f: object) =>
    fetch(`${proxy.sandboxUrl}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(f),
    });
  let vehicleId: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'proxy-sbx-'));
    proxy = await startProxy(
      {
        CARSTREL_DATA_DIR: dataDir,
        SANDBOX_PORT: '0',
        CARSTREL_RATE_LIMIT: 'off',
        CARSTREL_UPSTREAM_TIMEOUT_MS: '2000',
      },
      { port: 0, log: (l) => logs.push(l) },
    );
    const list = await (await fetch(`${proxy.url}/external/vehicles?limit=1&listingType=sale`)).json();
    vehicleId = list.data[0].id;
  });
  after(async () => {
    await proxy.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says on its first lines that it runs the sandbox, with the sandbox URL and its journal', () => {
    assert.match(logs[0], /SANDBOX mode/);
    assert.ok(logs[1].includes(`${proxy.sandboxUrl}/_sandbox/journal`));
  });

  it('forwards the metadata and vehicle GETs with the sandbox key', async () => {
    for (const path of [
      '/external/brands?limit=3',
      '/external/body-types',
      '/external/engine-types',
      '/external/vehicles/stats/summary',
      `/external/vehicles/${vehicleId}`,
    ]) {
      const r = await fetch(`${proxy.url}${path}`);
      assert.equal(r.status, 200, path);
      assert.equal((await r.json()).statusCode, 200, path);
    }
  });

  it("the dealer's API key never reaches a browser: not in the bundle or the demo pages as served", async (t) => {
    const root = packageRoot(new URL('../../../proxy/lib/static.ts', import.meta.url).href);
    const paths = [
      '/',
      ...readdirSync(join(root, 'demo'))
        .filter((f) => /\.(html|css)$/.test(f))
        .map((f) => `/${f}`),
    ];
    if (existsSync(join(root, 'dist', 'widgets', 'carstrel.js'))) {
      paths.push(
        '/carstrel.js',
        ...readdirSync(join(root, 'dist', 'widgets', 'chunks'))
          .filter((f) => f.endsWith('.js'))
          .map((f) => `/chunks/${f}`),
      );
    } else {
      t.diagnostic('dist/widgets is not built; checked the demo pages only (npm test builds it first)');
    }
    for (const path of paths) {
      const r = await fetch(`${proxy.url}${path}`);
      assert.equal(r.status, 200, path);
      assert.doesNotMatch(await r.text(), /sk_(live|test)_[A-Za-z0-9]/, path);
    }
  });

  it('/_sandbox/* routes are never forwarded', async () => {
    for (const [method, path] of [
      ['GET', '/_sandbox/journal'],
      ['POST', '/_sandbox/reset'],
      ['POST', '/_sandbox/faults'],
    ]) {
      const r = await fetch(`${proxy.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      assert.equal(r.status, 404, path);
      await r.arrayBuffer();
    }
  });

  it('one detail view = one impression upstream (no caching of GET /external/vehicles/:id)', async () => {
    const before = (await journal()).impressions[vehicleId] ?? 0;
    for (let i = 0; i < 3; i++) await (await fetch(`${proxy.url}/external/vehicles/${vehicleId}`)).arrayBuffer();
    assert.equal((await journal()).impressions[vehicleId], before + 3);
  });

  it('media URLs point at the proxy and load through it', async () => {
    const list = await (await fetch(`${proxy.url}/external/vehicles?limit=1`)).json();
    const url: string = list.data[0].media[0].url;
    assert.ok(url.startsWith(`${proxy.url}/media/`), url);
    const img = await fetch(url);
    assert.equal(img.status, 200);
    assert.match(img.headers.get('content-type')!, /image\//);
    await img.arrayBuffer();
  });

  it('register sets the session cookie, returns the user without tokens, and /auth/me works with the cookie', async () => {
    const email = `shopper-${Date.now()}@example.com`;
    const r = await fetch(`${proxy.url}/external/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: proxy.url },
      body: JSON.stringify({ email, password: 'correct-horse-9', firstName: 'Sam', lastName: 'Shopper' }),
    });
    assert.equal(r.status, 201);
    const body = await r.json();
    assert.equal(body.data.user.email, email);
    assert.equal(body.data.access_token, undefined);
    const cookie = r.headers.get('set-cookie')!.split(';')[0];
    const me = await fetch(`${proxy.url}/external/auth/me`, { headers: { cookie } });
    assert.equal(me.status, 200);
    assert.equal((await me.json()).data.user.email, email);
    const anon = await fetch(`${proxy.url}/external/auth/me`);
    assert.equal(anon.status, 401);
    await anon.arrayBuffer();
  });

  it('a lead is stored upstream exactly once, even when retried with the same Idempotency-Key', async () => {
    const email = `td-${Date.now()}@example.com`;
    const send = () =>
      fetch(`${proxy.url}/external/test-drives`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `td-${email}` },
        body: JSON.stringify({ vehicleId, name: 'Tess Driver', email }),
      });
    const a = await send();
    const b = await send();
    assert.ok(a.status === 201 || a.status === 200, String(a.status));
    assert.equal(b.status, a.status);
    assert.equal((await journal()).testDrives.filter((t) => t.email === email).length, 1);
  });

  it('when the sandbox is down a lead is answered 202, queued, and delivered once it is back', async () => {
    const email = `queued-${Date.now()}@example.com`;
    await faults({ down: true });
    try {
      const r = await fetch(`${proxy.url}/external/contact/submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `c-${email}` },
        body: JSON.stringify({ name: 'Quinn', email, message: 'Is the car still available?' }),
      });
      assert.equal(r.status, 202);
      assert.equal((await r.json()).data.queued, true);
      const health = await (await fetch(`${proxy.url}/healthz`)).json();
      assert.ok(health.data.queue.depth >= 1);
    } finally {
      await faults({ down: false });
    }
    for (let i = 0; i < 100 && proxy.app.leads.depth > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(proxy.app.leads.depth, 0);
    assert.equal((await journal()).contacts.filter((c) => c.email === email).length, 1);
  });
});

describe('embedded sandbox port', () => {
  it('uses a free port when SANDBOX_PORT is taken, and still says SANDBOX mode first', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'proxy-port-'));
    const lines: string[] = [];
    const p = await startProxy(
      { SANDBOX_PORT: String(taken), CARSTREL_DATA_DIR: dir, CARSTREL_LOG: 'off' },
      { port: 0, log: (l) => lines.push(l) },
    );
    try {
      assert.match(lines[0], /SANDBOX mode/);
      assert.notEqual(new URL(p.sandboxUrl!).port, String(taken));
      assert.ok(lines.some((l) => l.includes(`SANDBOX_PORT ${taken} is taken`)));
      assert.equal((await fetch(`${p.url}/external/engine-types`)).status, 200);
    } finally {
      await p.close();
      blocker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Portability: the same handler runs without node:http. Here `createProxyApp` is driven only with
 * web-standard Requests through `app.fetch`, and its upstream is the sandbox's own web-standard
 * `fetch` handler (no sockets at all). Nothing in app.ts imports node:http, node:fs or node:zlib.
 *
 * Workers (workerd through miniflare) would be the stronger proof, but miniflare 4 needs Node 22
 * and this machine has Node 20, so it cannot run here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it, before } from 'node:test';
import { createProxyApp, type ProxyApp } from '../../../proxy/app.js';
import { loadConfig } from '../../../proxy/lib/config.js';
import { fetchUpstream } from '../../../proxy/lib/upstream.js';
import { createSandbox } from '../../../proxy/sandbox/index.js';

const ORIGIN = 'https://www.dealer.example';

describe('portability: the proxy handler outside node:http', () => {
  let app: ProxyApp;
  let sandbox: ReturnType<typeof createSandbox>;
  before(() => {
    sandbox = createSandbox({ mediaBaseUrl: 'https://cars.dealer.example/media' });
    const config = loadConfig({
      CARSTREL_API_KEY: 'sk_test_sandbox',
      CARSTREL_API_URL: 'http://127.0.0.1:1',
      CARSTREL_ALLOWED_ORIGINS: ORIGIN,
      CARSTREL_LOG: 'off',
    });
    app = createProxyApp(config, { upstream: fetchUpstream('http://sandbox.internal', (req) => sandbox.fetch(req)) });
  });

  it('app.ts and everything it imports at run time use no Node-only module', () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: URL) => {
      if (seen.has(file.href)) return;
      seen.add(file.href);
      const src = readFileSync(file, 'utf8');
      // Value imports only: `import type` is erased at build time.
      for (const m of src.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)) {
        const spec = m[1];
        if (spec.startsWith('.')) visit(new URL(spec.replace(/\.js$/, '.ts'), file));
        else if (/^node:|^undici$|^@hono\/node-server/.test(spec))
          offenders.push(`${file.pathname.split('/proxy/')[1]} → ${spec}`);
      }
    };
    visit(new URL('../../../proxy/app.ts', import.meta.url));
    assert.ok(seen.size > 8, `followed ${seen.size} modules`);
    assert.deepEqual(offenders, []);
  });

  it('serves allow-listed GETs from web Requests, with CORS for a listed origin', async () => {
    const res = await app.fetch(
      new Request('https://cars.dealer.example/external/brands?limit=2', { headers: { origin: ORIGIN } }),
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    const body = await res.json();
    assert.equal(body.data.length, 2);
    const again = await app.fetch(new Request('https://cars.dealer.example/external/brands?limit=2'));
    assert.equal(again.headers.get('x-carstrel-cache'), 'HIT');
  });

  it('refuses the same things: customers, traversal, smuggling headers', async () => {
    assert.equal((await app.fetch(new Request('https://cars.dealer.example/external/customers'))).status, 403);
    assert.equal((await app.fetch(new Request('https://cars.dealer.example/external/brands;x'))).status, 400);
    assert.equal((await app.fetch(new Request('https://cars.dealer.example/external/brands%2f..'))).status, 400);
    assert.equal(
      (
        await app.fetch(
          new Request('https://cars.dealer.example/external/brands', {
            headers: { 'content-length': '1', 'transfer-encoding': 'chunked' },
          }),
        )
      ).status,
      400,
    );
  });

  it('queues a lead with 202 when the sandbox is down, and answers the repeated key from it', async () => {
    sandbox.reset();
    await sandbox.fetch(
      new Request('http://sandbox.internal/_sandbox/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"down":true}',
      }),
    );
    const send = () =>
      app.fetch(
        new Request('https://cars.dealer.example/external/newsletter/subscribe', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'portable-0001', origin: ORIGIN },
          body: '{"email":"p@example.com"}',
        }),
      );
    const a = await send();
    assert.equal(a.status, 202);
    const b = await send();
    assert.equal(b.status, 202);
    assert.equal((await b.json()).data.reference, (await a.json()).data.reference);
    assert.equal(app.leads.depth, 1);
    sandbox.reset();
    await app.leads.close();
  });
});

describe('portability: the edge entry (proxy/edge.ts) with the runtime fetch as upstream', () => {
  it('serves through global fetch to a configured upstream, from web Requests only', async () => {
    const { startSandbox } = await import('../../../proxy/sandbox/index.js');
    const upstream = await startSandbox({ port: 0 });
    try {
      const { default: edge } = await import('../../../proxy/edge.js');
      // Bindings no GET here touches (rate limits off); test/node/edge/ runs the entry in workerd itself.
      const unused = {
        idFromName: () => assert.fail('no Durable Object expected'),
        get: () => assert.fail('no Durable Object expected'),
      };
      const env = {
        CARSTREL_API_KEY: 'sk_test_sandbox',
        CARSTREL_API_URL: upstream.url,
        CARSTREL_PUBLIC_URL: 'https://cars.dealer.example',
        CARSTREL_LOG: 'off',
        CARSTREL_RATE_LIMIT: 'off',
        CARSTREL_SESSION_SECRET: 'portability-session-secret-32-chars!',
        LEADS: unused,
        RATE_LIMITS: unused,
      };
      const ctx = { waitUntil: () => {} };
      const res = await edge.fetch(
        new Request('https://cars.dealer.example/external/engine-types', {
          headers: { origin: 'https://cars.dealer.example' },
        }),
        env,
        ctx,
      );
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), 'https://cars.dealer.example');
      assert.ok((await res.json()).data.includes('DIESEL'));
      const refused = await edge.fetch(new Request('https://cars.dealer.example/external/customers'), env, ctx);
      assert.equal(refused.status, 403);
    } finally {
      await upstream.close();
    }
  });
});

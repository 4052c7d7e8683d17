/** The app alone (app.fetch, in-memory upstream): configuration-driven behaviour and odd upstream answers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProxyApp } from '../../../proxy/app.js';
import { loadConfig } from '../../../proxy/lib/config.js';
import { fetchUpstream } from '../../../proxy/lib/upstream.js';

const KEY = 'sk_test_appunit1';

function appWith(env: Record<string, string>, answer: (req: Request) => Response) {
  const seen: string[] = [];
  const app = createProxyApp(
    loadConfig({ CARSTREL_API_KEY: KEY, CARSTREL_LOG: 'off', CARSTREL_RATE_LIMIT: 'off', ...env }),
    {
      upstream: fetchUpstream('https://api.carstrel.com', async (req) => {
        seen.push(new URL(req.url).pathname);
        return answer(req);
      }),
    },
  );
  return { app, seen };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('app behaviour by configuration', () => {
  it('CARSTREL_CACHE_TTL=0 turns the reference cache off (every call upstream, no-store)', async () => {
    const { app, seen } = appWith({ CARSTREL_CACHE_TTL: '0' }, () => json({ statusCode: 200, data: [] }));
    for (let i = 0; i < 3; i++) {
      const r = await app.fetch(new Request('http://p/external/brands'));
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.equal(r.headers.get('x-carstrel-cache'), null);
    }
    assert.equal(seen.length, 3);
  });

  it('a cached body that echoes the key is stored redacted', async () => {
    const { app } = appWith({}, () => json({ statusCode: 200, data: [{ note: `key ${KEY}` }] }));
    for (let i = 0; i < 2; i++) {
      const text = await (await app.fetch(new Request('http://p/external/models'))).text();
      assert.ok(!text.includes(KEY));
      assert.match(text, /\[redacted\]/);
    }
  });

  it('a non-JSON 2xx from login passes through without a session and without a crash', async () => {
    const { app } = appWith({}, () => new Response('OK', { status: 200, headers: { 'content-type': 'text/plain' } }));
    const r = await app.fetch(
      new Request('http://p/external/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('set-cookie'), null);
    assert.equal(await r.text(), 'OK');
  });

  it('a lead without Idempotency-Key gets one generated and returned', async () => {
    const { app } = appWith({}, () => json({ statusCode: 201, data: { id: 'x' } }, 201));
    const r = await app.fetch(
      new Request('http://p/external/newsletter/subscribe', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email":"a@b.c"}',
      }),
    );
    assert.equal(r.status, 201);
    assert.match(r.headers.get('idempotency-key')!, /^gen-[0-9a-f-]{36}$/);
  });

  it('a POST body that is not JSON is refused before upstream', async () => {
    const { app, seen } = appWith({}, () => json({}));
    const r1 = await app.fetch(
      new Request('http://p/external/contact/submit', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'hi',
      }),
    );
    const r2 = await app.fetch(
      new Request('http://p/external/contact/submit', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":',
      }),
    );
    assert.equal(r1.status, 400);
    assert.equal(r2.status, 400);
    assert.equal(seen.length, 0);
  });
});

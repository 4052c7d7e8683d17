/**
 * The customer session as a shopper's browser meets it, through `app.fetch` in front of an
 * in-memory upstream: logout revokes (a copied cookie is refused), `/session` varies on Cookie,
 * the cookie's Secure / SameSite / prefix follow the deployment (https, cross-site), it holds no
 * refresh token, and the bearer fallback is off unless `CARSTREL_BEARER_FALLBACK=on`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jwtDecrypt } from 'jose';
import { createProxyApp, type ProxyApp } from '../../../proxy/app.js';
import { loadConfig } from '../../../proxy/lib/config.js';
import { fetchUpstream } from '../../../proxy/lib/upstream.js';

const KEY = 'sk_test_sessionhygiene1';
const SECRET = 's'.repeat(40);
const ORIGIN = 'https://www.dealer.example';

interface Proxy {
  app: ProxyApp;
  /** The Authorization header each upstream call carried. */
  bearers: Array<string | null>;
  base: string;
}

function proxy(env: Record<string, string> = {}): Proxy {
  const bearers: Array<string | null> = [];
  const config = loadConfig({
    CARSTREL_API_KEY: KEY,
    CARSTREL_API_URL: 'https://api.carstrel.com',
    CARSTREL_RATE_LIMIT: 'off',
    CARSTREL_LOG: 'off',
    CARSTREL_ALLOWED_ORIGINS: ORIGIN,
    CARSTREL_SESSION_SECRET: SECRET,
    ...env,
  });
  const upstream = fetchUpstream('https://api.carstrel.com', (req) => {
    bearers.push(req.headers.get('authorization'));
    const login = new URL(req.url).pathname === '/external/auth/login';
    const data = login
      ? { access_token: 'eyJ.access', refresh_token: 'eyJ.refresh', expires_in: 900, user: { id: 'u1' } }
      : { id: 'u1' };
    return Promise.resolve(Response.json({ statusCode: 200, message: 'ok', data }));
  });
  return { app: createProxyApp(config, { upstream }), bearers, base: config.publicUrl ?? 'http://127.0.0.1:8787' };
}

async function login(p: Proxy, headers: Record<string, string> = {}): Promise<Response> {
  return p.app.fetch(
    new Request(`${p.base}/external/auth/login`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json', ...headers },
      body: '{"email":"a@b.c","password":"password123"}',
    }),
  );
}

const pair = (setCookie: string | null) => (setCookie ?? '').split(';')[0];

async function active(p: Proxy, cookie: string): Promise<boolean> {
  const res = await p.app.fetch(new Request(`${p.base}/session`, { headers: { origin: ORIGIN, cookie } }));
  return ((await res.json()) as { data: { active: boolean } }).data.active;
}

async function me(p: Proxy, headers: Record<string, string>): Promise<string | null> {
  const res = await p.app.fetch(new Request(`${p.base}/external/auth/me`, { headers }));
  await res.arrayBuffer();
  return p.bearers.at(-1) ?? null;
}

describe('logout revokes the session', () => {
  it('a copy of the cookie taken before logout is refused afterwards, by /session and upstream calls alike', async () => {
    const p = proxy();
    const cookie = pair((await login(p)).headers.get('set-cookie'));
    const copy = cookie;
    assert.equal(await active(p, copy), true);
    assert.equal(await me(p, { cookie: copy }), 'Bearer eyJ.access');
    const out = await p.app.fetch(
      new Request(`${p.base}/session/logout`, { method: 'POST', headers: { origin: ORIGIN, cookie } }),
    );
    assert.equal(out.status, 200);
    assert.match(out.headers.get('set-cookie') ?? '', /^carstrel_session=; .*Max-Age=0/);
    assert.equal(await active(p, copy), false, 'the copied cookie no longer opens a session');
    assert.equal(await me(p, { cookie: copy }), null, 'and no bearer goes upstream with it');
    const again = pair((await login(p)).headers.get('set-cookie'));
    assert.equal(await active(p, again), true, 'a new login works');
    await p.app.close();
  });
  it('logout without a cookie, or with a forged one, still clears and answers 200', async () => {
    const p = proxy();
    for (const cookie of [undefined, 'carstrel_session=forged']) {
      const res = await p.app.fetch(
        new Request(`${p.base}/session/logout`, {
          method: 'POST',
          headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}) },
        }),
      );
      assert.equal(res.status, 200);
      assert.match(res.headers.get('set-cookie') ?? '', /Max-Age=0/);
    }
    await p.app.close();
  });
});

describe('/session varies on Cookie', () => {
  it('keeps Vary: Cookie beside the CORS Vary: Origin, for listed and unlisted origins, and on logout', async () => {
    const p = proxy();
    for (const origin of [ORIGIN, 'https://evil.example', undefined]) {
      const res = await p.app.fetch(new Request(`${p.base}/session`, { headers: origin ? { origin } : {} }));
      const vary = (res.headers.get('vary') ?? '').split(',').map((v) => v.trim().toLowerCase());
      assert.ok(vary.includes('cookie'), `Vary: ${res.headers.get('vary')} (origin ${origin})`);
      assert.ok(vary.includes('origin'), `Vary: ${res.headers.get('vary')} (origin ${origin})`);
      assert.equal(new Set(vary).size, vary.length, 'each name once');
    }
    const out = await p.app.fetch(
      new Request(`${p.base}/session/logout`, { method: 'POST', headers: { origin: ORIGIN } }),
    );
    assert.match(out.headers.get('vary') ?? '', /Cookie/);
    await p.app.close();
  });
});

describe('the session cookie follows the deployment', () => {
  const cases: Array<{ env: Record<string, string>; name: string; attrs: RegExp[]; not: RegExp[] }> = [
    {
      env: {},
      name: 'carstrel_session',
      attrs: [/HttpOnly/, /SameSite=Lax/, /Path=\//, /Max-Age=900/],
      not: [/Secure/, /Partitioned/],
    },
    {
      env: { CARSTREL_PUBLIC_URL: 'https://cars.dealer.example' },
      name: '__Host-carstrel_session',
      attrs: [/HttpOnly/, /SameSite=Lax/, /; Secure/, /Path=\//],
      not: [/Partitioned/, /Domain=/],
    },
    {
      env: { CARSTREL_PUBLIC_URL: 'https://cars.dealer.example', CARSTREL_COOKIE_SAMESITE: 'strict' },
      name: '__Host-carstrel_session',
      attrs: [/SameSite=Strict/, /; Secure/],
      not: [/Partitioned/],
    },
    {
      env: { CARSTREL_PUBLIC_URL: 'https://cars.other-site.example', CARSTREL_COOKIE_SAMESITE: 'none' },
      name: '__Host-carstrel_session',
      attrs: [/SameSite=None/, /; Secure/, /; Partitioned/],
      not: [],
    },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.env)} → ${c.name} ${c.attrs.map((a) => a.source).join(' ')}`, async () => {
      const p = proxy(c.env);
      const setCookie = (await login(p)).headers.get('set-cookie') ?? '';
      assert.ok(setCookie.startsWith(`${c.name}=`), setCookie);
      for (const a of c.attrs) assert.match(setCookie, a);
      for (const a of c.not) assert.doesNotMatch(setCookie, a);
      assert.equal(
        await me(p, { cookie: pair(setCookie) }),
        'Bearer eyJ.access',
        'the proxy reads back its own cookie',
      );
      const out = await p.app.fetch(
        new Request(`${p.base}/session/logout`, { method: 'POST', headers: { origin: ORIGIN } }),
      );
      assert.ok((out.headers.get('set-cookie') ?? '').startsWith(`${c.name}=;`), 'logout clears the same cookie');
      await p.app.close();
    });
  }

  it('holds the access token and a session id only: no refresh token, nothing else', async () => {
    const p = proxy();
    const value = pair((await login(p)).headers.get('set-cookie')).split('=')[1];
    const key = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(SECRET)));
    const { payload } = await jwtDecrypt(value, key);
    assert.deepEqual(Object.keys(payload).sort(), ['at', 'exp', 'iat', 'sid']);
    assert.equal(payload.at, 'eyJ.access');
    assert.doesNotMatch(JSON.stringify(payload), /refresh/);
    await p.app.close();
  });
});

describe('the bearer fallback', () => {
  it('is off by default: no token handed out when asked, a client Authorization is not forwarded', async () => {
    const p = proxy();
    const res = await login(p, { 'x-carstrel-session': 'bearer' });
    assert.equal(res.headers.get('x-carstrel-bearer'), null);
    assert.doesNotMatch(await res.text(), /eyJ\.(access|refresh)/);
    assert.equal(await me(p, { authorization: 'Bearer eyJ.access' }), null);
    assert.equal(await me(p, { authorization: 'Basic eA==' }), null, 'not even looked at');
    await p.app.close();
  });
  it('with CARSTREL_BEARER_FALLBACK=on: the access token only when asked (never the refresh token), and a bearer is forwarded', async () => {
    const p = proxy({ CARSTREL_BEARER_FALLBACK: 'on' });
    const asked = await login(p, { 'x-carstrel-session': 'Bearer' });
    assert.equal(asked.headers.get('x-carstrel-bearer'), 'eyJ.access');
    assert.doesNotMatch(await asked.text(), /eyJ\.(access|refresh)/);
    const plain = await login(p);
    assert.equal(plain.headers.get('x-carstrel-bearer'), null);
    assert.equal(await me(p, { authorization: 'Bearer eyJ.access' }), 'Bearer eyJ.access');
    const bad = await p.app.fetch(
      new Request(`${p.base}/external/auth/me`, { headers: { authorization: 'Basic eA==' } }),
    );
    assert.equal(bad.status, 400);
    await p.app.close();
  });
  it('is a checked setting', () => {
    assert.equal(loadConfig({}).bearerFallback, false);
    assert.equal(loadConfig({ CARSTREL_BEARER_FALLBACK: 'ON' }).bearerFallback, true);
    assert.equal(loadConfig({ CARSTREL_BEARER_FALLBACK: 'off' }).bearerFallback, false);
    assert.throws(
      () => loadConfig({ CARSTREL_BEARER_FALLBACK: 'yes' }),
      /CARSTREL_BEARER_FALLBACK="yes" must be on or off/,
    );
  });
});

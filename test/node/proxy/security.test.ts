/**
 * One regression test per security rule (DESIGN.md "Invariants" and issue 4), each named after
 * its rule, through the real node:http server in front of a fake upstream that records what it got.
 */
import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { envelope } from './fake-upstream.js';
import { startHarness, rawRequest, isEnvelope, TEST_KEY, type Harness } from './harness.js';

const ORIGIN = 'https://www.dealer.example';

describe('security rules', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ CARSTREL_ALLOWED_ORIGINS: ORIGIN }, (s) => {
      if (s.url.startsWith('/external/auth/login')) {
        return {
          body: envelope({
            access_token: 'eyJ.customer.jwt',
            refresh_token: 'eyJ.refresh',
            expires_in: 3600,
            token_type: 'Bearer',
            user: { id: 'u1', email: 'a@b.c' },
          }),
        };
      }
      if (s.url === '/external/brands/echo')
        return {
          status: 401,
          body: {
            statusCode: 401,
            message: `Invalid API key ${s.headers['x-api-key']}`,
            error: 'Unauthorized',
            timestamp: new Date().toISOString(),
          },
        };
      return { headers: { 'set-cookie': 'upstream=1', server: 'carstrel-internal' }, body: envelope({ ok: true }) };
    });
  });
  after(() => h.close());

  it("the dealer's API key never reaches a browser: not in a response body or header, an error message or a log line", async () => {
    const responses = await Promise.all([
      fetch(`${h.proxy.url}/external/brands`),
      fetch(`${h.proxy.url}/external/brands/echo`),
      fetch(`${h.proxy.url}/external/customers`),
      fetch(`${h.proxy.url}/external/nope`),
      fetch(`${h.proxy.url}/healthz`),
      fetch(`${h.proxy.url}/external/test-drives`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{bad json',
      }),
    ]);
    for (const r of responses) {
      const text = await r.text();
      assert.ok(!text.includes(TEST_KEY), `body of ${r.url}`);
      for (const [k, v] of r.headers) assert.ok(!v.includes(TEST_KEY), `header ${k} of ${r.url}`);
    }
    assert.ok(
      h.fake.seen.some((s) => s.url === '/external/brands/echo'),
      'upstream did echo the key',
    );
    assert.ok(h.logs.length > 0);
    for (const l of h.logs) assert.ok(!l.includes(TEST_KEY), l);
  });

  it('the proxy forwards an explicit allow-list of method + path: customer management is refused (403) and never reaches upstream', async () => {
    const before = h.fake.seen.length;
    for (const [method, path] of [
      ['GET', '/external/customers'],
      ['GET', '/external/customers/c1'],
      ['PATCH', '/external/customers/c1'],
      ['GET', '/external/customers/stats/summary'],
    ]) {
      const r = await fetch(`${h.proxy.url}${path}`, { method, headers: { origin: ORIGIN } });
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.ok(isEnvelope(await r.json(), 403));
    }
    const r = await fetch(`${h.proxy.url}/external/admin/keys`);
    assert.equal(r.status, 404);
    assert.equal(h.fake.seen.length, before);
  });

  it('encoded traversal (%2e%2e, %2f), //, ; and the like are refused, not normalized into something allowed', async () => {
    const before = h.fake.seen.length;
    for (const target of [
      '/external/customers/%2e%2e/brands',
      '/external/brands/..%2f..%2fcustomers',
      '/external/customers/../brands',
      '/external//brands',
      '/external/brands;jsessionid=1',
      '/external/brands%2fx',
      '/external/%2E%2E/external/brands',
      '/external/./brands',
      '/external\\brands',
    ]) {
      const r = await rawRequest(h.proxy.url, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.equal(r.status, 400, target);
      assert.ok(isEnvelope(JSON.parse(r.body), 400), target);
    }
    assert.equal(h.fake.seen.length, before, 'nothing reached upstream');
  });

  it('the upstream origin is fixed by configuration; nothing in a request can change it', async () => {
    const before = h.fake.seen.length;
    const abs = await rawRequest(
      h.proxy.url,
      `GET http://evil.example/external/brands HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(abs.status, 400);
    const r = await rawRequest(
      h.proxy.url,
      `GET /external/brands/b9 HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Host: evil.example\r\nForwarded: host=evil.example\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(r.status, 200);
    const seen = h.fake.seen.slice(before);
    assert.equal(seen.length, 1, 'the request went to the configured upstream');
    assert.equal(seen[0].headers.host, new URL(h.fake.url).host);
    assert.equal(seen[0].headers['x-forwarded-host'], undefined);
  });

  it("the client's own x-api-key, cookie, hop-by-hop and Connection-listed headers are never forwarded; the proxy sets the key after stripping", async () => {
    const before = h.fake.seen.length;
    const r = await rawRequest(
      h.proxy.url,
      'GET /external/brands/b7 HTTP/1.1\r\nHost: x\r\nX-Api-Key: sk_live_attacker0\r\nCookie: a=b\r\nConnection: close, X-Secret\r\nX-Secret: s\r\nKeep-Alive: timeout=1\r\nTE: trailers\r\nProxy-Authorization: Basic eA==\r\nUpgrade: h2c\r\nAccept: application/json\r\n\r\n',
    );
    assert.equal(r.status, 200);
    const seen = h.fake.seen.slice(before)[0];
    assert.equal(seen.headers['x-api-key'], TEST_KEY);
    for (const name of ['cookie', 'x-secret', 'keep-alive', 'te', 'proxy-authorization', 'upgrade'])
      assert.equal(seen.headers[name], undefined, name);
    assert.equal(seen.headers.accept, 'application/json');
  });

  it('upstream response headers are filtered: no set-cookie or server details reach the browser', async () => {
    const r = await fetch(`${h.proxy.url}/external/vehicles/v1`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('set-cookie'), null);
    assert.equal(r.headers.get('server'), null);
  });

  it('CORS: an exact allow-list of dealer origins; the request Origin is never reflected blindly', async () => {
    const ok = await fetch(`${h.proxy.url}/external/brands`, { headers: { origin: ORIGIN } });
    assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(ok.headers.get('access-control-allow-credentials'), 'true');
    for (const origin of ['https://evil.example', `${ORIGIN}.evil.example`, 'null', 'http://www.dealer.example']) {
      const r = await fetch(`${h.proxy.url}/external/brands`, { headers: { origin } });
      assert.equal(r.headers.get('access-control-allow-origin'), null, origin);
      assert.equal(r.headers.get('access-control-allow-credentials'), null, origin);
      await r.arrayBuffer();
    }
    const own = await fetch(`${h.proxy.url}/external/brands`, { headers: { origin: h.proxy.url } });
    assert.equal(
      own.headers.get('access-control-allow-origin'),
      h.proxy.url,
      "the proxy's own origin is allowed by default",
    );
  });

  it('OPTIONS preflights are answered from the allow-list', async () => {
    const ok = await fetch(`${h.proxy.url}/external/test-drives`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, idempotency-key',
      },
    });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-methods'), 'POST');
    const bad = await fetch(`${h.proxy.url}/external/test-drives`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(bad.status, 403);
    const cust = await fetch(`${h.proxy.url}/external/customers`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
    });
    assert.equal(cust.status, 403);
  });

  it('state-changing requests are accepted only from allowed Origins (CSRF)', async () => {
    const before = h.fake.seen.length;
    for (const path of [
      '/external/test-drives',
      '/external/auth/login',
      '/session/logout',
      '/external/newsletter/unsubscribe',
    ]) {
      const r = await fetch(`${h.proxy.url}${path}`, {
        method: 'POST',
        headers: {
          origin: 'https://evil.example',
          'content-type': 'application/json',
          'idempotency-key': 'csrf-key-0001',
        },
        body: '{}',
      });
      assert.equal(r.status, 403, path);
      assert.ok(isEnvelope(await r.json(), 403));
    }
    assert.equal(h.fake.seen.length, before);
  });

  it("customer tokens: page JavaScript cannot read the customer's JWT; it lives in an httpOnly encrypted cookie", async () => {
    const r = await fetch(`${h.proxy.url}/external/auth/login`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.c', password: 'password123' }),
    });
    assert.equal(r.status, 200);
    const text = await r.text();
    assert.ok(!text.includes('eyJ.customer.jwt') && !text.includes('eyJ.refresh'), 'no token in the body');
    assert.equal(JSON.parse(text).data.user.id, 'u1');
    const cookie = r.headers.get('set-cookie')!;
    assert.match(cookie, /HttpOnly/);
    assert.ok(!cookie.includes('eyJ.customer.jwt'), 'the cookie is encrypted');
    assert.equal(r.headers.get('x-carstrel-bearer'), null, 'no bearer header unless asked');
    const before = h.fake.seen.length;
    const me = await fetch(`${h.proxy.url}/external/auth/me`, { headers: { cookie: cookie.split(';')[0] } });
    assert.equal(me.status, 200);
    assert.equal(h.fake.seen.slice(before)[0].headers.authorization, 'Bearer eyJ.customer.jwt');
    const out = await fetch(`${h.proxy.url}/session/logout`, { method: 'POST', headers: { origin: ORIGIN } });
    assert.equal(out.status, 200);
    assert.match(out.headers.get('set-cookie')!, /Max-Age=0/);
  });

  it('the bearer fallback is off unless the deployment enables it: no token handed out, no client bearer forwarded', async () => {
    const r = await fetch(`${h.proxy.url}/external/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-carstrel-session': 'bearer' },
      body: '{"email":"a@b.c","password":"password123"}',
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-carstrel-bearer'), null);
    assert.ok(!(await r.text()).includes('eyJ.customer.jwt'));
    const before = h.fake.seen.length;
    const me = await fetch(`${h.proxy.url}/external/auth/me`, {
      headers: { authorization: 'Bearer eyJ.customer.jwt' },
    });
    await me.arrayBuffer();
    assert.equal(h.fake.seen.slice(before)[0].headers.authorization, undefined);
  });

  it('requests with both Content-Length and Transfer-Encoding are refused cleanly, never forwarded', async () => {
    const before = h.fake.seen.length;
    const r = await rawRequest(
      h.proxy.url,
      'POST /external/contact/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n',
    );
    assert.equal(r.status, 400);
    assert.ok(isEnvelope(JSON.parse(r.body), 400));
    assert.equal(h.fake.seen.length, before);
  });

  it('CRLF in header values is refused cleanly, never forwarded', async () => {
    const before = h.fake.seen.length;
    const r = await rawRequest(
      h.proxy.url,
      'GET /external/brands HTTP/1.1\r\nHost: x\r\nX-A: a\rX-Api-Key: sk_live_x\r\nConnection: close\r\n\r\n',
    );
    assert.equal(r.status, 400);
    assert.equal(h.fake.seen.length, before);
  });

  it('__proto__ headers are refused cleanly, never forwarded', async () => {
    const before = h.fake.seen.length;
    const r = await rawRequest(
      h.proxy.url,
      'GET /external/brands/p1 HTTP/1.1\r\nHost: x\r\n__proto__: {"x-api-key":"sk_live_x"}\r\nConnection: close\r\n\r\n',
    );
    assert.equal(r.status, 400);
    assert.ok(isEnvelope(JSON.parse(r.body), 400));
    assert.equal(h.fake.seen.length, before);
  });

  it('oversized headers are refused with 431 and bodies over the limit with 413', async () => {
    const big = await rawRequest(
      h.proxy.url,
      `GET /external/brands HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(big.status, 431);
    const r = await fetch(`${h.proxy.url}/external/contact/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'x'.repeat(70_000) }),
    });
    assert.equal(r.status, 413);
    assert.ok(isEnvelope(await r.json(), 413));
  });
});

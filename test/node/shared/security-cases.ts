/** The security half of the shared proxy contract (both runtimes run it). */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { rawRequest, isEnvelope } from '../proxy/harness.js';
import { CONTRACT_KEY, json, ORIGIN, seenSince, until, upstreamState, type ContractCase } from './proxy-contract.js';

export const securityCases: ContractCase[] = [
  {
    rule: "the dealer's API key never reaches a browser: not in a body, a header, an error message or a log line",
    async run(t) {
      const responses = await Promise.all([
        fetch(`${t.url}/external/brands`),
        fetch(`${t.url}/external/brands/echo`),
        fetch(`${t.url}/external/customers`),
        fetch(`${t.url}/external/nope`),
        fetch(`${t.url}/healthz`),
        fetch(`${t.url}/external/test-drives`, { method: 'POST', headers: json, body: '{bad json' }),
      ]);
      for (const r of responses) {
        const text = await r.text();
        assert.ok(!text.includes(CONTRACT_KEY), `body of ${r.url}`);
        for (const [k, v] of r.headers) assert.ok(!v.includes(CONTRACT_KEY), `header ${k} of ${r.url}`);
      }
      assert.ok(
        t.fake.seen.some((s) => s.url === '/external/brands/echo'),
        'upstream did echo the key',
      );
      assert.ok(await until(() => t.logs().some((l) => l.includes('/external/brands')), 2000), 'request lines logged');
      for (const l of t.logs()) assert.ok(!l.includes(CONTRACT_KEY), l);
    },
  },
  {
    rule: 'an explicit allow-list: customer data is refused (403), unknown paths 404, in the envelope, never forwarded',
    async run(t) {
      const before = t.fake.seen.length;
      for (const [method, path] of [
        ['GET', '/external/customers'],
        ['GET', '/external/customers/c1'],
        ['PATCH', '/external/customers/c1'],
      ] as const) {
        const r = await fetch(`${t.url}${path}`, { method, headers: { origin: ORIGIN } });
        assert.equal(r.status, 403, `${method} ${path}`);
        assert.ok(isEnvelope(await r.json(), 403));
      }
      const r = await fetch(`${t.url}/external/admin/keys`);
      assert.equal(r.status, 404);
      assert.ok(isEnvelope(await r.json(), 404));
      const put = await fetch(`${t.url}/external/brands`, { method: 'PUT', headers: json, body: '{}' });
      assert.equal(put.status, 405);
      assert.equal(put.headers.get('allow'), 'GET');
      assert.equal(t.fake.seen.length, before);
    },
  },
  {
    rule: 'encoded traversal (%2e%2e, %2f), //, ; and \\ are refused as sent, not normalized into something allowed',
    async run(t) {
      const before = t.fake.seen.length;
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
        const r = await rawRequest(t.url, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        assert.equal(r.status, 400, target);
        assert.ok(isEnvelope(JSON.parse(r.body), 400), target);
      }
      assert.equal(t.fake.seen.length, before, 'nothing reached upstream');
    },
  },
  {
    rule: 'the upstream origin is fixed by configuration: Host and forwarding headers cannot change it',
    async run(t) {
      const before = t.fake.seen.length;
      const r = await rawRequest(
        t.url,
        'GET /external/brands/b9 HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Host: evil.example\r\nForwarded: host=evil.example\r\nConnection: close\r\n\r\n',
      );
      assert.equal(r.status, 200);
      const seen = seenSince(t, before);
      assert.equal(seen.length, 1, 'the request went to the configured upstream');
      assert.equal(seen[0]?.headers.host, new URL(t.fake.url).host);
      assert.equal(seen[0]?.headers['x-forwarded-host'], undefined);
      assert.equal(seen[0]?.headers.forwarded, undefined);
    },
  },
  {
    rule: "the client's x-api-key, cookie, hop-by-hop and Connection-listed headers are never forwarded; the proxy sets the key",
    async run(t) {
      const before = t.fake.seen.length;
      const r = await rawRequest(
        t.url,
        'GET /external/brands/b7 HTTP/1.1\r\nHost: x\r\nX-Api-Key: sk_live_attacker0\r\nCookie: a=b\r\nConnection: close, X-Secret\r\nX-Secret: s\r\nKeep-Alive: timeout=1\r\nProxy-Authorization: Basic eA==\r\nAccept: application/json\r\n\r\n',
      );
      assert.equal(r.status, 200);
      const seen = seenSince(t, before)[0];
      assert.ok(seen);
      assert.equal(seen.headers['x-api-key'], CONTRACT_KEY);
      for (const name of ['cookie', 'x-secret', 'keep-alive', 'proxy-authorization'])
        assert.equal(seen.headers[name], undefined, name);
      assert.equal(seen.headers.accept, 'application/json');
    },
  },
  {
    rule: 'upstream response headers are filtered: no set-cookie or server details reach the browser',
    async run(t) {
      const r = await fetch(`${t.url}/external/vehicles/v1`);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('set-cookie'), null);
      assert.equal(r.headers.get('server'), null);
      await r.arrayBuffer();
    },
  },
  {
    rule: 'an upstream redirect is an upstream error (502), never followed: the key is not sent elsewhere',
    async run(t) {
      const elsewhere: string[] = [];
      const server = createServer((req, res) => {
        elsewhere.push(String(req.headers['x-api-key']));
        res.end('{}');
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      const addr = server.address();
      upstreamState.redirectTo = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/steal`;
      try {
        const r = await fetch(`${t.url}/external/brands/moved`);
        assert.equal(r.status, 502);
        assert.ok(isEnvelope(await r.json(), 502));
        assert.equal(r.headers.get('location'), null);
        assert.deepEqual(elsewhere, [], 'nothing reached the redirect target');
      } finally {
        server.close();
      }
    },
  },
  {
    rule: 'CORS: an exact allow-list of dealer origins; the request Origin is never reflected blindly',
    async run(t) {
      const ok = await fetch(`${t.url}/external/brands`, { headers: { origin: ORIGIN } });
      assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
      assert.equal(ok.headers.get('access-control-allow-credentials'), 'true');
      await ok.arrayBuffer();
      for (const origin of ['https://evil.example', `${ORIGIN}.evil.example`, 'null', 'http://www.dealer.example']) {
        const r = await fetch(`${t.url}/external/brands`, { headers: { origin } });
        assert.equal(r.headers.get('access-control-allow-origin'), null, origin);
        assert.equal(r.headers.get('access-control-allow-credentials'), null, origin);
        await r.arrayBuffer();
      }
      const own = await fetch(`${t.url}/external/brands`, { headers: { origin: t.url } });
      assert.equal(own.headers.get('access-control-allow-origin'), t.url, "the proxy's own origin is allowed");
      await own.arrayBuffer();
    },
  },
  {
    rule: 'OPTIONS preflights are answered from the allow-list',
    async run(t) {
      const ok = await fetch(`${t.url}/external/test-drives`, {
        method: 'OPTIONS',
        headers: {
          origin: ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, idempotency-key',
        },
      });
      assert.equal(ok.status, 204);
      assert.equal(ok.headers.get('access-control-allow-methods'), 'POST');
      const bad = await fetch(`${t.url}/external/test-drives`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      assert.equal(bad.status, 403);
      const cust = await fetch(`${t.url}/external/customers`, {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
      });
      assert.equal(cust.status, 403);
    },
  },
  {
    rule: 'state-changing requests are accepted only from allowed Origins (CSRF)',
    async run(t) {
      const before = t.fake.seen.length;
      for (const path of ['/external/test-drives', '/external/auth/login', '/session/logout']) {
        const r = await fetch(`${t.url}${path}`, {
          method: 'POST',
          headers: { origin: 'https://evil.example', ...json, 'idempotency-key': 'csrf-key-0001' },
          body: '{}',
        });
        assert.equal(r.status, 403, path);
        assert.ok(isEnvelope(await r.json(), 403));
      }
      assert.equal(t.fake.seen.length, before);
    },
  },
  {
    rule: 'customer tokens: the JWT lives in an httpOnly encrypted cookie, sent upstream as the bearer, cleared on logout',
    async run(t) {
      const r = await fetch(`${t.url}/external/auth/login`, {
        method: 'POST',
        headers: { origin: ORIGIN, ...json, ...t.clientHeaders('203.0.113.10') },
        body: JSON.stringify({ email: 'a@b.c', password: 'password123' }),
      });
      assert.equal(r.status, 200);
      const text = await r.text();
      assert.ok(!text.includes('eyJ.customer.jwt') && !text.includes('eyJ.refresh'), 'no token in the body');
      assert.equal(JSON.parse(text).data.user.id, 'u1');
      const cookie = r.headers.get('set-cookie') ?? '';
      assert.match(cookie, /HttpOnly/);
      assert.ok(!cookie.includes('eyJ.customer.jwt'), 'the cookie is encrypted');
      const before = t.fake.seen.length;
      const me = await fetch(`${t.url}/external/auth/me`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
      assert.equal(me.status, 200);
      await me.arrayBuffer();
      assert.equal(seenSince(t, before)[0]?.headers.authorization, 'Bearer eyJ.customer.jwt');
      const session = await fetch(`${t.url}/session`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
      assert.equal((await session.json()).data.active, true);
      const out = await fetch(`${t.url}/session/logout`, { method: 'POST', headers: { origin: ORIGIN } });
      assert.equal(out.status, 200);
      assert.match(out.headers.get('set-cookie') ?? '', /Max-Age=0/);
    },
  },
  {
    rule: 'rate limits are per client (each address its own bucket), 429 with Retry-After in the envelope',
    async run(t) {
      const login = (ip: string) =>
        fetch(`${t.url}/external/auth/login`, {
          method: 'POST',
          headers: { ...json, ...t.clientHeaders(ip) },
          body: '{"email":"a@b.c","password":"password123"}',
        });
      for (let i = 0; i < 3; i++) assert.equal((await login('198.51.100.7')).status, 200, `login ${i + 1} of 3`);
      const limited = await login('198.51.100.7');
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.ok(isEnvelope(await limited.json(), 429));
      assert.equal((await login('198.51.100.8')).status, 200, 'another client has its own bucket');
    },
  },
  {
    rule: 'bad input is refused in the envelope: CR in a header, __proto__ headers, oversized headers (431) and bodies (413)',
    async run(t) {
      const before = t.fake.seen.length;
      const cr = await rawRequest(
        t.url,
        'GET /external/brands HTTP/1.1\r\nHost: x\r\nX-A: a\rX-Api-Key: sk_live_x\r\nConnection: close\r\n\r\n',
      );
      assert.equal(cr.status, 400);
      // workerd's HTTP parser refuses this line itself, before any Worker code runs (plain text).
      if (t.runtime === 'node') assert.ok(isEnvelope(JSON.parse(cr.body), 400));
      const proto = await rawRequest(
        t.url,
        'GET /external/brands/p1 HTTP/1.1\r\nHost: x\r\n__proto__: {"x-api-key":"sk_live_x"}\r\nConnection: close\r\n\r\n',
      );
      assert.equal(proto.status, 400);
      assert.ok(isEnvelope(JSON.parse(proto.body), 400));
      const many = await rawRequest(
        t.url,
        `GET /external/brands HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 70 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\nConnection: close\r\n\r\n`,
      );
      assert.equal(many.status, 431);
      assert.ok(isEnvelope(JSON.parse(many.body), 431));
      const big = await fetch(`${t.url}/external/contact/submit`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ message: 'x'.repeat(70_000) }),
      });
      assert.equal(big.status, 413);
      assert.ok(isEnvelope(await big.json(), 413));
      assert.equal(t.fake.seen.length, before, 'nothing reached upstream');
    },
  },
  {
    rule: 'upstream failures become a 502 in the envelope, without upstream internals',
    async run(t) {
      const r = await fetch(`${t.url}/external/vehicles/broken`);
      assert.equal(r.status, 502);
      const body = await r.text();
      assert.ok(isEnvelope(JSON.parse(body), 502));
      assert.ok(!body.includes('boom internals'));
    },
  },
  {
    rule: 'reference data is cached (one upstream call, ETag and 304); a vehicle detail never is (one call per view)',
    async run(t) {
      const before = t.fake.seen.length;
      const a = await fetch(`${t.url}/external/brands?limit=3`);
      const b = await fetch(`${t.url}/external/brands?limit=3`);
      assert.equal(a.headers.get('x-carstrel-cache'), 'MISS');
      assert.equal(b.headers.get('x-carstrel-cache'), 'HIT');
      assert.equal(await a.text(), await b.text());
      const etag = b.headers.get('etag') ?? '';
      const c = await fetch(`${t.url}/external/brands?limit=3`, { headers: { 'if-none-match': etag } });
      assert.equal(c.status, 304);
      assert.equal(seenSince(t, before).length, 1);
      for (let i = 0; i < 2; i++) await (await fetch(`${t.url}/external/vehicles/v42`)).arrayBuffer();
      assert.equal(seenSince(t, before).filter((s) => s.url === '/external/vehicles/v42').length, 2);
    },
  },
  {
    rule: 'answers are compressed when the client accepts it (Vary: Accept-Encoding, weak ETag)',
    async run(t) {
      const r = await fetch(`${t.url}/external/body-types`, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-encoding'), 'gzip');
      assert.match(r.headers.get('vary') ?? '', /Accept-Encoding/);
      assert.match(r.headers.get('etag') ?? '', /^W\//);
      assert.equal((await r.json()).data.length, 200, 'decodes to the whole answer');
      const plain = await rawRequest(
        t.url,
        'GET /external/body-types HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      );
      assert.doesNotMatch(plain.head, /content-encoding/i, 'none when not asked');
    },
  },
];

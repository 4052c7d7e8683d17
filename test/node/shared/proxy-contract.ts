/**
 * The proxy's contract, one table for both runtimes: each security rule (DESIGN.md "Invariants")
 * and each lead rule ("No data lost") as a case that drives a running proxy from outside, over
 * HTTP, in front of a fake CarStrel that records what reached it. `contract-node.test.ts` runs the
 * table against the Node proxy, `test/node/edge/contract-workerd.test.ts` against workerd, so the
 * two runtimes cannot drift apart. Where a runtime's own HTTP parser answers before the app (a
 * CR in a header on workerd), the case says so and still checks the rule (never forwarded).
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { envelope, type FakeReply, type FakeUpstream, type Seen } from '../proxy/fake-upstream.js';
import { rawRequest, isEnvelope } from '../proxy/harness.js';

export const CONTRACT_KEY = 'sk_test_contract0key42';
export const ORIGIN = 'https://www.dealer.example';

/**
 * The settings both runtimes run the contract with. Limits are high except login (3 a minute),
 * so only the rate-limit case meets one; the client is `X-Forwarded-For` on Node (one trusted
 * hop) and `CF-Connecting-IP` on workerd (`clientHeaders`).
 */
export function contractEnv(upstreamUrl: string): Record<string, string> {
  return {
    CARSTREL_API_KEY: CONTRACT_KEY,
    CARSTREL_API_URL: upstreamUrl,
    CARSTREL_ALLOWED_ORIGINS: ORIGIN,
    CARSTREL_RATE_LIMIT: 'get=5000,post=5000,auth=3',
    CARSTREL_TRUST_PROXY: '1',
    CARSTREL_UPSTREAM_TIMEOUT_MS: '2000',
    CARSTREL_SESSION_SECRET: 'contract-session-secret-of-32-chars!!',
    CARSTREL_LEAD_QUEUE_MAX: '2',
  };
}

export interface ContractTarget {
  runtime: 'node' | 'workerd';
  url: string;
  fake: FakeUpstream;
  /** Lines the proxy logged so far. */
  logs(): string[];
  /** Headers that make a request come from client `ip` on this runtime. */
  clientHeaders(ip: string): Record<string, string>;
}

export interface ContractCase {
  rule: string;
  run(t: ContractTarget): Promise<void>;
}

/** What the fake CarStrel knows: `down` makes lead routes answer 503 (CarStrel unavailable). */
export const upstreamState = { down: false, redirectTo: '' };

/** Requests the fake answered as "down" (so a lead counts as stored only when answered up). */
const answeredDown = new WeakSet<Seen>();

/** The fake CarStrel's answers, the same for both runtimes. */
export function contractReply(s: Seen): FakeReply {
  const path = s.url.split('?')[0] ?? '';
  if (upstreamState.down && s.method === 'POST') {
    answeredDown.add(s);
    return { status: 503, body: { statusCode: 503, message: 'down', error: 'Service Unavailable' } };
  }
  if (path === '/external/auth/login')
    return {
      body: envelope({
        access_token: 'eyJ.customer.jwt',
        refresh_token: 'eyJ.refresh',
        expires_in: 3600,
        token_type: 'Bearer',
        user: { id: 'u1', email: 'a@b.c' },
      }),
    };
  if (path === '/external/brands/echo')
    return {
      status: 401,
      body: { statusCode: 401, message: `Invalid API key ${String(s.headers['x-api-key'])}`, error: 'Unauthorized' },
    };
  if (path === '/external/brands/moved') return { status: 302, headers: { location: upstreamState.redirectTo } };
  if (path === '/external/vehicles/broken')
    return { status: 500, body: { statusCode: 500, message: 'boom internals' } };
  if (path === '/external/body-types')
    return { body: envelope(Array.from({ length: 200 }, (_, i) => ({ name: `Body type ${i}`, slug: `body-${i}` }))) };
  if (s.method === 'POST' && /^\/external\/(newsletter\/subscribe|contact\/submit|test-drives)$/.test(path))
    return {
      status: 201,
      body: { statusCode: 201, message: 'stored', data: { id: `up-${s.headers['idempotency-key']}` } },
    };
  return { headers: { 'set-cookie': 'upstream=1', server: 'carstrel-internal' }, body: envelope({ ok: true, path }) };
}

const json = { 'content-type': 'application/json' };
let serial = 0;
/** A fresh idempotency key per use. */
const key = (name: string) => `${name}-${Date.now().toString(36)}-${(serial++).toString(36)}`;

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

const seenSince = (t: ContractTarget, n: number) => t.fake.seen.slice(n);

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

/** A lead POST as a widget sends it. */
function sendLead(t: ContractTarget, path: string, idempotencyKey: string | undefined, body: unknown) {
  return fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { ...json, origin: ORIGIN, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });
}

/** Upstream answers that stored a lead with this key. */
const storedWith = (t: ContractTarget, k: string) =>
  t.fake.seen.filter((s) => s.headers['idempotency-key'] === k && !answeredDown.has(s));

export const leadCases: ContractCase[] = [
  {
    rule: 'a lead is forwarded with its Idempotency-Key; a repeated key is answered from the first result, not sent again',
    async run(t) {
      const k = key('lead-fwd');
      const a = await sendLead(t, '/external/contact/submit', k, { name: 'Ann', email: 'ann@example.com' });
      assert.equal(a.status, 201);
      assert.equal(a.headers.get('idempotency-key'), k);
      const b = await sendLead(t, '/external/contact/submit', k, { name: 'Ann', email: 'ann@example.com' });
      assert.equal(b.status, 201);
      assert.equal(b.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(await b.json(), await a.json());
      assert.equal(t.fake.seen.filter((s) => s.headers['idempotency-key'] === k).length, 1);
      assert.equal(t.fake.seen.find((s) => s.headers['idempotency-key'] === k)?.headers['x-api-key'], CONTRACT_KEY);
    },
  },
  {
    rule: 'the same key with another body is refused (400); a malformed key is refused; a missing one is made',
    async run(t) {
      const k = key('lead-mis');
      assert.equal(
        (await sendLead(t, '/external/contact/submit', k, { name: 'A', email: 'a@example.com' })).status,
        201,
      );
      const other = await sendLead(t, '/external/contact/submit', k, { name: 'B', email: 'b@example.com' });
      assert.equal(other.status, 400);
      assert.ok(isEnvelope(await other.json(), 400));
      const bad = await sendLead(t, '/external/contact/submit', 'short', { name: 'A', email: 'a@example.com' });
      assert.equal(bad.status, 400);
      await bad.arrayBuffer();
      const made = await sendLead(t, '/external/newsletter/subscribe', undefined, { email: 'm@example.com' });
      assert.equal(made.status, 201);
      assert.match(made.headers.get('idempotency-key') ?? '', /^gen-/);
    },
  },
  {
    rule: 'a concurrent double submit makes one upstream call',
    async run(t) {
      const k = key('lead-dbl');
      const [a, b] = await Promise.all([
        sendLead(t, '/external/test-drives', k, { vehicleId: 'v1', email: 'd@example.com' }),
        sendLead(t, '/external/test-drives', k, { vehicleId: 'v1', email: 'd@example.com' }),
      ]);
      assert.equal(a.status, 201);
      assert.equal(b.status, 201);
      assert.equal(t.fake.seen.filter((s) => s.headers['idempotency-key'] === k).length, 1);
    },
  },
  {
    rule: 'a lead taken while CarStrel is down is stored (202 + reference), replayed for its key, and delivered once when it returns',
    async run(t) {
      const k = key('lead-down');
      upstreamState.down = true;
      try {
        const a = await sendLead(t, '/external/newsletter/subscribe', k, { email: 'queued@example.com' });
        assert.equal(a.status, 202);
        const first = await a.json();
        assert.equal(first.statusCode, 202);
        assert.equal(first.data.queued, true);
        assert.match(first.data.reference, /^lead_/);
        const again = await sendLead(t, '/external/newsletter/subscribe', k, { email: 'queued@example.com' });
        assert.equal(again.status, 202);
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
        assert.equal((await again.json()).data.reference, first.data.reference);
        const health = await (await fetch(`${t.url}/healthz`)).json();
        assert.ok(health.data.queue.depth >= 1, 'the queue shows it');
      } finally {
        upstreamState.down = false;
      }
      assert.ok(await until(() => storedWith(t, k).length > 0, 15_000), 'delivered after CarStrel returned');
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(storedWith(t, k).length, 1, 'exactly once');
      assert.ok(
        await until(async () => (await (await fetch(`${t.url}/healthz`)).json()).data.queue.depth === 0, 5000),
        'the queue is empty again',
      );
    },
  },
  {
    rule: 'a full queue refuses a new lead visibly (503 + Retry-After, in the envelope); the leads it holds are all delivered',
    async run(t) {
      const keys = [key('lead-full-a'), key('lead-full-b'), key('lead-full-c')];
      upstreamState.down = true;
      try {
        for (const k of keys.slice(0, 2))
          assert.equal(
            (await sendLead(t, '/external/contact/submit', k, { name: k, email: 'f@example.com' })).status,
            202,
          );
        const refused = await sendLead(t, '/external/contact/submit', keys[2], { name: 'c', email: 'f@example.com' });
        assert.equal(refused.status, 503);
        assert.ok(Number(refused.headers.get('retry-after')) > 0);
        assert.ok(isEnvelope(await refused.json(), 503));
      } finally {
        upstreamState.down = false;
      }
      assert.ok(
        await until(() => keys.slice(0, 2).every((k) => storedWith(t, k).length === 1), 15_000),
        'both queued leads delivered',
      );
      assert.equal(storedWith(t, keys[2] ?? '').length, 0, 'the refused one was not stored');
    },
  },
];

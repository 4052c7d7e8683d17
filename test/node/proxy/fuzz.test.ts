/**
 * Property-based fuzzing (fast-check, bounded): arbitrary paths, headers and bodies never crash the
 * proxy, never produce a 5xx while upstream is healthy, and nothing outside the allow-list (or
 * without the dealer key, or with a client cookie/key) ever reaches upstream.
 */
import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import fc from 'fast-check';
import { createProxyApp, type ProxyApp } from '../../../proxy/app.js';
import { loadConfig } from '../../../proxy/lib/config.js';
import { Refusal } from '../../../proxy/lib/errors.js';
import { matchRoute, ROUTES } from '../../../proxy/lib/routes.js';
import { fetchUpstream } from '../../../proxy/lib/upstream.js';
import { HEADER_NAMES, NASTY_SEGMENTS, PATH_WORDS } from './fuzz-inputs.js';
import { startHarness, rawRequest, TEST_KEY, type Harness } from './harness.js';

const KEY = 'sk_test_fuzzkey123';

const segment = fc.oneof(
  fc.constantFrom(...PATH_WORDS),
  fc.constantFrom(...NASTY_SEGMENTS),
  fc.stringMatching(/^[A-Za-z0-9_.~-]{1,12}$/),
  fc.string({ maxLength: 8 }),
);
const randomPath = fc.array(segment, { minLength: 0, maxLength: 6 }).map((s) => '/' + s.join('/'));
/** An allow-listed route with a random id, sometimes with a random tail or prefix spliced in. */
const listedPath = fc
  .tuple(
    fc.constantFrom(...ROUTES.map((r) => r.pattern)),
    segment,
    fc.constantFrom('', '', '', '/', '/..', '/%2e%2e/customers', ';', '//x'),
  )
  .map(([pattern, id, tail]) => pattern.replace(':id', id) + tail);
const path = fc.oneof(listedPath, randomPath);
const query = fc.option(
  fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 10 })), { maxLength: 3 }),
  { nil: undefined },
);
const headerName = fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/));
const headers = fc.array(fc.tuple(headerName, fc.string({ maxLength: 40 })), { maxLength: 8 });
const body = fc.oneof(
  fc.constant(undefined),
  fc.json(),
  fc.string({ maxLength: 200 }),
  fc.constant('{"__proto__":{"x":1},"email":"a@b.c"}'),
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');

interface Seen {
  method: string;
  path: string;
  headers: Headers;
}

describe('fuzz: app.fetch with arbitrary requests', () => {
  let app: ProxyApp;
  const seen: Seen[] = [];
  before(() => {
    const config = loadConfig({
      CARSTREL_API_KEY: KEY,
      CARSTREL_API_URL: 'https://api.carstrel.com',
      CARSTREL_RATE_LIMIT: 'off',
      CARSTREL_LOG: 'off',
      CARSTREL_ALLOWED_ORIGINS: 'https://www.dealer.example',
    });
    app = createProxyApp(config, {
      upstream: fetchUpstream('https://api.carstrel.com', async (req) => {
        const u = new URL(req.url);
        seen.push({ method: req.method, path: u.pathname, headers: req.headers });
        return new Response(JSON.stringify({ statusCode: 200, message: 'ok', data: [] }), {
          headers: { 'content-type': 'application/json' },
        });
      }),
    });
  });
  after(() => app.close());

  it('no crash, no 5xx, and only allow-listed, keyed, stripped requests reach upstream', async () => {
    await fc.assert(
      fc.asyncProperty(method, path, query, headers, body, async (m, p, q, hs, b) => {
        let req: Request;
        try {
          const search = q
            ? '?' + q.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
            : '';
          const h = new Headers();
          for (const [k, v] of hs) h.append(k, v);
          req = new Request(`https://cars.dealer.example${p}${search}`, {
            method: m,
            headers: h,
            body:
              m === 'GET' || m === 'HEAD' || b === undefined
                ? undefined
                : typeof b === 'string'
                  ? b
                  : JSON.stringify(b),
          });
        } catch {
          return true; // not a request a runtime would deliver
        }
        const before = seen.length;
        const res = await app.fetch(req);
        await res.arrayBuffer();
        assert.ok(res.status < 500, `${m} ${p} → ${res.status}`);
        for (const s of seen.slice(before)) {
          assert.ok(!(matchRoute(s.method, s.path) instanceof Refusal), `${s.method} ${s.path} reached upstream`);
          assert.equal(s.headers.get('x-api-key'), KEY);
          assert.equal(s.headers.get('cookie'), null);
        }
        return true;
      }),
      { numRuns: 600, seed: 4242 },
    );
    assert.ok(seen.length > 10, `the fuzz reached upstream ${seen.length} times (it must exercise forwarding too)`);
  });
});

describe('fuzz: raw request targets through node:http', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('no crash, no 5xx, nothing off the allow-list reaches upstream', async () => {
    const target = fc.oneof(path, fc.stringMatching(/^\/[!-~]{0,40}$/));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'OPTIONS'), target, async (m, t) => {
        const before = h.fake.seen.length;
        const r = await rawRequest(
          h.proxy.url,
          `${m} ${t} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
        );
        assert.ok(r.status >= 200 && r.status < 500, `${m} ${t} → ${r.status}`);
        for (const s of h.fake.seen.slice(before)) {
          const p = s.url.split('?')[0];
          assert.ok(!(matchRoute(s.method, p) instanceof Refusal), `${s.method} ${s.url} reached upstream`);
          assert.equal(s.headers['x-api-key'], TEST_KEY);
        }
        return true;
      }),
      { numRuns: 200, seed: 777 },
    );
    assert.ok(h.fake.seen.length > 5, `the fuzz reached upstream ${h.fake.seen.length} times`);
    const health = await fetch(`${h.proxy.url}/healthz`);
    assert.equal(health.status, 200, 'still alive');
  });
});

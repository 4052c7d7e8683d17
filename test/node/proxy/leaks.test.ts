/**
 * The dealer's key never reaches a browser, even through a misbehaving upstream that echoes it
 * every way it can (test/node/proxy/key-leak.ts): in each allow-listed response header, in JSON
 * `\u` escapes, percent-encoding and character references, in gzip / br / deflate bodies (decoded
 * and redacted, or refused when they cannot be decoded). One test per response path: cached read,
 * vehicle list, detail, auth, me, lead (forwarded, replayed, refused), upstream errors, thrown errors.
 */
import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { createProxyApp } from '../../../proxy/app.js';
import { loadConfig } from '../../../proxy/lib/config.js';
import { UpstreamError, type Upstream } from '../../../proxy/lib/upstream.js';
import type { FakeReply, Seen } from './fake-upstream.js';
import { startHarness, TEST_KEY, type Harness } from './harness.js';
import { ECHO_MODES, echoReply, leaksKey, type EchoMode } from './key-leak.js';

const ORIGIN = 'https://www.dealer.example';

/** Everything a browser could read of a response: status line aside, every header and the body. */
async function assertNoLeak(res: Response, what: string): Promise<string> {
  const text = await res.text();
  assert.ok(!leaksKey(text, TEST_KEY), `${what}: body gives the key away: ${text.slice(0, 300)}`);
  for (const [name, value] of res.headers)
    assert.ok(!leaksKey(value, TEST_KEY), `${what}: header ${name} gives the key away: ${value}`);
  return text;
}

describe('no key leak through a misbehaving upstream', () => {
  let h: Harness;
  let mode: EchoMode = 'headers';
  let status = 200;
  let n = 0;
  const reply = (s: Seen): FakeReply => {
    if (s.url.startsWith('/external/auth/login'))
      return echoReply(mode, TEST_KEY, status, { access_token: 'eyJ.customer.jwt', expires_in: 600 });
    return echoReply(mode, TEST_KEY, status);
  };
  before(async () => {
    h = await startHarness({ CARSTREL_ALLOWED_ORIGINS: ORIGIN, CARSTREL_BEARER_FALLBACK: 'on' }, reply);
  });
  after(() => h.close());

  /** Each echo mode in turn, at `withStatus`, through `send`. */
  async function everyMode(path: string, send: () => Promise<Response>, withStatus = 200): Promise<void> {
    for (const m of ECHO_MODES) {
      mode = m;
      status = withStatus;
      const res = await send();
      const text = await assertNoLeak(res, `${path} (${m}, upstream ${withStatus})`);
      if (m === 'gzip-unreadable') assert.equal(res.status, 502, `${path}: an undecodable body is refused`);
      else if (withStatus < 500) {
        assert.equal(res.status, withStatus, `${path} (${m})`);
        assert.match(text, /\[redacted\]/, `${path} (${m}): the echo was read and redacted, not dropped`);
      }
    }
  }

  it('a cached public read (reference data): headers checked, escaped and compressed echoes redacted', async () => {
    await everyMode('/external/brands', () => fetch(`${h.proxy.url}/external/brands?page=${++n}`));
    // And the stored copy, served from the cache, is as clean.
    mode = 'json';
    const first = await fetch(`${h.proxy.url}/external/models?page=1`);
    await assertNoLeak(first, 'models miss');
    const hit = await fetch(`${h.proxy.url}/external/models?page=1`);
    assert.equal(hit.headers.get('x-carstrel-cache'), 'HIT');
    await assertNoLeak(hit, 'models hit');
  });

  it('the vehicle list', async () => {
    await everyMode('/external/vehicles', () => fetch(`${h.proxy.url}/external/vehicles?page=${++n}`));
  });

  it('a vehicle detail (never cached)', async () => {
    await everyMode('/external/vehicles/v1', () => fetch(`${h.proxy.url}/external/vehicles/v1`));
  });

  it('login: the public body, the cookie and the bearer header', async () => {
    await everyMode('/external/auth/login', () =>
      fetch(`${h.proxy.url}/external/auth/login`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json', 'x-carstrel-session': 'bearer' },
        body: '{"email":"a@b.c","password":"password123"}',
      }),
    );
  });

  it('login: an access token that is the key (or holds it) is never handed out as a bearer', async () => {
    for (const token of [TEST_KEY, `eyJ.${TEST_KEY}`]) {
      h.fake.reply = () => ({
        body: { statusCode: 200, message: 'ok', data: { access_token: token, expires_in: 60, user: { id: 'u' } } },
      });
      const res = await fetch(`${h.proxy.url}/external/auth/login`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json', 'x-carstrel-session': 'bearer' },
        body: '{"email":"a@b.c","password":"password123"}',
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-carstrel-bearer'), null);
      await assertNoLeak(res, `token ${token}`);
    }
    h.fake.reply = reply;
  });

  it('the customer profile (me)', async () => {
    mode = 'json';
    status = 200;
    const login = await fetch(`${h.proxy.url}/external/auth/login`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: '{"email":"a@b.c","password":"password123"}',
    });
    await login.arrayBuffer();
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    assert.match(cookie, /^carstrel_session=./);
    await everyMode('/external/auth/me', () => fetch(`${h.proxy.url}/external/auth/me`, { headers: { cookie } }));
  });

  it('a lead, forwarded (201), refused (422) and replayed from the journal', async () => {
    for (const code of [201, 422]) {
      const keys: string[] = [];
      await everyMode(
        '/external/test-drives',
        () => {
          keys.push(`leak-key-${code}-${++n}`);
          return fetch(`${h.proxy.url}/external/test-drives`, {
            method: 'POST',
            headers: { origin: ORIGIN, 'content-type': 'application/json', 'idempotency-key': keys.at(-1)! },
            body: '{"vehicleId":"v1"}',
          });
        },
        code,
      );
      for (const key of keys) {
        const again = await fetch(`${h.proxy.url}/external/test-drives`, {
          method: 'POST',
          headers: { origin: ORIGIN, 'content-type': 'application/json', 'idempotency-key': key },
          body: '{"vehicleId":"v1"}',
        });
        await assertNoLeak(again, `replay of ${key}`);
      }
    }
  });

  it('upstream errors: a 4xx passed through, a 5xx turned into the 502 envelope', async () => {
    await everyMode('/external/vehicles/v2 (401)', () => fetch(`${h.proxy.url}/external/vehicles/v2`), 401);
    await everyMode('/external/vehicles/v2 (500)', () => fetch(`${h.proxy.url}/external/vehicles/v2`), 500);
    await everyMode('/external/brands (503)', () => fetch(`${h.proxy.url}/external/brands?page=${++n}`), 503);
  });

  it('log lines carry no form of the key', () => {
    assert.ok(h.logs.length > 50);
    for (const line of h.logs) assert.ok(!leaksKey(line, TEST_KEY), line);
  });
});

describe('no key leak through a thrown error', () => {
  const forms = (key: string) => `connect failed: x-api-key=${key} %73k_test and \\u0073${key.slice(1)}`;

  async function throwing(err: Error): Promise<{ res: Response; logs: string[] }> {
    const logs: string[] = [];
    const upstream: Upstream = {
      request: () => Promise.reject(err),
      close: async () => {},
    };
    const config = loadConfig({
      CARSTREL_API_KEY: TEST_KEY,
      CARSTREL_API_URL: 'https://api.carstrel.com',
      CARSTREL_RATE_LIMIT: 'off',
    });
    const app = createProxyApp(config, { upstream, log: (l) => logs.push(l) });
    const res = await app.fetch(new Request('https://cars.dealer.example/external/vehicles/v1'));
    await app.close();
    return { res, logs };
  }

  it('an upstream client failure (unreachable, timeout) answers 502/504 without its message', async () => {
    for (const [kind, code] of [
      ['unreachable', 502],
      ['timeout', 504],
    ] as const) {
      const { res, logs } = await throwing(new UpstreamError(kind, new Error(forms(TEST_KEY))));
      assert.equal(res.status, code);
      await assertNoLeak(res, kind);
      for (const l of logs) assert.ok(!leaksKey(l, TEST_KEY), l);
    }
  });

  it('an unexpected error answers 500 in the envelope; its log line is written with the key redacted', async () => {
    const { res, logs } = await throwing(new Error(forms(TEST_KEY)));
    assert.equal(res.status, 500);
    const body = await assertNoLeak(res, 'internal');
    assert.equal(JSON.parse(body).statusCode, 500);
    const errors = logs.filter((l) => l.includes('"level":"error"'));
    assert.equal(errors.length, 1, 'the error is logged');
    assert.match(errors[0], /connect failed: x-api-key=\[redacted\]/);
    for (const l of logs) assert.ok(!leaksKey(l, TEST_KEY), l);
  });
});

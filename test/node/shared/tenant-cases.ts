/**
 * Many dealers, one deployment: isolation is the product. One table of rules for both runtimes:
 * test/node/proxy/tenants-isolation.test.ts runs it against the Node proxy (the tenants file),
 * test/node/edge/tenants-workerd.test.ts against workerd (the same file as its TENANTS KV
 * namespace). Three setups, each with its own upstream and settings:
 *
 * - `isolationCases`: the sandbox's two dealers as two tenants (`summit`: sk_test_sandbox, dealer
 *   one; `savanna`: sk_test_sandbox2, dealer two), rate limits off;
 * - `rateLimitCases`: the same, with `RATE_LIMIT_ENV`;
 * - `outboxCases`: a fake CarStrel (`outboxFixture`) that records the key of every call and can be
 *   down, two tenants `alpha` and `bravo`.
 */
import assert from 'node:assert/strict';
import { envelope, startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.js';
import { isEnvelope } from '../proxy/harness.js';
import { SAVANNA, SUMMIT, call, logLines, until, type TenantEntry } from '../proxy/tenants-harness.js';

export { SAVANNA, SUMMIT, TWO_DEALERS } from '../proxy/tenants-harness.js';

export interface TenantTarget {
  runtime: 'node' | 'workerd';
  url: string;
  /** Lines the proxy logged so far (cleared by the cases that count them). */
  logs: string[];
  /** Headers that make a request the operator's (loopback on Node; `CF-Connecting-IP` on workerd). */
  operator: Record<string, string>;
  /** Serve these tenants from now on (Node: rewrite the file and reload; workerd: rewrite and wait). */
  rewrite(tenants: TenantEntry[]): Promise<void>;
}

export interface TenantCase<F = undefined> {
  rule: string;
  run(t: TenantTarget, fixture: F): Promise<void>;
}

export const RATE_LIMIT_ENV = { CARSTREL_RATE_LIMIT: 'get=600,post=20,auth=2' };

export const LEAD = {
  vehicleId: '00000000-0000-4000-8000-000000000001',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  phone: '+1 555 0100',
  preferredDate: '2030-01-01',
};

export const isolationCases: TenantCase[] = [
  {
    rule: 'isolation: a cached list of one dealer is never served to another',
    async run(t) {
      const path = (id: string) => `/d/${id}/external/vehicles?limit=5`;
      const first = await call(t.url, path('summit'));
      const again = await call(t.url, path('summit'));
      assert.equal(first.headers['x-carstrel-cache'], 'MISS');
      assert.equal(again.headers['x-carstrel-cache'], 'HIT', 'the list is cached for summit');
      const other = await call(t.url, path('savanna'));
      assert.equal(other.status, 200);
      assert.equal(other.headers['x-carstrel-cache'], 'MISS', "savanna's first read is its own");
      const ids = (a: typeof first) => (a.json().data as Array<{ id: string }>).map((v) => v.id);
      assert.ok(ids(first).length > 0 && ids(other).length > 0);
      assert.deepEqual(
        ids(first).filter((id) => ids(other).includes(id)),
        [],
        "no vehicle of summit's list appears in savanna's",
      );
    },
  },
  {
    rule: "isolation: one tenant's origin is refused by another (CORS)",
    async run(t) {
      const own = await call(t.url, '/d/summit/external/brands?limit=1', { headers: { origin: SUMMIT } });
      assert.equal(own.headers['access-control-allow-origin'], SUMMIT);
      const foreign = await call(t.url, '/d/summit/external/brands?limit=1', { headers: { origin: SAVANNA } });
      assert.equal(
        foreign.headers['access-control-allow-origin'],
        undefined,
        "savanna's page cannot read summit's API",
      );
      const preflight = await call(t.url, '/d/summit/external/test-drives', {
        method: 'OPTIONS',
        headers: { origin: SAVANNA, 'access-control-request-method': 'POST' },
      });
      assert.equal(preflight.status, 403);
      assert.ok(isEnvelope(preflight.json(), 403));
    },
  },
  {
    rule: "isolation: one tenant's origin is refused by another (CSRF)",
    async run(t) {
      const res = await call(t.url, '/d/summit/external/test-drives', {
        method: 'POST',
        headers: { origin: SAVANNA, 'idempotency-key': 'csrf-check-0001' },
        body: LEAD,
      });
      assert.equal(res.status, 403);
      assert.ok(isEnvelope(res.json(), 403));
      assert.match(String(res.json().message), /www\.savanna\.example is not allowed/);
      const logout = await call(t.url, '/d/savanna/session/logout', { method: 'POST', headers: { origin: SUMMIT } });
      assert.equal(logout.status, 403);
    },
  },
  {
    rule: 'isolation: a session cookie of one tenant is useless on another (cookie name and key per tenant)',
    async run(t) {
      const login = await call(t.url, '/d/summit/external/auth/login', {
        method: 'POST',
        headers: { origin: SUMMIT },
        body: { email: 'jane.doe@example.com', password: 'password123' },
      });
      assert.equal(login.status, 200);
      const setCookie = String(login.headers['set-cookie']);
      const m = /^carstrel_session_summit=([^;]+)/.exec(setCookie);
      assert.ok(m, `the cookie is named after the tenant: ${setCookie.slice(0, 40)}`);
      const value = m[1];
      const active = async (id: string, cookie: string) =>
        ((await call(t.url, `/d/${id}/session`, { headers: { cookie } })).json().data as { active: boolean }).active;
      assert.equal(await active('summit', `carstrel_session_summit=${value}`), true);
      assert.equal(await active('savanna', `carstrel_session_summit=${value}`), false, "another tenant's name");
      assert.equal(await active('savanna', `carstrel_session_savanna=${value}`), false, 'renamed: another key');
      const me = await call(t.url, '/d/savanna/external/auth/me', {
        headers: { cookie: `carstrel_session_savanna=${value}` },
      });
      assert.equal(me.status, 401, 'no bearer reaches upstream for savanna');
    },
  },
  {
    rule: 'isolation: an unknown tenant is a 404 in the envelope, and so is the root of a multi-dealer proxy',
    async run(t) {
      const unknown = await call(t.url, '/d/nobody/external/vehicles');
      assert.equal(unknown.status, 404);
      assert.ok(isEnvelope(unknown.json(), 404));
      assert.match(String(unknown.json().message), /No dealer "nobody"/);
      const root = await call(t.url, '/external/vehicles');
      assert.equal(root.status, 404);
      assert.ok(isEnvelope(root.json(), 404));
      assert.match(String(root.json().message), /\/d\/<dealer id>\/external\/vehicles/);
    },
  },
  {
    rule: "a tenant's host is served at the root with its own data and origins",
    async run(t) {
      const byHost = await call(t.url, '/external/vehicles?limit=5', {
        headers: { host: 'cars.savanna.example', origin: SAVANNA },
      });
      const byPrefix = await call(t.url, '/d/savanna/external/vehicles?limit=5');
      assert.equal(byHost.status, 200);
      assert.equal(byHost.headers['access-control-allow-origin'], SAVANNA);
      assert.deepEqual(byHost.json().data, byPrefix.json().data);
      const foreign = await call(t.url, '/external/brands', {
        headers: { host: 'cars.savanna.example', origin: SUMMIT },
      });
      assert.equal(foreign.headers['access-control-allow-origin'], undefined);
    },
  },
  {
    rule: 'isolation: log lines carry the tenant id',
    async run(t) {
      t.logs.length = 0;
      await call(t.url, '/d/summit/external/brands?limit=2');
      await call(t.url, '/d/savanna/external/brands?limit=2');
      await call(t.url, '/external/brands?limit=2', { headers: { host: 'cars.savanna.example' } });
      const brands = () => logLines(t.logs).filter((l) => String(l.path).endsWith('/external/brands'));
      await until(() => brands().length >= 3, 3000, 'three request lines');
      assert.deepEqual(
        brands().map((l) => l.tenant),
        ['summit', 'savanna', 'savanna'],
      );
      assert.ok(!t.logs.some((l) => l.includes('sk_test_sandbox')), 'no key in any log line');
    },
  },
];

export const rateLimitCases: TenantCase[] = [
  {
    rule: 'isolation: rate-limit buckets are per tenant (one tenant exhausted, the other untouched)',
    async run(t) {
      const login = (id: string) =>
        call(t.url, `/d/${id}/external/auth/login`, {
          method: 'POST',
          body: { email: 'nobody@example.com', password: 'wrong-password' },
        });
      for (let i = 0; i < 2; i++) assert.notEqual((await login('summit')).status, 429);
      const limited = await login('summit');
      assert.equal(limited.status, 429, 'the same client is over its limit on summit');
      assert.ok(isEnvelope(limited.json(), 429));
      assert.notEqual((await login('savanna')).status, 429, 'and has its own full bucket on savanna');
    },
  },
];

export const KEY_A = 'sk_test_alphaone';
export const KEY_A2 = 'sk_test_alphatwo';
export const KEY_B = 'sk_test_bravoone';

/** The outbox setup's tenants, alpha with `keyA`. */
export const outboxTenants = (keyA: string): TenantEntry[] => [
  { id: 'alpha', apiKey: keyA, allowedOrigins: ['https://alpha.example'] },
  { id: 'bravo', apiKey: KEY_B, allowedOrigins: ['https://bravo.example'] },
];

export interface OutboxFixture {
  fake: FakeUpstream;
  /** While true, the fake answers every POST 503 (CarStrel down). */
  down: boolean;
  /** Lead POSTs that reached the fake with `key`. */
  leadsSeen(key: string): FakeUpstream['seen'];
  post(t: TenantTarget, id: string, key: string): ReturnType<typeof call>;
}

/** A fake CarStrel for the outbox cases: down until a case says otherwise. */
export async function outboxFixture(): Promise<OutboxFixture> {
  const fx: OutboxFixture = {
    fake: await startFakeUpstream((s) =>
      s.method === 'POST' && fx.down
        ? { status: 503, body: { statusCode: 503, message: 'down', error: 'Service Unavailable' } }
        : { status: s.method === 'POST' ? 201 : 200, body: envelope({ ok: true }) },
    ),
    down: true,
    leadsSeen: (key) =>
      fx.fake.seen.filter(
        (s) => s.method === 'POST' && s.url === '/external/test-drives' && s.headers['x-api-key'] === key,
      ),
    post: (t, id, key) =>
      call(t.url, `/d/${id}/external/test-drives`, {
        method: 'POST',
        headers: { origin: `https://${id}.example`, 'idempotency-key': key },
        body: LEAD,
      }),
  };
  return fx;
}

export const outboxCases: TenantCase<OutboxFixture>[] = [
  {
    rule: 'isolation: an Idempotency-Key of one tenant is not replayed to another',
    async run(t, fx) {
      const before = fx.leadsSeen(KEY_B).length;
      const alpha = await fx.post(t, 'alpha', 'shared-key-0001');
      assert.equal(alpha.status, 202, 'queued for alpha while CarStrel is down');
      const res = await fx.post(t, 'bravo', 'shared-key-0001');
      assert.equal(res.status, 202);
      assert.equal(res.headers['idempotent-replayed'], undefined, 'a new lead for bravo, not alpha’s answer');
      assert.notEqual(
        (res.json().data as { reference: string }).reference,
        (alpha.json().data as { reference: string }).reference,
      );
      assert.equal(fx.leadsSeen(KEY_B).length, before + 1, "tried upstream with bravo's key");
      const again = await fx.post(t, 'alpha', 'shared-key-0001');
      assert.equal(again.headers['idempotent-replayed'], 'true', "alpha's own key is replayed to alpha");
    },
  },
  {
    rule: "isolation: a queued lead is delivered with its own tenant's key, the current one after a rotation",
    async run(t, fx) {
      await t.rewrite(outboxTenants(KEY_A2));
      const rotatedAt = fx.fake.seen.length;
      fx.down = false;
      // Waits for that very lead: other leads of alpha queued by earlier cases may drain first.
      await until(
        () =>
          fx.leadsSeen(KEY_A2).some((s) => s.headers['idempotency-key'] === 'shared-key-0001') &&
          fx.leadsSeen(KEY_B).some((s) => fx.fake.seen.indexOf(s) >= rotatedAt),
        20_000,
        'both deliveries',
      );
      assert.ok(
        fx.leadsSeen(KEY_A2).some((s) => s.headers['idempotency-key'] === 'shared-key-0001'),
        "alpha's queued lead went out with alpha's new key",
      );
      assert.ok(
        !fx.fake.seen.slice(rotatedAt).some((s) => s.headers['x-api-key'] === KEY_A),
        'the old key is not used after the rotation',
      );
      assert.equal(fx.leadsSeen(KEY_B).at(-1)?.headers['idempotency-key'], 'shared-key-0001');
      const depths = async () =>
        (
          (await call(t.url, '/healthz', { headers: t.operator })).json().data as {
            dealers: Array<{ queue: { depth: number } }>;
          }
        ).dealers.map((d) => d.queue.depth);
      await until(async () => (await depths()).every((d) => d === 0), 10_000, 'both queues settled');
    },
  },
];

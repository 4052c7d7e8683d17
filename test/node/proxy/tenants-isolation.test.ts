/**
 * Many dealers, one deployment: isolation is the product. One regression test per rule, named
 * after it; the sandbox's two dealers are two tenants (`summit`: sk_test_sandbox, dealer one;
 * `savanna`: sk_test_sandbox2, dealer two), and the fake upstream records which key each call carried.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, before, after } from 'node:test';
import { startSandbox } from '../../../proxy/sandbox/index.js';
import { startFakeUpstream, envelope, type FakeUpstream } from './fake-upstream.js';
import { isEnvelope } from './harness.js';
import {
  SAVANNA,
  SUMMIT,
  TWO_DEALERS,
  call,
  logLines,
  startTenants,
  until,
  type TenantsHarness,
} from './tenants-harness.js';

const LEAD = {
  vehicleId: '00000000-0000-4000-8000-000000000001',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  phone: '+1 555 0100',
  preferredDate: '2030-01-01',
};

describe('tenants: isolation against the sandbox (two dealers)', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let h: TenantsHarness;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    h = await startTenants(TWO_DEALERS, sandbox.url);
  });
  after(async () => {
    await h.close();
    await sandbox.close();
  });

  it('isolation: a cached list of one dealer is never served to another', async () => {
    const path = (id: string) => `/d/${id}/external/vehicles?limit=5`;
    const first = await call(h.proxy.url, path('summit'));
    const again = await call(h.proxy.url, path('summit'));
    assert.equal(first.headers['x-carstrel-cache'], 'MISS');
    assert.equal(again.headers['x-carstrel-cache'], 'HIT', 'the list is cached for summit');
    const other = await call(h.proxy.url, path('savanna'));
    assert.equal(other.status, 200);
    assert.equal(other.headers['x-carstrel-cache'], 'MISS', "savanna's first read is its own");
    const ids = (a: typeof first) => (a.json().data as Array<{ id: string }>).map((v) => v.id);
    assert.ok(ids(first).length > 0 && ids(other).length > 0);
    assert.deepEqual(
      ids(first).filter((id) => ids(other).includes(id)),
      [],
      "no vehicle of summit's list appears in savanna's",
    );
  });

  it("isolation: one tenant's origin is refused by another (CORS)", async () => {
    const own = await call(h.proxy.url, '/d/summit/external/brands?limit=1', { headers: { origin: SUMMIT } });
    assert.equal(own.headers['access-control-allow-origin'], SUMMIT);
    const foreign = await call(h.proxy.url, '/d/summit/external/brands?limit=1', { headers: { origin: SAVANNA } });
    assert.equal(foreign.headers['access-control-allow-origin'], undefined, "savanna's page cannot read summit's API");
    const preflight = await call(h.proxy.url, '/d/summit/external/test-drives', {
      method: 'OPTIONS',
      headers: { origin: SAVANNA, 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 403);
    assert.ok(isEnvelope(preflight.json(), 403));
  });

  it("isolation: one tenant's origin is refused by another (CSRF)", async () => {
    const res = await call(h.proxy.url, '/d/summit/external/test-drives', {
      method: 'POST',
      headers: { origin: SAVANNA, 'idempotency-key': 'csrf-check-0001' },
      body: LEAD,
    });
    assert.equal(res.status, 403);
    assert.ok(isEnvelope(res.json(), 403));
    assert.match(String(res.json().message), /www\.savanna\.example is not allowed/);
    const logout = await call(h.proxy.url, '/d/savanna/session/logout', {
      method: 'POST',
      headers: { origin: SUMMIT },
    });
    assert.equal(logout.status, 403);
  });

  it('isolation: a session cookie of one tenant is useless on another (cookie name and key per tenant)', async () => {
    const login = await call(h.proxy.url, '/d/summit/external/auth/login', {
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
      ((await call(h.proxy.url, `/d/${id}/session`, { headers: { cookie } })).json().data as { active: boolean })
        .active;
    assert.equal(await active('summit', `carstrel_session_summit=${value}`), true);
    assert.equal(await active('savanna', `carstrel_session_summit=${value}`), false, "another tenant's name");
    assert.equal(await active('savanna', `carstrel_session_savanna=${value}`), false, 'renamed: another key');
    const me = await call(h.proxy.url, '/d/savanna/external/auth/me', {
      headers: { cookie: `carstrel_session_savanna=${value}` },
    });
    assert.equal(me.status, 401, 'no bearer reaches upstream for savanna');
  });

  it('isolation: an unknown tenant is a 404 in the envelope, and so is the root of a multi-dealer proxy', async () => {
    const unknown = await call(h.proxy.url, '/d/nobody/external/vehicles');
    assert.equal(unknown.status, 404);
    assert.ok(isEnvelope(unknown.json(), 404));
    assert.match(String(unknown.json().message), /No dealer "nobody"/);
    const root = await call(h.proxy.url, '/external/vehicles');
    assert.equal(root.status, 404);
    assert.ok(isEnvelope(root.json(), 404));
    assert.match(String(root.json().message), /\/d\/<dealer id>\/external\/vehicles/);
  });

  it("a tenant's host is served at the root with its own data and origins", async () => {
    const byHost = await call(h.proxy.url, '/external/vehicles?limit=5', {
      headers: { host: 'cars.savanna.example', origin: SAVANNA },
    });
    const byPrefix = await call(h.proxy.url, '/d/savanna/external/vehicles?limit=5');
    assert.equal(byHost.status, 200);
    assert.equal(byHost.headers['access-control-allow-origin'], SAVANNA);
    assert.deepEqual(byHost.json().data, byPrefix.json().data);
    const foreign = await call(h.proxy.url, '/external/brands', {
      headers: { host: 'cars.savanna.example', origin: SUMMIT },
    });
    assert.equal(foreign.headers['access-control-allow-origin'], undefined);
  });

  it('isolation: log lines carry the tenant id', async () => {
    h.logs.length = 0;
    await call(h.proxy.url, '/d/summit/external/brands?limit=2');
    await call(h.proxy.url, '/d/savanna/external/brands?limit=2');
    await call(h.proxy.url, '/external/brands?limit=2', { headers: { host: 'cars.savanna.example' } });
    const lines = logLines(h.logs).filter((l) => String(l.path).endsWith('/external/brands'));
    assert.deepEqual(
      lines.map((l) => l.tenant),
      ['summit', 'savanna', 'savanna'],
    );
    assert.ok(!h.logs.some((l) => l.includes('sk_test_sandbox')), 'no key in any log line');
  });
});

describe('tenants: rate-limit buckets are per tenant', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let h: TenantsHarness;
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    h = await startTenants(TWO_DEALERS, sandbox.url, { CARSTREL_RATE_LIMIT: 'get=600,post=20,auth=2' });
  });
  after(async () => {
    await h.close();
    await sandbox.close();
  });

  it('isolation: rate-limit buckets are per tenant (one tenant exhausted, the other untouched)', async () => {
    const login = (id: string) =>
      call(h.proxy.url, `/d/${id}/external/auth/login`, {
        method: 'POST',
        body: { email: 'nobody@example.com', password: 'wrong-password' },
      });
    for (let i = 0; i < 2; i++) assert.notEqual((await login('summit')).status, 429);
    const limited = await login('summit');
    assert.equal(limited.status, 429, 'the same client is over its limit on summit');
    assert.ok(isEnvelope(limited.json(), 429));
    assert.notEqual((await login('savanna')).status, 429, 'and has its own full bucket on savanna');
  });
});

describe('tenants: lead outboxes (fake upstream, recording keys)', () => {
  let fake: FakeUpstream;
  let h: TenantsHarness;
  let down = true;
  const KEY_A = 'sk_test_alphaone';
  const KEY_A2 = 'sk_test_alphatwo';
  const KEY_B = 'sk_test_bravoone';
  const tenants = (keyA: string) => [
    { id: 'alpha', apiKey: keyA, allowedOrigins: ['https://alpha.example'] },
    { id: 'bravo', apiKey: KEY_B, allowedOrigins: ['https://bravo.example'] },
  ];
  const leadsSeen = (key: string) =>
    fake.seen.filter((s) => s.method === 'POST' && s.url === '/external/test-drives' && s.headers['x-api-key'] === key);

  before(async () => {
    fake = await startFakeUpstream((s) =>
      s.method === 'POST' && down
        ? { status: 503, body: { statusCode: 503, message: 'down', error: 'Service Unavailable' } }
        : { status: s.method === 'POST' ? 201 : 200, body: envelope({ ok: true }) },
    );
    h = await startTenants(tenants(KEY_A), fake.url);
  });
  after(async () => {
    await h.close();
    await fake.close();
  });

  const post = (id: string, key: string) =>
    call(h.proxy.url, `/d/${id}/external/test-drives`, {
      method: 'POST',
      headers: { origin: `https://${id}.example`, 'idempotency-key': key },
      body: LEAD,
    });

  it("isolation: lead journal entries are per tenant (each tenant's own outbox directory)", async () => {
    const res = await post('alpha', 'journal-key-0001');
    assert.equal(res.status, 202);
    const reference = (res.json().data as { reference: string }).reference;
    const alphaJournal = join(h.dataDir, 'tenants', 'alpha', 'leads.jsonl');
    assert.ok(readFileSync(alphaJournal, 'utf8').includes(reference), "queued in alpha's journal");
    assert.ok(!existsSync(join(h.dataDir, 'tenants', 'bravo', 'leads.jsonl')), 'bravo has no journal yet');
    assert.deepEqual(leadsSeen(KEY_B), [], "nothing went out with bravo's key");
  });

  it('isolation: an Idempotency-Key of one tenant is not replayed to another', async () => {
    const res = await post('bravo', 'journal-key-0001');
    assert.equal(res.status, 202);
    assert.equal(res.headers['idempotent-replayed'], undefined, 'a new lead for bravo, not alpha’s answer');
    assert.equal(leadsSeen(KEY_B).length, 1, "tried upstream with bravo's key");
    assert.ok(existsSync(join(h.dataDir, 'tenants', 'bravo', 'leads.jsonl')));
  });

  it("isolation: a queued lead is delivered with its own tenant's key, the current one after a rotation", async () => {
    h.write(tenants(KEY_A2));
    assert.equal(await h.proxy.reload?.(), true);
    down = false;
    await until(() => leadsSeen(KEY_A2).length > 0 && leadsSeen(KEY_B).length > 1, 10_000, 'both deliveries');
    assert.equal(leadsSeen(KEY_A2)[0]?.headers['idempotency-key'], 'journal-key-0001');
    const alphaAfter = fake.seen.filter(
      (s) => s.url === '/external/test-drives' && s.headers['x-api-key'] === KEY_A && s !== undefined,
    );
    assert.equal(alphaAfter.length, 1, 'the old key was used only for the first try, before the rotation');
    assert.equal(leadsSeen(KEY_B).at(-1)?.headers['idempotency-key'], 'journal-key-0001');
    const depths = async () =>
      (
        (await call(h.proxy.url, '/healthz')).json().data as { dealers: Array<{ queue: { depth: number } }> }
      ).dealers.map((d) => d.queue.depth);
    await until(async () => (await depths()).every((d) => d === 0), 5000, 'both queues settled');
  });
});

/**
 * The tenants file and the settings around it, checked with errors that say where the problem is
 * and how to fix it, never echoing a key; the registry's reload diff; the lazily opened outbox.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResponseCache } from '../../../proxy/lib/cache.js';
import { ConfigError, loadConfig } from '../../../proxy/lib/config.js';
import { MemoryLeadStore, type LeadRecord } from '../../../proxy/lib/leads.js';
import { RateLimiter } from '../../../proxy/lib/ratelimit.js';
import type { Upstream } from '../../../proxy/lib/upstream.js';
import { parseTenants, type TenantSpec } from '../../../proxy/tenants/file.js';
import { LazyLeadStore } from '../../../proxy/tenants/lazy-store.js';
import { TenantRegistry } from '../../../proxy/tenants/registry.js';

const problems = (text: string, env: Record<string, string> = {}) => {
  const r = parseTenants(text, env);
  assert.ok('problems' in r, 'refused');
  return r.problems;
};
const file = (tenants: unknown[]) => JSON.stringify({ tenants });
const ok = { id: 'savanna', apiKey: 'sk_test_sandbox2', allowedOrigins: ['https://www.savanna.example'] };

describe('tenants file', () => {
  it('accepts apiKey or apiKeyEnv, normalizes origins and hosts', () => {
    const r = parseTenants(
      file([
        { ...ok, allowedOrigins: ['https://www.savanna.example/'], hosts: ['Cars.Savanna.example'] },
        { id: 'summit', apiKeyEnv: 'SUMMIT_KEY', allowedOrigins: ['http://localhost:5173'] },
      ]),
      { SUMMIT_KEY: 'sk_live_abc123' },
    );
    assert.deepEqual(r, {
      tenants: [
        {
          id: 'savanna',
          apiKey: 'sk_test_sandbox2',
          allowedOrigins: ['https://www.savanna.example'],
          hosts: ['cars.savanna.example'],
        },
        { id: 'summit', apiKey: 'sk_live_abc123', allowedOrigins: ['http://localhost:5173'], hosts: [] },
      ],
    });
  });

  it('says what is wrong with broken JSON or the wrong shape', () => {
    assert.match(problems('{ "tenants": [')[0] ?? '', /is not valid JSON .*Check quotes, commas and brackets/);
    assert.match(problems('[]')[0] ?? '', /must be a JSON object: \{ "tenants": \[/);
    assert.match(problems('{"tenant": []}').join('\n'), /Unrecognized key: "tenant".*the file has only "tenants"/);
    assert.match(
      problems(file([{ ...ok, apikey: 'x' }])).join('\n'),
      /tenants\[0\] \("savanna"\): Unrecognized key: "apikey" \(known fields: id, apiKey/,
    );
  });

  it('lists every problem at once, each with where it is and how to fix it, without echoing a key', () => {
    const all = problems(
      file([
        { ...ok, id: 'Savanna Motors' },
        { ...ok, id: 'a', apiKey: 'sk_live_secret-with-dash' },
        { ...ok, id: 'b', allowedOrigins: [] },
      ]),
    );
    assert.equal(all.length, 3, all.join('\n'));
    assert.match(all[0] ?? '', /tenants\[0\]\.id: must be 1 to 63 lower-case letters/);
    assert.match(all[1] ?? '', /tenants\[1\] \("a"\)\.apiKey: must look like sk_live_… .*Dashboard/);
    assert.match(all[2] ?? '', /tenants\[2\] \("b"\)\.allowedOrigins: must list at least one origin/);
    assert.doesNotMatch(all.join('\n'), /secret-with-dash/);
  });

  it('refuses duplicate ids and hosts, both or neither key source, an unset or malformed key variable', () => {
    const all = problems(
      file([
        { ...ok, hosts: ['cars.example'] },
        { ...ok, hosts: ['cars.example'] },
        { id: 'both', apiKey: 'sk_test_x', apiKeyEnv: 'X', allowedOrigins: ['https://x.example'] },
        { id: 'none', allowedOrigins: ['https://x.example'] },
        { id: 'unset', apiKeyEnv: 'NOT_SET', allowedOrigins: ['https://x.example'] },
        { id: 'bad', apiKeyEnv: 'BAD_KEY', allowedOrigins: ['https://x.example/shop', '*.x.example'] },
      ]),
      { BAD_KEY: 'pk_live_nope' },
    ).join('\n');
    assert.match(all, /tenants\[1\] \("savanna"\)\.id: "savanna" is already the id of tenants\[0\]/);
    assert.doesNotMatch(all, /already a host/, 'the duplicate is the same tenant id, reported once');
    assert.match(all, /\("both"\): has both "apiKey" and "apiKeyEnv"\. Keep one\./);
    assert.match(all, /\("none"\): needs "apiKey" \(the dealer's secret key\) or "apiKeyEnv"/);
    assert.match(all, /\("unset"\)\.apiKeyEnv: the environment variable NOT_SET is not set/);
    assert.match(all, /\("bad"\)\.apiKeyEnv: the value of BAD_KEY must look like sk_live_/);
    assert.doesNotMatch(all, /pk_live_nope/);
    assert.match(all, /\("bad"\)\.allowedOrigins\[0\]: "https:\/\/x\.example\/shop" must be an exact origin/);
    assert.match(all, /\("bad"\)\.allowedOrigins\[1\]/);
    const hosts = problems(
      file([
        { ...ok, hosts: ['cars.example'] },
        { ...ok, id: 'other', hosts: ['CARS.example'] },
      ]),
    );
    assert.deepEqual(hosts, [
      'tenants[1] ("other").hosts: "cars.example" is already a host of "savanna". A host can serve one tenant only.',
    ]);
  });
});

describe('CARSTREL_TENANTS and CARSTREL_OPERATOR_TOKEN settings', () => {
  it('CARSTREL_TENANTS and CARSTREL_API_KEY together are refused with how to fix it', () => {
    assert.throws(
      () => loadConfig({ CARSTREL_TENANTS: 'tenants.json', CARSTREL_API_KEY: 'sk_live_abc' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.some((p) => /CARSTREL_TENANTS and CARSTREL_API_KEY are both set: use one/.test(p)),
    );
  });

  it('tenants mode forwards to CARSTREL_API_URL with no root key; a short operator token is refused', () => {
    const config = loadConfig({ CARSTREL_TENANTS: 'tenants.json' });
    assert.equal(config.mode, 'live');
    assert.equal(config.apiKey, '');
    assert.equal(config.tenantsFile, 'tenants.json');
    assert.equal(config.apiUrl, 'https://api.carstrel.com');
    assert.throws(
      () => loadConfig({ CARSTREL_OPERATOR_TOKEN: 'short' }),
      (err: unknown) => err instanceof ConfigError && /at least 24 characters/.test(err.problems.join()),
    );
  });
});

describe('tenant registry', () => {
  const upstream: Upstream = {
    request: () => Promise.resolve({ status: 200, headers: {}, body: new Uint8Array() }),
    close: async () => {},
  };
  const spec = (id: string, apiKey = `sk_test_${id}`, hosts: string[] = []): TenantSpec => ({
    id,
    apiKey,
    allowedOrigins: [`https://${id}.example`],
    hosts,
  });
  const registry = () =>
    new TenantRegistry(loadConfig({ CARSTREL_TENANTS: 't.json', CARSTREL_LOG: 'off' }), {
      upstream,
      cache: new ResponseCache(100),
      limiter: new RateLimiter({ get: 600, post: 20, auth: 1 }),
    });

  it('reports what a reload added, removed and changed, and swaps the set at once', async () => {
    const r = registry();
    assert.deepEqual(await r.apply([spec('a'), spec('b')]), {
      added: ['a', 'b'],
      removed: [],
      changed: [],
      tenants: 2,
    });
    const before = r.get('a');
    assert.deepEqual(await r.apply([spec('a', 'sk_test_new'), spec('c', undefined, ['c.example'])]), {
      added: ['c'],
      removed: ['b'],
      changed: ['a'],
      tenants: 2,
    });
    assert.equal(r.get('b'), undefined);
    assert.equal(r.get('a')?.config.apiKey, 'sk_test_new');
    assert.equal(before?.config.apiKey, 'sk_test_a', 'a request holding the old set keeps it whole');
    assert.equal(r.forHost('c.example:8443')?.config.tenant, 'c');
    assert.equal(r.forHost('a.example'), undefined);
    await r.close();
  });

  it('a removed tenant comes back with the same outbox and session key', async () => {
    const r = registry();
    await r.apply([spec('a'), spec('b')]);
    const leads = r.get('b')?.services.leads;
    const sealed = await r.get('b')?.services.sessions.seal({ accessToken: 'at', expiresIn: 60 });
    await r.apply([spec('a')]);
    assert.deepEqual((await r.apply([spec('a'), spec('b')])).added, ['b']);
    assert.equal(r.get('b')?.services.leads, leads);
    assert.equal(await r.get('b')?.services.sessions.open(sealed), 'at');
    assert.equal(await r.get('a')?.services.sessions.open(sealed), undefined, "another tenant's key");
    await r.close();
  });

  it("a rotated key starts a fresh cache part, and rate-limit buckets are the tenant's own", async () => {
    const r = registry();
    await r.apply([spec('a'), spec('b')]);
    const policy = { ttl: 60_000, swr: 0, sie: 0 };
    const answer = (text: string) => () =>
      Promise.resolve({ status: 200, headers: {}, body: new TextEncoder().encode(text) });
    const read = async (id: string, text: string) =>
      (await r.get(id)?.services.cache.fetch('GET /external/brands', policy, answer(text), () => ({})))?.state;
    assert.equal(await read('a', 'a1'), 'MISS');
    assert.equal(await read('a', 'a1'), 'HIT');
    assert.equal(await read('b', 'b1'), 'MISS', "b never gets a's entry");
    await r.apply([spec('a', 'sk_test_rotated'), spec('b')]);
    assert.equal(await read('a', 'a2'), 'MISS', 'the old key’s answers are not served for the new key');
    assert.equal(await read('b', 'b1'), 'HIT', 'b is untouched');
    assert.equal(await r.get('a')?.services.limiter.check('1.2.3.4', 'auth'), undefined);
    assert.ok(((await r.get('a')?.services.limiter.check('1.2.3.4', 'auth')) ?? 0) > 0, 'a is over its limit');
    assert.equal(await r.get('b')?.services.limiter.check('1.2.3.4', 'auth'), undefined, 'b has its own bucket');
    await r.close();
  });
});

describe('LazyLeadStore', () => {
  it('opens the outbox on the first write only, and again after a failed open', async () => {
    let opens = 0;
    let fail = true;
    const store = new LazyLeadStore(() => {
      opens++;
      return fail ? Promise.reject(new Error('disk full')) : Promise.resolve(new MemoryLeadStore());
    });
    assert.deepEqual(store.pending(), []);
    assert.equal(store.get('x'), undefined);
    assert.equal(opens, 0, 'reading opens nothing');
    const rec: LeadRecord = {
      id: '/external/contact/submit k1',
      path: '/external/contact/submit',
      fingerprint: 'f',
      reference: 'lead_1',
      state: 'pending',
      body: '{}',
      contentType: 'application/json',
      idempotencyKey: 'k1',
      createdAt: 0,
      attempts: 1,
      nextAttemptAt: 0,
    };
    await assert.rejects(store.enqueue(rec), /disk full/);
    fail = false;
    await store.enqueue(rec);
    assert.equal(opens, 2);
    assert.equal(store.pending().length, 1);
    assert.equal(store.get(rec.id)?.reference, 'lead_1');
    await store.close();
  });
});

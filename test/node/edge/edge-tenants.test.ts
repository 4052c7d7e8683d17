/**
 * Many dealers on the edge, without workerd: where the tenants document comes from (a KV binding
 * or CARSTREL_TENANTS_JSON), how it is checked (the Node schema and messages), how edits are
 * followed (re-read when stale, a broken edit keeps what is served), the configuration rules, and
 * the workerd config of a local run (the file's directory as the TENANTS KV namespace).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMPATIBILITY_DATE } from '../../../proxy/edge/build.js';
import { workerdConfig } from '../../../proxy/edge/capnp.js';
import { edgeConfig } from '../../../proxy/edge/config.js';
import type { DurableObjectNamespace, EdgeEnv } from '../../../proxy/edge/platform.js';
import { TENANTS_REFRESH_MS, TenantsCache, tenantSource } from '../../../proxy/edge/tenants.js';
import { ConfigError } from '../../../proxy/lib/config.js';
import { edgeWorkDir, startEdge } from './workerd-harness.js';

const unused: DurableObjectNamespace = {
  idFromName: () => assert.fail('unused'),
  get: () => assert.fail('unused'),
};
const doc = (ids: string[], key = 'sk_test_tenantkey1') =>
  JSON.stringify({ tenants: ids.map((id) => ({ id, apiKey: key, allowedOrigins: [`https://${id}.example`] })) });
const base = {
  LEADS: unused,
  RATE_LIMITS: unused,
  CARSTREL_API_URL: 'https://api.carstrel.example',
  CARSTREL_SESSION_SECRET: 'x'.repeat(32),
};

/** A KV namespace whose one value the test changes. */
function kv(initial: string | null) {
  const store = { value: initial, reads: 0 };
  return {
    store,
    binding: {
      get: (key: string) => {
        store.reads++;
        return Promise.resolve(key === 'tenants.json' ? store.value : null);
      },
    },
  };
}

describe('edge tenants', () => {
  it('the source: the TENANTS KV namespace first (key CARSTREL_TENANTS_KEY), else CARSTREL_TENANTS_JSON, else one dealer', async () => {
    const k = kv(doc(['alpha']));
    const env: EdgeEnv = { ...base, TENANTS: k.binding, CARSTREL_TENANTS_JSON: doc(['bravo']) };
    assert.equal(tenantSource(env)?.label, 'KV TENANTS["tenants.json"]');
    assert.equal(await tenantSource(env)?.read(), doc(['alpha']));
    assert.equal(tenantSource({ ...env, CARSTREL_TENANTS_KEY: 'other.json' })?.label, 'KV TENANTS["other.json"]');
    assert.equal(await tenantSource({ ...env, CARSTREL_TENANTS_KEY: 'other.json' })?.read(), undefined);
    assert.equal(tenantSource({ ...base, CARSTREL_TENANTS_JSON: doc(['bravo']) })?.label, 'CARSTREL_TENANTS_JSON');
    assert.equal(tenantSource({ ...base, CARSTREL_TENANTS_JSON: '  ' }), undefined);
    assert.equal(tenantSource(base), undefined);
  });

  it('the document is checked by the Node schema: every problem, where it is, never the key', async () => {
    const key = 'sk_live_doNotEcho123';
    const bad = JSON.stringify({
      tenants: [
        { id: 'Alpha', apiKey: key, allowedOrigins: ['https://a.example/path'] },
        { id: 'bravo', apiKeyEnv: 'BRAVO_KEY', allowedOrigins: ['https://b.example'] },
      ],
    });
    const cache = new TenantsCache(tenantSource({ ...base, CARSTREL_TENANTS_JSON: bad })!, {
      ...base,
      CARSTREL_TENANTS_JSON: bad,
    });
    await assert.rejects(cache.current(), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /CARSTREL_TENANTS_JSON: tenants\[0\]\.id: must be 1 to 63 lower-case/);
      assert.ok(!err.message.includes(key), 'the key is never echoed');
      return true;
    });
    const withEnv = { ...base, CARSTREL_TENANTS_JSON: bad.replace('Alpha', 'alpha').replace('/path', '') };
    const missing = new TenantsCache(tenantSource(withEnv)!, withEnv);
    await assert.rejects(missing.current(), /apiKeyEnv: the environment variable BRAVO_KEY is not set/);
    const secret = { ...withEnv, BRAVO_KEY: 'sk_test_bravosecret1' };
    const ok = await new TenantsCache(tenantSource(secret)!, secret).current();
    assert.deepEqual(
      ok.specs.map((t) => [t.id, t.apiKey]),
      [
        ['alpha', key],
        ['bravo', 'sk_test_bravosecret1'],
      ],
      'apiKeyEnv names another binding of the worker (a secret)',
    );
  });

  it('edits are read again once the copy is stale; a broken edit keeps the tenants served and says why', async () => {
    const k = kv(doc(['alpha']));
    const env: EdgeEnv = { ...base, TENANTS: k.binding };
    const lines: string[] = [];
    const cache = new TenantsCache(tenantSource(env)!, env, (l) => lines.push(l));
    const t0 = 1_000_000;
    const first = await cache.current(t0);
    assert.deepEqual([first.specs.map((t) => t.id), first.changed], [['alpha'], true]);
    k.store.value = doc(['alpha', 'bravo']);
    const fresh = await cache.current(t0 + TENANTS_REFRESH_MS - 1);
    assert.deepEqual(
      [fresh.specs.map((t) => t.id), fresh.changed, k.store.reads],
      [['alpha'], false, 1],
      'not read yet',
    );
    const edited = await cache.current(t0 + TENANTS_REFRESH_MS);
    assert.deepEqual([edited.specs.map((t) => t.id), edited.changed], [['alpha', 'bravo'], true]);
    const same = await cache.current(t0 + 2 * TENANTS_REFRESH_MS);
    assert.deepEqual([same.changed, k.store.reads], [false, 3], 'read again, unchanged');
    k.store.value = '{ "tenants": [ broken';
    const kept = await cache.current(t0 + 3 * TENANTS_REFRESH_MS);
    assert.deepEqual([kept.specs.map((t) => t.id), kept.changed], [['alpha', 'bravo'], false]);
    assert.match(
      lines.map((l) => (JSON.parse(l) as { msg: string }).msg).join('\n'),
      /tenants document refused, the tenants served are kept: KV TENANTS\["tenants\.json"\]: is not valid JSON/,
    );
    k.store.value = null;
    const gone = await cache.current(t0 + 4 * TENANTS_REFRESH_MS);
    assert.deepEqual(
      gone.specs.map((t) => t.id),
      ['alpha', 'bravo'],
      'an emptied key keeps them too',
    );
  });

  it('configuration: tenants need no CARSTREL_API_KEY, and both together are refused', () => {
    const k = kv(doc(['alpha']));
    const config = edgeConfig({ ...base, TENANTS: k.binding });
    assert.equal(config.apiKey, '');
    assert.equal(config.tenantsFile, 'KV TENANTS["tenants.json"]', 'the app serves tenants');
    assert.throws(
      () => edgeConfig({ ...base, TENANTS: k.binding, CARSTREL_API_KEY: 'sk_test_onedealer1' }),
      /CARSTREL_API_KEY and tenants \(KV TENANTS\["tenants\.json"\]\) are both set: use one/,
    );
    assert.throws(() => edgeConfig(base), /CARSTREL_API_KEY is required on the edge/);
  });

  it('a local run binds the tenants file’s directory as the TENANTS KV namespace, read only', () => {
    const text = workerdConfig({
      address: '127.0.0.1:8787',
      workerModule: 'worker.mjs',
      assetsDir: '/srv/assets',
      storageDir: '/srv/data/edge',
      settings: ['CARSTREL_TENANTS_KEY', 'savanna_key'],
      compatibilityDate: COMPATIBILITY_DATE,
      tenantsDir: '/etc/carstrel',
    });
    assert.match(text, /\(name = "TENANTS", kvNamespace = "tenants"\)/);
    assert.match(text, /\(name = "tenants", disk = \(path = "\/etc\/carstrel", writable = false\)\)/);
    assert.match(text, /\(name = "savanna_key", fromEnvironment = "savanna_key"\)/, 'an apiKeyEnv name');
    assert.doesNotMatch(
      workerdConfig({
        address: 'x',
        workerModule: 'w',
        assetsDir: '/',
        storageDir: '/',
        settings: [],
        compatibilityDate: COMPATIBILITY_DATE,
      }),
      /TENANTS/,
      'one dealer: no namespace',
    );
  });

  it('`npm run edge` with a broken tenants file stops before workerd starts (exit 2), listing the problems', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edge-tenants-'));
    const work = edgeWorkDir();
    try {
      const file = join(dir, 'tenants.json');
      writeFileSync(file, JSON.stringify({ tenants: [{ id: 'alpha', allowedOrigins: ['https://a.example'] }] }));
      await assert.rejects(
        startEdge(
          { CARSTREL_TENANTS: file, CARSTREL_API_URL: 'http://127.0.0.1:9', CARSTREL_DATA_DIR: work.data },
          { out: work.out },
        ),
        (err: Error) =>
          /exited \(code 2\)/.test(err.message) &&
          /CARSTREL_TENANTS \(.*tenants\.json\): tenants\[0\] \("alpha"\): needs "apiKey"/.test(err.message),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
      work.cleanup();
    }
  });
});

/**
 * The edge's build and configuration, without starting workerd: the generated workerd config
 * (no secret in it, storage on disk, loopback upstream reachable), wrangler.toml agreeing with
 * the build, the bundle free of Node built-ins, and the edge's own configuration rules.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { buildEdge, COMPATIBILITY_DATE, SERVER_RENDER_OFF, SERVER_RENDER_ON } from '../../../proxy/edge/build.js';
import { capnpText, DURABLE_OBJECTS, workerdConfig } from '../../../proxy/edge/capnp.js';
import { edgeConfig } from '../../../proxy/edge/config.js';
import type { DurableObjectNamespace } from '../../../proxy/edge/platform.js';
import { rawTarget } from '../../../proxy/edge/worker.js';
import { ConfigError } from '../../../proxy/lib/config.js';
import { edgeWorkDir } from './workerd-harness.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const unused: DurableObjectNamespace = {
  idFromName: () => assert.fail('unused'),
  get: () => assert.fail('unused'),
};

describe('edge configuration', () => {
  it('the workerd config names settings but holds no value: the key stays in the environment', () => {
    const text = workerdConfig({
      address: '127.0.0.1:8787',
      workerModule: 'worker.mjs',
      assetsDir: '/srv/assets',
      storageDir: '/srv/data/edge',
      settings: ['CARSTREL_API_KEY', 'CARSTREL_API_URL'],
      compatibilityDate: COMPATIBILITY_DATE,
    });
    assert.match(text, /address = "127\.0\.0\.1:8787"/);
    assert.match(text, /\(name = "CARSTREL_API_KEY", fromEnvironment = "CARSTREL_API_KEY"\)/);
    assert.match(text, /durableObjectStorage = \(localDisk = "storage"\)/);
    assert.match(text, /disk = \(path = "\/srv\/data\/edge", writable = true\)/);
    assert.match(text, /disk = \(path = "\/srv\/assets", writable = false\)/);
    assert.match(text, /allow = \["public", "private", "local"\]/, 'a sandbox on loopback is reachable');
    for (const d of DURABLE_OBJECTS) {
      assert.ok(text.includes(`(className = "${d.className}", uniqueKey = "${d.uniqueKey}")`), d.className);
      assert.ok(text.includes(`(name = "${d.binding}", durableObjectNamespace = "${d.className}")`), d.binding);
    }
    assert.throws(() =>
      workerdConfig({
        address: 'x',
        workerModule: 'w',
        assetsDir: '/',
        storageDir: '/',
        settings: ['BAD") , (name = "X'],
        compatibilityDate: COMPATIBILITY_DATE,
      }),
    );
  });

  it('paths with quotes or backslashes are written as Cap’n Proto text literals', () => {
    assert.equal(capnpText('a"b\\c\nd'), '"a\\"b\\\\c\\nd"');
  });

  it('wrangler.toml deploys the same build: entry, compatibility date, assets, Durable Objects and their migration', () => {
    const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
    assert.match(toml, /^main = "dist\/edge\/worker\.mjs"$/m);
    assert.match(toml, new RegExp(`^compatibility_date = "${COMPATIBILITY_DATE}"$`, 'm'));
    assert.match(toml, /^directory = "dist\/edge\/assets"$/m);
    assert.match(toml, /^binding = "ASSETS"$/m);
    for (const d of DURABLE_OBJECTS)
      assert.match(toml, new RegExp(`name = "${d.binding}"\\nclass_name = "${d.className}"`), d.binding);
    assert.match(toml, /new_sqlite_classes = \["LeadOutbox", "RateLimitBucket"\]/);
    assert.doesNotMatch(toml, /CARSTREL_API_KEY\s*=/, 'the key is a secret, never a var');
  });

  it('the bundle is one ES module with no Node built-in and no nodejs_compat', async () => {
    const work = edgeWorkDir();
    try {
      const built = await buildEdge(ROOT, work.out);
      const code = readFileSync(built.worker, 'utf8');
      assert.doesNotMatch(code, /^import .* from ["']node:/m);
      assert.doesNotMatch(code, /\brequire\(["'](node:)?(fs|path|http|zlib|net|crypto)["']\)/);
      assert.match(code, /export \{[^}]*LeadOutbox[^}]*RateLimitBucket[^}]*as default/s);
      assert.ok(readFileSync(join(built.assets, 'demo', 'index.html'), 'utf8').length > 0, 'demo pages laid out');
    } finally {
      work.cleanup();
    }
  });

  it("the edge has no /render: its copy of the loader never asks for one (the Node proxy's does)", async () => {
    const work = edgeWorkDir();
    try {
      const built = await buildEdge(ROOT, work.out);
      assert.ok(built.widgets, 'the widgets build (npm run build) is there');
      const node = readFileSync(join(ROOT, 'dist', 'widgets', 'carstrel.js'), 'utf8');
      const edge = readFileSync(join(built.assets, 'widgets', 'carstrel.js'), 'utf8');
      assert.ok(node.includes(SERVER_RENDER_ON) && !node.includes(SERVER_RENDER_OFF));
      assert.ok(edge.includes(SERVER_RENDER_OFF) && !edge.includes(SERVER_RENDER_ON));
      assert.equal(edge.length, node.length, 'only the switch differs');
    } finally {
      work.cleanup();
    }
  });

  it('the edge requires a key and a session secret and says how to set them; a sandbox URL makes the mode "sandbox"', () => {
    assert.throws(
      () => edgeConfig({ LEADS: unused, RATE_LIMITS: unused }),
      (err: unknown) => err instanceof ConfigError && /wrangler secret put CARSTREL_API_KEY/.test(err.message),
    );
    const secret = 'a-session-secret-of-at-least-32-chars';
    assert.throws(
      () => edgeConfig({ LEADS: unused, RATE_LIMITS: unused, CARSTREL_API_KEY: 'sk_live_abc123' }),
      (err: unknown) =>
        err instanceof ConfigError && /CARSTREL_SESSION_SECRET is required on the edge/.test(err.message),
      'isolates share no memory: a random secret each would end sessions at random',
    );
    const live = edgeConfig({
      LEADS: unused,
      RATE_LIMITS: unused,
      CARSTREL_SESSION_SECRET: secret,
      CARSTREL_API_KEY: 'sk_live_abc123',
      CARSTREL_OWN_ORIGINS: 'http://127.0.0.1:8787, http://localhost:8787',
    });
    assert.equal(live.mode, 'live');
    assert.deepEqual(live.ownOrigins, ['http://127.0.0.1:8787', 'http://localhost:8787']);
    const sandbox = edgeConfig({
      LEADS: unused,
      RATE_LIMITS: unused,
      CARSTREL_SESSION_SECRET: secret,
      CARSTREL_API_KEY: 'sk_test_sandbox',
      CARSTREL_API_URL: 'http://127.0.0.1:4010',
      CARSTREL_SANDBOX_URL: 'http://127.0.0.1:4010',
    });
    assert.equal(sandbox.mode, 'sandbox');
  });

  it('the raw request target is taken as sent, before URL parsing resolves dot segments', () => {
    assert.equal(rawTarget('http://x/external/customers/../brands?q=1'), '/external/customers/../brands?q=1');
    assert.equal(rawTarget('https://cars.dealer.example'), '/');
    assert.equal(rawTarget('http://evil.example/external/%2e%2e/x'), '/external/%2e%2e/x');
  });
});

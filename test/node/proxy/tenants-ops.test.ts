/**
 * Operators of a multi-dealer proxy: per-tenant figures on `/healthz` and `/metrics` (Prometheus
 * text), only for a client on the proxy's machine or with the operator token, so that one
 * tenant's state never reaches another tenant's page; the loader served under each tenant's prefix.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, before, after } from 'node:test';
import { createProxyApp } from '../../../proxy/app.js';
import { loadConfig } from '../../../proxy/lib/config.js';
import { promMetrics } from '../../../proxy/lib/prom.js';
import { startSandbox } from '../../../proxy/sandbox/index.js';
import { isEnvelope } from './harness.js';
import { TWO_DEALERS, call, startTenants, type TenantsHarness } from './tenants-harness.js';

const TOKEN = 'operator-token-0123456789abcdef';
/** A request relayed by a front proxy: not taken for a local client, although its socket is. */
const REMOTE = { 'x-forwarded-for': '203.0.113.7' };

describe('tenants: operator figures', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let h: TenantsHarness;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    h = await startTenants(TWO_DEALERS, sandbox.url, { CARSTREL_OPERATOR_TOKEN: TOKEN });
    const widgets = join(h.dir, 'widgets');
    mkdirSync(join(widgets, 'chunks'), { recursive: true });
    writeFileSync(join(widgets, 'carstrel.js'), '/* loader */');
    writeFileSync(join(widgets, 'chunks', 'inventory-Ab12.js'), 'export {};');
  });
  after(async () => {
    await h.close();
    await sandbox.close();
  });

  it("a tenant's /healthz shows its upstream and queue to the operator only", async () => {
    const local = (await call(h.proxy.url, '/d/savanna/healthz')).json();
    const data = local.data as { upstream: { reachable: boolean; keyAccepted: boolean }; queue: { depth: number } };
    assert.equal(data.upstream.reachable, true);
    assert.equal(data.upstream.keyAccepted, true);
    assert.equal(data.queue.depth, 0);
    const remote = (await call(h.proxy.url, '/d/savanna/healthz', { headers: REMOTE })).json();
    assert.deepEqual(remote.data, { status: 'ok', tenant: 'savanna' }, 'nothing of its state');
    const wrong = await call(h.proxy.url, '/d/savanna/healthz', {
      headers: { ...REMOTE, authorization: `Bearer ${TOKEN}x` },
    });
    assert.deepEqual(wrong.json().data, { status: 'ok', tenant: 'savanna' });
    const token = await call(h.proxy.url, '/d/savanna/healthz', {
      headers: { ...REMOTE, authorization: `Bearer ${TOKEN}` },
    });
    assert.equal((token.json().data as { upstream: { reachable: boolean } }).upstream.reachable, true);
  });

  it('the root /healthz lists every tenant (upstream last seen, queue depth) for the operator only', async () => {
    await call(h.proxy.url, '/d/summit/external/brands?limit=1');
    const detail = (
      await call(h.proxy.url, '/healthz', { headers: { ...REMOTE, authorization: `Bearer ${TOKEN}` } })
    ).json().data as {
      tenants: number;
      dealers: Array<{ id: string; upstream: { reachable: boolean } | null; queue: { depth: number } }>;
    };
    assert.equal(detail.tenants, 2);
    assert.deepEqual(
      detail.dealers.map((d) => [d.id, d.queue.depth]),
      [
        ['summit', 0],
        ['savanna', 0],
      ],
    );
    assert.equal(detail.dealers[0]?.upstream?.reachable, true);
    const remote = (await call(h.proxy.url, '/healthz', { headers: REMOTE })).json();
    assert.deepEqual(remote.data, { status: 'ok', mode: 'tenants' });
    assert.doesNotMatch(JSON.stringify(remote), /summit|savanna/);
  });

  it('/metrics: Prometheus text with requests by route class, status and tenant, cache, queues, reloads', async () => {
    await call(h.proxy.url, '/d/savanna/external/vehicles?limit=2');
    await call(h.proxy.url, '/d/savanna/external/vehicles?limit=2');
    const res = await call(h.proxy.url, '/metrics');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const text = res.text;
    assert.match(text, /carstrel_requests_total\{route_class="list",status="200",tenant="savanna"\} 2/);
    assert.match(text, /carstrel_cache_results_total\{result="HIT",tenant="savanna"\} 1/);
    assert.match(text, /carstrel_upstream_duration_seconds_bucket\{le="0\.1",outcome="ok"\} \d+/);
    assert.match(text, /carstrel_lead_queue_depth\{tenant="summit"\} 0/);
    assert.match(text, /carstrel_lead_oldest_age_seconds\{tenant="savanna"\} 0/);
    assert.match(text, /carstrel_tenant_reloads_total\{result="ok"\} 1/);
    assert.match(text, /carstrel_tenants 2/);
  });

  it('/metrics is refused (403 in the envelope) to a remote client without the operator token', async () => {
    const refused = await call(h.proxy.url, '/metrics', { headers: REMOTE });
    assert.equal(refused.status, 403);
    assert.ok(isEnvelope(refused.json(), 403));
    assert.match(String(refused.json().message), /CARSTREL_OPERATOR_TOKEN/);
    const allowed = await call(h.proxy.url, '/metrics', { headers: { ...REMOTE, authorization: `Bearer ${TOKEN}` } });
    assert.equal(allowed.status, 200);
  });

  it("each tenant serves the loader and its chunks under its prefix (the loader's API base is that prefix)", async () => {
    const proxy = await startTenants(TWO_DEALERS, sandbox.url, { CARSTREL_WIDGETS_DIR: join(h.dir, 'widgets') });
    try {
      const loader = await call(proxy.proxy.url, '/d/savanna/carstrel.js');
      assert.equal(loader.status, 200);
      assert.equal(loader.text, '/* loader */');
      assert.equal(loader.headers['access-control-allow-origin'], '*');
      assert.equal((await call(proxy.proxy.url, '/d/savanna/chunks/inventory-Ab12.js')).status, 200);
      assert.equal((await call(proxy.proxy.url, '/d/nobody/carstrel.js')).status, 404);
      const root = await call(proxy.proxy.url, '/carstrel.js');
      assert.equal(root.status, 404, 'no dealer at the root without a host');
      assert.equal(
        (await call(proxy.proxy.url, '/carstrel.js', { headers: { host: 'cars.savanna.example' } })).status,
        200,
      );
    } finally {
      await proxy.close();
    }
  });
});

describe('operator access (who counts as on the proxy machine)', () => {
  const app = (trustProxy: string, address: string) =>
    createProxyApp(
      loadConfig({
        CARSTREL_API_KEY: 'sk_test_sandbox',
        CARSTREL_API_URL: 'http://127.0.0.1:9',
        CARSTREL_TRUST_PROXY: trustProxy,
        CARSTREL_OPERATOR_TOKEN: TOKEN,
        CARSTREL_LOG: 'off',
      }),
      { metrics: promMetrics({ processMetrics: false }), connInfo: () => ({ remote: { address } }) },
    );
  const metrics = (a: ReturnType<typeof app>, headers: Record<string, string> = {}) =>
    Promise.resolve(a.fetch(new Request('http://proxy.example/metrics', { headers }))).then((r) => r.status);

  it('a local connection is the operator; a remote one is not, whatever it forwards', async () => {
    assert.equal(await metrics(app('0', '127.0.0.1')), 200);
    assert.equal(await metrics(app('0', '::ffff:127.0.0.1')), 200);
    assert.equal(await metrics(app('0', '203.0.113.9')), 403);
    assert.equal(await metrics(app('1', '203.0.113.9'), { 'x-forwarded-for': '127.0.0.1' }), 403, 'spoofed');
    assert.equal(await metrics(app('0', '127.0.0.1'), { 'x-forwarded-for': '203.0.113.9' }), 403, 'relayed');
    assert.equal(
      await metrics(app('1', '127.0.0.1'), { 'x-forwarded-for': '203.0.113.9' }),
      403,
      'a local front proxy',
    );
    assert.equal(await metrics(app('1', '127.0.0.1'), { 'x-forwarded-for': '127.0.0.1' }), 200);
    assert.equal(await metrics(app('0', '203.0.113.9'), { authorization: `Bearer ${TOKEN}` }), 200);
    assert.equal(await metrics(app('0', '203.0.113.9'), { authorization: `Bearer ${TOKEN.slice(1)}` }), 403);
  });
});

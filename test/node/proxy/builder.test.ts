/**
 * `GET /builder` (the snippet builder's page) and "Test mode, visible": the page carries this
 * proxy's public base for the snippet and says "Test mode" for a test key; every dealer answer says
 * `X-CarStrel-Mode: test | live` (CORS-readable for listed origins); the key itself never.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { proxyMode } from '../../../proxy/middleware.js';
import { builderPage, escapeHtml } from '../../../proxy/routes/builder.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { TEST_KEY, startHarness, type Harness } from './harness.js';
import { call, startTenants, SUMMIT, type TenantsHarness } from './tenants-harness.js';

const LIVE_KEY = 'sk_live_builderlive123';
const DEALER = 'https://www.dealer.example';

describe('GET /builder', () => {
  let test: Harness;
  let live: Harness;
  before(async () => {
    test = await startHarness({ CARSTREL_ALLOWED_ORIGINS: DEALER });
    live = await startHarness({ CARSTREL_API_KEY: LIVE_KEY, CARSTREL_PUBLIC_URL: 'https://cars.dealer.example' });
  });
  after(async () => {
    await test.close();
    await live.close();
  });

  it('a page that loads carstrel.js and the builder element, with this proxy as the snippet base', async () => {
    const res = await fetch(`${test.proxy.url}/builder?element=carstrel-inventory&brand=toyota`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const page = await res.text();
    assert.ok(page.includes(`<script src="${test.proxy.url}/carstrel.js" async></script>`), page);
    assert.ok(page.includes(`<carstrel-builder public-url="${test.proxy.url}" mode="test">`));
  });

  it('test key: the page says "Test mode", the answers say `x-carstrel-mode: test`, the key never shows', async () => {
    const res = await fetch(`${test.proxy.url}/builder`);
    const page = await res.text();
    assert.match(page, /Test mode/);
    assert.equal(res.headers.get('x-carstrel-mode'), 'test');
    assert.ok(!page.includes(TEST_KEY));
    assert.ok(![...res.headers.values()].some((v) => v.includes(TEST_KEY)));
  });

  it('every dealer answer carries the mode, readable cross-origin by a listed dealer page', async () => {
    const res = await fetch(`${test.proxy.url}/external/brands`, { headers: { origin: DEALER } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-carstrel-mode'), 'test');
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /\bx-carstrel-mode\b/);
    const health = await fetch(`${test.proxy.url}/healthz`);
    assert.equal(health.headers.get('x-carstrel-mode'), 'test');
  });

  it('live key: no "Test mode", `x-carstrel-mode: live`, the public URL as the snippet base', async () => {
    const res = await fetch(`${live.proxy.url}/builder`);
    const page = await res.text();
    assert.doesNotMatch(page, /Test mode/);
    assert.equal(res.headers.get('x-carstrel-mode'), 'live');
    assert.ok(page.includes('<script src="https://cars.dealer.example/carstrel.js" async></script>'));
    assert.ok(!page.includes(LIVE_KEY));
  });

  it('the mode is the kind of key only', () => {
    assert.equal(proxyMode({ apiKey: 'sk_test_sandbox' }), 'test');
    assert.equal(proxyMode({ apiKey: 'sk_test_abc' }), 'test');
    assert.equal(proxyMode({ apiKey: 'sk_live_abc' }), 'live');
    assert.equal(proxyMode({ apiKey: '' }), 'live');
  });

  it('escapes what it writes into the page', () => {
    assert.equal(escapeHtml(`"><script>'&`), '&quot;&gt;&lt;script&gt;&#39;&amp;');
    const page = builderPage('https://x.example/"><b>', 'live');
    assert.ok(!page.includes('"><b>'));
  });
});

describe('GET /d/<id>/builder (many dealers)', () => {
  let fake: FakeUpstream;
  let tenants: TenantsHarness;
  before(async () => {
    fake = await startFakeUpstream();
    tenants = await startTenants(
      [
        { id: 'summit', apiKey: 'sk_test_summit1', allowedOrigins: [SUMMIT] },
        {
          id: 'savanna',
          apiKey: 'sk_live_savanna1',
          allowedOrigins: ['https://www.savanna.example'],
          hosts: ['cars.savanna.example'],
        },
      ],
      fake.url,
    );
  });
  after(async () => {
    await tenants.close();
    await fake.close();
  });

  it("a tenant's builder uses its /d/<id> base and its own key's mode", async () => {
    const summit = await call(tenants.proxy.url, '/d/summit/builder');
    assert.equal(summit.status, 200);
    assert.ok(summit.text.includes(`<script src="${tenants.proxy.url}/d/summit/carstrel.js" async></script>`));
    assert.equal(summit.headers['x-carstrel-mode'], 'test');
    const savanna = await call(tenants.proxy.url, '/builder', { headers: { host: 'cars.savanna.example' } });
    assert.equal(savanna.status, 200);
    assert.ok(savanna.text.includes('<script src="http://cars.savanna.example/carstrel.js" async></script>'));
    assert.equal(savanna.headers['x-carstrel-mode'], 'live');
    assert.doesNotMatch(savanna.text, /Test mode/);
  });
});

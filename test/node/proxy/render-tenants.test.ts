/**
 * `GET /d/<id>/render/<element>`: the server-rendered first paint of one dealer among many
 * (`CARSTREL_TENANTS`), against the real sandbox's two dealers (`summit`: sk_test_sandbox,
 * `savanna`: sk_test_sandbox2). Each render reads with its tenant's own key (its own inventory), is
 * readable only from its tenant's origins, is cached in its tenant's part of the cache (one dealer's
 * render never served to another), and a vehicle view is never cached: one upstream detail call,
 * one impression in that dealer's journal, per rendered view.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox } from '../../../proxy/sandbox/index.js';
import { isEnvelope } from './harness.js';
import {
  SAVANNA,
  SUMMIT,
  TWO_DEALERS,
  call,
  startTenants,
  type Answer,
  type TenantsHarness,
} from './tenants-harness.js';

const KEYS = { summit: 'sk_test_sandbox', savanna: 'sk_test_sandbox2' } as const;
const LIVE_KEY = 'sk_live_rendertenant0001';
type Tenant = keyof typeof KEYS;

/** The vehicle ids of the cards a rendered inventory shows, in order. */
const cardIds = (html: string) =>
  [...html.matchAll(/part="card-link"[^>]*? data-vehicle-id="([^"]+)"/g)].map((m) => m[1]);

describe('GET /d/<id>/render/<element> (a tenant of a multi-dealer proxy)', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let h: TenantsHarness;
  const render = (tenant: string, query: string, headers: Record<string, string> = {}) =>
    call(h.proxy.url, `/d/${tenant}/render/${query}`, { headers });
  const listIds = async (tenant: Tenant, query: string): Promise<string[]> => {
    const res = await call(h.proxy.url, `/d/${tenant}/external/vehicles?${query}`);
    assert.equal(res.status, 200);
    return (res.json().data as Array<{ id: string }>).map((v) => v.id);
  };
  const impressions = async (tenant: Tenant, id: string): Promise<number> => {
    const res = await fetch(`${sandbox.url}/_sandbox/journal?key=${KEYS[tenant]}`);
    return ((await res.json()) as { impressions: Record<string, number> }).impressions[id] ?? 0;
  };

  before(async () => {
    // A third dealer forwards with a live key (the sandbox's dealer one under another key).
    sandbox = await startSandbox({ port: 0, extraKeys: `${LIVE_KEY}:dealer-one` });
    h = await startTenants([...TWO_DEALERS, { id: 'live', apiKey: LIVE_KEY, allowedOrigins: [SUMMIT] }], sandbox.url);
  });
  after(async () => {
    await h?.close();
    await sandbox?.close();
  });

  it("renders each tenant's own inventory (its own key), the same cards as its own list route", async () => {
    const summit = await render('summit', 'carstrel-inventory?page-size=4&sort=price');
    const savanna = await render('savanna', 'carstrel-inventory?page-size=4&sort=price');
    for (const res of [summit, savanna]) {
      assert.equal(res.status, 200, res.text);
      assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8$/);
      assert.match(res.text, /^<carstrel-inventory [^>]*><template shadowroot(mode)?="open"/);
    }
    const summitIds = cardIds(summit.text);
    const savannaIds = cardIds(savanna.text);
    assert.equal(summitIds.length, 4);
    assert.deepEqual(summitIds, await listIds('summit', 'limit=4&page=1&sort=price'), "summit's cards");
    assert.deepEqual(savannaIds, await listIds('savanna', 'limit=4&page=1&sort=price'), "savanna's cards");
    assert.deepEqual(
      summitIds.filter((id) => savannaIds.includes(id)),
      [],
      'two dealers, two inventories: no card of one in the render of the other',
    );
    for (const res of [summit, savanna]) {
      for (const key of Object.values(KEYS)) assert.ok(!res.text.includes(key), 'no key in the HTML');
      assert.ok(!JSON.stringify(res.headers).includes('sk_test_'), 'no key in the headers');
    }
  });

  it("is readable from its tenant's own origins only (CORS), never another tenant's", async () => {
    const own = await render('summit', 'carstrel-brands', { origin: SUMMIT });
    assert.equal(own.status, 200);
    assert.equal(own.headers['access-control-allow-origin'], SUMMIT);
    const foreign = await render('summit', 'carstrel-brands', { origin: SAVANNA });
    assert.equal(
      foreign.headers['access-control-allow-origin'],
      undefined,
      "savanna's page cannot read summit's render",
    );
    const back = await render('savanna', 'carstrel-brands', { origin: SAVANNA });
    assert.equal(back.headers['access-control-allow-origin'], SAVANNA);
    const stranger = await render('savanna', 'carstrel-brands', { origin: 'https://evil.example' });
    assert.equal(stranger.headers['access-control-allow-origin'], undefined);
  });

  it("caches per tenant: a second render is a HIT for its tenant only, and shares its tenant's list entry", async () => {
    const query = 'carstrel-inventory?page-size=3&listing-type=sale&sort=year';
    const first = await render('summit', query);
    assert.equal(first.headers['x-carstrel-cache'], 'MISS');
    const again = await render('summit', query);
    assert.equal(again.headers['x-carstrel-cache'], 'HIT', "summit's render is cached for summit");
    assert.equal(again.text, first.text);
    const other = await render('savanna', query);
    assert.equal(other.status, 200);
    assert.equal(other.headers['x-carstrel-cache'], 'MISS', "savanna's first render is its own, not summit's entry");
    assert.notDeepEqual(cardIds(other.text), cardIds(first.text));
    const list = await call(h.proxy.url, '/d/savanna/external/vehicles?page=1&limit=3&listingType=sale&sort=year');
    assert.equal(list.headers['x-carstrel-cache'], 'HIT', "the render's read is savanna's own list entry");
    assert.equal(other.headers['cache-control'], list.headers['cache-control'], 'cached by browsers like the list');
  });

  it('never renders a vehicle from a cache: one detail call and one impression per view, in its own dealer', async () => {
    const [id] = await listIds('savanna', 'limit=1');
    const before = { savanna: await impressions('savanna', id), summit: await impressions('summit', id) };
    const views: Answer[] = [];
    for (let i = 0; i < 2; i++) views.push(await render('savanna', `carstrel-vehicle?vehicle-id=${id}`));
    for (const view of views) {
      assert.equal(view.status, 200, view.text);
      assert.ok(view.text.startsWith('<carstrel-vehicle'));
      assert.equal(view.headers['cache-control'], 'no-store');
      assert.equal(view.headers['x-carstrel-cache'], 'BYPASS');
    }
    assert.equal(await impressions('savanna', id), before.savanna + 2, 'each rendered view is one impression');
    assert.equal(await impressions('summit', id), before.summit, "nothing recorded in summit's journal");
    // Savanna's vehicle is not summit's: summit's key cannot see it.
    const elsewhere = await render('summit', `carstrel-vehicle?vehicle-id=${id}`);
    assert.equal(elsewhere.status, 404);
    assert.ok(isEnvelope(elsewhere.json(), 404));
  });

  it('shows "Test mode" in the first paint of a test-key tenant only, never the key', async () => {
    const test = await render('savanna', 'carstrel-inventory?page-size=1');
    const live = await render('live', 'carstrel-inventory?page-size=1');
    assert.equal(test.status, 200);
    assert.equal(live.status, 200, live.text);
    assert.equal(test.headers['x-carstrel-mode'], 'test');
    assert.equal(live.headers['x-carstrel-mode'], 'live');
    assert.match(test.text, /<template [^>]*shadowrootmode="open"[^>]*><carstrel-test-mode>[\s\S]*?Test mode/);
    assert.ok(!live.text.includes('carstrel-test-mode'), 'no marker with a live key');
    assert.equal(cardIds(live.text).length, 1, 'the live tenant renders its cards');
    for (const res of [test, live]) assert.ok(!/sk_(test|live)_/.test(res.text + JSON.stringify(res.headers)));
  });

  it("serves a tenant's host at the root with the same render, and refuses an unknown tenant in the envelope", async () => {
    const byHost = await call(h.proxy.url, '/render/carstrel-inventory?page-size=2', {
      headers: { host: 'cars.savanna.example' },
    });
    assert.equal(byHost.status, 200);
    assert.deepEqual(cardIds(byHost.text), await listIds('savanna', 'limit=2&page=1'));
    const unknown = await render('nope', 'carstrel-inventory');
    assert.equal(unknown.status, 404);
    assert.ok(isEnvelope(unknown.json(), 404));
    assert.match(String(unknown.json().message), /nope/);
    const root = await call(h.proxy.url, '/render/carstrel-inventory');
    assert.equal(root.status, 404, 'no dealer at the root of a multi-dealer proxy');
    assert.ok(isEnvelope(root.json(), 404));
  });
});

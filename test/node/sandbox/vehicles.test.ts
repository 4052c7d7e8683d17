/** Inventory behaviour: filters, sorts, pagination, impressions, stats, dealer scoping, seed, media. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { catalog } from '../../../proxy/sandbox/data/catalog.js';
import { XSS_FIXTURES } from '../../../proxy/sandbox/data/inventory.js';
import { KEY2, LIVE_KEY, withSandbox, type SandboxHandle } from './helpers.js';

type V = {
  id: string;
  name: string;
  slug: string;
  year: number;
  mileage: number;
  listingType: string;
  createdDate: string;
  impressionsCount: number;
  model: { id: string; brand: { id: string }; bodyType: { id: string } };
  saleOptions: { price: number } | null;
  rentalOptions: { dailyRate: number } | null;
  auctionOptions: { currentBid: number | null; startingBid: number } | null;
  media: Array<{ url: string; isFeatured: boolean }>;
};

const price = (v: V) =>
  v.saleOptions?.price ?? v.rentalOptions?.dailyRate ?? v.auctionOptions?.currentBid ?? v.auctionOptions!.startingBid;

describe('vehicles', () => {
  let sb: SandboxHandle;
  let all: V[];
  before(async () => {
    sb = await withSandbox();
    const pages = await Promise.all([1, 2, 3, 4].map((p) => sb.call('GET', `/external/vehicles?limit=100&page=${p}`)));
    all = pages.flatMap((p) => p.body.data);
  });
  after(() => sb.close());

  it('each demo dealer has at least 300 available vehicles across sale, rental and auction', async () => {
    assert.ok(all.length >= 300, `dealer one has ${all.length}`);
    const two = await sb.call('GET', '/external/vehicles?limit=1', { key: KEY2 });
    assert.ok(two.body.total >= 300, `dealer two has ${two.body.total}`);
    for (const t of ['sale', 'rental', 'auction']) assert.ok(all.filter((v) => v.listingType === t).length >= 20, t);
  });

  it('carries exactly the options block of its listing type', () => {
    for (const v of all) {
      assert.equal(v.saleOptions !== null, v.listingType === 'sale', v.id);
      assert.equal(v.rentalOptions !== null, v.listingType === 'rental', v.id);
      assert.equal(v.auctionOptions !== null, v.listingType === 'auction', v.id);
    }
  });

  it('has unique slugs, "YEAR Brand Model Trim" names and 3 to 6 media with one featured', () => {
    assert.equal(new Set(all.map((v) => v.slug)).size, all.length);
    const normal = all.filter((v) => !XSS_FIXTURES.some((f) => f.id === v.id));
    for (const v of normal) {
      assert.match(v.name, new RegExp(`^${v.year} `));
      assert.ok(v.media.length >= 3 && v.media.length <= 6, `${v.id} has ${v.media.length} media`);
      assert.equal(v.media.filter((m) => m.isFeatured).length, 1);
    }
  });

  it('pages with the documented defaults and totals', async () => {
    const first = await sb.call('GET', '/external/vehicles');
    assert.equal(first.body.limit, 20);
    assert.equal(first.body.page, 1);
    assert.equal(first.body.data.length, 20);
    assert.equal(first.body.totalPages, Math.ceil(first.body.total / 20));
    const last = await sb.call('GET', `/external/vehicles?page=${first.body.totalPages}`);
    assert.equal(last.body.data.length, first.body.total - 20 * (first.body.totalPages - 1));
    const beyond = await sb.call('GET', `/external/vehicles?page=${first.body.totalPages + 1}`);
    assert.deepEqual(beyond.body.data, []);
  });

  it('filters by brand, model, body type, listing type, year and price', async () => {
    const sample = all[7];
    const q = (s: string) => sb.call('GET', `/external/vehicles?limit=100&${s}`).then((r) => r.body.data as V[]);
    assert.ok((await q(`brandId=${sample.model.brand.id}`)).every((v) => v.model.brand.id === sample.model.brand.id));
    assert.ok((await q(`modelId=${sample.model.id}`)).some((v) => v.id === sample.id));
    assert.ok(
      (await q(`bodyTypeId=${sample.model.bodyType.id}`)).every(
        (v) => v.model.bodyType.id === sample.model.bodyType.id,
      ),
    );
    assert.ok((await q('listingType=rental')).every((v) => v.listingType === 'rental'));
    const years = await q('minYear=2020&maxYear=2022');
    assert.ok(years.length > 0 && years.every((v) => v.year >= 2020 && v.year <= 2022));
    const prices = await q('minPrice=20000&maxPrice=30000');
    assert.ok(prices.length > 0 && prices.every((v) => price(v) >= 20000 && price(v) <= 30000));
    const expected = all.filter((v) => price(v) >= 20000 && price(v) <= 30000).length;
    assert.equal((await sb.call('GET', '/external/vehicles?minPrice=20000&maxPrice=30000')).body.total, expected);
  });

  it('sorts by every documented field in both orders', async () => {
    const keys: Record<string, (v: V) => number | string> = {
      createdDate: (v) => v.createdDate,
      year: (v) => v.year,
      mileage: (v) => v.mileage,
      price,
      name: (v) => v.name.toLowerCase(),
      impressionsCount: (v) => v.impressionsCount,
    };
    for (const [sort, key] of Object.entries(keys)) {
      for (const order of ['asc', 'desc']) {
        const data: V[] = (await sb.call('GET', `/external/vehicles?limit=100&sort=${sort}&order=${order}`)).body.data;
        for (let i = 1; i < data.length; i++) {
          const [a, b] = [key(data[i - 1]), key(data[i])];
          assert.ok(order === 'asc' ? a <= b : a >= b, `${sort} ${order} at ${i}: ${a} then ${b}`);
        }
      }
    }
  });

  it('tolerates one trailing slash on a route, like a NestJS/Express upstream', async () => {
    assert.equal((await sb.call('GET', '/external/brands/')).status, 200);
    assert.equal((await sb.call('GET', '/external/brands//')).status, 404);
  });

  it('defaults to newest first', async () => {
    const data: V[] = (await sb.call('GET', '/external/vehicles?limit=50')).body.data;
    assert.deepEqual(
      data.map((v) => v.createdDate),
      [...data.map((v) => v.createdDate)].sort().reverse(),
    );
  });

  it('GET /external/vehicles/:id records exactly one impression per call', async () => {
    const v = all[3];
    const before = (await sb.call('GET', '/_sandbox/journal', { key: null })).body.impressions[v.id] ?? 0;
    const a = await sb.call('GET', `/external/vehicles/${v.id}`);
    const b = await sb.call('GET', `/external/vehicles/${v.id}`);
    assert.equal(b.body.data.impressionsCount, a.body.data.impressionsCount + 1);
    await sb.call('GET', '/external/vehicles?limit=100'); // lists do not count
    assert.equal((await sb.call('GET', '/_sandbox/journal', { key: null })).body.impressions[v.id], before + 2);
  });

  it("scopes inventory to the key: another dealer's vehicle is 404", async () => {
    const res = await sb.call('GET', `/external/vehicles/${all[0].id}`, { key: KEY2 });
    assert.equal(res.status, 404);
    assert.match(res.body.message, /No vehicle with id/);
  });

  it('live and test environments of a dealer see the same inventory', async () => {
    const live = await sb.call('GET', '/external/vehicles?limit=5&sort=name&order=asc', { key: LIVE_KEY });
    const test = await sb.call('GET', '/external/vehicles?limit=5&sort=name&order=asc');
    assert.deepEqual(
      live.body.data.map((v: V) => v.id),
      test.body.data.map((v: V) => v.id),
    );
  });

  it('computes the stats summary from the inventory', async () => {
    const stats = (await sb.call('GET', '/external/vehicles/stats/summary')).body.data;
    assert.equal(stats.availableVehicles, all.length);
    assert.ok(stats.totalVehicles > stats.availableVehicles, 'some vehicles are reserved or sold');
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    assert.equal(sum(stats.byListingType), all.length);
    assert.equal(sum(stats.byBodyType), all.length);
    assert.equal(sum(stats.byBrand), all.length);
    assert.equal(stats.byListingType.sale, all.filter((v) => v.listingType === 'sale').length);
  });

  it("brand vehicleCounts count the calling dealer's available vehicles", async () => {
    const brands = (await sb.call('GET', '/external/brands?limit=100')).body.data as Array<{
      id: string;
      vehicleCounts: { total: number; sale: number };
    }>;
    assert.ok(brands.length >= 30);
    for (const b of brands) assert.equal(b.vehicleCounts.total, all.filter((v) => v.model.brand.id === b.id).length);
  });

  it('seeds the same data on every start (deterministic ids and values)', async () => {
    const other = await withSandbox({ mediaBaseUrl: sb.url + '/media' });
    try {
      const a = await sb.call('GET', '/external/vehicles?limit=30&sort=name&order=asc');
      const b = await other.call('GET', '/external/vehicles?limit=30&sort=name&order=asc');
      const strip = (vs: V[]) => vs.map(({ impressionsCount: _, ...rest }) => rest);
      assert.deepEqual(strip(b.body.data), strip(a.body.data));
    } finally {
      await other.close();
    }
  });

  it('metadata is global: 30+ brands with country, 150+ models with body types, generations and trims', async () => {
    assert.ok(catalog.brands.length >= 30 && catalog.brands.every((b) => b.countryOfOrigin));
    assert.ok(catalog.models.length >= 150);
    const one = await sb.call('GET', `/external/brands/${catalog.brands[0].id}/models`);
    const two = await sb.call('GET', `/external/brands/${catalog.brands[0].id}/models`, { key: KEY2 });
    assert.deepEqual(one.body.data, two.body.data);
    assert.ok(one.body.data.every((m: { bodyType: { name: string } }) => m.bodyType.name));
  });

  it('media URLs are absolute under mediaBaseUrl and served as cacheable SVG', async () => {
    const v = all.find((x) => !XSS_FIXTURES.some((f) => f.id === x.id))!;
    for (const m of v.media) {
      assert.ok(m.url.startsWith(`${sb.url}/media/`), m.url);
      const res = await fetch(m.url);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^image\/svg\+xml/);
      assert.match(res.headers.get('cache-control')!, /max-age=31536000/);
      assert.match(await res.text(), /^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    }
    sb.sandbox.setMediaBaseUrl('https://cars.example/media/');
    const moved = await sb.call('GET', `/external/vehicles/${v.id}`);
    assert.ok(moved.body.data.media[0].url.startsWith('https://cars.example/media/vehicles/'));
    sb.sandbox.setMediaBaseUrl(`${sb.url}/media`);
  });

  it('includes the XSS fixtures (markup in name, description, a javascript: media URL)', async () => {
    const [name, desc, url] = await Promise.all(XSS_FIXTURES.map((f) => sb.call('GET', `/external/vehicles/${f.id}`)));
    assert.match(name.body.data.name, /<script>/);
    assert.match(desc.body.data.description, /<img src=x onerror=alert\(1\)>/);
    assert.equal(
      url.body.data.media.find((m: { isFeatured: boolean }) => m.isFeatured).url,
      'javascript:alert(document.domain)',
    );
  });
});

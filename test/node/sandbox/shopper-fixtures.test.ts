/**
 * Seed data that the shopper elements (brands, blog, favourites, similar vehicles) rely on to
 * exercise their edge cases: a brand with zero vehicles, a vehicle with no similar ones, a blog
 * post whose text is hostile HTML.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NO_SIMILAR_FIXTURE, XSS_FIXTURES } from '../../../proxy/sandbox/data/inventory.js';
import { HOSTILE_POST_SLUG } from '../../../proxy/sandbox/data/people.js';
import { KEY2, withSandbox, type SandboxHandle } from './helpers.js';

interface V {
  id: string;
  slug: string;
  listingType: string;
  model: { brand: { id: string; name: string }; bodyType: { id: string; name: string } };
  saleOptions: { price: number } | null;
  rentalOptions: { dailyRate: number } | null;
  auctionOptions: { currentBid: number | null; startingBid: number } | null;
}
interface BrandRow {
  slug: string;
  vehicleCounts: { total: number; sale: number; rental: number; auction: number };
}

const price = (v: V) =>
  v.saleOptions?.price ?? v.rentalOptions?.dailyRate ?? v.auctionOptions?.currentBid ?? v.auctionOptions!.startingBid;

describe('shopper fixtures in the seed', () => {
  let sb: SandboxHandle;
  let all: V[];
  before(async () => {
    sb = await withSandbox();
    const pages = await Promise.all([1, 2, 3, 4].map((p) => sb.call('GET', `/external/vehicles?limit=100&page=${p}`)));
    all = pages.flatMap((p) => p.body.data as V[]);
  });
  after(() => sb.close());

  it('lists a brand with zero vehicles for both demo dealers, with zero counts of every listing type', async () => {
    for (const key of [undefined, KEY2]) {
      const brands = (await sb.call('GET', '/external/brands?limit=100', key ? { key } : {})).body.data as BrandRow[];
      const lotus = brands.find((b) => b.slug === 'lotus');
      assert.ok(lotus, 'Lotus is in the brand list');
      assert.deepEqual(lotus.vehicleCounts, { rental: 0, sale: 0, auction: 0, total: 0 });
    }
  });

  it('has one vehicle with no similar one: alone in its brand, no vehicle of its body type near its price', () => {
    const lone = all.find((v) => v.id === NO_SIMILAR_FIXTURE.id);
    assert.ok(lone, 'the fixture is available');
    assert.equal(lone.slug, NO_SIMILAR_FIXTURE.slug);
    assert.equal(lone.saleOptions?.price, NO_SIMILAR_FIXTURE.price);
    const others = all.filter((v) => v.id !== lone.id);
    assert.deepEqual(
      others.filter((v) => v.model.brand.id === lone.model.brand.id).map((v) => v.slug),
      [],
    );
    const sameBody = others.filter((v) => v.model.bodyType.id === lone.model.bodyType.id);
    assert.ok(sameBody.length > 5, 'its body type has other vehicles, at other prices');
    for (const v of sameBody) assert.ok(price(v) * 4 < NO_SIMILAR_FIXTURE.price, `${v.slug} costs ${price(v)}`);
  });

  it('lists the one-off vehicle right after the XSS fixtures when the oldest come first', async () => {
    const res = await sb.call('GET', '/external/vehicles?sort=createdDate&order=asc&limit=4');
    const ids = (res.body.data as V[]).map((v) => v.id);
    assert.deepEqual(ids.slice(0, 3).sort(), XSS_FIXTURES.map((f) => f.id).sort());
    assert.equal(ids[3], NO_SIMILAR_FIXTURE.id);
  });

  it('keeps the hostile blog post verbatim (markup in title, excerpt, content and tags) as the oldest post', async () => {
    const res = await sb.call('GET', '/external/blogs?limit=100');
    const posts = res.body.data as Array<{
      slug: string;
      title: string;
      excerpt: string;
      content: string;
      tags: string[];
    }>;
    const hostile = posts.at(-1)!;
    assert.equal(hostile.slug, HOSTILE_POST_SLUG);
    assert.match(hostile.title, /<script>alert\("xss-blog-title"\)<\/script> & "friends"/);
    assert.match(hostile.excerpt, /^<img src=x onerror=/);
    assert.match(hostile.content, /<a href="javascript:/);
    assert.ok(hostile.tags.includes('<b>offers</b>'));
  });
});

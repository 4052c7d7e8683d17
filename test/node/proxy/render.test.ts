/**
 * `GET /render/<element>`: server-rendered elements against the real sandbox (the proxy as
 * `npm start` runs it): the fragment's shape, the data it holds, its envelopes, its caching (the
 * list route's cache, never for a vehicle detail) and the impressions it records.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { photoLinks } from '../../../proxy/routes/render.js';
import { startProxy, type RunningProxy } from '../../../proxy/server.js';
import { litRenderer } from '../../../proxy/ssr/renderer.js';
import { isEnvelope } from './harness.js';

interface Vehicle {
  id: string;
  name: string;
}

describe('GET /render/<element> (server-rendered first paint)', () => {
  let proxy: RunningProxy;
  let dataDir: string;
  const impressions = async (id: string): Promise<number> => {
    const res = await fetch(`${proxy.sandboxUrl}/_sandbox/journal?key=sk_test_sandbox`);
    return ((await res.json()) as { impressions: Record<string, number> }).impressions[id] ?? 0;
  };
  const render = (query: string) => fetch(`${proxy.url}/render/${query}`);
  const servedOf = (html: string): Record<string, { args: unknown[]; value: unknown }> => {
    const m =
      /<script type="application\/json" data-carstrel-ssr>([^<]*)<\/script>(?:<script type="application\/ld\+json" data-carstrel-jsonld>[^<]*<\/script>)?<\/carstrel-[a-z-]+>$/.exec(
        html,
      );
    assert.ok(m, 'the served data closes the fragment (an inventory: then its JSON-LD), in the light DOM');
    return JSON.parse(m[1]) as Record<string, { args: unknown[]; value: unknown }>;
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'proxy-render-'));
    proxy = await startProxy(
      {
        CARSTREL_DATA_DIR: dataDir,
        SANDBOX_PORT: '0',
        CARSTREL_RATE_LIMIT: 'off',
        CARSTREL_UPSTREAM_TIMEOUT_MS: '3000',
      },
      { port: 0, log: () => {} },
    );
  });
  after(async () => {
    await proxy?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers an inventory as a text/html fragment: declarative shadow DOM, the first page in the API order', async () => {
    const res = await render('carstrel-inventory?brand=toyota&page-size=3');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html; charset=utf-8$/);
    const html = await res.text();
    assert.match(
      html,
      /^<carstrel-inventory\s+brand="toyota" page-size="3"[^>]*><template shadowrootmode="open"|^<carstrel-inventory\s+brand="toyota" page-size="3"[^>]*><template shadowroot="open" shadowrootmode="open">/,
    );
    const brands = (await (await fetch(`${proxy.url}/external/brands?limit=100`)).json()) as {
      data: Array<{ id: string; slug?: string; name: string }>;
    };
    const toyota = brands.data.find((b) => b.name === 'Toyota');
    assert.ok(toyota);
    const api = (await (await fetch(`${proxy.url}/external/vehicles?brandId=${toyota.id}&limit=3&page=1`)).json()) as {
      data: Vehicle[];
    };
    const shown = [...html.matchAll(/part="card-link"[^>]*? data-vehicle-id="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(
      shown,
      api.data.map((v) => v.id),
      'the same cards, in the same order, as the API page',
    );
    for (const v of api.data) assert.ok(html.includes(v.name), `${v.name} is in the HTML`);
    assert.match(html, /href="\?vehicle=[^"]+"/, 'card links are relative to the page that inlines the fragment');
    const served = servedOf(html);
    const results = served.results?.value as { vehicles: Vehicle[] };
    assert.deepEqual(
      results.vehicles.map((v) => v.id),
      api.data.map((v) => v.id),
    );
    assert.ok(served.options, 'the filters have their choices too');
    // The JSON-LD for crawlers that run no script: the element's own (shared/json-ld.ts), links relative.
    const jsonLd =
      /<script type="application\/ld\+json" data-carstrel-jsonld>([^<]*)<\/script><\/carstrel-inventory>$/.exec(html);
    assert.ok(jsonLd, 'the JSON-LD after the served data');
    const { carJsonLd, jsonLdBody } = await import('../../../src/shared/json-ld.js');
    const { STAND_IN_PAGE, relativeLinks } = await import('../../../proxy/ssr/globals.js');
    const cars = results.vehicles.map((v) =>
      carJsonLd(v as never, { url: `${STAND_IN_PAGE}?vehicle=${v.id}`, currency: '', distanceUnit: 'km' }),
    );
    assert.deepEqual(JSON.parse(jsonLd[1]), JSON.parse(relativeLinks(JSON.stringify(jsonLdBody(cars)))));
    assert.match(jsonLd[1], /"url":"\?vehicle=/, 'its links relative, as the cards’');
  });

  it('caches like the list route: same cache, same Cache-Control, one upstream list call for two renders', async () => {
    const first = await render('carstrel-inventory?page-size=2&listing-type=rental');
    assert.equal(first.status, 200);
    await first.text();
    const again = await render('carstrel-inventory?page-size=2&listing-type=rental');
    assert.equal(again.headers.get('x-carstrel-cache'), 'HIT');
    await again.text();
    const list = await fetch(`${proxy.url}/external/vehicles?page=1&limit=2&listingType=rental`);
    await list.text();
    assert.equal(list.headers.get('x-carstrel-cache'), 'HIT', "the render's read is the list route's cache entry");
    assert.equal(again.headers.get('cache-control'), list.headers.get('cache-control'));
  });

  it('answers the same list render again without rendering it anew while its data is the same; a vehicle every time', async () => {
    const render_ = litRenderer.render;
    const rendered: string[] = [];
    litRenderer.render = (tag, ...rest) => {
      rendered.push(tag);
      return render_.call(litRenderer, tag, ...rest);
    };
    try {
      const first = await (await render('carstrel-inventory?page-size=2&sort=mileage')).text();
      const again = await render('carstrel-inventory?page-size=2&sort=mileage');
      assert.equal(again.headers.get('x-carstrel-cache'), 'HIT');
      assert.equal(await again.text(), first);
      assert.deepEqual(rendered, ['carstrel-inventory'], 'rendered once');
      await (await render('carstrel-inventory?page-size=2&sort=mileage&lang=fr')).text();
      assert.equal(rendered.length, 2, 'another request (its language) is its own render');
      const list = (await (await fetch(`${proxy.url}/external/vehicles?limit=1`)).json()) as { data: Vehicle[] };
      for (let i = 0; i < 2; i++) await (await render(`carstrel-vehicle?vehicle-id=${list.data[0].id}`)).text();
      assert.deepEqual(
        rendered.slice(2),
        ['carstrel-vehicle', 'carstrel-vehicle'],
        'a vehicle view is rendered each time',
      );
    } finally {
      litRenderer.render = render_;
    }
  });

  it("draws the layout it is asked for (`layout`, `columns`): a phone's folded filters and one eager photo", async () => {
    const wide = await (await render('carstrel-inventory?page-size=3&filters=brand+sort')).text();
    const res = await render('carstrel-inventory?page-size=3&filters=brand+sort&layout=compact&columns=1');
    assert.equal(res.status, 200);
    const html = await res.text();
    // The host says which layout it was drawn in (the element reads it while the server renders it).
    assert.match(
      html,
      /^<carstrel-inventory\s+page-size="3" filters="brand sort" data-carstrel-layout="compact" data-carstrel-columns="1"[\s>]/,
    );
    const toggle = /<details part="filters-toggle"[^>]*>[\s\S]*?<form part="filters"/;
    assert.match(html, toggle, 'the filters folded into the "Filters" disclosure, closed');
    assert.doesNotMatch(html, /<details part="filters-toggle"[^>]* open/);
    assert.doesNotMatch(
      wide,
      /filters-toggle|data-carstrel-layout|data-carstrel-columns/,
      'the default is the wide layout',
    );
    const eager = (h: string) => [...h.matchAll(/fetchpriority="high"/g)].length;
    assert.deepEqual([eager(html), eager(wide)], [1, 3], "the first row's photos first: one card a row, or four");
    const cards = (h: string) => [...h.matchAll(/part="card-link"[^>]*? data-vehicle-id="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(cards(html), cards(wide), 'the same cards');
    assert.equal(
      await (await render('carstrel-inventory?page-size=3&filters=brand+sort&layout=wide&columns=4')).text(),
      wide,
      'the wide layout asked for is the default one',
    );
  });

  it('keeps a render per layout: the layout is part of the key of the renders it answers again', async () => {
    const render_ = litRenderer.render;
    const layouts: string[] = [];
    litRenderer.render = (tag, attributes, read, options) => {
      layouts.push(`${options?.layout?.compact ? 'compact' : 'wide'} ${options?.layout?.columns}`);
      return render_.call(litRenderer, tag, attributes, read, options);
    };
    try {
      const query = 'carstrel-inventory?page-size=2&sort=year';
      const wide = await (await render(query)).text();
      const compact = await (await render(`${query}&layout=compact&columns=1`)).text();
      assert.notEqual(compact, wide);
      const again = await render(`${query}&layout=compact&columns=01`);
      assert.equal(await again.text(), compact, 'the same layout, written otherwise, is the same render');
      assert.equal(await (await render(query)).text(), wide, 'the wide one is not the compact one');
      const two = await (await render(`${query}&columns=2`)).text();
      assert.equal([...two.matchAll(/fetchpriority="high"/g)].length, 2);
      assert.deepEqual(layouts, ['wide 4', 'compact 1', 'wide 2'], 'each layout rendered once, then answered again');
    } finally {
      litRenderer.render = render_;
    }
  });

  it('names the photos it asks for first in its Link header, for the loader to start before reading the body', async () => {
    const eagerOf = (html: string) =>
      [...html.matchAll(/<img\b[^>]*>/g)]
        .filter(([tag]) => tag.includes('fetchpriority="high"'))
        .map(([tag]) => /\ssrc="([^"]*)"/.exec(tag)![1].replace(/&amp;/g, '&'));
    const linked = (res: Response) =>
      [...(res.headers.get('link') ?? '').matchAll(/<([^>]+)>; rel=preload; as=image; fetchpriority=high/g)].map(
        (m) => m[1],
      );
    for (const [query, count] of [
      ['carstrel-inventory?page-size=6&sort=price', 4],
      ['carstrel-inventory?page-size=6&sort=price&layout=compact&columns=1', 1],
    ] as const) {
      const res = await fetch(`${proxy.url}/render/${query}`, { headers: { origin: proxy.url } });
      const eager = eagerOf(await res.text());
      assert.equal(eager.length, count, `${query}: the first row's photos`);
      assert.deepEqual(linked(res), eager, `${query}: the Link header names them, in the cards' order`);
      assert.match(res.headers.get('access-control-expose-headers') ?? '', /(^|, )link(,|$)/, 'a page may read it');
      const again = await fetch(`${proxy.url}/render/${query}`);
      await again.text();
      assert.deepEqual(linked(again), eager, `${query}: the same render answered again has the same header`);
    }
    const v = ((await (await fetch(`${proxy.url}/external/vehicles?limit=1`)).json()) as { data: Vehicle[] }).data[0];
    const vehicle = await render(`carstrel-vehicle?vehicle-id=${v.id}`);
    const eager = eagerOf(await vehicle.text());
    assert.equal(eager.length, 1, "a vehicle's first photo, its largest paint");
    assert.deepEqual(linked(vehicle), eager);
    const brands = await render('carstrel-brands');
    await brands.text();
    assert.equal(brands.headers.get('link'), null, 'no photo asked first: no header');
  });

  it('puts only absolute http(s) photo URLs in the Link header, unescaped from the HTML', () => {
    const img = (src: string, priority = 'high') => `<img part="card-image" src="${src}" fetchpriority="${priority}">`;
    assert.equal(
      photoLinks(img('https://cdn.example/a.jpg?w=400&amp;h=300') + img('https://cdn.example/b.jpg', 'auto')),
      '<https://cdn.example/a.jpg?w=400&h=300>; rel=preload; as=image; fetchpriority=high',
    );
    assert.equal(photoLinks(img('/media/a.svg') + img('data:image/png;base64,AA') + img('javascript:x')), undefined);
    assert.equal(
      photoLinks(img('https://cdn.example/a b&gt;c.jpg')),
      '<https://cdn.example/a%20b%3Ec.jpg>; rel=preload; as=image; fetchpriority=high',
      'what would end the link is escaped',
    );
  });

  it('renders a vehicle from one upstream detail call per view, never from a cache', async () => {
    const list = (await (await fetch(`${proxy.url}/external/vehicles?limit=1`)).json()) as { data: Vehicle[] };
    const v = list.data[0];
    const before = await impressions(v.id);
    const first = await render(`carstrel-vehicle?vehicle-id=${v.id}`);
    assert.equal(first.status, 200);
    const html = await first.text();
    assert.ok(html.startsWith('<carstrel-vehicle'));
    assert.ok(html.includes(v.name));
    assert.equal((servedOf(html).vehicle?.value as Vehicle).id, v.id);
    assert.equal(first.headers.get('cache-control'), 'no-store');
    assert.equal(await impressions(v.id), before + 1);
    const second = await render(`carstrel-vehicle?vehicle-id=${v.id}`);
    await second.text();
    assert.equal(second.headers.get('cache-control'), 'no-store');
    assert.equal(await impressions(v.id), before + 2, 'each rendered view is one impression');
  });

  it('renders brands and blog', async () => {
    const brands = await render('carstrel-brands?group=body-type');
    assert.equal(brands.status, 200);
    assert.match(await brands.text(), /^<carstrel-brands[^>]*group="body-type"[\s\S]*part="tile"/);
    const blog = await render('carstrel-blog?limit=2');
    assert.equal(blog.status, 200);
    const html = await blog.text();
    assert.equal([...html.matchAll(/part="post-link"/g)].length, 2);
  });

  it("renders in the element's language, with strings that load on demand (French inventory and vehicle)", async () => {
    const inventory = await (await render('carstrel-inventory?page-size=1&lang=fr')).text();
    assert.match(inventory, /Filtrer les véhicules/);
    assert.doesNotMatch(inventory, /Filter vehicles/);
    const list = (await (await fetch(`${proxy.url}/external/vehicles?limit=1`)).json()) as { data: Vehicle[] };
    const vehicle = await (await render(`carstrel-vehicle?vehicle-id=${list.data[0].id}&lang=fr-CA`)).text();
    assert.match(vehicle, /Réserver un essai/);
    assert.doesNotMatch(vehicle, /Book a test drive/);
  });

  it('says "Test mode" in the first paint (sandbox): the marker first in the shadow root, in the element\'s language, never the key', async () => {
    const marker =
      /^<carstrel-test-mode><template shadowrootmode="open"><style>[^<]*<\/style><span part="test-mode">([^<]+)<\/span><\/template><\/carstrel-test-mode>/;
    for (const [query, words] of [
      ['carstrel-inventory?page-size=1', 'Test mode'],
      ['carstrel-brands?lang=fr', 'Mode test'],
      ['carstrel-blog?limit=1&lang=en-GB', 'Test mode'],
    ]) {
      const res = await render(query);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-carstrel-mode'), 'test');
      const html = await res.text();
      const root = /<template [^>]*shadowrootmode="open"[^>]*>/.exec(html);
      assert.ok(root, query);
      const first = marker.exec(html.slice(root.index + root[0].length));
      assert.ok(first, `${query}: the marker opens the shadow root`);
      assert.equal(first[1], words);
      assert.equal([...html.matchAll(/<carstrel-test-mode>/g)].length, 1, 'one marker');
      assert.ok(!/sk_(test|live)_/.test(html), 'never the key');
    }
  });

  it('keeps attribute values to attributes: no markup gets out of them or of the served data', async () => {
    const res = await render(
      `carstrel-inventory?page-size=1&label=${encodeURIComponent('"><script>alert(1)</script>')}`,
    );
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(!html.includes('<script>alert'), 'the label is escaped');
    assert.equal([...html.matchAll(/<script/g)].length, 2, 'two scripts, neither run: the served data, the JSON-LD');
  });

  const refusals: Array<[string, number, RegExp]> = [
    ['carstrel-nope', 404, /carstrel-nope/],
    ['carstrel-contact-form', 404, /carstrel-contact-form/],
    ['carstrel-inventory?page-size=0', 400, /"page-size"/],
    ['carstrel-inventory?page-size=ten', 400, /"page-size"/],
    ['carstrel-inventory?listing-type=lease', 400, /"listing-type"/],
    ['carstrel-inventory?colour=red', 400, /"colour"/],
    ['carstrel-inventory?brand=nope', 400, /brand "nope"/],
    ['carstrel-inventory?sort=price&sort=year', 400, /"sort"/],
    ['carstrel-inventory?api=javascript:alert(1)', 400, /"api"/],
    ['carstrel-vehicle', 400, /"vehicle-id"/],
    ['carstrel-vehicle?vehicle-id=00000000-0000-4000-8000-000000000000', 404, /./],
    ['carstrel-blog?limit=500', 400, /"limit"/],
    ['carstrel-brands?group=model', 400, /"group"/],
    ['carstrel-inventory?layout=narrow', 400, /render parameter "layout".*"wide", "compact"/],
    ['carstrel-inventory?layout=compact&columns=0', 400, /render parameter "columns".*whole number from 1 to 100/],
    ['carstrel-inventory?columns=two', 400, /"columns"/],
    ['carstrel-inventory?layout=compact&layout=wide', 400, /"layout"/],
    ['carstrel-blog?layout=compact', 400, /<carstrel-blog> has no attribute "layout"/],
  ];
  for (const [query, status, names] of refusals) {
    it(`refuses ${query} with ${status} in the envelope`, async () => {
      const res = await render(query);
      assert.equal(res.status, status);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const body = (await res.json()) as { message: string };
      assert.ok(isEnvelope(body, status), JSON.stringify(body));
      assert.match(body.message, names);
    });
  }
});

/**
 * The first paint from the proxy's server render on a foreign dealer page that has only the script
 * tag (a hand-made or Wix page cannot inline `/render`): the loader asks for each element's render
 * while its code loads and puts it in the element as soon as it arrives, so the cards are there
 * before the element is defined; the element then hydrates them (no list or detail request of its
 * own, the same nodes kept, interactive after), and nothing after it moves. When `/render` fails,
 * the element loads as before: one list request, one render. In every engine found.
 *
 * The script comes through a small front server that records the paths it forwards to the proxy
 * (every engine's requests counted alike, server-side) and can make `/render` answer 500.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { e2eEngines, ERROR_COLLECTOR, label, launch, type E2EBrowser, type E2EPage } from './browsers.js';
import { DealerSite, inventoryPageShown, startBuiltProxy, startFront } from './support.js';
import type { FrontServer, RunningProxy } from './support.js';

const site = await DealerSite.reserve();
const DEALER = site.origin;

/**
 * First in the page: notes, when the loader marks an element as server-rendered (the moment its
 * render is inserted), whether its code had defined it yet, what its shadow root showed, and the
 * first card or title node (to check later that hydration kept it); where the text after the
 * widget was when the document had been read, to check that nothing moved; Content-Security-Policy
 * violations and page errors. Served as a script of the dealer's own (a strict page runs no inline one).
 */
const OBSERVE = `window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => __violations.push(e.effectiveDirective + ' ' + e.blockedURI));
window.__seen = [];
new MutationObserver((records) => {
  for (const r of records) {
    const el = r.target;
    if (!el.hasAttribute('data-carstrel-ssr')) continue;
    const root = el.shadowRoot;
    window.__seen.push({ name: el.localName, defined: !!customElements.get(el.localName),
      cards: root ? root.querySelectorAll('[part~="card-link"]').length : -1,
      folded: !!(root && root.querySelector('details[part~="filters-toggle"] form[part~="filters"]')),
      title: root ? (root.querySelector('[part="title"]') || {}).textContent || '' : '' });
    window.__first = root && root.querySelector('[part~="card-link"], [part="title"]');
    window.__toggle = root && root.querySelector('details[part~="filters-toggle"]');
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-carstrel-ssr'] });
addEventListener('DOMContentLoaded', () => { window.__afterTop = document.getElementById('after').getBoundingClientRect().top; });
window.__cls = -1; // -1: an engine without layout-shift entries (Chromium has them)
if ((PerformanceObserver.supportedEntryTypes || []).includes('layout-shift')) {
  window.__cls = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
}
${ERROR_COLLECTOR.replace(/<\/?script>/g, '')}`;

const page = (src: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dealer</title><script src="/observe.js"></script></head>
  <body><h1>Our cars</h1><script src="${src}/carstrel.js"></script>${body}<p id="after">Visit us on Main Street.</p></body></html>`;

interface Seen {
  name: string;
  defined: boolean;
  cards: number;
  /** The filters folded in the "Filters" disclosure (an inventory's compact layout). */
  folded: boolean;
  title: string;
}

/** Waits until the element is defined and has rendered (hydrated) once. */
async function hydrated(p: E2EPage, name: string): Promise<void> {
  await p.waitFor(
    async (tag) => {
      const el = document.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>(tag);
      if (!el || !customElements.get(tag)) return false;
      await el.updateComplete;
      return true;
    },
    name,
    15_000,
    `<${name}> defined and rendered`,
  );
  await new Promise((r) => setTimeout(r, 500)); // any request a first run would make has started by now
}

/**
 * A server-rendered inventory hydrates on the shopper's first sign of intent (test/e2e/intent.test.ts):
 * a press on its results count (nothing to act on) gives it.
 */
async function awaken(p: E2EPage): Promise<void> {
  await p.click('carstrel-inventory [part~="count"]');
}

for (const engine of e2eEngines()) {
  const name = label(engine);
  describe(`carstrel.js paints the proxy's server render before the element's code in ${name}`, () => {
    let proxy: RunningProxy;
    let browser: E2EBrowser;
    let front: FrontServer;
    let failRender = false;
    /** `/render` answers its headers and the first KB of its body at once, the rest a second later. */
    let slowBody = false;

    before(async () => {
      await site.start((req, res) => {
        if (req.url !== '/observe.js') return false;
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(OBSERVE);
        return true;
      });
      proxy = await startBuiltProxy({ CARSTREL_ALLOWED_ORIGINS: DEALER });
      front = await startFront(proxy.url, {
        answer: (path, res) => {
          if (slowBody && path.startsWith('/render/')) {
            void fetch(`${proxy.url}${path}`, { headers: { origin: DEALER } }).then(async (r) => {
              const kept = [...r.headers].filter(
                ([k]) => !/^(content-(encoding|length)|transfer-encoding|connection|keep-alive)$/.test(k),
              );
              res.writeHead(r.status, Object.fromEntries(kept)).flushHeaders();
              const body = await r.text();
              res.write(body.slice(0, 1024)); // as a slow network gives it: the start at once (Firefox waits for some)
              setTimeout(() => res.end(body.slice(1024)), 1000);
            });
            return true;
          }
          if (!(failRender && path.startsWith('/render/'))) return false;
          const envelope = { statusCode: 500, message: 'Render failed.', error: 'Internal Server Error' };
          res
            .writeHead(500, {
              'content-type': 'application/json',
              'access-control-allow-origin': DEALER,
              vary: 'Origin',
            })
            .end(JSON.stringify({ ...envelope, timestamp: new Date().toISOString() }));
          return true;
        },
      });
      browser = await launch(engine);
    });
    after(async () => {
      await browser?.close();
      await front?.close();
      await proxy?.stop();
      await site.close();
    });

    const pages: E2EPage[] = [];
    afterEach(async () => {
      for (const p of pages.splice(0)) await p.close().catch(() => undefined);
    });

    async function open(body: string, path = '/cars/', viewport = { width: 1200, height: 900 }): Promise<E2EPage> {
      const p = await browser.newPage(viewport);
      pages.push(p);
      site.html = page(front.url, body);
      front.seen.length = 0;
      await p.goto(`${DEALER}${path}`);
      return p;
    }

    const lists = () => front.seen.filter((u) => new URL(u, 'http://x').pathname === '/external/vehicles');
    const renders = () => front.seen.filter((u) => u.startsWith('/render/'));

    test(`${name}: an inventory's cards are there before it is defined, hydrated without a request, interactive, nothing moved`, async () => {
      failRender = false;
      const p = await open('<carstrel-inventory page-size="6" filters="brand sort"></carstrel-inventory>');
      await p.waitForSelector('carstrel-inventory [part~="card-link"]');
      await awaken(p);
      await hydrated(p, 'carstrel-inventory');
      const first = await p.evaluate(() => (window as unknown as { __seen: Seen[] }).__seen);
      assert.equal(first.length, 1, JSON.stringify(first));
      assert.equal(first[0].defined, false, 'the render was in the element before its code defined it');
      assert.equal(first[0].cards, 6);
      assert.deepEqual(renders(), [`/render/carstrel-inventory?page-size=6&filters=brand+sort&lang=en`]);
      assert.deepEqual(lists(), [], 'no list request: the element hydrated what the render showed');
      assert.equal(front.seen.filter((u) => u.startsWith('/external/')).length, 0, front.seen.join('\n'));
      const kept = await p.evaluate(() => {
        const w = window as unknown as { __first: Element; __afterTop: number };
        const el = document.querySelector('carstrel-inventory')!;
        return {
          same: w.__first.isConnected && el.shadowRoot!.querySelector('[part~="card-link"]') === w.__first,
          moved: document.getElementById('after')!.getBoundingClientRect().top - w.__afterTop,
          styled: getComputedStyle(el.shadowRoot!.querySelector('[part~="card"]')!).display !== 'inline',
        };
      });
      assert.ok(kept.same, 'the first card is the node the render inserted (not redrawn)');
      assert.ok(kept.styled, 'the cards are styled (the render’s styles adopted)');
      assert.ok(Math.abs(kept.moved) < 1, `the text after the widget moved ${kept.moved}px`);
      const cards = await p.count('carstrel-inventory [part~="card-link"]');
      assert.equal(cards, 6);

      // Hydrated for real: the next page is asked of the API and shown by the element.
      await p.click('carstrel-inventory [part~="page-button"].next');
      await inventoryPageShown(p, 2);
      assert.equal(lists().length, 1, lists().join('\n'));
      assert.equal(new URL(lists()[0], 'http://x').searchParams.get('page'), '2');
      assert.ok(
        await p.evaluate(() => !(window as unknown as { __first: Element }).__first.isConnected),
        'page 2 shows other cards',
      );
      assert.deepEqual(await p.errors(), []);
    });

    test(`${name}: at a phone's width (400 px) the render is the compact layout: cards and folded filters before the element is defined, hydrated as drawn, nothing moved`, async () => {
      failRender = false;
      // WebKitGTK's window is at least about 450 px wide: still a phone's compact layout, one card a row.
      const p = await open('<carstrel-inventory page-size="6" filters="brand sort"></carstrel-inventory>', '/cars/', {
        width: 400,
        height: 800,
      });
      await p.waitForSelector('carstrel-inventory [part~="card-link"]');
      await awaken(p);
      await hydrated(p, 'carstrel-inventory');
      const first = await p.evaluate(() => (window as unknown as { __seen: Seen[] }).__seen);
      assert.equal(first.length, 1, JSON.stringify(first));
      assert.deepEqual(
        [first[0].defined, first[0].cards, first[0].folded],
        [false, 6, true],
        'the cards and the folded filters were in the shadow root before the element was defined',
      );
      assert.deepEqual(renders(), [
        `/render/carstrel-inventory?page-size=6&filters=brand+sort&lang=en&layout=compact&columns=1`,
      ]);
      assert.deepEqual(lists(), [], 'no list request: the element hydrated what the render showed');
      assert.equal(front.seen.filter((u) => u.startsWith('/external/')).length, 0, front.seen.join('\n'));
      const kept = await p.evaluate(() => {
        const w = window as unknown as { __first: Element; __toggle: Element; __afterTop: number; __cls: number };
        const root = document.querySelector('carstrel-inventory')!.shadowRoot!;
        return {
          card: w.__first.isConnected && root.querySelector('[part~="card-link"]') === w.__first,
          toggle: w.__toggle.isConnected && root.querySelector('details[part~="filters-toggle"]') === w.__toggle,
          moved: document.getElementById('after')!.getBoundingClientRect().top - w.__afterTop,
          cls: w.__cls,
          eager: root.querySelectorAll('img[fetchpriority="high"]').length,
        };
      });
      assert.ok(kept.card, 'the first card is the node the render inserted (not redrawn)');
      assert.ok(kept.toggle, 'the "Filters" disclosure is the one the render inserted (not redrawn)');
      assert.ok(Math.abs(kept.moved) < 1, `the text after the widget moved ${kept.moved}px`);
      if (kept.cls >= 0) assert.ok(kept.cls < 0.001, `layout shift ${kept.cls}`);
      assert.equal(kept.eager, 1, "one card a row: the first card's photo first");

      // Hydrated for real: given room, the element unfolds its filters, with no request.
      await p.evaluate(() => {
        document.querySelector<HTMLElement>('carstrel-inventory')!.style.width = '800px';
      });
      await p.waitFor(
        () => {
          const root = document.querySelector('carstrel-inventory')!.shadowRoot!;
          return !root.querySelector('[part~="filters-toggle"]') && !!root.querySelector('form[part~="filters"]');
        },
        undefined,
        15_000,
        'the wide filters',
      );
      assert.deepEqual(lists(), []);
      assert.deepEqual(await p.errors(), []);
    });

    test(`${name}: the first row's photos start from the render's headers, while its body is still on its way`, async () => {
      slowBody = true;
      try {
        // A list of its own: a render another test asks for may come from the engine's HTTP cache.
        const p = await open('<carstrel-inventory page-size="5" sort="year"></carstrel-inventory>');
        await p.waitForSelector('carstrel-inventory [part~="card-link"]');
        const t = await p.evaluate(() => {
          const all = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
          const render = all.find((e) => e.name.includes('/render/'));
          return {
            bodyEnd: render?.responseEnd ?? -1,
            photos: all.filter((e) => e.name.includes('/media/vehicles/')).map((e) => e.startTime),
          };
        });
        assert.ok(t.bodyEnd > 0, 'the render was fetched');
        assert.ok(t.photos.length >= 4, `photos requested: ${t.photos.length}`);
        const early = t.photos.filter((start) => start < t.bodyEnd);
        assert.equal(
          early.length,
          4,
          `the first row's 4 photos before the body's end (${t.bodyEnd} ms): ${t.photos.join(', ')}`,
        );
      } finally {
        slowBody = false;
      }
    });

    test(`${name}: a vehicle's render is its one detail call (one impression), the element makes no second`, async () => {
      failRender = false;
      const list = (await (await fetch(`${proxy.url}/external/vehicles?limit=1`)).json()) as {
        data: Array<{ id: string; name: string }>;
      };
      const vehicle = list.data[0];
      const impressions = async () =>
        (
          (await (await fetch(`${proxy.sandboxUrl}/_sandbox/journal`)).json()) as {
            impressions: Record<string, number>;
          }
        ).impressions[vehicle.id] ?? 0;
      const before = await impressions();
      const p = await open(`<carstrel-vehicle vehicle-id="${vehicle.id}" similar="off"></carstrel-vehicle>`);
      await hydrated(p, 'carstrel-vehicle');
      const first = await p.evaluate(() => (window as unknown as { __seen: Seen[] }).__seen);
      assert.equal(first.length, 1, JSON.stringify(first));
      assert.equal(first[0].defined, false);
      assert.equal(first[0].title.trim(), vehicle.name);
      assert.equal(await impressions(), before + 1, 'one impression for the view');
      assert.equal(renders().length, 1, renders().join('\n'));
      assert.deepEqual(
        front.seen.filter((u) => u.startsWith('/external/')),
        [],
        'no detail (nor any) request of the element',
      );
      assert.ok(await p.evaluate(() => (window as unknown as { __first: Element }).__first.isConnected));
      assert.deepEqual(await p.errors(), []);
    });

    test(`${name}: when /render answers 500, the element loads as before (one list request, nothing rendered twice)`, async () => {
      failRender = true;
      const p = await open('<carstrel-inventory page-size="6"></carstrel-inventory>');
      await p.waitForSelector('carstrel-inventory [part~="card-link"]');
      await hydrated(p, 'carstrel-inventory');
      assert.equal(await p.count('carstrel-inventory [part~="card-link"]'), 6);
      assert.equal(renders().length, 1);
      assert.equal(lists().length, 1, lists().join('\n'));
      const state = await p.evaluate(() => ({
        seen: (window as unknown as { __seen: Seen[] }).__seen.length,
        ssr: document.querySelector('carstrel-inventory')!.hasAttribute('data-carstrel-ssr'),
        json: document.querySelectorAll('script[data-carstrel-ssr]').length,
      }));
      assert.deepEqual(state, { seen: 0, ssr: false, json: 0 });
      assert.deepEqual(await p.errors(), []);
      failRender = false;
    });

    test(`${name}: on a strict page (the README's Content-Security-Policy, Trusted Types) the renders are inserted without a violation`, async () => {
      failRender = false;
      site.headers = {
        'content-security-policy': [
          "default-src 'none'",
          `script-src ${front.url} ${DEALER}/observe.js`,
          `connect-src ${front.url}`,
          `img-src ${DEALER} ${proxy.url} ${proxy.sandboxUrl ?? ''}`,
          "style-src 'self'",
          "require-trusted-types-for 'script'",
          'trusted-types lit-html carstrel',
        ].join('; '),
      };
      try {
        const p = await open(
          '<carstrel-inventory page-size="3"></carstrel-inventory><carstrel-brands></carstrel-brands><carstrel-blog limit="2"></carstrel-blog>',
        );
        await p.waitForSelector('carstrel-inventory [part~="card-link"]');
        await awaken(p);
        for (const tag of ['carstrel-inventory', 'carstrel-brands', 'carstrel-blog']) await hydrated(p, tag);
        const first = await p.evaluate(() => (window as unknown as { __seen: Seen[] }).__seen);
        assert.deepEqual(first.map((e) => [e.name, e.defined]).sort(), [
          ['carstrel-blog', false],
          ['carstrel-brands', false],
          ['carstrel-inventory', false],
        ]);
        assert.equal(renders().length, 3, renders().join('\n'));
        assert.deepEqual(
          front.seen.filter((u) => u.startsWith('/external/')),
          [],
          'no request of the elements',
        );
        const styled = await p.evaluate(
          () =>
            getComputedStyle(document.querySelector('carstrel-inventory')!.shadowRoot!.querySelector('[part~="card"]')!)
              .display,
        );
        assert.notEqual(styled, 'inline', 'the cards are styled (constructable stylesheets)');
        assert.deepEqual(await p.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
        assert.deepEqual(await p.errors(), []);
      } finally {
        site.headers = {};
      }
    });
  });
}

/**
 * Hydrate on intent, on a foreign dealer page that has only the script tag: the loader puts the
 * proxy's server render in the inventory and loads nothing else at load (no chunk, no hydration
 * support, no preload); `carstrel-results-loaded` fires once from the served list and the JSON-LD is
 * in the page. The shopper's first sign of intent loads the code; what they did before it hydrated
 * (a page button, a card link, a filter, the keyboard) reaches the element, on the same nodes, and
 * the served list is not announced a second time. An element with `data-layer` hydrates at once;
 * when the code cannot load, a held card link is followed natively. In every engine found.
 *
 * The script comes through a small front server that records the paths it forwards to the proxy
 * (every engine's requests counted alike), lets the browser keep nothing (each page loads anew) and
 * can hold back (`chunkDelay`) or fail the chunks, so that an interaction is certain to come before
 * hydration.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { e2eEngines, ERROR_COLLECTOR, label, launch, type E2EBrowser, type E2EPage } from './browsers.js';
import { DealerSite, inventoryPageShown, startBuiltProxy, startFront } from './support.js';
import type { FrontServer, RunningProxy } from './support.js';

const site = await DealerSite.reserve();
const DEALER = site.origin;

/**
 * First in the page (a script of the dealer's own): records each `carstrel-results-loaded` and
 * `carstrel-vehicle-select` (cancelled when `__cancelSelect` is set) and the page's errors.
 */
const OBSERVE = `window.__results = []; window.__selects = [];
document.addEventListener('carstrel-results-loaded', (e) =>
  __results.push({ total: e.detail.total, page: e.detail.page, ids: e.detail.vehicles.map((v) => v.id),
    keys: Object.keys(e.detail).sort().join(), defined: !!customElements.get('carstrel-inventory') }));
document.addEventListener('carstrel-vehicle-select', (e) => {
  __selects.push(e.detail.vehicle.id);
  if (window.__cancelSelect) e.preventDefault();
});
${ERROR_COLLECTOR.replace(/<\/?script>/g, '')}`;

const page = (src: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dealer</title><script src="/observe.js"></script></head>
  <body><h1>Our cars</h1><script src="${src}/carstrel.js"></script>${body}<p id="after">Visit us on Main Street.</p></body></html>`;

interface Announced {
  total: number;
  page: number;
  ids: string[];
  keys: string;
  defined: boolean;
}

const results = (p: E2EPage) => p.evaluate(() => (window as unknown as { __results: Announced[] }).__results);
const selects = (p: E2EPage) => p.evaluate(() => (window as unknown as { __selects: string[] }).__selects);
const defined = (p: E2EPage) => p.evaluate(() => !!customElements.get('carstrel-inventory'));
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the page is at `href` (read from the driver: the page navigates meanwhile). */
async function followed(p: E2EPage, href: string): Promise<void> {
  const end = Date.now() + 15_000;
  while ((await p.url().catch(() => '')) !== href) {
    if (Date.now() > end) throw new Error(`${p.engine}: the page did not go to ${href} (at ${await p.url()})`);
    await settle(100);
  }
}

for (const engine of e2eEngines()) {
  const name = label(engine);
  describe(`carstrel.js hydrates a server-rendered inventory on the shopper's intent in ${name}`, () => {
    let proxy: RunningProxy;
    let browser: E2EBrowser;
    let front: FrontServer;
    /** ms the front holds each chunk back; whether it answers 500 to them. */
    let chunkDelay = 0;
    /** Delay (ms) of the proxy's `/render` answers. */
    let renderDelay = 0;
    let failChunks = false;

    before(async () => {
      await site.start((req, res) => {
        if (req.url !== '/observe.js') return false;
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(OBSERVE);
        return true;
      });
      proxy = await startBuiltProxy({ CARSTREL_ALLOWED_ORIGINS: DEALER });
      front = await startFront(proxy.url, {
        delay: (path) => (path.startsWith('/chunks/') ? chunkDelay : path.startsWith('/render/') ? renderDelay : 0),
        answer: (path, res) => {
          if (!(path.startsWith('/chunks/') && failChunks)) return false;
          res.writeHead(500, { 'access-control-allow-origin': DEALER }).end();
          return true;
        },
        // Not kept by the browser: each test's page asks for (and counts) the chunks again.
        headers: { 'cache-control': 'no-store' },
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
      chunkDelay = 0;
      renderDelay = 0;
      failChunks = false;
      for (const p of pages.splice(0)) await p.close().catch(() => undefined);
    });

    /** Opens the dealer page and waits for the render's announcement (the page is complete as HTML). */
    async function open(body: string): Promise<E2EPage> {
      const p = await browser.newPage({ width: 1200, height: 900 });
      pages.push(p);
      site.html = page(front.url, body);
      front.seen.length = 0;
      await p.goto(`${DEALER}/cars/`);
      await p.waitFor(
        () => (window as unknown as { __results: unknown[] }).__results.length > 0,
        undefined,
        15_000,
        'results-loaded',
      );
      return p;
    }

    /**
     * The shopper's `press` on the next-page button comes before the element is defined (its code
     * held back); once hydrated, the element shows page 2.
     */
    async function nextPageBeforeHydration(p: E2EPage, press: () => Promise<void>, what: string): Promise<void> {
      await press();
      assert.equal(await defined(p), false, `${what} before the element was defined`);
      await inventoryPageShown(p, 2);
    }

    const scripts = () => front.seen.filter((u) => /\.js(\?|$)/.test(new URL(u, 'http://x').pathname));
    const lists = () => front.seen.filter((u) => new URL(u, 'http://x').pathname === '/external/vehicles');
    const total = async (size: number) =>
      ((await (await fetch(`${proxy.url}/external/vehicles?page=1&limit=${size}`)).json()) as { total: number }).total;

    test(`${name}: an inventory the page replaces while its render is on its way (a CMS re-rendering its block) loads its code at once`, async () => {
      renderDelay = 600;
      const replace = `<script>setTimeout(() => {
        const fresh = document.createElement('carstrel-inventory');
        fresh.setAttribute('page-size', '6');
        document.querySelector('carstrel-inventory').replaceWith(fresh);
      }, 100)</script>`;
      const p = await open(`<carstrel-inventory page-size="6"></carstrel-inventory>${replace}`);
      await p.waitFor(() => !!customElements.get('carstrel-inventory'), undefined, 15_000, 'defined with no intent');
      await p.waitFor(
        () => document.querySelector('carstrel-inventory')!.shadowRoot!.querySelectorAll('[part~="card"]').length === 6,
        undefined,
        15_000,
        'the new element shows its cards',
      );
    });

    test(`${name}: at load only carstrel.js, one results-loaded from the served list, the JSON-LD in the page`, async () => {
      const p = await open('<carstrel-inventory page-size="6" filters="brand sort"></carstrel-inventory>');
      await settle(1500); // anything else the page would load has been asked for by now
      assert.deepEqual(scripts(), ['/carstrel.js'], front.seen.join('\n'));
      assert.deepEqual(lists(), [], 'no list request: the render served it');
      assert.equal(await defined(p), false, 'the element is not defined before any intent');
      const announced = await results(p);
      assert.equal(announced.length, 1, JSON.stringify(announced));
      assert.equal(announced[0].total, await total(6));
      assert.deepEqual([announced[0].page, announced[0].ids.length, announced[0].keys], [1, 6, 'page,total,vehicles']);
      const jsonLd = await p.evaluate(() =>
        [...document.querySelectorAll('carstrel-inventory > script[type="application/ld+json"]')].map(
          (s) => s.textContent ?? '',
        ),
      );
      assert.equal(jsonLd.length, 1);
      const graph = (JSON.parse(jsonLd[0]) as { '@graph': Array<{ '@type': string; url: string }> })['@graph'];
      assert.deepEqual(
        graph.map((car) => [car['@type'], car.url]),
        announced[0].ids.map((id) => ['Car', `${DEALER}/cars/?vehicle=${id}`]),
      );
      const cards = await p.evaluate(() =>
        [
          ...document
            .querySelector('carstrel-inventory')!
            .shadowRoot!.querySelectorAll<HTMLAnchorElement>('[part~="card-link"]'),
        ].map((a) => a.href),
      );
      assert.deepEqual(
        cards,
        graph.map((car) => car.url),
        'the links the cards show',
      );

      // Once hydrated (intent), the element takes that script over: still one, same content, no second announcement.
      await p.click('carstrel-inventory [part~="count"]');
      await p.waitFor(() => !!customElements.get('carstrel-inventory'), undefined, 15_000, 'hydrated');
      await settle(800);
      assert.deepEqual(
        await p.evaluate(() =>
          [...document.querySelectorAll('carstrel-inventory > script[type="application/ld+json"]')].map(
            (s) => s.textContent,
          ),
        ),
        jsonLd,
      );
      assert.equal((await results(p)).length, 1, 'the served list is announced once');
      assert.deepEqual(lists(), []);
      assert.deepEqual(await p.errors(), []);
    });

    test(`${name}: a page button pressed before hydration is replayed once hydrated (page 2, its URL, one request)`, async () => {
      const p = await open('<carstrel-inventory page-size="6"></carstrel-inventory>');
      chunkDelay = 1500;
      const before = await p.evaluate(() => {
        const next = document
          .querySelector('carstrel-inventory')!
          .shadowRoot!.querySelector('[part~="page-button"].next');
        const w = window as unknown as { __nextClicks: boolean[] };
        w.__nextClicks = [];
        next?.addEventListener('click', (e) => w.__nextClicks.push(e.isTrusted));
        return !!next;
      });
      assert.ok(before, 'the render shows the page navigation');
      await nextPageBeforeHydration(p, () => p.click('carstrel-inventory [part~="page-button"].next'), 'clicked');
      assert.match(await p.url(), /[?&]page=2\b/);
      assert.equal(lists().length, 1, lists().join('\n'));
      assert.equal(new URL(lists()[0], 'http://x').searchParams.get('page'), '2');
      const announced = await results(p);
      assert.deepEqual(
        announced.map((r) => [r.page, r.defined]),
        [
          [1, false],
          [2, true],
        ],
        'the served list once (by the loader), page 2 once (by the element)',
      );
      assert.deepEqual(
        await p.evaluate(() => (window as unknown as { __nextClicks: boolean[] }).__nextClicks),
        [false],
        'the click reached the button the shopper pressed once, replayed (the server-rendered node, kept)',
      );
      assert.deepEqual(await p.errors(), []);
    });

    test(`${name}: a card link clicked before hydration goes through the element (carstrel-vehicle-select, cancelable), then navigates`, async () => {
      const p = await open('<carstrel-inventory page-size="3" filters="none"></carstrel-inventory>');
      chunkDelay = 1500;
      await p.evaluate(() => ((window as unknown as { __cancelSelect: boolean }).__cancelSelect = true));
      const id = await p.evaluate(
        () =>
          document.querySelector('carstrel-inventory')!.shadowRoot!.querySelector<HTMLElement>('[part~="card-link"]')!
            .dataset.vehicleId!,
      );
      await p.click('carstrel-inventory [part~="card-link"]');
      assert.equal(await defined(p), false, 'clicked before the element was defined');
      await p.waitFor(
        () => (window as unknown as { __selects: string[] }).__selects.length > 0,
        undefined,
        15_000,
        'vehicle-select',
      );
      await settle(500);
      assert.deepEqual(await selects(p), [id]);
      assert.equal(await p.url(), `${DEALER}/cars/`, 'cancelled: the page stays');
      assert.equal((await results(p)).length, 1);
      assert.deepEqual(await p.errors(), []);

      // Not cancelled: the link is followed (this page with ?vehicle=).
      await p.evaluate(() => ((window as unknown as { __cancelSelect: boolean }).__cancelSelect = false));
      await p.click('carstrel-inventory [part~="card-link"]');
      await followed(p, `${DEALER}/cars/?vehicle=${id}`);
    });

    test(`${name}: a filter changed before hydration reaches the element (same select, sorted list, URL)`, async () => {
      const p = await open('<carstrel-inventory page-size="6" filters="sort"></carstrel-inventory>');
      chunkDelay = 1500;
      // A shopper's pick in the native select (its popup is the engine's own): value set, change sent.
      await p.evaluate(() => {
        const select = document
          .querySelector('carstrel-inventory')!
          .shadowRoot!.querySelector<HTMLSelectElement>('select#f-sort')!;
        (window as unknown as { __select: Element }).__select = select;
        select.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
        select.value = 'price:asc';
        select.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        select.dispatchEvent(new Event('change', { bubbles: true }));
      });
      assert.equal(await defined(p), false, 'changed before the element was defined');
      await p.waitFor(() => /[?&]sort=price\b/.test(location.search), undefined, 15_000, 'the sort in the URL');
      await p.waitFor(
        () => (window as unknown as { __results: unknown[] }).__results.length > 1,
        undefined,
        15_000,
        'the sorted list',
      );
      assert.equal(lists().length, 1, lists().join('\n'));
      const asked = new URL(lists()[0], 'http://x').searchParams;
      assert.deepEqual([asked.get('sort'), asked.get('order')], ['price', 'asc']);
      const state = await p.evaluate(() => {
        const select = document
          .querySelector('carstrel-inventory')!
          .shadowRoot!.querySelector<HTMLSelectElement>('select#f-sort')!;
        return { same: select === (window as unknown as { __select: Element }).__select, value: select.value };
      });
      assert.deepEqual(state, { same: true, value: 'price:asc' });
      assert.equal((await results(p)).length, 2, 'the served list, then the sorted one');
      assert.deepEqual(await p.errors(), []);
    });

    test(`${name}: by keyboard: Tab into it, Enter on a page button before hydration`, async () => {
      const p = await open('<carstrel-inventory page-size="3" filters="none"></carstrel-inventory>');
      chunkDelay = 2500;
      let onNext = false;
      for (let i = 0; i < 20 && !onNext; i++) {
        await p.press('Tab');
        onNext = await p.evaluate(
          () =>
            !!document
              .querySelector('carstrel-inventory')
              ?.shadowRoot?.activeElement?.matches('[part~="page-button"].next'),
        );
      }
      assert.ok(onNext, 'Tab reached the next-page button');
      await nextPageBeforeHydration(p, () => p.press('Enter'), 'Enter pressed');
      assert.equal(lists().length, 1, lists().join('\n'));
      assert.deepEqual(
        (await results(p)).map((r) => r.page),
        [1, 2],
      );
      assert.deepEqual(await p.errors(), []);
    });

    test(`${name}: an inventory with data-layer hydrates at once (one push of the served list)`, async () => {
      const p = await open('<carstrel-inventory data-layer page-size="3"></carstrel-inventory>');
      await p.waitFor(() => !!customElements.get('carstrel-inventory'), undefined, 15_000, 'defined without intent');
      await settle(800);
      const pushed = await p.evaluate(() =>
        ((window as unknown as { dataLayer?: Array<{ event: string }> }).dataLayer ?? []).map((e) => e.event),
      );
      assert.deepEqual(
        pushed.filter((e) => e === 'carstrel-results-loaded'),
        ['carstrel-results-loaded'],
      );
      assert.equal((await results(p)).length, 1);
      assert.ok(
        scripts().some((u) => u.startsWith('/chunks/')),
        'its code loaded',
      );
      assert.deepEqual(lists(), []);
      assert.deepEqual(await p.errors(), []);
    });

    test(`${name}: when the code cannot load, a card link clicked is followed natively`, async () => {
      const p = await open('<carstrel-inventory page-size="3" filters="none"></carstrel-inventory>');
      failChunks = true;
      chunkDelay = 1500; // the chunks fail late: the click is held meanwhile
      const href = await p.evaluate(
        () =>
          document
            .querySelector('carstrel-inventory')!
            .shadowRoot!.querySelector<HTMLAnchorElement>('[part~="card-link"]')!.href,
      );
      await p.click('carstrel-inventory [part~="card-link"]');
      assert.equal(await p.url(), `${DEALER}/cars/`, 'held while the code was on its way');
      await followed(p, href);
    });
  });
}

/**
 * Server-rendered first paint on a dealer page, with the built bundle: the page inlines
 * `GET /render/<element>` as the WordPress plugin does (fetched server-side, inlined as is, the
 * script tag after it). With JavaScript off the cards and links are there; with it on, the cards
 * paint before any script runs, carstrel.js hydrates them without a request to the API, and
 * nothing on the page moves (CLS ≤ 0.01). The sandbox is a test mode: "Test mode" shows in that first paint.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DealerSite, launchChromium, startBuiltProxy, type RunningProxy } from './support.js';

const site = await DealerSite.reserve();
const DEALER = site.origin;

const ELEMENT = 'carstrel-inventory?page-size=6&filters=brand+listing-type+sort';

describe('a page that inlines /render', () => {
  let proxy: RunningProxy;
  let browser: Browser;
  let fragment = '';

  const page = () =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dealer</title></head>
    <body><h1>Our cars</h1><main>${fragment}</main><p id="after">Visit us on Main Street.</p>
    <script src="${proxy.url}/carstrel.js" async></script></body></html>`;

  before(async () => {
    proxy = await startBuiltProxy({ CARSTREL_ALLOWED_ORIGINS: DEALER });
    browser = await launchChromium();
    const res = await fetch(`${proxy.url}/render/${ELEMENT}`);
    assert.equal(res.status, 200);
    fragment = await res.text();
    site.html = page();
    await site.start();
  });
  after(async () => {
    await browser?.close();
    await proxy?.stop();
    await site.close();
  });

  const cardNames = (p: Page) => p.locator('carstrel-inventory [part~="card-link"]').allInnerTexts();

  test('with JavaScript off, a shopper sees the cards and their links', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
    const p = await context.newPage();
    await p.goto(`${DEALER}/cars/`);
    const links = p.locator('carstrel-inventory [part~="card-link"]');
    assert.equal(await links.count(), 6);
    await links.first().waitFor({ state: 'visible' });
    assert.ok((await cardNames(p)).every((name) => name.trim().length > 0));
    // The sandbox is a test mode: an editor sees it in this first paint too, without a script.
    const marker = p.locator('carstrel-inventory carstrel-test-mode [part="test-mode"]');
    assert.equal(await marker.innerText(), 'TEST MODE');
    assert.ok(await marker.isVisible());
    const href = await links.first().getAttribute('href');
    assert.match(href ?? '', /^\?vehicle=/);
    await links.first().click();
    await p.waitForURL(/\/cars\/\?vehicle=/);
    await context.close();
  });

  test('cards paint before the script runs; hydration keeps them, asks the API nothing, moves nothing', async () => {
    const p = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await p.addInitScript(() => {
      const w = window as unknown as { cls: number };
      w.cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>)
          if (!e.hadRecentInput) w.cls += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await p.route('**/carstrel.js', async (route) => {
      await held;
      await route.continue();
    });
    const api: string[] = [];
    p.on('request', (r) => new URL(r.url()).pathname.startsWith('/external/') && api.push(r.url()));
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    await p.goto(`${DEALER}/cars/`, { waitUntil: 'domcontentloaded' });
    await p.locator('carstrel-inventory [part~="card-link"]').first().waitFor({ state: 'visible' });
    assert.equal(await p.evaluate(() => customElements.get('carstrel-inventory')), undefined, 'no element code yet');
    const before = await cardNames(p);
    assert.equal(before.length, 6);
    const textBefore = await p.evaluate(() => document.querySelector('carstrel-inventory')!.shadowRoot!.textContent);
    const marker = p.locator('carstrel-inventory carstrel-test-mode [part="test-mode"]');
    assert.ok(await marker.isVisible(), '"Test mode" in the first paint, before any script');

    release();
    await p.waitForFunction(() => {
      const el = document.querySelector('carstrel-inventory') as (HTMLElement & { hasUpdated?: boolean }) | null;
      return !!customElements.get('carstrel-inventory') && el?.hasUpdated === true;
    });
    await p.waitForTimeout(800);

    assert.deepEqual(await cardNames(p), before);
    // The same text, and each card's "Save" toggle, which loads after the first render (absolutely
    // placed: it moves nothing, as the CLS below says).
    await p.waitForFunction(
      () =>
        document.querySelector('carstrel-inventory')!.shadowRoot!.querySelectorAll('[part="save-toggle"]').length === 6,
    );
    assert.equal(
      await p.evaluate(() => {
        const root = document.querySelector('carstrel-inventory')!.shadowRoot!;
        return [...root.childNodes]
          .filter((node) => node.nodeType !== Node.COMMENT_NODE)
          .map((node) => {
            const copy = node.cloneNode(true);
            if (copy instanceof Element) for (const t of copy.querySelectorAll('[part="save-toggle"]')) t.remove();
            return copy.textContent;
          })
          .join('');
      }),
      textBefore,
    );
    assert.deepEqual(api, [], 'no request to the API: the element took what the server rendered');
    assert.equal(await marker.count(), 1, 'the hydrated element keeps the one marker');
    assert.ok(await marker.isVisible());
    assert.deepEqual(errors, []);
    const cls = await p.evaluate(() => (window as unknown as { cls: number }).cls);
    assert.ok(cls <= 0.01, `CLS ${cls} > 0.01`);

    // And it is live: a filter change loads through the proxy.
    await p.locator('carstrel-inventory [part~="page-button"].next').click();
    await p.waitForFunction(
      () =>
        document
          .querySelector('carstrel-inventory')!
          .shadowRoot!.querySelector('[aria-current="page"]')
          ?.textContent?.trim() === '2',
    );
    assert.equal(api.filter((u) => new URL(u).searchParams.get('page') === '2').length, 1);
    // That answer tells the element the mode itself: still the one marker, shown.
    await p.waitForTimeout(300);
    assert.equal(await marker.count(), 1, 'not a second marker');
    assert.ok(await marker.isVisible());
    await p.close();
  });
});

/**
 * The snippet builder's snippet, pasted as it is into a foreign dealer page (README, "The snippet
 * that costs least"): the render's preloads, the plain script tag, the element. The page's browser
 * starts the render while `carstrel.js` is on its way, and the loader uses that response: one render
 * request in all, the layout of the page's width (the wide render on a desktop, the compact one on a
 * phone), the cards shown before the element's code, the element hydrated from them at the
 * shopper's first move with no list request. In every engine found.
 *
 * Counted in the page (Resource Timing: a fetch the browser answers from a preload adds no entry;
 * one it does not shows as a second entry of the same render).
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { ELEMENTS } from '../../src/builder/attributes.generated.js';
import { htmlSnippet } from '../../src/builder/snippet.js';
import { e2eEngines, ERROR_COLLECTOR, label, launch, type E2EBrowser, type E2EPage } from './browsers.js';
import { DealerSite, startBuiltProxy, type RunningProxy } from './support.js';

const site = await DealerSite.reserve();
const STATE = { element: 'carstrel-inventory', values: { 'page-size': '6', filters: 'brand sort' } };

const dealerPage = (snippet: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dealer</title>${ERROR_COLLECTOR}</head>
  <body><h1>Our cars</h1>${snippet}<p id="after">Visit us on Main Street.</p></body></html>`;

/** What the page fetched of the API: its render requests and list requests (Resource Timing). */
function fetched(): { renders: string[]; lists: number } {
  const names = performance.getEntriesByType('resource').map((e) => e.name);
  return {
    renders: names.filter((n) => n.includes('/render/')).map((n) => n.slice(n.indexOf('/render/'))),
    lists: names.filter((n) => /\/external\/vehicles(\?|$)/.test(n)).length,
  };
}

for (const engine of e2eEngines()) {
  const name = label(engine);
  describe(`the snippet builder's snippet on a dealer page in ${name}`, () => {
    let proxy: RunningProxy;
    let browser: E2EBrowser;
    const pages: E2EPage[] = [];

    before(async () => {
      await site.start();
      proxy = await startBuiltProxy({ CARSTREL_ALLOWED_ORIGINS: site.origin });
      site.html = dealerPage(htmlSnippet(proxy.url, STATE, ELEMENTS));
      browser = await launch(engine);
    });
    after(async () => {
      await browser?.close();
      await proxy?.stop();
      await site.close();
    });
    afterEach(async () => {
      for (const p of pages.splice(0)) await p.close().catch(() => undefined);
    });

    for (const [viewport, layout] of [
      [{ width: 1200, height: 900 }, ''],
      [{ width: 400, height: 800 }, '&layout=compact&columns=1'],
    ] as const) {
      test(`${name} at ${viewport.width} px: one render request, the preloaded one, shown before the code, hydrated without a list request`, async () => {
        const p = await browser.newPage(viewport);
        pages.push(p);
        await p.goto(`${site.origin}/cars/`);
        await p.waitForSelector('carstrel-inventory [part~="card-link"]');
        const before = await p.evaluate(() => ({
          defined: !!customElements.get('carstrel-inventory'),
          rendered: document.querySelector('carstrel-inventory')!.hasAttribute('data-carstrel-ssr'),
        }));
        assert.deepEqual(before, { defined: false, rendered: true }, 'the render is in, the code not loaded');
        const expected = `/render/carstrel-inventory?page-size=6&filters=brand+sort&lang=en${layout}`;
        assert.deepEqual(await p.evaluate(fetched), { renders: [expected], lists: 0 }, 'the preload alone');

        await p.click('carstrel-inventory [part~="count"]'); // the shopper's first move: the code comes
        await p.waitFor(
          async () => {
            const el = document.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>(
              'carstrel-inventory',
            );
            if (!customElements.get('carstrel-inventory') || !el?.updateComplete) return false;
            await el.updateComplete;
            return true;
          },
          undefined,
          15_000,
          'the inventory hydrated',
        );
        await new Promise((r) => setTimeout(r, 500)); // a list request a redraw would make has started by now
        assert.deepEqual(await p.evaluate(fetched), { renders: [expected], lists: 0 }, 'hydrated from the render');
        assert.equal(await p.count('carstrel-inventory [part~="card-link"]'), 6);
        assert.deepEqual(await p.errors(), [], 'no page error');
      });
    }
  });
}

/**
 * The shopper demo page (`demo/shopper.html`) on the built proxy, as a shopper uses it: vehicles
 * opened, saved with the "Save" toggle, compared; favourites survive reloads; every page that shows
 * a vehicle records exactly one impression, and nothing else records any. In every engine found.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { e2eEngines, label, launch, type E2EBrowser, type E2EPage } from './browsers.js';
import { startBuiltProxy, type RunningProxy } from './support.js';

interface V {
  id: string;
  name: string;
}

/** Texts of the matches of `selector` inside the shadow root of the `index`th `host` (in the page). */
function shadowTexts(page: E2EPage, host: string, selector: string, index = 0): Promise<string[]> {
  return page.evaluate(
    ([h, s, i]) =>
      [...(document.querySelectorAll(h)[i]?.shadowRoot?.querySelectorAll<HTMLElement>(s) ?? [])].map((e) =>
        e.innerText.trim(),
      ),
    [host, selector, index] as const,
  );
}

for (const engine of e2eEngines()) {
  const name = label(engine);
  describe(`shopper page in ${name}: tiles, payment estimate, favourites, blog`, () => {
    let proxy: RunningProxy;
    let browser: E2EBrowser;
    let page: E2EPage;

    before(async () => {
      proxy = await startBuiltProxy();
      browser = await launch(engine);
      page = await browser.newPage();
    });
    after(async () => {
      await page?.close();
      await browser?.close();
      await proxy?.stop();
    });

    async function impressions(): Promise<Record<string, number>> {
      const res = await fetch(`${proxy.sandboxUrl}/_sandbox/journal`);
      return ((await res.json()) as { impressions: Record<string, number> }).impressions;
    }

    async function openVehicleAndSave(v: V): Promise<void> {
      await page.goto(`${proxy.url}/shopper.html?vehicle=${v.id}`);
      const position = await page.waitFor(
        (vehicle) => {
          const items = document
            .querySelector('carstrel-favorites')
            ?.shadowRoot?.querySelectorAll('[part="recent"] li');
          const i = [...(items ?? [])].findIndex((li) => (li.textContent ?? '').includes(vehicle));
          return i + 1;
        },
        v.name,
        15_000,
        `${v.name} among the recently viewed`,
      );
      const inner = `[part="recent"] li:nth-child(${position}) [part~="save-toggle"]`;
      const pressed = (want: string) =>
        page.waitFor(
          ([sel, value]) =>
            document
              .querySelector('carstrel-favorites')
              ?.shadowRoot?.querySelector(sel)
              ?.getAttribute('aria-pressed') === value,
          [inner, want] as const,
          5_000,
          `the Save toggle of ${v.name} with aria-pressed="${want}"`,
        );
      await pressed('false');
      assert.match(await page.text(`carstrel-favorites ${inner}`), /Save/);
      await page.click(`carstrel-favorites ${inner}`);
      await pressed('true');
      await page.waitFor(
        (vehicle) =>
          [...(document.querySelector('carstrel-favorites')?.shadowRoot?.querySelectorAll('[part="item"]') ?? [])].some(
            (item) => (item.textContent ?? '').includes(vehicle),
          ),
        v.name,
        15_000,
        `${v.name} among the saved`,
      );
    }

    test(`${name}: save two vehicles from their pages, reload: both still saved and compared; one impression per vehicle page`, async () => {
      const res = await fetch(`${proxy.url}/external/vehicles?listingType=sale&limit=2`);
      const [a, b] = ((await res.json()) as { data: V[] }).data as [V, V];

      await openVehicleAndSave(a);
      await page.waitForSelector('carstrel-payment-calculator [part="monthly"]');
      assert.match(await page.text('carstrel-payment-calculator [part="price"]'), new RegExp(a.name));

      await openVehicleAndSave(b);
      await page.goto(`${proxy.url}/shopper.html`);
      await page.waitForSelector('carstrel-favorites table');
      assert.deepEqual(await shadowTexts(page, 'carstrel-favorites', 'table thead th'), [b.name, a.name]);
      assert.deepEqual(await shadowTexts(page, 'carstrel-favorites', 'table tbody th'), [
        'Year',
        'Mileage',
        'Fuel',
        'Gearbox',
        'Body',
        'Engine',
        'Drivetrain',
        'Colour',
        'Price',
      ]);

      const seen = await impressions();
      assert.equal(seen[a.id], 1, 'the first vehicle page');
      assert.equal(seen[b.id], 1, 'the second vehicle page; the favourites list adds none');
      assert.equal(Object.keys(seen).length, 2);
    });

    test(`${name}: the other elements of the page render: tiles with counts, the 0 % estimate, blog posts`, async () => {
      // A tab of its own: the errors read below are this page's. (Firefox reports the previous test's
      // last page's image loads, cut short by navigating away, as errors of the tab that navigated.)
      await page.close();
      page = await browser.newPage();
      await page.goto(`${proxy.url}/shopper.html`);
      // The first of the page's three tile elements (brands by count: it waits for the stock summary).
      await page.waitFor(
        () => (document.querySelector('carstrel-brands')?.shadowRoot?.querySelectorAll('a').length ?? 0) > 10,
        undefined,
        15_000,
        'more than 10 brand tiles',
      );
      const tiles = await shadowTexts(page, 'carstrel-brands', 'a');
      assert.match(tiles[0] ?? '', /^\S.*\n?\d+/);
      await page.waitFor(
        () =>
          !!document.querySelectorAll('carstrel-payment-calculator')[1]?.shadowRoot?.querySelector('[part="monthly"]'),
        undefined,
        15_000,
        'the second estimate',
      );
      assert.deepEqual(await shadowTexts(page, 'carstrel-payment-calculator', '[part="monthly"]', 1), ['$500.00']);
      await page.waitForSelector('carstrel-blog [part="post"]');
      assert.equal(await page.count('carstrel-blog [part="post"]'), 4);
      const errors = await page.errors();
      if (errors) assert.deepEqual(errors, []);
    });
  });
}

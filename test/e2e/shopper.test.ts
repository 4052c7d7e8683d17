/**
 * The shopper demo page (`demo/shopper.html`) on the built proxy, as a shopper uses it: vehicles
 * opened, saved with the "Save" toggle, compared; favourites survive reloads; every page that shows
 * a vehicle records exactly one impression, and nothing else records any.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startBuiltProxy, type RunningProxy } from './support.js';

interface V {
  id: string;
  name: string;
}

describe('shopper page: tiles, payment estimate, favourites, blog', () => {
  let proxy: RunningProxy;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    proxy = await startBuiltProxy();
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
  });
  after(async () => {
    await browser?.close();
    await proxy?.stop();
  });

  async function impressions(): Promise<Record<string, number>> {
    const res = await fetch(`${proxy.sandboxUrl}/_sandbox/journal`);
    return ((await res.json()) as { impressions: Record<string, number> }).impressions;
  }

  async function openVehicleAndSave(v: V): Promise<void> {
    await page.goto(`${proxy.url}/shopper.html?vehicle=${v.id}`);
    const recent = page.locator('carstrel-favorites [part="recent"] li', { hasText: v.name });
    await recent.waitFor({ timeout: 15_000 });
    const save = recent.getByRole('button', { name: 'Save' });
    assert.equal(await save.getAttribute('aria-pressed'), 'false');
    await save.click();
    assert.equal(await save.getAttribute('aria-pressed'), 'true');
    await page.locator('carstrel-favorites [part="item"]', { hasText: v.name }).waitFor({ timeout: 15_000 });
  }

  test('save two vehicles from their pages, reload: both still saved and compared; one impression per vehicle page', async () => {
    const res = await fetch(`${proxy.url}/external/vehicles?listingType=sale&limit=2`);
    const [a, b] = ((await res.json()) as { data: V[] }).data as [V, V];

    await openVehicleAndSave(a);
    const calculator = page.locator('carstrel-payment-calculator').first();
    await calculator.locator('[part="monthly"]').waitFor({ timeout: 15_000 });
    assert.match(await calculator.locator('[part="price"]').innerText(), new RegExp(a.name));

    await openVehicleAndSave(b);
    await page.goto(`${proxy.url}/shopper.html`);
    const favorites = page.locator('carstrel-favorites');
    const table = favorites.getByRole('table');
    await table.waitFor({ timeout: 15_000 });
    const columns = await table.locator('thead th').allInnerTexts();
    assert.deepEqual(columns, [b.name, a.name]);
    const rows = await table.locator('tbody th').allInnerTexts();
    assert.deepEqual(rows, ['Year', 'Mileage', 'Fuel', 'Gearbox', 'Body', 'Engine', 'Drivetrain', 'Colour', 'Price']);

    const seen = await impressions();
    assert.equal(seen[a.id], 1, 'the first vehicle page');
    assert.equal(seen[b.id], 1, 'the second vehicle page; the favourites list adds none');
    assert.equal(Object.keys(seen).length, 2);
  });

  test('the other elements of the page render: tiles with counts, the 0 % estimate, blog posts', async () => {
    await page.goto(`${proxy.url}/shopper.html`);
    const tiles = page.locator('carstrel-brands').first().getByRole('link');
    await tiles.first().waitFor({ timeout: 15_000 });
    assert.ok((await tiles.count()) > 10);
    assert.match(await tiles.first().innerText(), /^\S.*\n?\d+/);
    const zero = page.locator('carstrel-payment-calculator').nth(1);
    assert.equal((await zero.locator('[part="monthly"]').innerText()).trim(), '$500.00');
    const posts = page.locator('carstrel-blog [part="post"]');
    await posts.first().waitFor({ timeout: 15_000 });
    assert.equal(await posts.count(), 4);
    assert.deepEqual(errors, []);
  });
});

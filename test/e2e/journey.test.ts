/**
 * A shopper's journey on the demo dealer page, keyboard and mouse as a person would, checked
 * against what the sandbox recorded: pick a car in the inventory → its detail view (exactly one
 * impression) → "Book a test drive" → the form knows the car → send → confirmation with a
 * reference, and exactly one test drive stored upstream.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startBuiltProxy, type RunningProxy } from './support.js';

interface Journal {
  impressions: Record<string, number>;
  testDrives: Array<{ vehicleId: string; email: string }>;
}

describe('shopper journey on the demo page', () => {
  let proxy: RunningProxy;
  let browser: Browser;
  let page: Page;

  const journal = async (): Promise<Journal> =>
    (await (await fetch(`${proxy.sandboxUrl}/_sandbox/journal`)).json()) as Journal;

  before(async () => {
    proxy = await startBuiltProxy();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  });
  after(async () => {
    await browser?.close();
    await proxy?.stop();
  });

  test('card → vehicle view → book a test drive → confirmed, recorded once', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${proxy.url}/`);

    const link = page.locator('carstrel-inventory [part~="card-link"]').first();
    await link.waitFor({ timeout: 15_000 });
    const name = (await link.innerText()).trim();
    await link.click();

    // The vehicle view appears with that car, and the URL says which one (shareable).
    const vehicle = page.locator('carstrel-vehicle');
    await vehicle.locator('[part~="title"]').waitFor({ timeout: 15_000 });
    assert.equal((await vehicle.locator('[part~="title"]').innerText()).trim(), name);
    const id = new URL(page.url()).searchParams.get('vehicle');
    assert.ok(id, `the page URL names the vehicle: ${page.url()}`);
    await page.waitForLoadState('networkidle');
    assert.equal((await journal()).impressions[id], 1, 'exactly one impression for one detail view');

    // "Book a test drive" takes the shopper to the form, which shows the car.
    await vehicle.locator('[part~="cta"]').click();
    const form = page.locator('carstrel-test-drive-form');
    await page.waitForFunction(() => document.activeElement?.closest('carstrel-test-drive-form') !== null, null, {
      timeout: 5_000,
    });
    assert.match(await form.innerText(), new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

    // Filled with the keyboard, sent with Enter.
    const email = `journey-${Date.now()}@example.com`;
    await form.locator('input[name="name"]').fill('Amina Wanjiru');
    await form.locator('input[name="email"]').fill(email);
    await form.locator('input[name="phone"]').fill('+254 700 000 000');
    await form.locator('input[name="email"]').press('Enter');

    await form.locator('[part~="result"]').waitFor({ timeout: 15_000 });
    assert.match(await form.locator('[part~="result"]').innerText(), /\w{6,}/, 'a confirmation with its reference');
    const drives = (await journal()).testDrives.filter((d) => d.email === email);
    assert.equal(drives.length, 1, 'stored once upstream');
    assert.equal(drives[0].vehicleId, id, 'for the chosen vehicle');
    assert.equal((await journal()).impressions[id], 1, 'no extra impression from the form');
    assert.deepEqual(errors, []);
  });

  test('Back returns to the inventory without another detail call', async () => {
    await page.goBack();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('vehicle'));
    await page.locator('carstrel-inventory [part~="card"]').first().waitFor();
    const before = (await journal()).impressions;
    await page.waitForTimeout(500);
    assert.deepEqual((await journal()).impressions, before);
  });
});

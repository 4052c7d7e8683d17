/**
 * A shopper's journey on the demo dealer page, keyboard and mouse as a person would, checked
 * against what the sandbox recorded: pick a car in the inventory → its detail view (exactly one
 * impression) → "Book a test drive" → the form knows the car → send → confirmation with a
 * reference, and exactly one test drive stored upstream. In every engine found, on a phone-sized
 * window (WebKitGTK's MiniBrowser cannot be narrower than about 450 CSS px).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { e2eEngines, label, launch, type E2EBrowser, type E2EPage } from './browsers.js';
import { startBuiltProxy, type RunningProxy } from './support.js';

interface Journal {
  impressions: Record<string, number>;
  testDrives: Array<{ vehicleId: string; email: string }>;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

for (const engine of e2eEngines()) {
  const name = label(engine);
  describe(`shopper journey on the demo page in ${name}`, () => {
    let proxy: RunningProxy;
    let browser: E2EBrowser;
    let page: E2EPage;
    let id: string;

    const journal = async (): Promise<Journal> =>
      (await (await fetch(`${proxy.sandboxUrl}/_sandbox/journal`)).json()) as Journal;

    before(async () => {
      proxy = await startBuiltProxy();
      browser = await launch(engine);
      page = await browser.newPage({ width: 390, height: 844 });
    });
    after(async () => {
      await page?.close();
      await browser?.close();
      await proxy?.stop();
    });

    test(`${name}: a card opens the vehicle view, named in the URL, with exactly one impression`, async () => {
      await page.goto(`${proxy.url}/`);

      const link = 'carstrel-inventory [part~="card-link"]';
      await page.waitForSelector(link);
      const title = (await page.text(link)).trim();
      await page.click(link);

      // The vehicle view appears with that car, and the URL says which one (shareable).
      await page.waitForSelector('carstrel-vehicle [part~="title"]');
      assert.equal((await page.text('carstrel-vehicle [part~="title"]')).trim(), title);
      id = new URL(await page.url()).searchParams.get('vehicle') ?? '';
      assert.ok(id, `the page URL names the vehicle: ${await page.url()}`);
      await page.waitFor(async (vehicleId) => {
        const res = await fetch('/healthz');
        return res.ok && vehicleId.length > 0;
      }, id);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal((await journal()).impressions[id], 1, 'exactly one impression for one detail view');
    });

    test(`${name}: the call to action moves focus into the form, though a clicked button does not take focus in WebKit/Safari`, async () => {
      // Safari (WebKit) does not focus a button on click, so nothing may rely on the button's
      // focus: the element moves focus to the form's first field itself.
      await page.click('carstrel-vehicle [part~="cta"]');
      await page.waitFor(
        () => document.activeElement?.closest('carstrel-test-drive-form') !== null,
        undefined,
        5_000,
        'focus inside the test-drive form',
      );
      assert.match(await page.text('carstrel-test-drive-form'), new RegExp(escapeRegExp(await vehicleTitle(page))));
    });

    test(`${name}: the form filled with the keyboard and sent with Enter is confirmed and stored once`, async () => {
      const email = `journey-${engine}-${Date.now()}@example.com`;
      await page.type('carstrel-test-drive-form input[name="name"]', 'Amina Wanjiru');
      await page.type('carstrel-test-drive-form input[name="email"]', email);
      await page.type('carstrel-test-drive-form input[name="phone"]', '+254 700 000 000');
      await page.click('carstrel-test-drive-form input[name="email"]');
      await page.press('Enter');

      await page.waitForSelector('carstrel-test-drive-form [part~="result"]');
      assert.match(
        await page.text('carstrel-test-drive-form [part~="result"]'),
        /\w{6,}/,
        'a confirmation with its reference',
      );
      const drives = (await journal()).testDrives.filter((d) => d.email === email);
      assert.equal(drives.length, 1, 'stored once upstream');
      assert.equal(drives[0]?.vehicleId, id, 'for the chosen vehicle');
      assert.equal((await journal()).impressions[id], 1, 'no extra impression from the form');
      const errors = await page.errors();
      if (errors) assert.deepEqual(errors, []);
    });

    test(`${name}: Back returns to the inventory without another detail call`, async () => {
      await page.back();
      await page.waitFor(() => !new URL(location.href).searchParams.has('vehicle'));
      await page.waitForSelector('carstrel-inventory [part~="card"]');
      const before = (await journal()).impressions;
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual((await journal()).impressions, before);
    });
  });
}

function vehicleTitle(page: E2EPage): Promise<string> {
  return page.text('carstrel-vehicle [part~="title"]').then((t) => t.trim());
}

/**
 * The service worker (`/sw.js`, registered by the loader with workbox-window on pages the proxy
 * serves): repeat visits and offline visits get the widgets from cache, while API calls are never
 * cached (a vehicle view must record its impression upstream; leads must reach the proxy).
 * Registration and caching in every engine found; going offline and routing a page need
 * playwright's Chromium protocol (WebDriver has no offline switch), so those run in Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { e2eEngines, label, launch, type E2EBrowser } from './browsers.js';
import { CHROMIUM_ONLY, launchChromium, startBuiltProxy, type RunningProxy } from './support.js';

describe('service worker on pages served by the proxy', () => {
  let proxy: RunningProxy;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    proxy = await startBuiltProxy();
    if (CHROMIUM_ONLY.skip) return;
    browser = await launchChromium();
    context = await browser.newContext();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await proxy?.stop();
  });

  test(
    'Chromium only (offline emulation; WebDriver has no offline switch): registers, then serves the demo and its widgets offline; API calls are never cached',
    CHROMIUM_ONLY,
    async () => {
      const page = await context.newPage();
      await page.goto(`${proxy.url}/`);
      await page.locator('carstrel-inventory [part~="card"]').first().waitFor({ timeout: 15_000 });
      await page.waitForFunction(
        async () => (await navigator.serviceWorker.ready).active?.state === 'activated',
        null,
        {
          timeout: 15_000,
        },
      );
      // A second visit under the worker's control fills its caches: the shopper uses the inventory
      // (a server-rendered one loads its code on their first sign of intent: the pointer over it).
      await page.reload();
      await page.locator('carstrel-inventory [part~="card"]').first().waitFor({ timeout: 15_000 });
      await page.locator('carstrel-inventory [part~="count"]').hover();
      await page.waitForFunction(() => customElements.get('carstrel-inventory') !== undefined, null, {
        timeout: 15_000,
      });
      assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the page is controlled');

      const offline: Array<{ url: string; fromWorker: boolean }> = [];
      page.on('response', (res) => offline.push({ url: res.url(), fromWorker: res.fromServiceWorker() }));
      await context.setOffline(true);
      await page.reload();
      // The render may come from the HTTP cache (then the code waits for intent, as online).
      await page.locator('carstrel-inventory [part~="count"]').hover();
      await page.waitForFunction(() => customElements.get('carstrel-inventory') !== undefined, null, {
        timeout: 15_000,
      });
      // Offline, the inventory shows what the browser still has, or says it cannot load, with a retry.
      await page
        .locator('carstrel-inventory [part~="card"], carstrel-inventory [part~="retry-button"]')
        .first()
        .waitFor({ timeout: 15_000 });
      const chunkResponses = offline.filter((r) => r.url.includes('/chunks/'));
      assert.ok(chunkResponses.length > 0, 'the widget chunks were requested offline');
      assert.ok(
        chunkResponses.every((r) => r.fromWorker),
        'and served by the service worker',
      );
      assert.ok(
        offline.some((r) => r.url === `${proxy.url}/` && r.fromWorker),
        'the page itself came from the worker',
      );
      assert.ok(
        await page.evaluate(() => getComputedStyle(document.body).margin === '0px'),
        'the dealer stylesheet too',
      );
      await context.setOffline(false);

      const cached = await page.evaluate(async () => {
        const urls: string[] = [];
        for (const name of await caches.keys())
          for (const req of await (await caches.open(name)).keys()) urls.push(req.url);
        return urls;
      });
      assert.ok(
        cached.some((u) => u.includes('/chunks/')),
        'chunks are cached',
      );
      assert.deepEqual(
        (cached ?? []).filter((u) => /\/(external|session)\//.test(u)),
        [],
        'no API response is cached',
      );
      await page.close();
    },
  );

  test(
    'Chromium only (request routing through its protocol): data-service-worker="off" on the script tag opts out',
    CHROMIUM_ONLY,
    async () => {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.route(`${proxy.url}/opt-out.html`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><html lang="en"><head><title>t</title><script src="/carstrel.js" data-service-worker="off"></script></head><body><carstrel-newsletter></carstrel-newsletter></body></html>`,
        }),
      );
      await page.goto(`${proxy.url}/opt-out.html`);
      await page.waitForFunction(() => customElements.get('carstrel-newsletter') !== undefined, null, {
        timeout: 10_000,
      });
      await page.waitForTimeout(500);
      assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
      await ctx.close();
    },
  );
});

for (const engine of e2eEngines()) {
  const name = label(engine);
  describe(`service worker in ${name}`, () => {
    let proxy: RunningProxy;
    let browser: E2EBrowser;

    before(async () => {
      proxy = await startBuiltProxy();
      browser = await launch(engine);
    });
    after(async () => {
      await browser?.close();
      await proxy?.stop();
    });

    test(`${name}: the worker registers and controls the next visit; chunks are cached, API calls never`, async () => {
      const page = await browser.newPage();
      await page.goto(`${proxy.url}/`);
      await page.waitForSelector('carstrel-inventory [part~="card"]');
      await page.waitFor(
        async () => (await navigator.serviceWorker.ready).active?.state === 'activated',
        undefined,
        15_000,
        'an active service worker',
      );
      await page.goto(`${proxy.url}/`);
      await page.waitForSelector('carstrel-inventory [part~="card"]');
      assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the page is controlled');
      const cached = await page.waitFor(
        async () => {
          const urls: string[] = [];
          for (const key of await caches.keys())
            for (const req of await (await caches.open(key)).keys()) urls.push(req.url);
          return urls.some((u) => u.includes('/chunks/')) ? urls : null;
        },
        undefined,
        10_000,
        'the widget chunks in the cache',
      );
      assert.deepEqual(
        (cached ?? []).filter((u) => /\/(external|session)\//.test(u)),
        [],
        'no API response is cached',
      );
      await page.close();
    });
  });
}

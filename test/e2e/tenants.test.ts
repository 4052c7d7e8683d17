/**
 * Many dealers, one deployment, in a real browser: the built proxy serves two tenants from its
 * tenants file in front of the standalone sandbox (dealer one as `summit`, dealer two as `savanna`).
 * A dealer's page on another origin pastes only `<script src="…/d/savanna/carstrel.js">`: the
 * loader infers its API base with the prefix, and the page shows that dealer's cars; the other
 * tenant refuses the same page's origin. In every engine found.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { e2eEngines, ERROR_COLLECTOR, label, launch, type E2EBrowser, type E2EPage } from './browsers.js';
import { DealerSite, startBuiltProxy, startStandaloneSandbox, type RunningProxy } from './support.js';

const site = await DealerSite.reserve();
const DEALER = site.origin;

/** Every URL the page fetched (Resource Timing: the same list in every engine). */
const requests = (page: E2EPage) => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));

/** The vehicle ids of the cards shown. */
const shownIds = (page: E2EPage) =>
  page.evaluate(() =>
    [
      ...(document
        .querySelector('carstrel-inventory')
        ?.shadowRoot?.querySelectorAll('[part~="card-link"][data-vehicle-id]') ?? []),
    ].map((a) => a.getAttribute('data-vehicle-id') ?? ''),
  );

for (const engine of e2eEngines()) {
  const name = label(engine);
  describe(`a tenant page (CARSTREL_TENANTS) in ${name}`, () => {
    let sandbox: RunningProxy;
    let proxy: RunningProxy;
    let browser: E2EBrowser;
    const dir = mkdtempSync(join(tmpdir(), 'e2e-tenants-'));

    before(async () => {
      await site.start();
      sandbox = await startStandaloneSandbox();
      const file = join(dir, 'tenants.json');
      writeFileSync(
        file,
        JSON.stringify({
          tenants: [
            { id: 'summit', apiKey: 'sk_test_sandbox', allowedOrigins: ['https://www.summit.example'] },
            { id: 'savanna', apiKeyEnv: 'SAVANNA_KEY', allowedOrigins: [DEALER] },
          ],
        }),
      );
      proxy = await startBuiltProxy({
        CARSTREL_TENANTS: file,
        SAVANNA_KEY: 'sk_test_sandbox2',
        CARSTREL_API_URL: sandbox.url,
      });
      browser = await launch(engine);
    });
    after(async () => {
      await browser?.close();
      await proxy?.stop();
      await sandbox?.stop();
      await site.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const pageFor = (tenant: string) =>
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dealer</title>${ERROR_COLLECTOR}
      <script src="${proxy.url}/d/${tenant}/carstrel.js" async></script></head>
      <body><h1>A dealer's page</h1><main><carstrel-inventory page-size="6"></carstrel-inventory></main></body></html>`;

    test(`${name}: the script tag under /d/savanna/ shows savanna's cars, every call under its prefix`, async () => {
      const tab = await browser.newPage();
      site.html = pageFor('savanna');
      await tab.goto(`${DEALER}/cars/`);
      await tab.waitForSelector('carstrel-inventory [part~="card"]', 20_000);
      // The cards of the loader's server render show before the element's code is even asked for;
      // the code comes at the shopper's first sign of intent (a press on the results count).
      await tab.click('carstrel-inventory [part~="count"]');
      await tab.waitFor(() => customElements.get('carstrel-inventory') !== undefined, undefined, 10_000);
      const urls = await requests(tab);
      // The loader's server render (or the element's own list request), under the tenant's prefix.
      const api = urls.filter((u) => u.includes('/external/') || u.includes('/render/'));
      assert.ok(api.length > 0);
      assert.deepEqual(
        api.filter((u) => !/^\/d\/savanna\/(external|render)\//.test(u.slice(proxy.url.length))),
        [],
        'the loader inferred the API base with the prefix',
      );
      assert.ok(
        urls.some((u) => u.startsWith(`${proxy.url}/d/savanna/chunks/`)),
        'chunks under the prefix too',
      );
      const list = async (tenant: string) =>
        (
          (await (await fetch(`${proxy.url}/d/${tenant}/external/vehicles?limit=100`)).json()) as {
            data: Array<{ id: string }>;
          }
        ).data.map((v) => v.id);
      const [savanna, summit] = [await list('savanna'), await list('summit')];
      const listed = await shownIds(tab);
      assert.equal(listed.length, 6);
      assert.deepEqual(
        listed.filter((id) => !savanna.includes(id)),
        [],
        "the dealer's own cars",
      );
      assert.deepEqual(
        listed.filter((id) => summit.includes(id)),
        [],
        "none of the other dealer's cars",
      );
      const errors = await tab.errors();
      assert.deepEqual(errors, []);
      await tab.close();
    });

    test(`${name}: the other tenant refuses this page's origin: its widget shows no cars, but its error`, async () => {
      const tab = await browser.newPage();
      site.html = pageFor('summit');
      await tab.goto(`${DEALER}/cars/`);
      await tab.waitForSelector('carstrel-inventory [part="error"]', 20_000);
      assert.equal(await tab.count('carstrel-inventory [part~="card"]'), 0);
      assert.deepEqual(await shownIds(tab), []);
      await tab.close();
    });
  });
}

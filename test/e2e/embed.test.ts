/**
 * The script tag on a foreign dealer page (another origin, as on WordPress or Wix): proxy origin
 * inferred from the script's own URL for classic and module scripts, lazy per-element chunks,
 * double inclusion, elements added later, and a hostile theme stylesheet; in every engine found.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { e2eEngines, ERROR_COLLECTOR, label, launch, type E2EBrowser, type E2EPage } from './browsers.js';
import { DealerSite, startBuiltProxy, type RunningProxy } from './support.js';

const site = await DealerSite.reserve();
const DEALER = site.origin;

const HOSTILE_THEME = `
  * { box-sizing: content-box !important; line-height: 3 !important; letter-spacing: 0.2em; }
  img { width: 40px !important; max-width: none !important; border: 6px solid red !important; float: right !important; }
  button { background: red !important; font-size: 40px !important; padding: 30px !important; }
  a { color: hotpink !important; text-decoration: line-through !important; }
  div, li, ul { display: inline !important; margin: 50px !important; }
  body { font: 17px Georgia, serif; color: #222; }
`;

function dealerPage(head: string, body = '<carstrel-inventory page-size="6"></carstrel-inventory>', css = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dealer</title>${ERROR_COLLECTOR}<style>${css}</style>${head}</head>
  <body><h1>A dealer's WordPress page</h1><main>${body}</main></body></html>`;
}

for (const engine of e2eEngines()) {
  const name = label(engine);
  describe(`carstrel.js embedded on a foreign dealer page in ${name}`, () => {
    let proxy: RunningProxy;
    let browser: E2EBrowser;

    before(async () => {
      await site.start();
      proxy = await startBuiltProxy({ CARSTREL_ALLOWED_ORIGINS: DEALER });
      browser = await launch(engine);
    });
    after(async () => {
      await browser?.close();
      await proxy?.stop();
      await site.close();
    });

    async function open(html: string): Promise<E2EPage> {
      const page = await browser.newPage({ width: 1200, height: 900 });
      site.html = html;
      await page.goto(`${DEALER}/cars/`);
      return page;
    }

    /** Every URL the page fetched (Resource Timing: the same list in every engine). */
    const requests = (page: E2EPage) =>
      page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));

    /** Settled: no new resource for half a second, so a second render (and its fetch) would have happened. */
    async function settled(page: E2EPage): Promise<void> {
      let seen = -1;
      for (;;) {
        const n = (await requests(page)).length;
        if (n === seen) return;
        seen = n;
        await new Promise((r) => setTimeout(r, 500));
      }
    }

    const CARD = 'carstrel-inventory [part~="card"]';

    test(`${name}: a classic async script tag infers the proxy origin from its own URL`, async () => {
      const page = await open(dealerPage(`<script src="${proxy.url}/carstrel.js" async></script>`));
      await page.waitForSelector(CARD);
      const urls = await requests(page);
      assert.ok(
        // The loader's server render of the inventory (or, without it, the element's own list request).
        urls.some((u) => u.startsWith(`${proxy.url}/render/carstrel-inventory?`)),
        'vehicles came from the proxy origin',
      );
      assert.ok(!urls.some((u) => u.startsWith(`${DEALER}/external`)), 'nothing was asked of the dealer origin');
      assert.deepEqual(await page.errors(), []);
      await page.close();
    });

    test(`${name}: a module script tag works the same (document.currentScript is null there)`, async () => {
      const page = await open(dealerPage(`<script type="module" src="${proxy.url}/carstrel.js"></script>`));
      await page.waitForSelector(CARD);
      assert.deepEqual(await page.errors(), []);
      await page.close();
    });

    test(`${name}: only the chunks of elements on the page are loaded`, async () => {
      const page = await open(dealerPage(`<script src="${proxy.url}/carstrel.js" async></script>`));
      await page.waitForSelector(CARD);
      // The cards of the loader's server render show before the element's code is even asked for;
      // the code comes at the shopper's first sign of intent (a press on the results count here).
      await page.click('carstrel-inventory [part~="count"]');
      await page.waitFor(() => customElements.get('carstrel-inventory') !== undefined, undefined, 10_000);
      const chunks = (await requests(page)).filter((u) => u.includes('/chunks/'));
      assert.ok(chunks.some((u) => /carstrel-inventory/.test(u)));
      assert.ok(
        !chunks.some((u) => /carstrel-(login|newsletter|contact-form|test-drive-form)/.test(u)),
        chunks.join('\n'),
      );
      await page.close();
    });

    test(`${name}: including the script twice, classic and module, does not crash and renders once`, async () => {
      const head = `<script src="${proxy.url}/carstrel.js" async></script>
        <script type="module" src="${proxy.url}/carstrel.js?ver=2"></script>
        <script src="${proxy.url}/carstrel.js"></script>`;
      const page = await open(dealerPage(head));
      await page.waitForSelector(CARD);
      await page.click('carstrel-inventory [part~="count"]'); // intent: its code comes, once
      await page.waitFor(() => customElements.get('carstrel-inventory') !== undefined, undefined, 10_000);
      await settled(page);
      assert.deepEqual(await page.errors(), [], 'no "already been used with this registry" or other error');
      assert.equal(await page.count('carstrel-inventory'), 1);
      assert.equal(await page.count(CARD), 6, 'one page of page-size="6" cards, not two renders of it');
      const urls = await requests(page);
      // Its data once: the loader's one server render, which the element hydrates without a list request.
      const loads = urls.filter((u) =>
        /^\/(external\/vehicles|render\/carstrel-inventory)\?/.test(u.slice(proxy.url.length)),
      );
      assert.deepEqual(
        loads.map((u) => new URL(u).pathname),
        ['/render/carstrel-inventory'],
        `the inventory loaded its data once:\n${loads.join('\n')}`,
      );
      const chunks = urls.filter((u) => /\/chunks\/.*carstrel-inventory/.test(u));
      assert.equal(new Set(chunks).size, 1, `one inventory chunk:\n${chunks.join('\n')}`);
      await page.close();
    });

    test(`${name}: an element added later (client-side rendered block) is defined when it appears`, async () => {
      const page = await open(dealerPage(`<script src="${proxy.url}/carstrel.js" async></script>`));
      await page.waitForSelector(CARD);
      await page.evaluate(() => void document.body.append(document.createElement('carstrel-newsletter')));
      await page.waitFor(() => customElements.get('carstrel-newsletter') !== undefined, undefined, 10_000);
      assert.deepEqual(await page.errors(), []);
      await page.close();
    });

    test(`${name}: a hostile theme stylesheet does not break the cards`, async () => {
      const page = await open(
        dealerPage(`<script src="${proxy.url}/carstrel.js" async></script>`, undefined, HOSTILE_THEME),
      );
      await page.waitForSelector(CARD);
      const box = await page.box(CARD);
      const imgBox = await page.box(`${CARD} img`);
      assert.ok(box && imgBox, 'card and photo are laid out');
      assert.ok(imgBox.width > 100, `photo keeps its size (is ${imgBox.width}px wide)`);
      const imgBorder = await page.evaluate(() => {
        const img = document.querySelector('carstrel-inventory')?.shadowRoot?.querySelector('[part~="card"] img');
        return img ? getComputedStyle(img).borderTopWidth : 'no photo';
      });
      assert.equal(imgBorder, '0px', 'page img rules do not reach the photo');
      const tops = await page.evaluate(() =>
        [...(document.querySelector('carstrel-inventory')?.shadowRoot?.querySelectorAll('[part~="card"]') ?? [])]
          .slice(0, 2)
          .map((c) => c.getBoundingClientRect().top),
      );
      assert.ok(tops.length === 2 && Math.abs(tops[1] - tops[0]) < 5, 'cards sit side by side in a grid at 1200px');
      await page.screenshot('carstrel-inventory', `test-results/screens/${engine}/hostile-theme-1200.png`);
      assert.deepEqual(await page.errors(), []);
      await page.close();
    });

    test(`${name}: light-DOM form styles (adoptedStyleSheets with CSS nesting) apply in the form and nowhere else`, async () => {
      // The forms render into the page (light DOM) and adopt one constructed, nested stylesheet into
      // the document: WebKit only has constructable sheets since Safari 16.4 and CSS nesting since
      // 16.5, Firefox since 101 and 117; older engines get the same rules in a <style> element.
      const page = await open(
        dealerPage(
          `<script src="${proxy.url}/carstrel.js" async></script>`,
          `<carstrel-contact-form></carstrel-contact-form><button id="theirs">The dealer's button</button>`,
        ),
      );
      await page.waitForSelector('carstrel-contact-form .submit');
      const styles = await page.evaluate(() => {
        const submit = document.querySelector('carstrel-contact-form .submit');
        const theirs = document.querySelector('#theirs');
        if (!submit || !theirs) return null;
        const s = getComputedStyle(submit);
        const t = getComputedStyle(theirs);
        return {
          adopted: document.adoptedStyleSheets.length,
          fallback: document.querySelectorAll('style[data-carstrel]').length,
          submit: { border: s.borderTopStyle, weight: s.fontWeight, minHeight: s.minHeight },
          theirs: { border: t.borderTopStyle, minHeight: t.minHeight },
        };
      });
      assert.ok(styles, 'the form and the dealer button are there');
      assert.ok(styles.adopted + styles.fallback >= 1, 'the scoped sheet is in the document');
      assert.deepEqual(styles.submit, { border: 'none', weight: '600', minHeight: '44px' }, 'the form is styled');
      assert.notEqual(styles.theirs.minHeight, '44px', "the dealer's own button is not");
      assert.notEqual(styles.theirs.border, 'none', "the dealer's own button keeps its border");
      assert.deepEqual(await page.errors(), []);
      await page.close();
    });
  });
}

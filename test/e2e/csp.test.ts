/**
 * A strict host page: every element runs on a dealer page whose Content-Security-Policy allows
 * scripts only from the proxy's origin, no inline styles (`'unsafe-inline'` absent: constructable
 * stylesheets only, the light-DOM forms included) and requires Trusted Types for script sinks.
 * Violations are reported to a collector on the dealer's server (report-uri) and counted in the
 * page: there must be none. In every engine found.
 *
 * The in-page watch (violation events, page errors) is a script file of the dealer's own, the one
 * addition to the documented policy (one exact URL): an inline one would be refused, and only
 * Chromium's driver can inject scripts past a page's CSP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ELEMENT_MODULES } from '../../src/elements.js';
import { e2eEngines, label, launch, type E2EBrowser, type E2EPage } from './browsers.js';
import { DealerSite, startBuiltProxy, type RunningProxy } from './support.js';

const site = await DealerSite.reserve();
const DEALER = site.origin;
const WATCH = `${DEALER}/csp-watch.js`;

/** The policy README documents for dealers (their proxy's origin, and where vehicle photos come from). */
export function dealerPolicy(proxy: string, media: string[] = [], scripts: string[] = []): string {
  return [
    "default-src 'none'",
    `script-src ${[proxy, ...scripts].join(' ')}`,
    `connect-src ${proxy}`,
    `img-src ${[proxy, ...media].join(' ')}`,
    "style-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html carstrel',
    'report-uri /csp-report',
  ].join('; ');
}

/** Violation events and page errors, counted from the first script of the page on. */
const WATCH_SOURCE = `window.__violations = [];
window.__e2eErrors = [];
document.addEventListener('securitypolicyviolation', (e) =>
  __violations.push(e.effectiveDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
addEventListener('error', (e) => __e2eErrors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => __e2eErrors.push(String(e.reason)));
const consoleError = console.error;
console.error = (...args) => { __e2eErrors.push(args.map(String).join(' ')); consoleError.apply(console, args); };`;

const violations = (page: E2EPage) =>
  page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? ['no watch script ran']);

/**
 * Firefox and WebKit ask for the page's `/favicon.ico` by themselves (headless Chromium does not),
 * which `img-src` refuses: the browser's own request, not the widgets'; set aside by its exact URL.
 */
const notFavicon = (line: string) => !line.includes(`${DEALER}/favicon.ico`);

/** Reports reach the collector asynchronously: waits up to `ms` for at least `count`. */
async function reportsArrived(reports: string[], count: number, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (reports.length < count && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
}

for (const engine of e2eEngines()) {
  const name = label(engine);
  describe(`every element on a page with a strict Content-Security-Policy in ${name}`, () => {
    let proxy: RunningProxy;
    let browser: E2EBrowser;
    const reports: string[] = [];

    before(async () => {
      await site.start((req, res) => {
        if (req.method === 'POST' && req.url === '/csp-report') {
          let body = '';
          req.on('data', (d: Buffer) => (body += d.toString()));
          req.on('end', () => {
            reports.push(body);
            res.writeHead(204).end();
          });
          return true;
        }
        if (req.url === '/site.css') {
          res
            .writeHead(200, { 'content-type': 'text/css' })
            .end('body { font: 16px/1.5 Georgia, serif; margin: 2rem; }');
          return true;
        }
        if (req.url === '/csp-watch.js') {
          res.writeHead(200, { 'content-type': 'text/javascript' }).end(WATCH_SOURCE);
          return true;
        }
        return false;
      });
      proxy = await startBuiltProxy({ CARSTREL_ALLOWED_ORIGINS: DEALER });
      browser = await launch(engine);
    });
    after(async () => {
      await browser?.close();
      await proxy?.stop();
      await site.close();
    });

    test(`${name}: no violation is reported while every element loads, renders and is used (the browser's own favicon request aside: Firefox and WebKit make it)`, async () => {
      reports.length = 0;
      const list = (await (await fetch(`${proxy.url}/external/vehicles?limit=1`)).json()) as {
        data: Array<{ id: string }>;
      };
      const vehicleId = list.data[0].id;
      site.headers = {
        'content-security-policy': dealerPolicy(proxy.url, proxy.sandboxUrl ? [proxy.sandboxUrl] : [], [WATCH]),
      };
      const elements = Object.keys(ELEMENT_MODULES)
        .map((tag) => `<section><${tag}></${tag}></section>`)
        .join('\n');
      site.html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strict dealer</title>
        <script src="${WATCH}"></script>
        <link rel="stylesheet" href="/site.css"><script src="${proxy.url}/carstrel.js" async></script></head>
        <body><h1>Our cars</h1>${elements}<p>Text after the widgets.</p></body></html>`;

      const page = await browser.newPage({ width: 1200, height: 900 });
      try {
        await page.goto(`${DEALER}/cars/?vehicle=${vehicleId}`);
        await useEveryElement(page);
        await new Promise((r) => setTimeout(r, 1000)); // reports are sent asynchronously
        assert.deepEqual((await violations(page)).filter(notFavicon), [], 'no securitypolicyviolation event');
        assert.deepEqual(reports.filter(notFavicon), [], 'no report reached the collector');
        assert.deepEqual((await page.errors())?.filter(notFavicon), []);
      } finally {
        await page.close();
      }
    });

    async function useEveryElement(page: E2EPage): Promise<void> {
      // The inventory's server render hydrates on the shopper's first sign of intent (a press on its count).
      await page.waitForSelector('carstrel-inventory [part~="count"]');
      await page.click('carstrel-inventory [part~="count"]');
      // Every element defined and rendered; the inventory's cards and the vehicle's gallery shown.
      await page.waitFor(
        (tags) => tags.every((n) => customElements.get(n) && document.querySelector(n)?.matches(':defined')),
        Object.keys(ELEMENT_MODULES),
        20_000,
        'every element defined',
      );
      await page.waitForSelector('carstrel-inventory [part~="card"]');
      await page.waitForSelector('carstrel-vehicle [part="gallery-image"]');
      // Used as a shopper would: the full-screen gallery, a filter, a form's validation.
      await page.click('carstrel-vehicle [part="gallery-button"].full');
      await page.press('Escape');
      await page.evaluate(() => {
        const select = document.querySelector('carstrel-inventory')?.shadowRoot?.querySelector('select#f-sort');
        if (!(select instanceof HTMLSelectElement)) throw new Error('no sort select');
        select.value = 'price:asc';
        select.dispatchEvent(new Event('change', { bubbles: true }));
      });
      await page.click('carstrel-newsletter [part~="submit"]');
      // Styled (the adopted sheets apply): the forms' scoped rules and the listing elements' shadow styles.
      const styles = await page.evaluate(() => {
        const submit = document.querySelector('carstrel-contact-form [part~="submit"]');
        const card = document.querySelector('carstrel-inventory')?.shadowRoot?.querySelector('[part~="card"]');
        return [submit && getComputedStyle(submit).cursor, card && getComputedStyle(card).borderTopLeftRadius];
      });
      assert.deepEqual(styles, ['pointer', '10px'], 'the light-DOM form styles and the shadow styles apply');
      // JSON-LD structured data made it into the page (a Trusted Types sink for script text), once
      // its module (loaded after the first paint) has arrived.
      await page.waitFor(
        () => !!document.querySelector('carstrel-inventory > script[type="application/ld+json"]'),
        undefined,
        10_000,
        'the JSON-LD',
      );
      const jsonLd = JSON.parse(
        await page.evaluate(
          () => document.querySelector('carstrel-inventory > script[type="application/ld+json"]')?.textContent ?? '{}',
        ),
      ) as { '@graph'?: Array<{ '@type': string }> };
      assert.equal(jsonLd['@graph']?.[0]?.['@type'], 'Car');
    }

    test(`${name}: the watch and the collector work: an inline script on the same page is blocked, seen and reported`, async () => {
      reports.length = 0;
      site.headers = { 'content-security-policy': dealerPolicy(proxy.url, [], [WATCH]) };
      site.html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Check</title>
        <script src="${WATCH}"></script></head>
        <body><script>document.title = 'ran';</script></body></html>`;
      const page = await browser.newPage();
      try {
        await checkInlineBlocked(page);
      } finally {
        await page.close();
      }
    });

    async function checkInlineBlocked(page: E2EPage): Promise<void> {
      await page.goto(`${DEALER}/check/`);
      await page.waitFor(
        () =>
          ((window as unknown as { __violations?: string[] }).__violations ?? []).some((v) => /^script-src/.test(v)),
        undefined,
        5_000,
        'a securitypolicyviolation event',
      );
      assert.notEqual(await page.evaluate(() => document.title), 'ran');
      assert.match((await violations(page)).filter(notFavicon)[0] ?? '', /script-src/);
      await reportsArrived(reports, 1, 5_000);
      assert.ok(reports.filter(notFavicon).length >= 1, 'the violation was reported');
      assert.match(reports.filter(notFavicon)[0] ?? '', /script-src/);
    }
  });
}

/**
 * Server-rendered first paint benchmark (`npm run bench:render`, builds first): "a page that inlines
 * `/render` paints the cards as fast as static HTML with CLS ≤ 0.01" (issue 15), measured side by
 * side in one run. Three pages of the same dealer layout, served by a "dealer" server on another
 * origin than the proxy (localhost vs 127.0.0.1), with text after the cards:
 *  - static: the same 12 cards (the API's first page, default order) written as plain HTML;
 *  - inlined: `GET /render/carstrel-inventory?page-size=12` inlined as is, `carstrel.js` after it
 *    (`async`), as the WordPress plugin does: the element hydrates what the server drew;
 *  - inlined, no script: the same fragment without `carstrel.js` (what JavaScript-off shoppers and
 *    crawlers get), to separate the HTML's cost from the hydration's.
 * Headless Chromium (playwright-core, CHROME_PATH or /usr/bin/chromium), cache disabled, 5
 * alternating runs (BENCH_RUNS), medians: first card visible (its photo painted) and its ratio to
 * static, largest contentful paint, layout shift (CLS, hydration included), long tasks, and the
 * requests the inlined page makes to the API on load (0: hydration does not refetch).
 * Timings belong here, not in the tests: they depend on the machine.
 */
import type { Browser } from 'playwright-core';
import {
  dealerPage,
  loadUntilFirstCard,
  observeScript,
  PAGE_SIZE,
  staticCards,
  withDealerBench,
  type Figure,
  type Measure as Bench,
  type Vehicle,
} from './dealer-page.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

type Measure = Bench & { apiRequests: number };

async function measure(browser: Browser, url: string): Promise<Measure> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let apiRequests = 0;
  page.on('request', (r) => void (new URL(r.url()).pathname.startsWith('/external/') && apiRequests++));
  await page.addInitScript({ content: observeScript() });
  await loadUntilFirstCard(page, url);
  await page.waitForTimeout(1500); // hydration, late shifts and long tasks
  const result = await page.evaluate(() => (window as unknown as { __bench: Measure }).__bench);
  await context.close();
  return { ...result, apiRequests };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  let fragment = '';
  const pages = async ({ proxyUrl, vehicles }: { proxyUrl: string; vehicles: Vehicle[] }) => {
    // The fragment a CMS inlines, fetched once server-side (the plugin caches it in a transient).
    const render = await fetch(`${proxyUrl}/render/carstrel-inventory?page-size=${PAGE_SIZE}&url-state=off`);
    if (!render.ok) throw new Error(`/render answered ${render.status}: ${await render.text()}`);
    fragment = await render.text();
    return {
      '/static/': dealerPage('', staticCards(vehicles)),
      '/inlined/': dealerPage('', `${fragment}<script src="${proxyUrl}/carstrel.js" async></script>`),
      '/inlined-no-script/': dealerPage('', fragment),
    };
  };
  await withDealerBench(pages, async ({ browser, dealerOrigin, executablePath }) => {
    type Kind = 'static' | 'inlined' | 'bare';
    const urls: Record<Kind, string> = {
      static: `${dealerOrigin}/static/`,
      inlined: `${dealerOrigin}/inlined/`,
      bare: `${dealerOrigin}/inlined-no-script/`,
    };
    const runs: Record<Kind, Measure[]> = { static: [], inlined: [], bare: [] };
    await measure(browser, urls.inlined); // warm-up (server caches), not counted
    for (let i = 0; i < RUNS; i++)
      for (const kind of ['static', 'inlined', 'bare'] as const) runs[kind].push(await measure(browser, urls[kind]));
    const m = (kind: Kind, k: Figure | 'apiRequests') => median(runs[kind].map((r) => r[k]));
    const ratio = (kind: Kind) =>
      `${(m(kind, 'firstCard') / m('static', 'firstCard')).toFixed(2)}× (${m(kind, 'firstCard').toFixed(0)} ms vs ${m('static', 'firstCard').toFixed(0)} ms)`;
    const three = (k: Figure | 'apiRequests', digits: number, unit = '') =>
      `${m('inlined', k).toFixed(digits)} / ${m('bare', k).toFixed(digits)} / ${m('static', k).toFixed(digits)}${unit}`;

    const rows: Array<[string, string, string]> = [
      ['first card visible, inlined /render ÷ static', ratio('inlined'), '≤ 1.1× (as fast as static)'],
      ['… inlined, no script', ratio('bare'), ''],
      ['largest contentful paint, inlined / no script / static', three('lcp', 0, ' ms'), ''],
      ['layout shift (CLS), inlined / no script / static', three('cls', 3), '≤ 0.01'],
      ['long tasks on load, inlined / no script / static', three('longTasks', 0), ''],
      ['API requests on load of the inlined page (hydration)', String(m('inlined', 'apiRequests')), '0'],
      ['HTML of the fragment', `${(Buffer.byteLength(fragment) / 1024).toFixed(1)} KB (uncompressed)`, ''],
    ];
    console.log(`\nrender benchmark: ${RUNS} alternating runs, cache disabled, medians (${executablePath})\n`);
    console.log('| measure | now | goal |\n| --- | --- | --- |');
    for (const [a, b, c] of rows) console.log(`| ${a} | ${b} | ${c} |`);
  });
}

await main();

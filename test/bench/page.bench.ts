/**
 * Page benchmark (`npm run bench:page`, builds first): what the inventory widget costs a dealer's
 * page, against the physical limit, the same 12 cards written as static HTML. The pages are served
 * by a "dealer" server on another origin than the proxy (localhost vs 127.0.0.1), with text after
 * the cards; the widget with the README's snippet, the snippet builder's (`htmlSnippet`: the
 * render's preloads, then the script right before the element, so that its space is reserved before
 * anything after it is shown), with that script tag alone, and with the older `async` script in
 * the head. Headless Chromium (playwright-core, CHROME_PATH or /usr/bin/chromium), cache disabled,
 * 5 alternating runs (BENCH_RUNS), medians and ranges:
 *  - first card visible (its photo painted), widget ÷ static; also over a slow 4G network (as
 *    Lighthouse's mobile preset, applied by Chromium): the round trips a shopper's phone pays;
 *  - layout shift (CLS) on each page; long tasks;
 *  - the JavaScript the widget page downloads, brotli, per file, on load and then at a shopper's
 *    first move over the inventory (and how long until the element is ready after it);
 *  - Lighthouse mobile scores (its default: simulated slow 4G and a 4× slower CPU) of the widget
 *    page and of the static one (`lighthouse`, a devDependency, drives its own Chromium).
 * `BENCH_LIGHTHOUSE=off` skips Lighthouse, `BENCH_LIGHTHOUSE_DETAILS=1` lists its audits under 0.9,
 * `BENCH_FRAMES=1` each long task's frame (its scripts, its style and layout).
 * Timings belong here, not in the tests: they depend on the machine.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import lighthouse from 'lighthouse';
import type { Browser } from 'playwright-core';
import { ELEMENTS } from '../../src/builder/attributes.generated.js';
import { elementTag, htmlSnippet } from '../../src/builder/snippet.js';
import { freePort } from '../e2e/support.js';
import { CHROME_ARGS } from '../helpers/chrome.js';
import {
  dealerPage,
  loadUntilFirstCard,
  observeScript,
  PAGE_SIZE,
  staticCards,
  withDealerBench,
  type Figure,
  type Measure,
  type Vehicle,
} from './dealer-page.js';
import { summarizeTrace } from './trace.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/**
 * The waterfall of a page (`BENCH_TRACE=1`): each request's start and end from the Performance
 * timeline, in ms since navigation, with the first card's paint, to see what the first card waits on.
 */
function timeline(): string {
  const bench = (window as unknown as { __bench: Measure }).__bench;
  const rows = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(
    (e): [number, number, string] => [
      e.startTime,
      e.responseEnd,
      `${e.initiatorType} ${e.name.replace(/^https?:\/\/[^/]+/, '')}`,
    ],
  );
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (nav)
    rows.push(
      [0, nav.responseEnd, 'document'],
      [nav.domContentLoadedEventStart, nav.domContentLoadedEventEnd, 'DOMContentLoaded'],
    );
  rows.push([bench.firstCard, bench.firstCard, 'first card painted']);
  const defined = performance.getEntriesByName('carstrel-inventory defined')[0];
  if (defined) rows.push([defined.startTime, defined.startTime, 'carstrel-inventory defined']);
  return [...rows]
    .sort((a, b) => a[0] - b[0])
    .map(
      ([start, end, what]) =>
        `  ${start.toFixed(0).padStart(5)} → ${end.toFixed(0).padStart(5)} ms  ${what.slice(0, 110)}`,
    )
    .join('\n');
}

/** What a shopper's first move over the inventory costs: the JavaScript it loads, and when the element is ready. */
interface Intent {
  scripts: Map<string, number>;
  readyMs: number[];
}

/**
 * A phone network, as Lighthouse's mobile preset has it ("slow 4G": 150 ms round trips, 1.6 Mbit/s
 * down, 750 kbit/s up), applied by Chromium to each request: where the widget's round trips
 * (script, render, photos) cost what they cost a shopper, not what they cost on one machine.
 */
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

interface MeasureOptions {
  /** Counts the JavaScript the page loads (brotli, by file). */
  scripts?: Map<string, number>;
  /** Then moves over the inventory and counts what that loads. */
  intent?: Intent;
  /** Over a slow 4G network. */
  slow?: boolean;
}

async function measure(
  browser: Browser,
  url: string,
  { scripts, intent, slow }: MeasureOptions = {},
): Promise<Measure> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (slow) await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  if (process.env.BENCH_LIGHTHOUSE_DETAILS)
    page.on('response', (r) => r.status() >= 400 && console.log(`  ${r.status()} (${url}): ${r.url()}`));
  await page.addInitScript({ content: observeScript() });
  let interacted = false;
  if (scripts) {
    page.on('response', async (res) => {
      const u = new URL(res.url());
      if (!u.pathname.endsWith('.js')) return;
      const body = await res.body().catch(() => undefined);
      if (body)
        (interacted && intent ? intent.scripts : scripts).set(
          u.pathname.slice(1),
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
        );
    });
  }
  const trace = !!process.env.BENCH_TRACE && !!scripts;
  if (trace)
    await browser.startTracing(page, {
      categories: [
        'disabled-by-default-devtools.timeline.stack',
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'v8.execute',
        'blink.user_timing',
        'loading',
      ],
    });
  await loadUntilFirstCard(page, url);
  await page.waitForTimeout(1500); // late shifts and long tasks
  const result = await page.evaluate(() => (window as unknown as { __bench: Measure }).__bench);
  if (process.env.BENCH_FRAMES && result.frames.length)
    console.log(`  long frames of ${new URL(url).pathname}:\n${result.frames.map((f) => `    ${f}`).join('\n')}`);
  if (intent) {
    // The shopper's first move over the inventory: until then the page may not have loaded the
    // element's code at all (a server-rendered inventory hydrates on intent).
    interacted = true;
    const started = Date.now();
    await page.hover('carstrel-inventory');
    await page.waitForFunction(() => !!customElements.get('carstrel-inventory'), null, { timeout: 20_000 });
    await page.evaluate(
      () =>
        (document.querySelector('carstrel-inventory') as unknown as { updateComplete: Promise<unknown> })
          .updateComplete,
    );
    intent.readyMs.push(Date.now() - started);
    await page.waitForTimeout(500); // chunks the element loads once defined
  }
  if (trace) {
    console.log(await page.evaluate(timeline));
    console.log(summarizeTrace(await browser.stopTracing(), url));
  }
  await context.close();
  return result;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * Lighthouse (a devDependency; mobile, its default) against a Chromium of our own on a debugging
 * port: the same binary as the runs (CHROME_PATH or /usr/bin/chromium), no browser download.
 */
async function lighthouseScores(url: string, executablePath: string): Promise<string> {
  const port = await freePort();
  const profile = await mkdtemp(join(tmpdir(), 'carstrel-lh-'));
  const chrome = spawn(
    executablePath,
    [...CHROME_ARGS, `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`],
    {
      stdio: 'ignore',
    },
  );
  try {
    for (let i = 0; ; i++) {
      if (
        await fetch(`http://127.0.0.1:${port}/json/version`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 100) throw new Error('Chromium did not open its debugging port');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const out = await lighthouse(url, {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    });
    const lhr = out?.lhr;
    if (process.env.BENCH_LIGHTHOUSE_DETAILS && lhr) {
      const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'speed-index'];
      console.log(
        `  lighthouse ${url}: ${metrics.map((id) => `${id} ${lhr.audits[id]?.displayValue ?? '?'}`).join(', ')}`,
      );
    }
    if (process.env.BENCH_LIGHTHOUSE_DETAILS && lhr)
      for (const [id, a] of Object.entries(lhr.audits))
        if (a.score !== null && a.score < 0.9)
          console.log(`  lighthouse: ${id} ${a.score} ${a.displayValue ?? ''} — ${a.title}`);
    const score = (k: string) => Math.round((lhr?.categories[k]?.score ?? 0) * 100);
    return `${score('performance')} / ${score('accessibility')} / ${score('best-practices')} / ${score('seo')}`;
  } finally {
    chrome.kill();
    await once(chrome, 'exit').catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const setup = { element: 'carstrel-inventory', values: { 'page-size': String(PAGE_SIZE), 'url-state': 'off' } };
  const element = elementTag(setup, ELEMENTS);
  const pages = ({ proxyUrl, vehicles }: { proxyUrl: string; vehicles: Vehicle[] }) => ({
    '/static/': dealerPage('', staticCards(vehicles)),
    '/widget/': dealerPage('', htmlSnippet(proxyUrl, setup, ELEMENTS)),
    '/widget-bare/': dealerPage('', `<script src="${proxyUrl}/carstrel.js"></script>${element}`),
    '/widget-async/': dealerPage(`<script src="${proxyUrl}/carstrel.js" async></script>`, element),
  });
  await withDealerBench(pages, async ({ browser, dealerOrigin, executablePath }) => {
    type Kind = 'static' | 'widget' | 'bare' | 'async' | 'slowStatic' | 'slowWidget' | 'slowBare';
    const runs: Record<Kind, Measure[]> = {
      static: [],
      widget: [],
      bare: [],
      async: [],
      slowStatic: [],
      slowWidget: [],
      slowBare: [],
    };
    const scripts = new Map<string, number>();
    const intent: Intent = { scripts: new Map(), readyMs: [] };
    await measure(browser, `${dealerOrigin}/widget/`); // warm-up (server caches), not counted
    for (let i = 0; i < RUNS; i++) {
      runs.static.push(await measure(browser, `${dealerOrigin}/static/`));
      runs.widget.push(await measure(browser, `${dealerOrigin}/widget/`));
      runs.bare.push(await measure(browser, `${dealerOrigin}/widget-bare/`));
      runs.async.push(await measure(browser, `${dealerOrigin}/widget-async/`));
    }
    // What the widget page downloads, and its first move, in runs of their own: reading the
    // responses' bodies over the DevTools protocol is work in the browser the timed runs must not pay.
    for (let i = 0; i < RUNS; i++) await measure(browser, `${dealerOrigin}/widget/`, { scripts, intent });
    for (let i = 0; i < RUNS; i++) {
      runs.slowStatic.push(await measure(browser, `${dealerOrigin}/static/`, { slow: true }));
      runs.slowWidget.push(await measure(browser, `${dealerOrigin}/widget/`, { slow: true }));
      runs.slowBare.push(await measure(browser, `${dealerOrigin}/widget-bare/`, { slow: true }));
    }
    const m = (kind: Kind, k: Figure) => median(runs[kind].map((r) => r[k]));
    /** Each run's widget ÷ the static page of the same round: median, and the range over the rounds. */
    const ratio = (kind: Kind, base: Kind = 'static') => {
      const each = runs[kind].map((r, i) => r.firstCard / (runs[base][i]?.firstCard ?? NaN));
      return `${median(each).toFixed(2)}× (${Math.min(...each).toFixed(2)}–${Math.max(...each).toFixed(2)}×; ${m(kind, 'firstCard').toFixed(0)} ms vs ${m(base, 'firstCard').toFixed(0)} ms)`;
    };
    /** The range over the runs, and in how many runs there was any. */
    const range = (kind: Kind, k: Figure) => {
      const xs = runs[kind].map((r) => r[k]);
      return `${Math.min(...xs)}–${Math.max(...xs)} (${xs.filter(Boolean).length}/${xs.length})`;
    };
    const kb = (n: number) => (n / 1024).toFixed(1);
    /** Total and per file, largest first. */
    const files = (loaded: Map<string, number>) => {
      const js = [...loaded.entries()].sort((a, b) => b[1] - a[1]);
      const list = js.map(([f, n]) => `${f.replace(/^chunks\//, '').replace(/-[\w-]{8}\.js$/, '')} ${kb(n)}`);
      return `${kb(js.reduce((sum, [, n]) => sum + n, 0))} KB (${list.join(', ') || 'none'})`;
    };
    const skipLighthouse = process.env.BENCH_LIGHTHOUSE === 'off';
    // Lighthouse once per run and page (its performance score follows the machine's load: all are printed).
    const lighthouseRuns = async (path: string) => {
      if (skipLighthouse) return 'skipped';
      const scores: string[] = [];
      for (let i = 0; i < RUNS; i++) scores.push(await lighthouseScores(`${dealerOrigin}${path}`, executablePath));
      return scores.join('; ');
    };
    const lh = await lighthouseRuns('/widget/');
    const lhStatic = await lighthouseRuns('/static/');

    const kinds: Kind[] = ['widget', 'bare', 'async', 'static'];
    const rows: Array<[string, string, string]> = [
      ['first card visible, widget ÷ static', ratio('widget'), '≤ 1.3×'],
      ['… the script tag alone (no preloads)', ratio('bare'), ''],
      ['… with an async script in the head', ratio('async'), ''],
      ['… on a slow 4G network (150 ms round trips, 1.6 Mbit/s)', ratio('slowWidget', 'slowStatic'), ''],
      ['… on it, the script tag alone (no preloads)', ratio('slowBare', 'slowStatic'), ''],
      [
        'largest contentful paint, widget / bare / async / static',
        `${kinds.map((k) => m(k, 'lcp').toFixed(0)).join(' / ')} ms`,
        '',
      ],
      [
        'layout shift (CLS), widget / bare / async / static',
        kinds.map((k) => m(k, 'cls').toFixed(3)).join(' / '),
        '≤ 0.01',
      ],
      [
        'long tasks on load, widget / bare / async / static',
        `${kinds.map((k) => range(k, 'longTasks')).join(' / ')} (range over the runs; runs with any)`,
        '0',
      ],
      ['JavaScript of the widget page, brotli', files(scripts), '≤ 15 KB'],
      [
        '… more at the first move over the inventory; ready after it',
        `${files(intent.scripts)}; ${median(intent.readyMs).toFixed(0)} ms (${Math.min(...intent.readyMs)}–${Math.max(...intent.readyMs)})`,
        '',
      ],
      ['Lighthouse mobile performance / a11y / best practices / SEO', lh, '≥ 95 / 100 / 100 / 100'],
      ['… of the static page', lhStatic, ''],
    ];
    console.log(`\npage benchmark: ${RUNS} alternating runs, cache disabled, medians (${executablePath})\n`);
    console.log('| measure | now | goal |\n| --- | --- | --- |');
    for (const [a, b, c] of rows) console.log(`| ${a} | ${b} | ${c} |`);
  });
}

await main();

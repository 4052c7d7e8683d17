/**
 * The dealer page of the page benchmarks (`page.bench.ts`, `render.bench.ts`): a foreign-origin
 * dealer layout with text after the cards, and the same 12 cards written as static HTML (the
 * physical limit a widget is measured against); what both measure on it (`observe`); and the
 * servers and browser they run against (`withDealerBench`).
 */
import { createServer, type Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort, startBuiltProxy } from '../e2e/support.js';
import { chromePath, CHROME_ARGS, NO_CHROME_HINT } from '../helpers/chrome.js';

/** What a run measures in the page (`observe`, read back as `window.__bench`). */
export interface Measure {
  /** The frame that painted the first card's photo, ms since navigation. */
  firstCard: number;
  lcp: number;
  cls: number;
  longTasks: number;
  longTaskMs: number;
  /**
   * Each long task's frame where the engine has Long Animation Frames (Chromium): when, how long,
   * what its scripts ran and how much was style and layout, to tell our code from the browser's work.
   */
  frames: string[];
}

/** A measure's figures (what is summed up over the runs). */
export type Figure = Exclude<keyof Measure, 'frames'>;

/**
 * Observers installed before the page's own scripts (`page.addInitScript`, as source text: it runs
 * in the page): paint of the first card's photo, largest contentful paint, shifts, long tasks.
 */
export function observe(FIRST_CARD: string): void {
  const w = window as unknown as { __bench: Measure };
  const m: Measure = (w.__bench = { firstCard: 0, lcp: 0, cls: 0, longTasks: 0, longTaskMs: 0, frames: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>)
      if (!e.hadRecentInput) m.cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) m.lcp = e.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      m.longTasks++;
      m.longTaskMs += e.duration;
    }
  }).observe({ type: 'longtask', buffered: true });
  type Frame = PerformanceEntry & {
    renderStart: number;
    styleAndLayoutStart: number;
    scripts: Array<{ duration: number; sourceURL: string; invoker: string }>;
  };
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame'))
    new PerformanceObserver((list) => {
      for (const f of list.getEntries() as Frame[]) {
        if (f.duration < 50) continue;
        const end = f.startTime + f.duration;
        const layout = f.styleAndLayoutStart ? end - f.styleAndLayoutStart : 0;
        const scripts = f.scripts.map(
          (x) => `${x.invoker} ${x.sourceURL.replace(/^.*\//, '')} ${x.duration.toFixed(0)}`,
        );
        m.frames.push(
          `${f.startTime.toFixed(0)} +${f.duration.toFixed(0)} ms: style and layout ${layout.toFixed(0)}, scripts [${scripts.join('; ')}]`,
        );
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  const firstPhoto = (): HTMLImageElement | null =>
    document.querySelector<HTMLImageElement>('.card img') ??
    document.querySelector('carstrel-inventory')?.shadowRoot?.querySelector<HTMLImageElement>('[part~="card"] img') ??
    null;
  const poll = () => {
    const img = firstPhoto();
    if (img?.complete && img.naturalWidth > 0) {
      requestAnimationFrame(() => {
        m.firstCard = performance.now(); // the frame that paints it
        console.debug(FIRST_CARD);
      });
      return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
  void customElements.whenDefined('carstrel-inventory').then(() => performance.mark('carstrel-inventory defined'));
}

/**
 * The console message by which a page says its first card has painted: the runner waits for it
 * without evaluating anything in the page (Playwright's `waitForFunction` injects its own script, a
 * 15–30 ms task, at the load event, which on a widget page comes before the first card).
 */
export const FIRST_CARD = 'carstrel-bench: first card painted';

/** Opens `url` in a page that has `observeScript` installed and resolves once its first card has painted. */
export async function loadUntilFirstCard(page: Page, url: string): Promise<void> {
  const painted = page.waitForEvent('console', { predicate: (m) => m.text() === FIRST_CARD, timeout: 20_000 });
  await page.goto(url, { waitUntil: 'load' });
  await painted;
}

/** The script that installs `observe` in a page (its source text: the TypeScript runner's helpers are not there). */
export const observeScript = (): string =>
  `var __name = (f) => f; (${observe.toString()})(${JSON.stringify(FIRST_CARD)});`;

/** What the static cards show of a vehicle (the API's list item). */
export interface Vehicle {
  id: string;
  name: string;
  year?: number;
  mileage?: number;
  listingType?: string;
  media?: Array<{ url?: string; type?: string; isFeatured?: boolean; sortOrder?: number }>;
  saleOptions?: { price?: number };
}

export const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function photoOf(v: Vehicle): string {
  const media = [...(v.media ?? [])].sort(
    (a, b) => Number(!!b.isFeatured) - Number(!!a.isFeatured) || (a.sortOrder ?? 0) - (b.sortOrder ?? 0),
  );
  return media.find((m) => /^https?:/.test(m.url ?? ''))?.url ?? '';
}

/** The dealer's page around the cards: a header, an introduction, text after. */
export function dealerPage(head: string, cards: string): string {
  const text = 'We inspect every car, offer test drives seven days a week and deliver within 50 km. '.repeat(6);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Dealer — our cars</title>
<meta name="description" content="Used and new cars at our dealership."><link rel="icon" href="data:,">
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:1rem;color:#222}header{padding:1rem 0}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem;list-style:none;margin:0;padding:0}
.card{border:1px solid #ddd;border-radius:10px;overflow:hidden}.card img{display:block;width:100%;height:auto;aspect-ratio:4/3;object-fit:cover}
.card div{padding:.75rem 1rem 1rem}.card h3{margin:0;font-size:1.0625rem}.card p{margin:.25rem 0 0}</style>
${head}</head><body><header><strong>Savanna Motors</strong></header><main><h1>Our cars</h1><p>Browse the cars in stock today.</p>
<h2>In stock</h2>${cards}<h2>Why buy from us</h2><p>${text}</p><p>${text}</p></main></body></html>`;
}

export function staticCards(vehicles: Vehicle[]): string {
  return `<ul class="grid">${vehicles
    .map(
      (v, i) =>
        `<li class="card"><img src="${escape(photoOf(v))}" alt="" width="400" height="300" ${
          i < 4 ? 'fetchpriority="high"' : 'loading="lazy"'
        } decoding="async"><div><h3>${escape(v.name)}</h3><p>${v.year ?? ''}</p><p><strong>${
          v.saleOptions?.price ? `$${v.saleOptions.price.toLocaleString('en-US')}` : ''
        }</strong></p></div></li>`,
    )
    .join('')}</ul>`;
}

/** The cards of both benchmarks' pages (the inventory's page size and the static list). */
export const PAGE_SIZE = 12;

/** What a page benchmark runs against: started by `withDealerBench`, stopped after it. */
export interface DealerBench {
  /** The built proxy (the script tag's origin and the API's). */
  proxyUrl: string;
  /** The dealer site: another origin, as a real dealer page is. */
  dealerOrigin: string;
  /** The first `PAGE_SIZE` vehicles in the API's order (the static page's cards). */
  vehicles: Vehicle[];
  browser: Browser;
  executablePath: string;
}

/**
 * Starts the built proxy (rate limit off, the dealer origin allowed), headless Chromium and a dealer
 * site serving `pages` (path → HTML, `no-store`), runs `body`, and stops all three whatever happens.
 */
export async function withDealerBench(
  pages: (bench: Omit<DealerBench, 'browser'>) => Record<string, string> | Promise<Record<string, string>>,
  body: (bench: DealerBench) => Promise<void>,
): Promise<void> {
  const executablePath = chromePath();
  if (!executablePath) throw new Error(NO_CHROME_HINT);
  const port = await freePort();
  const dealerOrigin = `http://localhost:${port}`;
  const proxy = await startBuiltProxy({ CARSTREL_ALLOWED_ORIGINS: dealerOrigin, CARSTREL_RATE_LIMIT: 'off' });
  let dealer: Server | undefined;
  const browser = await chromium.launch({ executablePath, args: CHROME_ARGS, headless: true });
  try {
    const list = (await (await fetch(`${proxy.url}/external/vehicles?page=1&limit=${PAGE_SIZE}`)).json()) as {
      data: Vehicle[];
    };
    const bench = { proxyUrl: proxy.url, dealerOrigin, vehicles: list.data, executablePath };
    const served = await pages(bench);
    dealer = createServer((req, res) => {
      const html = served[new URL(req.url ?? '/', dealerOrigin).pathname];
      if (html)
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => dealer!.listen(port, '127.0.0.1', resolve));
    await body({ ...bench, browser });
  } finally {
    await browser.close();
    await proxy.stop();
    if (dealer) await new Promise((resolve) => dealer!.close(resolve));
  }
}

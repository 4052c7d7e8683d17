import { columnsFor } from '../inventory/footprint.js';
import { preloadImages } from '../inventory/photos.js';
import { orderedPhotos } from '../shared/vehicle-data.js';

/**
 * No waterfall: when an element is found, every file of its import graph is requested at once
 * (`<link rel="modulepreload">`, the list comes from the build's manifest), and its prefetch
 * module, if it has one, starts the element's first list request while the code loads.
 *
 * No long task: the files are then run one at a time (`runInSteps`), the main thread given back
 * (a task) between them, instead of the whole graph in one task when its last file has arrived.
 */

const preloaded = new Set<string>();

/** Asks the browser for these module scripts now (each once per page). */
export function modulePreload(urls: readonly string[]): void {
  for (const href of urls) {
    if (preloaded.has(href)) continue;
    preloaded.add(href);
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = href;
    (document.head ?? document.documentElement).append(link);
  }
}

/** Runs an element's prefetch module with the instances on the page now. */
export function startPrefetch(url: string, name: string): void {
  import(/* @vite-ignore */ url)
    .then((m: { default: (elements: Element[]) => void }) => m.default([...document.querySelectorAll(name)]))
    .catch(() => undefined); // the element asks itself when it runs
}

/** An inventory's state: attributes, or URL parameters (`?brand=…`, `?<url-key>.page=…`), beyond its `page-size`. */
const STATE = /^(brand|model|body-type|(min|max)-(year|price)|listing-type|sort|order|page)$/;

/** Whether the page URL holds inventory state that this inventory follows (its `url-state` is not off). */
export function followsPageUrl(el: Element): boolean {
  if (el.getAttribute('url-state') === 'off') return false;
  return [...new URLSearchParams(location.search).keys()].some((k) => STATE.test(k.replace(/.*\./, '')));
}

/**
 * The inventories' first list request, at once (before any chunk has arrived), for the plain case:
 * an inventory whose state is only its `page-size`, with none of its parameters in the page URL.
 * The request is the one the element makes (same URL and credentials as `api/client.ts`;
 * `src/shared/prefetch.ts` hands it over, once). Any other inventory is left to its prefetch
 * module, which resolves slugs first. The value is not checked here: an unusual one
 * (`page-size="200"`) gives a URL the element does not ask for, a wasted request and no harm, as
 * list requests record nothing upstream.
 */
export function startFirstLists(early: Map<string, Promise<Response>>, apiBase: string): void {
  for (const el of document.querySelectorAll('carstrel-inventory')) {
    const attr = (name: string) => el.getAttribute(name);
    // A server-rendered inventory (`data-carstrel-ssr`) fetches nothing.
    if (el.getAttributeNames().some((n) => STATE.test(n) || n === 'data-carstrel-ssr') || followsPageUrl(el)) continue;
    const url = `${(attr('api') || apiBase).replace(/\/+$/, '')}/external/vehicles?page=1&limit=${attr('page-size') ?? 12}`;
    const response = fetch(url, { credentials: 'include' });
    response.catch(() => undefined); // a failure is reported by the element that takes it
    preloadFirstRow(el, response);
    early.set(url, response);
    setTimeout(() => early.delete(url), 15e3); // an element that has not taken it by then asks again
  }
}

/**
 * The photos of an inventory's first row, preloaded as soon as its early list has arrived (before
 * the element's code): the very URL each card's eager `<img>` will show (`inventory/card.ts`), so
 * the browser fetches each once. A copy of the response is read: the element reads the original.
 */
function preloadFirstRow(el: Element, response: Promise<Response>): void {
  response
    .then((res) => (res.ok ? (res.clone().json() as Promise<{ data?: unknown }>) : undefined))
    .then((list) => {
      const vehicles = Array.isArray(list?.data) ? (list.data as Parameters<typeof orderedPhotos>[0][]) : [];
      const row = vehicles.slice(0, columnsFor(el.getBoundingClientRect().width || 1024));
      preloadImages(row.map((vehicle) => orderedPhotos(vehicle)[0]?.href));
    })
    .catch(() => undefined); // the element shows what went wrong
}

/** How long (ms) the loader runs modules before it gives the main thread back. */
const STEP_MS = 8;

/**
 * Imports these modules in order (deepest first, so that each import runs about one file), giving
 * the main thread back whenever a step has taken `STEP_MS`; resolves with the last one's exports.
 */
export async function runInSteps(urls: readonly string[]): Promise<unknown> {
  let exports: unknown;
  let since = performance.now();
  for (const href of urls) {
    exports = await import(/* @vite-ignore */ href);
    if (performance.now() - since < STEP_MS) continue;
    await new Promise((resolve) => setTimeout(resolve)); // the main thread given back
    since = performance.now();
  }
  return exports;
}

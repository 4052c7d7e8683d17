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

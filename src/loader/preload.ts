/**
 * No waterfall: when an element is found, every file of its import graph is requested at once
 * (`<link rel="modulepreload">`, the list comes from the build's manifest), and its prefetch
 * module, if it has one, starts the element's first list request while the code loads.
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

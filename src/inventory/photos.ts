/**
 * Preloads images at a high priority (`<link rel="preload" as="image">`), each once per page
 * (whether the loader or a prefetch module asks first): the very URL the `<img>` will show, so
 * that the browser fetches it once.
 */
export function preloadImages(hrefs: ReadonlyArray<string | undefined>): void {
  const done = new Set([...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"]')].map((l) => l.href));
  for (const href of hrefs) {
    if (!href || done.has(href)) continue;
    done.add(href);
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'image';
    link.fetchPriority = 'high';
    link.href = href;
    document.head.append(link);
  }
}

/**
 * Page-URL state for widgets: a filtered view is shareable and back/forward work.
 *
 * Widgets write their state as query parameters (optionally namespaced with a key, so that two
 * inventories on one page do not fight) with `history.pushState`, and follow the URL through
 * `onUrlChange`, which fires on `popstate` and on same-page navigation made by another widget
 * (`navigateWithinPage`). Parameters a widget does not own are always preserved.
 */

/** Fired on `window` after a widget changed the URL without a page load. */
export const URL_CHANGE_EVENT = 'carstrel-url-change';

export type UrlMode = 'push' | 'replace';

/** Full parameter name of `name` under `key` (`used` + `page` → `used.page`). */
export function paramName(key: string, name: string): string {
  return key ? `${key}.${name}` : name;
}

/** Reads the given (unprefixed) names from the page URL; missing ones are left out. */
export function readParams(key: string, names: readonly string[], search = location.search): Record<string, string> {
  const params = new URLSearchParams(search);
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = params.get(paramName(key, name));
    if (v !== null && v !== '') out[name] = v;
  }
  return out;
}

/**
 * The page URL with `names` replaced by `values` (empty or missing values are removed), all other
 * parameters and the hash kept.
 */
export function urlWith(
  key: string,
  names: readonly string[],
  values: Record<string, string | undefined>,
  href = location.href,
): string {
  const url = new URL(href);
  for (const name of names) {
    const full = paramName(key, name);
    const v = values[name];
    if (v === undefined || v === '') url.searchParams.delete(full);
    else url.searchParams.set(full, v);
  }
  return url.href;
}

/** Changes the page URL without loading it and tells the other widgets. No-op when unchanged. */
export function navigateWithinPage(href: string, mode: UrlMode = 'push'): void {
  if (href === location.href) return;
  if (mode === 'push') history.pushState(history.state, '', href);
  else history.replaceState(history.state, '', href);
  window.dispatchEvent(new Event(URL_CHANGE_EVENT));
}

/** Calls `listener` when the URL changes (back/forward or a widget's navigation); returns the unsubscribe. */
export function onUrlChange(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(URL_CHANGE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(URL_CHANGE_EVENT, listener);
  };
}

/** Shared through the global symbol registry: two copies of the bundle on one page see the same claims. */
const claimed: Map<string, Element> = ((globalThis as unknown as Record<symbol, Map<string, Element>>)[
  Symbol.for('carstrel.urlKeys')
] ??= new Map());

/**
 * Claims the URL namespace `key` for `owner`. Returns false when another connected element
 * already owns it: that element keeps the URL, the caller must not sync (and should say why).
 */
export function claimUrlKey(key: string, owner: Element): boolean {
  const current = claimed.get(key);
  if (current && current !== owner && current.isConnected) return false;
  claimed.set(key, owner);
  return true;
}

export function releaseUrlKey(key: string, owner: Element): void {
  if (claimed.get(key) === owner) claimed.delete(key);
}

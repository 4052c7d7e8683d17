/**
 * Started by the loader while the inventory's code loads (`src/elements.ts`, PREFETCH_MODULES):
 * the first page of vehicles each inventory on the page will show, and its filters' metadata.
 * No Lit here, so it runs as soon as this small module and the `core` chunk have arrived.
 *
 * The state is worked out as the element will: its attributes (named like its URL parameters),
 * overridden by the page URL for the inventory that owns its URL namespace. An inventory whose
 * state turns out different (a script changed it first) does not find the early response and
 * asks itself; list requests record nothing upstream, so nothing is counted twice.
 */
import { clientFor } from '../api/client.js';
import type { Vehicle } from '../api/types.js';
import { formatDateTime, formatNumber, safeLocale } from '../shared/format.js';
import { readParams } from '../shared/url-state.js';
import { orderedPhotos } from '../shared/vehicle-data.js';
import { columnsFor } from './footprint.js';
import { loadFilterOptions, prefetchResults } from './load.js';
import { preloadImages } from './photos.js';
import { EMPTY_STATE, PARAM_NAMES, definedOnly, parseState, showsFilter, type InventoryState } from './query.js';

/** The state an inventory element will show first, from its attributes and (when it syncs) the page URL. */
export function firstState(el: Element, urlKey: string | undefined): InventoryState {
  const attributes = Object.fromEntries(PARAM_NAMES.map((name) => [name, el.getAttribute(name)]));
  const shopper = urlKey === undefined ? {} : parseState(readParams(urlKey, PARAM_NAMES));
  return definedOnly({ ...EMPTY_STATE, ...parseState(attributes), ...shopper });
}

/**
 * The photos of the first row start loading as soon as the list is known, while the element's code
 * is still on its way (those of a plain inventory are preloaded by the loader already).
 */
function warmPhotos(vehicles: readonly Vehicle[], count: number): void {
  preloadImages(vehicles.slice(0, count).map((vehicle) => orderedPhotos(vehicle)[0]?.href));
}

/**
 * A page's first `Intl` formatter costs tens of milliseconds (the locale's data is loaded): made
 * here, while the element's code is still on its way, in a task of its own, it is not part of the
 * element's first render (`format.ts` keeps it). Dates (auction cards) once the list has them.
 */
function warmFormats(el: Element, vehicles?: readonly Vehicle[]): void {
  // The element's `numberLocale`: its `locale`, the page's `lang`, the browser's.
  const locale = safeLocale(
    el.getAttribute('locale') || el.closest('[lang]')?.getAttribute('lang') || navigator.language,
  );
  setTimeout(() =>
    vehicles
      ? vehicles.some((v) => v.listingType === 'auction') && formatDateTime(new Date(0).toISOString(), locale)
      : formatNumber(0, locale),
  );
}

export default function prefetchInventories(elements: readonly Element[]): void {
  const claimed = new Set<string>();
  for (const el of elements) {
    // The first inventory of each `url-key` owns that namespace of the URL (unless `url-state="off"`).
    const key = (el.getAttribute('url-key') ?? '').trim();
    const syncs = el.getAttribute('url-state') !== 'off' && !claimed.has(key);
    if (syncs) claimed.add(key);
    // A server-rendered inventory (`/render`) has its first page in its HTML: nothing to fetch early.
    if (el.hasAttribute('data-carstrel-ssr')) continue;
    const state = firstState(el, syncs ? key : undefined);
    const client = clientFor(el.getAttribute('api'));
    const filters = el.getAttribute('filters');
    const shows = (name: Parameters<typeof showsFilter>[1]) => showsFilter(filters, name);
    const firstRow = columnsFor(el.getBoundingClientRect().width || 1024);
    prefetchResults(client, state, Number(el.getAttribute('page-size') ?? 12))
      .then((list) => {
        const vehicles = Array.isArray(list.data) ? list.data : [];
        warmPhotos(vehicles, firstRow);
        warmFormats(el); // after the photos: a task queued before the list would delay them
        warmFormats(el, vehicles);
      })
      .catch(() => undefined);
    void loadFilterOptions(
      client,
      { brands: shows('brand') || shows('model'), bodyTypes: shows('body-type'), models: shows('model') },
      state.brand,
    ).catch(() => undefined);
  }
}

import { Task } from '@lit/task';
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { CarstrelClient } from '../api/client.js';
import type { Vehicle } from '../api/types.js';
import { headlinePrice, priceLines } from '../shared/pricing.js';
import { safeHttpUrl } from '../shared/safe-url.js';
import { navigateWithinPage } from '../shared/url-state.js';
import { orderedPhotos, vehicleHref } from '../shared/vehicle-data.js';
import type { DetailsInput } from './details.js';

/**
 * "Similar vehicles" under a vehicle's details: up to four other vehicles of the same listing type
 * with the same body type or brand and a nearby price (within a factor of two), the nearest in
 * price first. One list request per shown vehicle (`GET /external/vehicles`, which records no
 * impression); the detail route is never called for them, so a view still counts one impression.
 */

export const MAX_SIMILAR = 4;
/** "Nearby" price: from half to twice the vehicle's headline price. */
const PRICE_FACTOR = 2;

const brandOf = (v: Vehicle) => v.model?.brand?.id;
const bodyOf = (v: Vehicle) => v.model?.bodyType?.id;

/** The list query of the candidates for `v`: same listing type, nearby price, one page of 100. */
export function similarQuery(v: Vehicle): Record<string, string | number> {
  const price = headlinePrice(v);
  const query: Record<string, string | number> = { limit: 100 };
  if (v.listingType) query.listingType = v.listingType;
  if (price !== undefined && price > 0) {
    query.minPrice = Math.floor(price / PRICE_FACTOR);
    query.maxPrice = Math.ceil(price * PRICE_FACTOR);
  }
  return query;
}

/** The up to four candidates like `v` (never `v` itself), the nearest in price first. */
export function pickSimilar(v: Vehicle, candidates: readonly Vehicle[]): Vehicle[] {
  const price = headlinePrice(v);
  const distance = (c: Vehicle) => {
    const p = headlinePrice(c);
    return price && p ? Math.abs(Math.log(p / price)) : Number.POSITIVE_INFINITY;
  };
  const alike = (c: Vehicle) => (!!bodyOf(v) && bodyOf(c) === bodyOf(v)) || (!!brandOf(v) && brandOf(c) === brandOf(v));
  return candidates
    .filter((c) => c && c.id !== v.id && (!v.slug || c.slug !== v.slug) && alike(c))
    .map((c) => ({ c, d: distance(c) }))
    .filter(({ d }) => d <= Math.log(PRICE_FACTOR) || price === undefined)
    .sort((a, b) => a.d - b.d || String(a.c.name).localeCompare(String(b.c.name)))
    .slice(0, MAX_SIMILAR)
    .map(({ c }) => c);
}

export async function loadSimilar(client: CarstrelClient, v: Vehicle, signal: AbortSignal): Promise<Vehicle[]> {
  const res = await client.list<Vehicle>('/external/vehicles', similarQuery(v), { signal });
  return pickSimilar(v, Array.isArray(res.data) ? res.data : []);
}

export interface SimilarOptions {
  client: () => CarstrelClient;
  /** The shown vehicle, or undefined while none is. */
  vehicle: () => Vehicle | undefined;
  /** False when the dealer turned the list off (`similar="off"`). */
  enabled: () => boolean;
}

/** The similar vehicles of the shown vehicle, loaded once per vehicle (a controller of the host). */
export class SimilarVehicles {
  /** The list and the id of the vehicle it is for (a list never shows under another vehicle). */
  private readonly task: Task<readonly [string, string, boolean], { id: string; list: Vehicle[] }>;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: SimilarOptions,
  ) {
    this.task = new Task(host, {
      task: async ([, id, enabled], { signal }) => {
        const v = options.vehicle();
        const list = enabled && v && v.id === id ? await loadSimilar(options.client(), v, signal) : [];
        return { id, list };
      },
      args: () => [options.client().base, options.vehicle()?.id ?? '', options.enabled()] as const,
    });
  }

  /** The list (a section with a heading), or nothing when there is none (or while it loads, or after an error). */
  render(details: DetailsInput, link: (v: Vehicle) => SimilarLink): TemplateResult | typeof nothing {
    const shown = this.options.vehicle();
    const { id, list } = this.task.value ?? { id: '', list: [] };
    if (!shown || id !== shown.id || !list.length || !this.options.enabled()) return nothing;
    return html`<section part="similar" class="section similar" aria-labelledby="similar-heading">
      <h3 id="similar-heading">${details.t('similar')}</h3>
      <ul class="similar-list" role="list">
        ${list.map((v) => renderItem(v, details, link(v)))}
      </ul>
    </section>`;
  }
}

export interface SimilarLink {
  href: string | undefined;
  onClick: (e: MouseEvent) => void;
}

/**
 * A similar vehicle's link from `template` (default: this page with `?{param}={id}`). A plain
 * click on a link to this same page is followed without a page load when `inPage` (the view
 * follows the URL: it is not pinned by `vehicle-id` or `slug`).
 */
export function similarLink(other: Vehicle, o: { template: string; param: string; inPage: boolean }): SimilarLink {
  const href = safeHttpUrl(vehicleHref(other, o.template, o.param));
  const onClick = (e: MouseEvent) => {
    if (!href || !o.inPage || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const url = new URL(href);
    if (url.origin !== location.origin || url.pathname !== location.pathname) return;
    e.preventDefault();
    navigateWithinPage(href, 'push');
  };
  return { href, onClick };
}

function renderItem(
  v: Vehicle,
  { tl, locale, currency, distanceUnit }: DetailsInput,
  link: SimilarLink,
): TemplateResult {
  const photo = orderedPhotos(v)[0];
  const src = photo ? safeHttpUrl(photo.href) : undefined;
  const primary = priceLines(v, { locale, currency, distanceUnit, compact: true }).find((l) => l.primary);
  return html`<li part="similar-item" class="similar-item">
    <div class="similar-media">
      ${src ? html`<img src=${src} alt="" width="160" height="120" loading="lazy" decoding="async" />` : nothing}
    </div>
    <a part="similar-link" class="stretch" href=${link.href ?? nothing} data-vehicle-id=${v.id} @click=${link.onClick}
      >${v.name}</a
    >
    ${primary ? html`<p class="similar-price">${tl(primary.key, primary.params)}</p>` : nothing}
  </li>`;
}

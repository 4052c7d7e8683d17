import { html, nothing, type TemplateResult } from 'lit';
import type { Vehicle } from '../api/types.js';
import { formatDistance, type DistanceUnit } from '../shared/format.js';
import type { Translate } from '../shared/i18n.js';
import type { ListingKey } from '../shared/listing-messages.js';
import { priceLines } from '../shared/pricing.js';
import { safeHttpUrl } from '../shared/safe-url.js';
import { orderedPhotos, vehicleHref } from '../shared/vehicle-data.js';
import type { InventoryKey } from './messages.js';

/**
 * A vehicle card of the inventory: photo with its "Save" toggle, listing badge, name, year and
 * mileage, price lines (and "from $X/month" when the dealer opts in), the dealer's extra content,
 * and a link (or a button) over the whole card.
 */

export interface CardInput {
  t: Translate<InventoryKey>;
  tl: Translate<ListingKey>;
  locale: string;
  currency: string;
  distanceUnit: DistanceUnit;
  /** The card's link; undefined renders a button that only fires the select event. */
  href: string | undefined;
  /** Photo URLs that failed to load: the card shows the next photo, or "No photo". */
  brokenPhotos: ReadonlySet<string>;
  /** The dealer's extra content (`<template slot="card-extra">`), a fresh copy per card. */
  extra: Node | typeof nothing;
  /** A card of the first row: its photo is fetched at once and first (the page's largest paint), the others when near. */
  firstRow: boolean;
  /** The card's "Save" toggle (`SaveToggleController.render`), described by the card's title; `nothing` until its code has arrived. */
  saveToggle: (vehicle: Vehicle, describedBy: string) => TemplateResult | typeof nothing;
  /** The "from $X/month" line when the dealer opts in (`monthly-payment`), else `undefined`. */
  monthly?: (vehicle: Vehicle) => string | undefined;
  onCardClick: (e: MouseEvent, vehicle: Vehicle, href: string | undefined) => void;
  onPhotoError: (href: string) => void;
}

const LISTING_TYPES = ['sale', 'rental', 'auction'] as const;

export function renderCard(v: Vehicle, input: CardInput): TemplateResult {
  const { t, tl, href } = input;
  const photo = orderedPhotos(v).find((p) => !input.brokenPhotos.has(p.href));
  const lines = priceLines(v, {
    locale: input.locale,
    currency: input.currency,
    compact: true,
    distanceUnit: input.distanceUnit,
  });
  const primary = lines.find((l) => l.primary);
  const details = lines.filter((l) => !l.primary);
  const type = LISTING_TYPES.includes(v.listingType) ? v.listingType : undefined;
  // The year once: most dealers' names already start with it ("2021 Toyota Corolla").
  const year = v.year && !new RegExp(`\\b${v.year}\\b`).test(v.name ?? '') ? String(v.year) : '';
  const meta = [year, typeof v.mileage === 'number' ? formatDistance(v.mileage, input.distanceUnit, input.locale) : '']
    .filter(Boolean)
    .join(' · ');
  const onClick = (e: MouseEvent) => input.onCardClick(e, v, href);
  const titleId = `card-title-${v.id}`;
  const monthly = input.monthly?.(v);
  const title = href
    ? html`<a part="card-link" class="stretch" href=${href} data-vehicle-id=${v.id} @click=${onClick}>${v.name}</a>`
    : html`<button part="card-link" class="stretch link-button" type="button" data-vehicle-id=${v.id} @click=${onClick}>
        ${v.name}
      </button>`;
  return html`<li part="card" class="card">
    <div class="media" part="card-image-frame">
      ${
        photo
          ? html`<img
              part="card-image"
              src=${photo.href}
              alt=""
              loading=${input.firstRow ? 'eager' : 'lazy'}
              fetchpriority=${input.firstRow ? 'high' : 'auto'}
              decoding="async"
              width="400"
              height="300"
              @error=${() => input.onPhotoError(photo.href)}
            />`
          : html`<span class="no-photo">${t('noPhoto')}</span>`
      }
    </div>
    <div class="body">
      ${type ? html`<span part="badge badge-${type}" class="badge ${type}">${tl(`badge.${type}`)}</span>` : nothing}
      <h3 class="title" id=${titleId}>${title}</h3>
      ${meta ? html`<p class="meta">${meta}</p>` : nothing}
      ${primary ? html`<p part="price" class="price">${tl(primary.key, primary.params)}</p>` : nothing}
      ${details.map((l) => html`<p part="price-detail" class="price-detail">${tl(l.key, l.params)}</p>`)}
      ${monthly ? html`<p part="monthly-payment" class="price-detail">${monthly}</p>` : nothing} ${input.extra}
    </div>
    <div class="save">${input.saveToggle(v, titleId)}</div>
  </li>`;
}

/** A card's shape without its content: the photo frame and bars for the text lines (`footprint.ts`). */
const skeletonCard = (extra = '') =>
  html`<li class="card${extra}" aria-hidden=${extra ? 'true' : nothing}>
    <div class="media"></div>
    <div class="body">
      <span class="bone badge-bone"></span><span class="bone w80"></span><span class="bone w60"></span
      ><span class="bone w40"></span><span class="bone w50"></span>
    </div>
  </li>`;

/**
 * Placeholder cards while a page loads, as tall as the real cards (same photo frame, same text
 * block: `footprint.ts`), and the page navigation's row: nothing moves when the results arrive.
 */
export function renderCardSkeletons(count: number): TemplateResult {
  return html`<ul class="grid skeleton" aria-hidden="true">
      ${Array.from({ length: count }, () => skeletonCard())}
    </ul>
    <div class="pagination-space"></div>`;
}

/** In the grid of cards, a card not drawn yet (`first-row.ts`): a skeleton card, hidden from assistive technologies. */
export const renderCardPlaceholder = (): TemplateResult => skeletonCard(' placeholder');

/** A card's link, or `undefined` for `link="none"` and unsafe templates. */
export function cardHref(v: Vehicle, options: { link: string; hrefTemplate: string }): string | undefined {
  if (options.link === 'none') return undefined;
  return safeHttpUrl(vehicleHref(v, options.hrefTemplate));
}

/** A copy of the dealer's `<template slot="card-extra">` content under `host`, if any. */
export function cardExtra(host: Element): Node | typeof nothing {
  const template = host.querySelector<HTMLTemplateElement>(':scope > template[slot="card-extra"]');
  if (!template) return nothing;
  const div = document.createElement('div');
  div.className = 'extra';
  div.setAttribute('part', 'card-extra');
  div.append(template.content.cloneNode(true));
  return div;
}

/** True for a plain left click (no modifier): the shopper wants the link here, not in a new tab. */
export function isPlainClick(e: MouseEvent): boolean {
  return e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
}

/**
 * A link to this same page (only the query differs) is followed without a page load when a
 * `carstrel-vehicle` on the page can show the vehicle; otherwise the browser navigates.
 */
export function followsInPage(href: string): boolean {
  const url = new URL(href);
  return (
    url.origin === location.origin && url.pathname === location.pathname && !!document.querySelector('carstrel-vehicle')
  );
}

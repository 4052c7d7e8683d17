import { html, nothing, type TemplateResult } from 'lit';
import type { Vehicle } from '../api/types.js';
import { formatDistance, formatNumber, type DistanceUnit } from '../shared/format.js';
import type { Translate } from '../shared/i18n.js';
import type { ListingKey } from '../shared/listing-messages.js';
import { priceLines } from '../shared/pricing.js';
import { safeHttpUrl } from '../shared/safe-url.js';
import { vehicleMessages, type VehicleKey } from './messages.js';

/** The vehicle's details: the price block, the specifications, the features and the pickup location. */

export interface DetailsInput {
  t: Translate<VehicleKey>;
  tl: Translate<ListingKey>;
  locale: string;
  currency: string;
  distanceUnit: DistanceUnit;
}

export function renderPrice(v: Vehicle, { t, tl, locale, currency, distanceUnit }: DetailsInput): TemplateResult {
  const lines = priceLines(v, { locale, currency, distanceUnit });
  return html`<div part="price" class="price" aria-label=${t('price')} role="group">
    ${lines.map((l) => html`<p part=${l.primary ? 'price-primary' : 'price-line'} class=${l.primary ? 'primary' : 'line'}>${tl(l.key, l.params)}</p>`)}
  </div>`;
}

export function renderSpecs(v: Vehicle, { t, locale, distanceUnit }: DetailsInput): TemplateResult {
  const engine = v.engine ?? undefined;
  const brand = v.model?.brand;
  const logo = safeHttpUrl(brand?.logoUrl);
  const rows: Array<[VehicleKey, unknown]> = [
    [
      'brand',
      brand?.name
        ? html`${logo ? html`<img part="brand-logo" class="logo" src=${logo} alt="" width="24" height="24" loading="lazy" />` : nothing}${brand.name}`
        : undefined,
    ],
    ['trim', v.trim?.name],
    ['year', v.year ? String(v.year) : undefined],
    ['mileage', typeof v.mileage === 'number' ? formatDistance(v.mileage, distanceUnit, locale) : undefined],
    ['bodyType', v.model?.bodyType?.name],
    ['exteriorColor', v.exteriorColor],
    ['interiorColor', v.interiorColor],
    [
      'engine',
      engine?.name
        ? [
            engine.name,
            typeof engine.horsepower === 'number'
              ? t('horsepower', { hp: formatNumber(engine.horsepower, locale) })
              : '',
          ]
            .filter(Boolean)
            .join(' · ')
        : undefined,
    ],
    ['fuel', engine?.type ? enumLabel('fuel', engine.type, t) : undefined],
    ['transmission', engine?.transmission ? enumLabel('gearbox', engine.transmission, t) : undefined],
    ['drivetrain', v.drivetrain || undefined],
  ];
  return html`<section class="section">
    <h3>${t('specs')}</h3>
    <dl part="specs" class="specs">
      ${rows
        .filter(([, value]) => value !== undefined && value !== null && value !== '')
        .map(
          ([key, value]) =>
            html`<div>
              <dt>${t(key)}</dt>
              <dd>${value}</dd>
            </div>`,
        )}
    </dl>
  </section>`;
}

export function renderFeatures(v: Vehicle, { t }: DetailsInput): TemplateResult | typeof nothing {
  const groups = Object.entries(v.features ?? {}).filter(([, items]) => Array.isArray(items) && items.length);
  if (!groups.length) return nothing;
  return html`<section part="features" class="section features">
    <h3>${t('features')}</h3>
    <div class="groups">
      ${groups.map(
        ([group, items]) =>
          html`<div class="group">
            <h4>${groupLabel(group, t)}</h4>
            <ul>
              ${items.map((item) => html`<li>${String(item)}</li>`)}
            </ul>
          </div>`,
      )}
    </div>
  </section>`;
}

export function renderPickup(v: Vehicle, { t }: DetailsInput): TemplateResult | typeof nothing {
  const p = v.pickupDetails;
  if (!p || (!p.locationName && !p.address)) return nothing;
  return html`<div part="pickup" class="pickup">
    <h3>${t('pickup')}</h3>
    ${p.locationName ? html`<p class="place">${p.locationName}</p>` : nothing}
    ${p.address ? html`<p class="address">${p.address}</p>` : nothing}
  </div>`;
}

/** `PLUGIN_HYBRID` / `plugin_hybrid` → `Plugin hybrid`. */
function humanize(value: string): string {
  const s = String(value).replace(/_/g, ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** True when the catalogue has `key` (API values it does not know yet are shown humanized). */
function isVehicleKey(key: string): key is VehicleKey {
  return key in vehicleMessages.en;
}

/**
 * An API enum value in the shopper's language (`cvt` → "CVT", `petrol` → "Essence" in French);
 * values the catalogue does not know yet are shown readable (`NEW_VALUE` → "New value").
 */
function enumLabel(kind: 'fuel' | 'gearbox', value: string, t: Translate<VehicleKey>): string {
  const key = `${kind}.${String(value).toLowerCase()}`;
  return isVehicleKey(key) ? t(key) : humanize(value);
}

function groupLabel(group: string, t: Translate<VehicleKey>): string {
  const key = `group.${group.toLowerCase()}`;
  return isVehicleKey(key) ? t(key) : humanize(group);
}

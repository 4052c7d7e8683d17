import { html, type TemplateResult } from 'lit';
import type { Vehicle } from '../api/types.js';
import { formatDistance, type DistanceUnit } from '../shared/format.js';
import type { Translate } from '../shared/i18n.js';
import type { ListingKey } from '../shared/listing-messages.js';
import { priceLines } from '../shared/pricing.js';
import type { FavoritesKey } from './messages.js';

/** The rows of the comparison, in order. */
export const COMPARE_ROWS = [
  'year',
  'mileage',
  'fuel',
  'gearbox',
  'body',
  'engine',
  'drivetrain',
  'colour',
  'price',
] as const;
export type CompareRow = (typeof COMPARE_ROWS)[number];

export interface CompareContext {
  t: Translate<FavoritesKey>;
  tl: Translate<ListingKey>;
  locale: string;
  currency: string;
  distanceUnit: DistanceUnit;
}

const known = (x: unknown): x is string | number => (typeof x === 'string' && x !== '') || typeof x === 'number';

/** A translated value of a closed list (fuel, gearbox), or the API's own word when it is not in the catalogue. */
function word(t: Translate<FavoritesKey>, prefix: 'fuel' | 'gearbox', value: unknown): string | undefined {
  if (!known(value)) return undefined;
  const key = `${prefix}.${String(value).toLowerCase()}` as FavoritesKey;
  const text = t(key);
  return text === key ? String(value) : text;
}

/** One cell of the comparison as text, `undefined` when the API does not say. */
export function cell(v: Vehicle, row: CompareRow, c: CompareContext): string | undefined {
  switch (row) {
    case 'year':
      return known(v.year) ? String(v.year) : undefined;
    case 'mileage':
      return typeof v.mileage === 'number' ? formatDistance(v.mileage, c.distanceUnit, c.locale) : undefined;
    case 'fuel':
      return word(c.t, 'fuel', v.engine?.type);
    case 'gearbox':
      return word(c.t, 'gearbox', v.engine?.transmission);
    case 'body':
      return known(v.model?.bodyType?.name) ? String(v.model.bodyType.name) : undefined;
    case 'engine': {
      const name = known(v.engine?.name) ? String(v.engine.name) : undefined;
      const hp = typeof v.engine?.horsepower === 'number' ? c.t('horsepower', { count: v.engine.horsepower }) : '';
      return name && hp ? `${name} · ${hp}` : name || hp || undefined;
    }
    case 'drivetrain':
      return known(v.drivetrain) ? String(v.drivetrain) : undefined;
    case 'colour':
      return known(v.exteriorColor) ? String(v.exteriorColor) : undefined;
    case 'price': {
      const primary = priceLines(v, { locale: c.locale, currency: c.currency, compact: true }).find((l) => l.primary);
      return primary ? c.tl(primary.key, primary.params) : undefined;
    }
  }
}

/** A real table: one column per vehicle (its name as column header), one row per spec (row header). */
export function renderComparison(vehicles: Vehicle[], c: CompareContext): TemplateResult {
  return html`<div part="comparison" class="comparison" role="region" aria-labelledby="compare-caption" tabindex="0">
    <table part="table">
      <caption id="compare-caption">
        ${c.t('comparison')}
      </caption>
      <thead>
        <tr>
          <td></td>
          ${vehicles.map((v) => html`<th scope="col">${v.name}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${COMPARE_ROWS.map(
          (row) =>
            html`<tr data-row=${row}>
              <th scope="row">${c.t(`row.${row}`)}</th>
              ${vehicles.map((v) => {
                const value = cell(v, row, c);
                return value === undefined
                  ? html`<td>
                      <span aria-hidden="true">–</span><span class="visually-hidden">${c.t('unknown')}</span>
                    </td>`
                  : html`<td>${value}</td>`;
              })}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

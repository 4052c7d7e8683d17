import { html, nothing, type TemplateResult } from 'lit';
import type { BodyType, Brand, Model } from '../api/types.js';
import type { Translate } from '../shared/i18n.js';
import type { ListingKey } from '../shared/listing-messages.js';
import type { InventoryKey } from './messages.js';
import { isSortChoice, shownFilters, sortValue, type FilterName, type InventoryState } from './query.js';

/**
 * The inventory's filter form as its first paint draws it: the form (or the narrow container's
 * "Filters" disclosure) and its "Clear filters" button, with, until the filters' own code has
 * arrived (filters.ts, loaded after the first render: `LazyControls`, later.ts), placeholder fields
 * of the same footprint: each field's label and a control showing the value in effect. The real
 * fields then take their place inside the same form, so nothing moves and an open disclosure
 * stays open; a shopper's click or key on a placeholder is kept and replayed on the real control.
 */

/** The choices offered in the selects (loaded from the metadata endpoints). */
export interface FilterOptions {
  brands: Brand[];
  bodyTypes: BodyType[];
  models: Model[];
}

export const NO_OPTIONS: FilterOptions = { brands: [], bodyTypes: [], models: [] };

export interface FiltersInput {
  t: Translate<InventoryKey>;
  tl: Translate<ListingKey>;
  /** What is shown: presets overridden by the shopper's choices. */
  state: InventoryState;
  /** The shopper's own choices (the "Clear filters" button and the disclosure's count follow them). */
  shopper: Partial<InventoryState>;
  options: FilterOptions;
  /** The value of the `filters` attribute. */
  filters: string | undefined;
  /** In a narrow container the form folds into a "Filters" disclosure. */
  compact: boolean;
  /** The form's accessible name. */
  label: string;
  onFilterChange: (change: Partial<InventoryState>) => void;
  onClearClick: () => void;
}

/** True when the shopper changed anything but the page (the "Clear filters" button is offered). */
export function hasShopperFilters(shopper: Partial<InventoryState>): boolean {
  return Object.keys(shopper).some((k) => k !== 'page');
}

/** The form around `fields` (the real ones or their placeholders); `nothing` when no filter is shown. */
export function renderFiltersFrame(input: FiltersInput, fields: unknown): TemplateResult | typeof nothing {
  if (!shownFilters(input.filters).length) return nothing;
  const { t } = input;
  const form = html`
    <form part="filters" class="filters" role="search" aria-label=${input.label} @submit=${onFormSubmit}>
      ${fields}
      ${
        hasShopperFilters(input.shopper)
          ? html`<button part="clear-button" class="clear" type="button" @click=${input.onClearClick}>
              ${t('clear')}
            </button>`
          : nothing
      }
    </form>
  `;
  if (!input.compact) return form;
  const active = Object.keys(input.shopper).filter((k) => k !== 'page' && k !== 'sort' && k !== 'order').length;
  return html`<details part="filters-toggle" class="filter-panel">
    <summary>${active ? t('filtersActive', { count: active }) : t('filtersToggle')}</summary>
    ${form}
  </details>`;
}

const onFormSubmit = (e: Event) => e.preventDefault();

/**
 * Placeholder fields: the same labels, ids and names as the real ones, each control showing the
 * value in effect (one option, or a read-only number). `onAct` receives the shopper's presses and
 * keys on them (to be replayed on the real control once it is there).
 */
export function renderFieldsPlaceholder(input: FiltersInput, onAct: (e: Event) => void): TemplateResult[] {
  const { t, tl, state: s } = input;
  const sort = sortValue(s);
  const select = (name: string, label: string, text: string, disabled = false) =>
    html`<div class="field" part="filter">
      <label for="f-${name}">${label}</label>
      <select part="control" id="f-${name}" ?disabled=${disabled} @mousedown=${onAct} @keydown=${onAct}>
        <option>${text}</option>
      </select>
    </div>`;
  const range = (name: string, label: string, values: Array<number | undefined>) =>
    html`<fieldset class="field range" part="filter">
      <legend>${label}</legend>
      ${values.map(
        (value, i) =>
          html`<label>
            <span class="visually-hidden">${i ? t('to') : t('from')}</span>
            <input
              part="control"
              type="number"
              readonly
              placeholder=${i ? t('to') : t('from')}
              name="${i ? 'max' : 'min'}-${name}"
              .value=${value === undefined ? '' : String(value)}
              @mousedown=${onAct}
              @keydown=${onAct}
            />
          </label>`,
      )}
    </fieldset>`;
  const fields: Record<FilterName, () => TemplateResult> = {
    brand: () => select('brand', t('brand'), s.brand || t('anyBrand')),
    model: () => select('model', t('model'), s.model || t('anyModel'), !s.brand),
    'body-type': () => select('body-type', t('bodyType'), s.bodyType || t('anyBodyType')),
    'listing-type': () =>
      select('listing-type', t('listingType'), s.listingType ? tl(`badge.${s.listingType}`) : t('anyListingType')),
    year: () => range('year', t('year'), [s.minYear, s.maxYear]),
    price: () => range('price', t('price'), [s.minPrice, s.maxPrice]),
    sort: () => select('sort', t('sort'), isSortChoice(sort) ? t(`sort.${sort}`) : sort),
  };
  return shownFilters(input.filters).map((f) => fields[f]());
}

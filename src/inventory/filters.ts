import { html, nothing, type TemplateResult } from 'lit';
import type { Brand } from '../api/types.js';
import type { FiltersInput } from './filters-frame.js';
import { findByAlias } from './metadata.js';
import {
  LISTING_TYPES,
  SORT_CHOICES,
  isSortChoice,
  parseState,
  shownFilters,
  sortValue,
  type FilterName,
  type InventoryState,
} from './query.js';

/**
 * The inventory's filter fields: brand, model, body type, listing type, year and price ranges, sort.
 * Render functions over typed inputs; the element owns the state and applies the changes. Not part
 * of the first paint: this module loads after the first render (`LazyControls`, later.ts), the
 * form and its placeholder fields until then are filters-frame.ts.
 */

/** The fields of the shown filters, in display order (inside `renderFiltersFrame`'s form). */
export function renderFilterFields(input: FiltersInput): TemplateResult[] {
  const { t, tl, state: s, options: opts, onFilterChange } = input;
  const id = (name: string) => `f-${name}`;
  const fields: Record<FilterName, () => TemplateResult> = {
    brand: () =>
      renderSelect(
        id('brand'),
        t('brand'),
        t('anyBrand'),
        s.brand,
        opts.brands.filter((b) => hasStock(b, s.listingType) || matches(b, s.brand)),
        (v) => onFilterChange({ brand: v }),
      ),
    model: () =>
      renderSelect(
        id('model'),
        t('model'),
        t('anyModel'),
        s.model,
        opts.models,
        (v) => onFilterChange({ model: v }),
        !s.brand,
      ),
    'body-type': () =>
      renderSelect(id('body-type'), t('bodyType'), t('anyBodyType'), s.bodyType, opts.bodyTypes, (v) =>
        onFilterChange({ bodyType: v }),
      ),
    'listing-type': () =>
      html`<div class="field" part="filter">
        <label for=${id('listing-type')}>${t('listingType')}</label>
        <select
          part="control"
          id=${id('listing-type')}
          .value=${s.listingType}
          @change=${(e: Event) => onFilterChange({ listingType: listingTypeOf(selectValue(e)) })}
        >
          <option value="" ?selected=${!s.listingType}>${t('anyListingType')}</option>
          ${LISTING_TYPES.map((lt) => html`<option value=${lt} ?selected=${s.listingType === lt}>${tl(`badge.${lt}`)}</option>`)}
        </select>
      </div>`,
    year: () => renderRange(input, 'year', t('year'), s.minYear, s.maxYear, { min: 1900, max: 2100, step: 1 }),
    price: () => renderRange(input, 'price', t('price'), s.minPrice, s.maxPrice, { min: 0, step: 1 }),
    sort: () => renderSort(input),
  };
  return shownFilters(input.filters).map((f) => fields[f]());
}

function renderSelect(
  id: string,
  label: string,
  anyLabel: string,
  value: string,
  items: ReadonlyArray<{ id: string; name: string; slug?: string; code?: string }>,
  onChange: (value: string) => void,
  disabled = false,
): TemplateResult {
  // The select's value is bound as well as each option's `selected`: once the shopper has picked
  // an option, Firefox no longer follows the `selected` attribute (an option's dirtiness), so a
  // cleared or restored state would leave the last pick shown. `selected` covers options that
  // arrive after the value (metadata loading later).
  const chosen = items.find((item) => matches(item, value));
  return html`<div class="field" part="filter">
    <label for=${id}>${label}</label>
    <select
      part="control"
      id=${id}
      ?disabled=${disabled}
      .value=${chosen ? urlValueOf(chosen) : value}
      @change=${(e: Event) => onChange(selectValue(e))}
    >
      <option value="" ?selected=${!value}>${anyLabel}</option>
      ${value && !chosen ? html`<option value=${value} selected>${value}</option>` : nothing}
      ${items.map((item) => html`<option value=${urlValueOf(item)} ?selected=${matches(item, value)}>${item.name}</option>`)}
    </select>
  </div>`;
}

const RANGE_KEYS = {
  year: ['minYear', 'maxYear'],
  price: ['minPrice', 'maxPrice'],
} as const;

function renderRange(
  input: FiltersInput,
  name: keyof typeof RANGE_KEYS,
  label: string,
  min: number | undefined,
  max: number | undefined,
  limits: { min: number; max?: number; step: number },
): TemplateResult {
  const t = input.t;
  const onInputChange = (which: 0 | 1) => (e: Event) => {
    const field = e.target as HTMLInputElement;
    const key = RANGE_KEYS[name][which];
    const value = parseState({ [which === 0 ? `min-${name}` : `max-${name}`]: field.value })[key];
    if (field.value !== '' && value === undefined) return; // invalid: the browser shows why (min/max)
    input.onFilterChange({ [key]: value });
  };
  const bound = (which: 0 | 1, value: number | undefined) =>
    html`<input
      part="control"
      type="number"
      inputmode="numeric"
      placeholder=${which === 0 ? t('from') : t('to')}
      name=${`${which === 0 ? 'min' : 'max'}-${name}`}
      min=${limits.min}
      max=${limits.max ?? nothing}
      step=${limits.step}
      .value=${value === undefined ? '' : String(value)}
      @change=${onInputChange(which)}
    />`;
  return html`<fieldset class="field range" part="filter">
    <legend>${label}</legend>
    <label>
      <span class="visually-hidden">${t('from')}</span>
      ${bound(0, min)}
    </label>
    <label>
      <span class="visually-hidden">${t('to')}</span>
      ${bound(1, max)}
    </label>
  </fieldset>`;
}

function renderSort(input: FiltersInput): TemplateResult {
  const { t, state: s } = input;
  const current = sortValue(s);
  const choices: string[] = isSortChoice(current) ? [...SORT_CHOICES] : [current, ...SORT_CHOICES];
  const onSortChange = (e: Event) => {
    const [sort, order] = selectValue(e).split(':');
    const chosen = parseState({ sort, order });
    input.onFilterChange({ sort: chosen.sort ?? '', order: chosen.order ?? '' });
  };
  return html`<div class="field" part="filter">
    <label for="f-sort">${t('sort')}</label>
    <select part="control" id="f-sort" .value=${current} @change=${onSortChange}>
      ${choices.map((c) => html`<option value=${c} ?selected=${c === current}>${isSortChoice(c) ? t(`sort.${c}`) : c}</option>`)}
    </select>
  </div>`;
}

const selectValue = (e: Event): string => (e.target as HTMLSelectElement).value;

/** A listing-type select's value as state ('' for "all"). */
function listingTypeOf(value: string): InventoryState['listingType'] {
  return LISTING_TYPES.find((lt) => lt === value) ?? '';
}

/** Whether a metadata item is the one a state value names (by id, slug or code). */
function matches(item: { id: string; slug?: string; code?: string; name?: string }, value: string): boolean {
  return !!value && findByAlias([item], value) !== undefined;
}

/** Whether a brand has vehicles to show (of the listing type, when one is chosen); unknown counts count as yes. */
function hasStock(brand: Brand, listingType: InventoryState['listingType']): boolean {
  const counts = brand.vehicleCounts;
  if (!counts) return true;
  return (listingType ? counts[listingType] : counts.total) > 0;
}

/** The value written to the URL for an item: its slug when it has one (readable, shareable), else its id. */
function urlValueOf(item: { id: string; slug?: string; code?: string }): string {
  return item.slug || item.code?.toLowerCase() || item.id;
}

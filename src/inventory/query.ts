import type { ListingType, SortOrder, VehicleQuery, VehicleSort } from '../api/types.js';
import type { ResolvedRefs } from './metadata.js';

/**
 * The inventory's state and its two mappings: to the page URL (shareable, back/forward) and to
 * the query of `GET /external/vehicles`. Pure functions, tested on their own.
 */
export interface InventoryState {
  /** Brand, model and body type as given: a slug (preferred in URLs) or an id. */
  brand: string;
  model: string;
  bodyType: string;
  minYear?: number;
  maxYear?: number;
  minPrice?: number;
  maxPrice?: number;
  listingType: ListingType | '';
  sort: VehicleSort | '';
  order: SortOrder | '';
  page: number;
}

export type StateKey = keyof InventoryState;

/** URL parameter (the same word as the element's attribute) of each state field. */
export const PARAM_OF: Record<StateKey, string> = {
  brand: 'brand',
  model: 'model',
  bodyType: 'body-type',
  minYear: 'min-year',
  maxYear: 'max-year',
  minPrice: 'min-price',
  maxPrice: 'max-price',
  listingType: 'listing-type',
  sort: 'sort',
  order: 'order',
  page: 'page',
};

export const STATE_KEYS = Object.keys(PARAM_OF) as StateKey[];
export const PARAM_NAMES = STATE_KEYS.map((k) => PARAM_OF[k]);

export const LISTING_TYPES: readonly ListingType[] = ['sale', 'rental', 'auction'];
export const SORTS: readonly VehicleSort[] = ['createdDate', 'impressionsCount', 'year', 'mileage', 'price', 'name'];
export const ORDERS: readonly SortOrder[] = ['asc', 'desc'];

/** In the URL, a shopper's "any" that overrides an editor's preset. */
export const ANY = 'any';

export const MAX_PAGE_SIZE = 100;

const oneOf = <T extends string>(list: readonly T[], v: string | undefined): T | '' =>
  (list as readonly string[]).includes(v ?? '') ? (v as T) : '';

function intIn(v: unknown, min: number, max: number): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

function amount(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

const ref = (v: string | undefined) =>
  v === undefined ? undefined : v === ANY ? '' : /^[\w-]{1,128}$/.test(v) ? v : undefined;

/**
 * State fields from loosely typed input (attributes, URL parameters, form values). Invalid values
 * are dropped, never passed on: the API would refuse them (contract D2–D4).
 */
export function parseState(
  input: Partial<Record<string, string | number | undefined | null>>,
): Partial<InventoryState> {
  const get = (k: StateKey) => {
    const v = input[PARAM_OF[k]];
    return v === null || v === undefined ? undefined : String(v);
  };
  const out: Partial<InventoryState> = {};
  const set = <K extends StateKey>(k: K, v: InventoryState[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('brand', ref(get('brand')));
  set('model', ref(get('model')));
  set('bodyType', ref(get('bodyType')));
  set('minYear', intIn(get('minYear'), 1900, 2100));
  set('maxYear', intIn(get('maxYear'), 1900, 2100));
  set('minPrice', amount(get('minPrice')));
  set('maxPrice', amount(get('maxPrice')));
  const lt = get('listingType');
  set('listingType', lt === undefined ? undefined : lt === ANY ? '' : oneOf(LISTING_TYPES, lt) || undefined);
  const sort = get('sort');
  set('sort', sort === undefined ? undefined : oneOf(SORTS, sort) || undefined);
  const order = get('order');
  set('order', order === undefined ? undefined : oneOf(ORDERS, order.toLowerCase()) || undefined);
  set('page', intIn(get('page'), 1, 100000));
  return out;
}

export const EMPTY_STATE: InventoryState = {
  brand: '',
  model: '',
  bodyType: '',
  listingType: '',
  sort: '',
  order: '',
  page: 1,
};

/** The attributes of an inventory that preset its state. */
export type Presets = Pick<InventoryState, 'brand' | 'model' | 'bodyType' | 'page'> &
  Partial<Pick<InventoryState, 'minYear' | 'maxYear' | 'minPrice' | 'maxPrice'>> &
  Record<'listingType' | 'sort' | 'order', string>;

/** The editor's presets (the element's attributes), validated: what is shown until the shopper chooses. */
export function presetState(p: Presets): InventoryState {
  return {
    ...EMPTY_STATE,
    ...parseState({
      brand: p.brand,
      model: p.model,
      'body-type': p.bodyType,
      'min-year': p.minYear,
      'max-year': p.maxYear,
      'min-price': p.minPrice,
      'max-price': p.maxPrice,
      'listing-type': p.listingType,
      sort: p.sort,
      order: p.order,
      page: p.page,
    }),
  };
}

/** The state without its unset fields: equal states compare equal however they were built. */
export function definedOnly(state: InventoryState): InventoryState {
  return Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined)) as InventoryState;
}

/** URL parameters for the shopper's choices: only those that differ from the editor's presets. */
export function toParams(
  shopper: Partial<InventoryState>,
  presets: InventoryState,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of STATE_KEYS) {
    const v = shopper[k];
    if (v === undefined || v === presets[k]) continue;
    if (k === 'page' && v === 1) continue;
    out[PARAM_OF[k]] = v === '' ? ANY : String(v);
  }
  return out;
}

/** Orders a pair so that min ≤ max (the API refuses min > max with 400). */
function ordered(min?: number, max?: number): [number | undefined, number | undefined] {
  return min !== undefined && max !== undefined && min > max ? [max, min] : [min, max];
}

/** The query of `GET /external/vehicles` for a state whose slugs were resolved to ids. */
export function toVehicleQuery(state: InventoryState, ids: ResolvedRefs, pageSize: number): VehicleQuery {
  const [minYear, maxYear] = ordered(state.minYear, state.maxYear);
  const [minPrice, maxPrice] = ordered(state.minPrice, state.maxPrice);
  const q: VehicleQuery = {
    page: state.page,
    limit: clampPageSize(pageSize),
    brandId: ids.brandId,
    modelId: ids.modelId,
    bodyTypeId: ids.bodyTypeId,
    minYear,
    maxYear,
    minPrice,
    maxPrice,
    listingType: state.listingType || undefined,
    sort: state.sort || undefined,
    order: state.order || undefined,
  };
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
}

export function clampPageSize(n: number): number {
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_PAGE_SIZE) : 12;
}

/** The sort choices offered to shoppers, as `field:order`. */
export const SORT_CHOICES = [
  'createdDate:desc',
  'price:asc',
  'price:desc',
  'year:desc',
  'year:asc',
  'mileage:asc',
  'mileage:desc',
  'impressionsCount:desc',
  'name:asc',
  'name:desc',
  'createdDate:asc',
] as const;
export type SortChoice = (typeof SORT_CHOICES)[number];

/** Filters a shopper can be shown, in display order (the `filters` attribute lists a subset). */
export const FILTERS = ['brand', 'model', 'body-type', 'listing-type', 'year', 'price', 'sort'] as const;
export type FilterName = (typeof FILTERS)[number];

/** True when `filter` is visible to shoppers, given the `filters` attribute (default: all). */
export function showsFilter(filters: string | undefined | null, filter: FilterName): boolean {
  if (filters === undefined || filters === null) return true;
  const list = filters
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  return !list.includes('none') && list.includes(filter);
}

/** The filters shown by the `filters` attribute, in display order. */
export const shownFilters = (filters: string | undefined): FilterName[] =>
  FILTERS.filter((f) => showsFilter(filters, f));

export const isSortChoice = (value: string): value is SortChoice => (SORT_CHOICES as readonly string[]).includes(value);

/** The sort select's value: `field:order` (the API's defaults when unset). */
export const sortValue = (s: InventoryState): string => `${s.sort || 'createdDate'}:${s.order || 'desc'}`;

import type { PropertyDeclarations } from 'lit';
import { CarstrelElement } from '../shared/carstrel-element.js';
import type { DistanceUnit } from '../shared/format.js';

/**
 * What an editor sets on `<carstrel-inventory>`: its attributes, as reactive properties declared in
 * a static table (not decorators: the shared chunk carries no decorator code). The element
 * (carstrel-inventory.ts) extends this class.
 */
export abstract class InventoryAttributes extends CarstrelElement {
  static override properties: PropertyDeclarations = {
    brand: {},
    model: {},
    bodyType: { attribute: 'body-type' },
    minYear: { attribute: 'min-year', type: Number },
    maxYear: { attribute: 'max-year', type: Number },
    minPrice: { attribute: 'min-price', type: Number },
    maxPrice: { attribute: 'max-price', type: Number },
    listingType: { attribute: 'listing-type' },
    sort: {},
    order: {},
    pageSize: { attribute: 'page-size', type: Number },
    page: { type: Number },
    filters: {},
    hrefTemplate: { attribute: 'href-template' },
    link: {},
    currency: {},
    locale: {},
    distanceUnit: { attribute: 'distance-unit' },
    urlKey: { attribute: 'url-key' },
    label: {},
    monthlyPayment: { attribute: 'monthly-payment' },
    urlState: { attribute: 'url-state' },
  };

  /** Preset brand: slug (e.g. `toyota`) or id. */
  brand = '';
  /** Preset model: slug (e.g. `camry`) or id. Best with `brand`. */
  model = '';
  /** Preset body type: slug or code (e.g. `suv`) or id. */
  bodyType = '';
  minYear?: number;
  maxYear?: number;
  minPrice?: number;
  maxPrice?: number;
  /** Preset listing type: `sale`, `rental` or `auction`. */
  listingType = '';
  /** Preset sort field: `createdDate`, `impressionsCount`, `year`, `mileage`, `price` or `name`. */
  sort = '';
  /** Preset sort order: `asc` or `desc`. */
  order = '';
  /** Vehicles per page, 1 to 100. */
  pageSize = 12;
  /** First page shown when the URL does not say. */
  page = 1;
  /**
   * Filters the shopper sees, space- or comma-separated among `brand model body-type
   * listing-type year price sort`; `none` for none. Default: all. Presets of hidden filters still apply.
   */
  filters?: string;
  /** Card link: a template with `{id}` and `{slug}` (e.g. `/cars/{slug}`). Default: this page with `?vehicle={id}`. */
  hrefTemplate = '';
  /** `none`: cards are buttons that only fire `carstrel-vehicle-select`. */
  link = '';
  /** ISO 4217 currency of prices. Default: the vehicle data's own, else USD. */
  currency = '';
  /** Locale of numbers and prices (BCP 47). Default: the element's language. */
  locale = '';
  /** Unit of mileage figures: `km` or `mi`. */
  distanceUnit: DistanceUnit = 'km';
  /**
   * Namespace of this inventory's URL parameters (`used` → `?used.page=2`). Needed for a second
   * inventory on a page (without it, only the first one syncs and the console says why), and on
   * pages whose own parameters are called `page` or `sort` (as on some WordPress sites).
   */
  urlKey = '';
  /**
   * What this inventory is, in words (e.g. `Live auctions`): prefixes the names of its filter
   * form and page navigation so that screen-reader users can tell two inventories on a page apart.
   */
  label = '';
  /** Opt-in "From $X/month" on sale cards: `monthly-payment`, or with terms `rate=4.9 term=72 down=10%`. */
  monthlyPayment?: string;
  /** How the state goes into the page URL: `push` (back button steps through it), `replace`, or `off`. */
  urlState: 'push' | 'replace' | 'off' = 'push';
}

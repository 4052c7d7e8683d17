import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import type { Brand, BodyType, ListEnvelope, Model, Vehicle } from '../api/types.js';
import { CarstrelElement } from '../shared/carstrel-element.js';
import { defineElement } from '../shared/define.js';
import { CarstrelErrorEvent, CarstrelResultsLoadedEvent, CarstrelVehicleSelectEvent, emit } from '../shared/events.js';
import { formatDistance, safeLocale, type DistanceUnit } from '../shared/format.js';
import { carJsonLd, setJsonLd } from '../shared/json-ld.js';
import { listingMessages } from '../shared/listing-messages.js';
import { loadErrorOf, type LoadError } from '../shared/load-error.js';
import { priceLines } from '../shared/pricing.js';
import { safeHttpUrl } from '../shared/safe-url.js';
import {
  claimUrlKey,
  navigateWithinPage,
  onUrlChange,
  readParams,
  releaseUrlKey,
  urlWith,
} from '../shared/url-state.js';
import { isId, orderedPhotos, vehicleHref } from '../shared/vehicle-data.js';
import { inventoryMessages, type InventoryKey } from './messages.js';
import { findByAlias, metadataFor, resolveRefs } from './metadata.js';
import {
  EMPTY_STATE,
  LISTING_TYPES,
  PARAM_NAMES,
  SORT_CHOICES,
  clampPageSize,
  parseState,
  toParams,
  toVehicleQuery,
  type InventoryState,
  type SortChoice,
} from './query.js';
import { scrollBehavior } from '../shared/motion.js';
import { rootReset } from '../shared/reset.js';
import { styles } from './carstrel-inventory.styles.js';

/** Filters a shopper can be shown, in display order (the `filters` attribute lists a subset). */
export const FILTERS = ['brand', 'model', 'body-type', 'listing-type', 'year', 'price', 'sort'] as const;
export type FilterName = (typeof FILTERS)[number];

interface Results {
  vehicles: Vehicle[];
  total: number;
  page: number;
  pages: number;
}

interface FilterOptions {
  brands: Brand[];
  bodyTypes: BodyType[];
  models: Model[];
}

/** Below this width (CSS px) the filters fold into a "Filters" disclosure. */
const COMPACT_WIDTH = 560;

/** Skeleton cards never exceed this, whatever the page size. */
const MAX_SKELETONS = 24;

/**
 * @summary A dealer's live vehicle inventory: filters, cards, pagination, with its state in the
 * page URL.
 *
 * CMS editors configure it with attributes only: presets (`brand="toyota" listing-type="rental"`,
 * slugs or ids), the filters shoppers see (`filters="brand price sort"` or `none`), the card link
 * (`href-template="/cars/{slug}"`), currency and locale. The element is a size container
 * (container queries adapt it to a sidebar or a full-width column), so it takes the width its
 * parent gives it: inside a shrink-to-fit parent (a flex item, a grid item centred with auto
 * margins) give the parent or the element a width.
 *
 * @slot empty - Shown instead of the default text when no vehicle matches.
 * @slot card-extra - A `<template slot="card-extra">` whose content is added to every card
 *   (static dealer content such as "Free delivery").
 *
 * @csspart base - The wrapper of everything.
 * @csspart filters - The filter form.
 * @csspart filters-toggle - The "Filters" disclosure that holds the form in narrow containers.
 * @csspart filter - Each filter field (label + control).
 * @csspart control - Each select and input of the filters.
 * @csspart clear-button - The "Clear filters" button.
 * @csspart count - The results count (a live region).
 * @csspart grid - The list of cards.
 * @csspart card - A vehicle card.
 * @csspart card-image - A card's photo.
 * @csspart card-link - A card's title link (the whole card is clickable).
 * @csspart badge - A listing-type badge; also `badge-sale`, `badge-rental`, `badge-auction`.
 * @csspart price - A card's headline price.
 * @csspart price-detail - A card's secondary price line (weekly rate, auction end…).
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - The error state's retry button.
 * @csspart pagination - The page navigation.
 * @csspart page-button - Each page button (previous, numbers, next).
 *
 * @cssproperty --carstrel-grid-columns - Number of card columns (default: as many as fit).
 * @cssproperty --carstrel-card-min-width - Minimum card width when columns auto-fit (default 15rem).
 * @cssproperty --carstrel-color-primary - Accent colour (links, buttons).
 * @cssproperty --carstrel-radius - Corner radius of cards and controls.
 * @cssproperty --carstrel-font-family - Font (default: inherited from the page).
 * @cssproperty --carstrel-badge-sale - Colour of the sale badge (also `-rental`, `-auction`).
 *
 * @fires carstrel-results-loaded - A page of results was shown (`detail: { total, page, vehicles }`).
 * @fires carstrel-vehicle-select - A card was activated (`detail: { vehicle, href }`); cancelable:
 *   `preventDefault()` keeps the page where it is.
 * @fires carstrel-error - Loading failed (`detail: { status, error }`).
 */
export class CarstrelInventory extends CarstrelElement {
  static override styles = [...CarstrelElement.styles, rootReset, styles];

  /** Preset brand: slug (e.g. `toyota`) or id. */
  @property() brand = '';
  /** Preset model: slug (e.g. `camry`) or id. Best with `brand`. */
  @property() model = '';
  /** Preset body type: slug or code (e.g. `suv`) or id. */
  @property({ attribute: 'body-type' }) bodyType = '';
  @property({ attribute: 'min-year', type: Number }) minYear?: number;
  @property({ attribute: 'max-year', type: Number }) maxYear?: number;
  @property({ attribute: 'min-price', type: Number }) minPrice?: number;
  @property({ attribute: 'max-price', type: Number }) maxPrice?: number;
  /** Preset listing type: `sale`, `rental` or `auction`. */
  @property({ attribute: 'listing-type' }) listingType = '';
  /** Preset sort field: `createdDate`, `impressionsCount`, `year`, `mileage`, `price` or `name`. */
  @property() sort = '';
  /** Preset sort order: `asc` or `desc`. */
  @property() order = '';
  /** Vehicles per page, 1 to 100. */
  @property({ attribute: 'page-size', type: Number }) pageSize = 12;
  /** First page shown when the URL does not say. */
  @property({ type: Number }) page = 1;
  /**
   * Filters the shopper sees, space- or comma-separated among `brand model body-type
   * listing-type year price sort`; `none` for none. Default: all. Presets of hidden filters still apply.
   */
  @property() filters?: string;
  /** Card link: a template with `{id}` and `{slug}` (e.g. `/cars/{slug}`). Default: this page with `?vehicle={id}`. */
  @property({ attribute: 'href-template' }) hrefTemplate = '';
  /** `none`: cards are buttons that only fire `carstrel-vehicle-select`. */
  @property() link = '';
  /** ISO 4217 currency of prices. Default: the vehicle data's own, else USD. */
  @property() currency = '';
  /** Locale of numbers and prices (BCP 47). Default: the element's language. */
  @property() locale = '';
  /** Unit of mileage figures: `km` or `mi`. */
  @property({ attribute: 'distance-unit' }) distanceUnit: DistanceUnit = 'km';
  /**
   * Namespace of this inventory's URL parameters (`used` → `?used.page=2`). Needed for a second
   * inventory on a page (without it, only the first one syncs and the console says why), and on
   * pages whose own parameters are called `page` or `sort` (as on some WordPress sites).
   */
  @property({ attribute: 'url-key' }) urlKey = '';
  /**
   * What this inventory is, in words (e.g. `Live auctions`): prefixes the names of its filter
   * form and page navigation so that screen-reader users can tell two inventories on a page apart.
   */
  @property() label = '';
  /** How the state goes into the page URL: `push` (back button steps through it), `replace`, or `off`. */
  @property({ attribute: 'url-state' }) urlState: 'push' | 'replace' | 'off' = 'push';

  /** The shopper's choices (from the URL or the filters); they override the presets. */
  @state() private shopper: Partial<InventoryState> = {};

  /** True in a narrow container (a phone, a sidebar): the filters fold into a disclosure. */
  @state() private compact = false;

  /** Photo URLs that failed to load: the card falls back to the next photo, or to "No photo". */
  @state() private brokenPhotos: ReadonlySet<string> = new Set();

  private readonly resizeObserver = new ResizeObserver(([entry]) => {
    const width = entry?.contentBoxSize?.[0]?.inlineSize ?? entry?.contentRect.width ?? 0;
    // Applied on the next frame: changing the layout inside the observer's callback would loop.
    if (width > 0) requestAnimationFrame(() => (this.compact = width < COMPACT_WIDTH));
  });

  private ownsUrl = false;
  private stopUrl?: () => void;
  private focusCountAfterLoad = false;

  private readonly results = new Task(this, {
    task: async ([, key]: readonly [string, string], { signal }): Promise<Results> => {
      const { state, pageSize } = JSON.parse(key) as { state: InventoryState; pageSize: number };
      try {
        const ids = await resolveRefs(metadataFor(this.client), state);
        const res: ListEnvelope<Vehicle> = await this.client.list<Vehicle>(
          '/external/vehicles',
          { ...toVehicleQuery(state, ids, pageSize) },
          { signal },
        );
        const vehicles = Array.isArray(res.data) ? res.data : [];
        const total = res.total ?? vehicles.length;
        const results = {
          vehicles,
          total,
          page: res.page ?? state.page,
          pages: res.totalPages ?? Math.ceil(total / clampPageSize(pageSize)),
        };
        signal.throwIfAborted();
        this.announceResults(results);
        return results;
      } catch (e) {
        if (!signal.aborted) this.announceError(loadErrorOf(e));
        throw e;
      }
    },
    args: () => [this.client.base, JSON.stringify({ state: this.effectiveState, pageSize: this.pageSize })] as const,
  });

  private readonly options = new Task(this, {
    task: async ([, wantBrands, wantBodyTypes, wantModels, brand]: readonly [
      string,
      boolean,
      boolean,
      boolean,
      string,
    ]): Promise<FilterOptions> => {
      const meta = metadataFor(this.client);
      const [brands, bodyTypes] = await Promise.all([
        wantBrands ? meta.brands() : [],
        wantBodyTypes ? meta.bodyTypes() : [],
      ]);
      const brandId = brand && (isId(brand) ? brand : findByAlias(brands, brand)?.id);
      const models = brandId && wantModels ? await meta.models(brandId) : [];
      return { brands, bodyTypes, models };
    },
    args: () =>
      [
        this.client.base,
        this.shows('brand') || this.shows('model'),
        this.shows('body-type'),
        this.shows('model'),
        this.effectiveState.brand,
      ] as const,
  });

  /** The editor's presets (attributes), validated. */
  get presets(): InventoryState {
    return {
      ...EMPTY_STATE,
      ...parseState({
        brand: this.brand,
        model: this.model,
        'body-type': this.bodyType,
        'min-year': this.minYear,
        'max-year': this.maxYear,
        'min-price': this.minPrice,
        'max-price': this.maxPrice,
        'listing-type': this.listingType,
        sort: this.sort,
        order: this.order,
        page: this.page,
      }),
    };
  }

  /** What is shown: presets overridden by the shopper's choices. */
  get effectiveState(): InventoryState {
    return { ...this.presets, ...this.shopper };
  }

  private get urlNamespace(): string {
    return this.urlKey.trim();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Decide the filter layout before the first render (no layout shift on phones), then follow resizes.
    const width = this.getBoundingClientRect().width;
    if (width > 0) this.compact = width < COMPACT_WIDTH;
    this.resizeObserver.observe(this);
    this.ownsUrl = false;
    if (this.urlState !== 'off') {
      this.ownsUrl = claimUrlKey(this.urlNamespace, this);
      if (!this.ownsUrl) {
        console.warn(
          `[carstrel] <carstrel-inventory> does not sync its state to the URL: another inventory on this page uses the ${
            this.urlNamespace ? `url-key "${this.urlNamespace}"` : 'default URL parameters'
          }. Give each inventory its own url-key attribute.`,
        );
      } else {
        this.stopUrl = onUrlChange(() => this.readUrl());
        this.readUrl();
      }
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopUrl?.();
    this.stopUrl = undefined;
    this.resizeObserver.disconnect();
    if (this.ownsUrl) releaseUrlKey(this.urlNamespace, this);
  }

  private readUrl(): void {
    this.shopper = parseState(readParams(this.urlNamespace, PARAM_NAMES));
  }

  private writeUrl(): void {
    if (!this.ownsUrl) return;
    const mode = this.urlState === 'replace' ? 'replace' : 'push';
    navigateWithinPage(urlWith(this.urlNamespace, PARAM_NAMES, toParams(this.shopper, this.presets)), mode);
  }

  /** Applies a shopper's change: any filter change goes back to page 1. */
  private choose(change: Partial<InventoryState>): void {
    const next = { ...this.shopper, ...change };
    if (!('page' in change)) next.page = 1;
    if ('brand' in change) next.model = '';
    this.shopper = next;
    this.writeUrl();
  }

  private clearFilters(): void {
    this.shopper = {};
    this.writeUrl();
  }

  /**
   * Moves focus to the card of `vehicleId` (a shopper coming back from its detail view finds their
   * place), or to the results count when that card is not on the shown page. False when nothing is
   * shown yet.
   */
  focusCard(vehicleId: string): boolean {
    const cardLink = [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="card-link"]')].find(
      (link) => link.dataset.vehicleId === vehicleId,
    );
    const target = cardLink ?? this.renderRoot.querySelector<HTMLElement>('.count');
    target?.focus();
    return !!target;
  }

  /** Loads the current query again (the error state's "Try again"). */
  retry(): void {
    void this.results.run();
  }

  /** True when the filter is visible to shoppers (`filters` attribute). */
  shows(filter: FilterName): boolean {
    if (this.filters === undefined || this.filters === null) return true;
    const list = this.filters
      .toLowerCase()
      .split(/[\s,]+/)
      .filter(Boolean);
    return !list.includes('none') && list.includes(filter);
  }

  private get t() {
    return this.messages(inventoryMessages);
  }

  /** A landmark's name, prefixed with the `label` of this inventory when it has one. */
  private named(name: string): string {
    const label = this.label.trim();
    return label ? `${label}: ${name}` : name;
  }

  private get tl() {
    return this.messages(listingMessages);
  }

  private get numberLocale(): string {
    return safeLocale(this.locale || this.closest('[lang]')?.getAttribute('lang') || navigator.language);
  }

  private announceResults(r: Results): void {
    emit(this, new CarstrelResultsLoadedEvent({ total: r.total, page: r.page, vehicles: r.vehicles }));
    setJsonLd(
      this,
      r.vehicles.map((v) =>
        carJsonLd(v, { url: this.hrefOf(v), currency: this.currency, distanceUnit: this.distanceUnit }),
      ),
    );
  }

  private announceError(err: LoadError): void {
    emit(this, new CarstrelErrorEvent({ status: err.status, error: err.envelope }));
    setJsonLd(this, undefined);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.focusCountAfterLoad && this.results.status !== TaskStatus.PENDING) {
      this.focusCountAfterLoad = false;
      this.renderRoot.querySelector<HTMLElement>('.count')?.focus({ preventScroll: true });
    }
  }

  // ---------------------------------------------------------------- rendering

  override render(): TemplateResult {
    return html`
      <div part="base" class="inventory carstrel-root">
        ${this.renderFilters()}
        <p part="count" class="count" role="status" tabindex="-1">${this.countText()}</p>
        <div class="results" aria-busy=${this.results.status === TaskStatus.PENDING ? 'true' : 'false'}>
          ${this.results.render({
            initial: () => this.renderSkeleton(),
            pending: () => this.renderSkeleton(),
            complete: (r) =>
              r.vehicles.length ? this.renderResults(r) : r.total > 0 ? this.renderPastEnd(r) : this.renderEmpty(),
            error: (e) => this.renderError(loadErrorOf(e)),
          })}
        </div>
      </div>
    `;
  }

  private countText(): string {
    const t = this.t;
    if (this.results.status === TaskStatus.PENDING || this.results.status === TaskStatus.INITIAL) return t('loading');
    if (this.results.status === TaskStatus.ERROR) return t('errorTitle');
    const r = this.results.value;
    if (!r) return '';
    const count =
      r.total === 1 ? t('countOne') : t('count', { count: new Intl.NumberFormat(this.numberLocale).format(r.total) });
    return r.pages > 1 ? `${count} · ${t('pageOf', { page: r.page, pages: r.pages })}` : count;
  }

  private renderFilters(): TemplateResult | typeof nothing {
    const visible = FILTERS.filter((f) => this.shows(f));
    if (!visible.length) return nothing;
    const t = this.t;
    const s = this.effectiveState;
    const opts = this.options.value ?? { brands: [], bodyTypes: [], models: [] };
    const changed = Object.keys(this.shopper).some((k) => k !== 'page');
    const id = (name: string) => `f-${name}`;
    const form = html`
      <form
        part="filters"
        class="filters"
        role="search"
        aria-label=${this.named(t('filters'))}
        @submit=${(e: Event) => e.preventDefault()}
      >
        ${
          this.shows('brand')
            ? this.renderSelect(
                id('brand'),
                t('brand'),
                t('anyBrand'),
                s.brand,
                opts.brands.filter((b) => hasStock(b, s.listingType) || matches(b, s.brand)),
                (v) => this.choose({ brand: v }),
              )
            : nothing
        }
        ${
          this.shows('model')
            ? this.renderSelect(
                id('model'),
                t('model'),
                t('anyModel'),
                s.model,
                opts.models,
                (v) => this.choose({ model: v }),
                !s.brand,
              )
            : nothing
        }
        ${
          this.shows('body-type')
            ? this.renderSelect(id('body-type'), t('bodyType'), t('anyBodyType'), s.bodyType, opts.bodyTypes, (v) =>
                this.choose({ bodyType: v }),
              )
            : nothing
        }
        ${
          this.shows('listing-type')
            ? html`<div class="field" part="filter">
                <label for=${id('listing-type')}>${t('listingType')}</label>
                <select
                  part="control"
                  id=${id('listing-type')}
                  @change=${(e: Event) => this.choose({ listingType: (e.target as HTMLSelectElement).value as InventoryState['listingType'] })}
                >
                  <option value="" ?selected=${!s.listingType}>${t('anyListingType')}</option>
                  ${LISTING_TYPES.map((lt) => html`<option value=${lt} ?selected=${s.listingType === lt}>${this.tl(`badge.${lt}`)}</option>`)}
                </select>
              </div>`
            : nothing
        }
        ${this.shows('year') ? this.renderRange('year', t('year'), s.minYear, s.maxYear, { min: 1900, max: 2100, step: 1 }) : nothing}
        ${this.shows('price') ? this.renderRange('price', t('price'), s.minPrice, s.maxPrice, { min: 0, step: 1 }) : nothing}
        ${this.shows('sort') ? this.renderSort(s) : nothing}
        ${
          changed
            ? html`<button part="clear-button" class="clear" type="button" @click=${() => this.clearFilters()}>
                ${t('clear')}
              </button>`
            : nothing
        }
      </form>
    `;
    if (!this.compact) return form;
    const active = Object.keys(this.shopper).filter((k) => k !== 'page' && k !== 'sort' && k !== 'order').length;
    return html`<details part="filters-toggle" class="filter-panel">
      <summary>${active ? t('filtersActive', { count: active }) : t('filtersToggle')}</summary>
      ${form}
    </details>`;
  }

  private renderSelect(
    id: string,
    label: string,
    anyLabel: string,
    value: string,
    items: Array<{ id: string; name: string; slug?: string; code?: string }>,
    onChange: (value: string) => void,
    disabled = false,
  ): TemplateResult {
    const known = items.some((item) => matches(item, value));
    return html`<div class="field" part="filter">
      <label for=${id}>${label}</label>
      <select
        part="control"
        id=${id}
        ?disabled=${disabled}
        @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}
      >
        <option value="" ?selected=${!value}>${anyLabel}</option>
        ${value && !known ? html`<option value=${value} selected>${value}</option>` : nothing}
        ${items.map((item) => html`<option value=${urlValueOf(item)} ?selected=${matches(item, value)}>${item.name}</option>`)}
      </select>
    </div>`;
  }

  private renderRange(
    name: 'year' | 'price',
    label: string,
    min: number | undefined,
    max: number | undefined,
    limits: { min: number; max?: number; step: number },
  ): TemplateResult {
    const t = this.t;
    const key = name === 'year' ? (['minYear', 'maxYear'] as const) : (['minPrice', 'maxPrice'] as const);
    const apply = (which: 0 | 1) => (e: Event) => {
      const input = e.target as HTMLInputElement;
      const parsed = parseState({ [which === 0 ? `min-${name}` : `max-${name}`]: input.value });
      const value = parsed[key[which]];
      if (input.value !== '' && value === undefined) return; // invalid: the browser shows why (min/max)
      this.choose({ [key[which]]: value } as Partial<InventoryState>);
    };
    return html`<fieldset class="field range" part="filter">
      <legend>${label}</legend>
      <label>
        <span>${t('from')}</span>
        <input
          part="control"
          type="number"
          inputmode="numeric"
          name=${`min-${name}`}
          min=${limits.min}
          max=${limits.max ?? nothing}
          step=${limits.step}
          .value=${min === undefined ? '' : String(min)}
          @change=${apply(0)}
        />
      </label>
      <label>
        <span>${t('to')}</span>
        <input
          part="control"
          type="number"
          inputmode="numeric"
          name=${`max-${name}`}
          min=${limits.min}
          max=${limits.max ?? nothing}
          step=${limits.step}
          .value=${max === undefined ? '' : String(max)}
          @change=${apply(1)}
        />
      </label>
    </fieldset>`;
  }

  private renderSort(s: InventoryState): TemplateResult {
    const t = this.t;
    const current = `${s.sort || 'createdDate'}:${s.order || 'desc'}`;
    const choices: string[] = (SORT_CHOICES as readonly string[]).includes(current)
      ? [...SORT_CHOICES]
      : [current, ...SORT_CHOICES];
    return html`<div class="field" part="filter">
      <label for="f-sort">${t('sort')}</label>
      <select
        part="control"
        id="f-sort"
        @change=${(e: Event) => {
          const [sort, order] = (e.target as HTMLSelectElement).value.split(':') as [
            InventoryState['sort'],
            InventoryState['order'],
          ];
          this.choose({ sort, order });
        }}
      >
        ${choices.map((c) => html`<option value=${c} ?selected=${c === current}>${(SORT_CHOICES as readonly string[]).includes(c) ? t(`sort.${c as SortChoice}` as InventoryKey) : c}</option>`)}
      </select>
    </div>`;
  }

  private renderSkeleton(): TemplateResult {
    const n = Math.min(clampPageSize(this.pageSize), MAX_SKELETONS);
    return html`<ul class="grid skeleton" aria-hidden="true">
      ${Array.from(
        { length: n },
        () =>
          html`<li class="card">
            <div class="media"></div>
            <div class="body">
              <span class="bone w40"></span><span class="bone w80"></span><span class="bone w60"></span
              ><span class="bone w50"></span>
            </div>
          </li>`,
      )}
    </ul>`;
  }

  private renderResults(r: Results): TemplateResult {
    return html`
      <ul part="grid" class="grid" role="list">
        ${r.vehicles.map((v) => this.renderCard(v))}
      </ul>
      ${this.renderPagination(r)}
    `;
  }

  /** The card's link, or `undefined` for `link="none"` and unsafe templates. */
  private hrefOf(v: Vehicle): string | undefined {
    if (this.link === 'none') return undefined;
    return safeHttpUrl(vehicleHref(v, this.hrefTemplate));
  }

  private renderCard(v: Vehicle): TemplateResult {
    const t = this.t;
    const tl = this.tl;
    const photo = orderedPhotos(v).find((p) => !this.brokenPhotos.has(p.href));
    const href = this.hrefOf(v);
    const lines = priceLines(v, {
      locale: this.numberLocale,
      currency: this.currency,
      compact: true,
      distanceUnit: this.distanceUnit,
    });
    const [primary, ...details] = [lines.find((l) => l.primary)!, ...lines.filter((l) => !l.primary)];
    const type = (['sale', 'rental', 'auction'] as const).includes(v.listingType) ? v.listingType : undefined;
    // The year once: most dealers' names already start with it ("2021 Toyota Corolla").
    const year = v.year && !new RegExp(`\\b${v.year}\\b`).test(v.name ?? '') ? String(v.year) : '';
    const meta = [
      year,
      typeof v.mileage === 'number' ? formatDistance(v.mileage, this.distanceUnit, this.numberLocale) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    const title = href
      ? html`<a
          part="card-link"
          class="stretch"
          href=${href}
          data-vehicle-id=${v.id}
          @click=${(e: MouseEvent) => this.onActivate(e, v, href)}
          >${v.name}</a
        >`
      : html`<button
          part="card-link"
          class="stretch link-button"
          type="button"
          data-vehicle-id=${v.id}
          @click=${(e: MouseEvent) => this.onActivate(e, v, undefined)}
        >
          ${v.name}
        </button>`;
    return html`<li part="card" class="card">
      <div class="media" part="card-image-frame">
        ${photo ? html`<img part="card-image" src=${photo.href} alt="" loading="lazy" decoding="async" width="400" height="300" @error=${() => this.dropPhoto(photo.href)} />` : html`<span class="no-photo">${t('noPhoto')}</span>`}
      </div>
      <div class="body">
        ${type ? html`<span part="badge badge-${type}" class="badge ${type}">${tl(`badge.${type}`)}</span>` : nothing}
        <h3 class="title">${title}</h3>
        ${meta ? html`<p class="meta">${meta}</p>` : nothing}
        <p part="price" class="price">${tl(primary.key, primary.params)}</p>
        ${details.map((l) => html`<p part="price-detail" class="price-detail">${tl(l.key, l.params)}</p>`)}
        ${this.cardExtra()}
      </div>
    </li>`;
  }

  private dropPhoto(href: string): void {
    if (!this.brokenPhotos.has(href)) this.brokenPhotos = new Set([...this.brokenPhotos, href]);
  }

  /** A copy of the dealer's `<template slot="card-extra">` content, if any. */
  private cardExtra(): Node | typeof nothing {
    const template = this.querySelector<HTMLTemplateElement>(':scope > template[slot="card-extra"]');
    if (!template) return nothing;
    const div = document.createElement('div');
    div.className = 'extra';
    div.setAttribute('part', 'card-extra');
    div.append(template.content.cloneNode(true));
    return div;
  }

  private onActivate(e: MouseEvent, vehicle: Vehicle, href: string | undefined): void {
    const proceed = emit(this, new CarstrelVehicleSelectEvent({ vehicle, href }));
    if (!href) return;
    if (!proceed) {
      e.preventDefault();
      return;
    }
    const modified = e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey;
    if (!modified && followsInPage(href)) {
      // A vehicle view on this page follows the URL: no page load, and Back returns here.
      e.preventDefault();
      navigateWithinPage(href, 'push');
    }
  }

  private renderPagination(r: Results): TemplateResult | typeof nothing {
    if (r.pages <= 1) return nothing;
    const t = this.t;
    const go = (page: number) => () => {
      this.focusCountAfterLoad = true;
      this.choose({ page });
      this.scrollIntoView?.({ block: 'start', behavior: scrollBehavior() });
    };
    return html`<nav part="pagination" class="pagination" aria-label=${this.named(t('pagination'))}>
      <button
        part="page-button"
        type="button"
        class="prev"
        aria-label=${t('previous')}
        ?disabled=${r.page <= 1}
        @click=${go(r.page - 1)}
      >
        ‹
      </button>
      ${pageWindow(r.page, r.pages).map((p) =>
        p === 0
          ? html`<span class="gap" aria-hidden="true">…</span>`
          : html`<button
              part="page-button"
              type="button"
              aria-label=${t('goToPage', { page: p })}
              aria-current=${p === r.page ? 'page' : nothing}
              @click=${go(p)}
            >
              ${p}
            </button>`,
      )}
      <span class="position" aria-hidden="true">${t('pageOf', { page: r.page, pages: r.pages })}</span>
      <button
        part="page-button"
        type="button"
        class="next"
        aria-label=${t('next')}
        ?disabled=${r.page >= r.pages}
        @click=${go(r.page + 1)}
      >
        ›
      </button>
    </nav>`;
  }

  private renderEmpty(): TemplateResult {
    const t = this.t;
    const changed = Object.keys(this.shopper).some((k) => k !== 'page');
    return html`<div part="empty" class="empty">
      <slot name="empty"><p>${t('empty')}</p></slot>
      ${changed ? html`<button part="clear-button" type="button" @click=${() => this.clearFilters()}>${t('clear')}</button>` : nothing}
    </div>`;
  }

  /** A page number past the last page (an old shared link, stock sold since): offer the last page. */
  private renderPastEnd(r: Results): TemplateResult {
    const t = this.t;
    const last = Math.max(1, r.pages);
    return html`<div part="empty" class="empty">
      <p>${t('pastEnd', { page: r.page, pages: last })}</p>
      <button part="page-button" type="button" @click=${() => this.choose({ page: last })}>
        ${t('goToPage', { page: last })}
      </button>
    </div>`;
  }

  private renderError(err: LoadError): TemplateResult {
    const t = this.t;
    const message =
      err.status === 429 && err.retryAfter ? t('retryIn', { seconds: err.retryAfter }) : err.envelope.message;
    return html`<div part="error" class="error" role="alert">
      <p>${message}</p>
      ${err.retryable ? html`<button part="retry-button" type="button" @click=${() => this.retry()}>${t('retry')}</button>` : nothing}
    </div>`;
  }
}

/**
 * A link to this same page (only the query differs) is followed without a page load when a
 * `carstrel-vehicle` on the page can show the vehicle; otherwise the browser navigates.
 */
function followsInPage(href: string): boolean {
  const url = new URL(href);
  return (
    url.origin === location.origin && url.pathname === location.pathname && !!document.querySelector('carstrel-vehicle')
  );
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

/** Page numbers around the current one, with 0 for a gap: 1 … 4 5 [6] 7 8 … 20. */
export function pageWindow(page: number, pages: number): number[] {
  const out: number[] = [];
  const from = Math.max(1, page - 2);
  const to = Math.min(pages, page + 2);
  if (from > 1) out.push(1);
  if (from > 2) out.push(0);
  for (let p = from; p <= to; p++) out.push(p);
  if (to < pages - 1) out.push(0);
  if (to < pages) out.push(pages);
  return out;
}

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-inventory': CarstrelInventory;
  }
}

defineElement('carstrel-inventory', CarstrelInventory);

import { TaskStatus } from '@lit/task';
import { html, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { Vehicle } from '../api/types.js';
import { CarstrelElement } from '../shared/carstrel-element.js';
import { defineElement } from '../shared/define.js';
import {
  CarstrelErrorEvent,
  CarstrelResultsLoadedEvent,
  CarstrelVehicleSelectEvent,
  announcedByLoader,
  emit,
} from '../shared/events.js';
import { safeLocale } from '../shared/format.js';
import { writeJsonLd } from '../shared/json-ld-later.js';
import { loadLanguages } from '../shared/language-packs.js';
import { listingMessages, listingPacks } from '../shared/listing-messages.js';
import { loadErrorOf, renderLoadError, type LoadError } from '../shared/load-error.js';
import { scrollBehavior } from '../shared/motion.js';
import { rootReset } from '../shared/reset.js';
import { ServedTask } from '../shared/served-task.js';
import { UrlStateController } from '../shared/url-state-controller.js';
import { navigateWithinPage } from '../shared/url-state.js';
import { InventoryAttributes } from './attributes.js';
import {
  cardExtra,
  cardHref,
  followsInPage,
  isPlainClick,
  renderCard,
  renderCardPlaceholder,
  renderCardSkeletons,
} from './card.js';
import { styles } from './carstrel-inventory.styles.js';
import { CompactController } from './compact.js';
import { NO_OPTIONS, hasShopperFilters, renderFiltersFrame, type FiltersInput } from './filters-frame.js';
import { FirstRowFirst } from './first-row.js';
import { COMPACT_WIDTH } from './footprint.js';
import { LazyControls, LazySaveToggles, MonthlyController } from './later.js';
import { withArrivedResults, loadFilterOptions, loadResults, sameResultsArgs, type Results } from './load.js';
import { inventoryMessages, inventoryPacks } from './messages.js';
import {
  PARAM_NAMES,
  clampPageSize,
  definedOnly,
  parseState,
  presetState,
  showsFilter,
  toParams,
  type FilterName,
  type InventoryState,
} from './query.js';
import { countText, renderEmpty, renderPastEnd } from './results.js';

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
 * @csspart save-toggle - A card's "Save" toggle (`aria-pressed`), listed by `carstrel-favorites`.
 * @csspart badge - A listing-type badge; also `badge-sale`, `badge-rental`, `badge-auction`.
 * @csspart price - A card's headline price.
 * @csspart price-detail - A card's secondary price line (weekly rate, auction end…).
 * @csspart monthly-payment - A card's "From $X/month (estimate)" line (`monthly-payment`).
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
 * @fires carstrel-favorites-change - A card's "Save" toggle was used (`detail: { vehicleId, saved, ids }`).
 */
export class CarstrelInventory extends InventoryAttributes {
  /** Its own requests tell it whether the proxy is in test mode: no probe of its own (test-mode.ts). */
  static readonly probesTestMode = false;

  static override styles = [...CarstrelElement.styles, rootReset, styles];

  /** Its state (a static table, not decorators: the shared chunk carries no decorator code). */
  static override properties: PropertyDeclarations = {
    shopper: { state: true, attribute: false },
    brokenPhotos: { state: true, attribute: false },
  };

  /** The shopper's choices (from the URL or the filters); they override the presets. */
  private shopper: Partial<InventoryState> = {};

  /** Photo URLs that failed to load: the card falls back to the next photo, or to "No photo". */
  private brokenPhotos: ReadonlySet<string> = new Set();

  /** In a narrow container (a phone, a sidebar) the filters fold into a disclosure. */
  private readonly layout = new CompactController(this, COMPACT_WIDTH);

  /** The first render of cards draws the first row, the others a task later (no long task on load). */
  private readonly firstRow = new FirstRowFirst(this);

  /** The shopper's choices in the page URL (namespaced by `url-key`; one inventory per namespace). */
  private readonly url = new UrlStateController(this, {
    names: () => PARAM_NAMES,
    key: () => this.urlKey,
    mode: () => this.urlState,
    exclusive: true,
    onConflict: (key) =>
      console.warn(
        `[carstrel] <carstrel-inventory> does not sync its state to the URL: another inventory on this page uses the ${
          key ? `url-key "${key}"` : 'default URL parameters'
        }. Give each inventory its own url-key attribute.`,
      ),
    onRead: (params) => (this.shopper = parseState(params)),
  });

  /** The opt-in "From $X/month" line (its module loads only with `monthly-payment`). */
  private readonly monthly = new MonthlyController(this, () => this.monthlyPayment);

  private focusCountAfterLoad = false;

  /** The filters' fields and the page navigation, loaded after the first render (placeholders until then). */
  private readonly controls = new LazyControls(this);

  /** The cards' "Save" toggles (the page's favourites, shared with `carstrel-favorites`), loaded after the first render. */
  private readonly saves = new LazySaveToggles(this);

  private readonly results = new ServedTask(this, 'results', {
    task: ([, state, pageSize], { signal }) => loadResults(this.client, state, pageSize, signal),
    args: withArrivedResults(this, () => [this.client.base, definedOnly(this.effectiveState), this.pageSize] as const),
    argsEqual: sameResultsArgs,
    onComplete: (results) => this.announceResults(results),
    onError: (e) => this.announceError(loadErrorOf(e)),
  });

  private readonly options = new ServedTask(this, 'options', {
    task: ([, brands, bodyTypes, models, brand]) =>
      loadFilterOptions(this.client, { brands, bodyTypes, models }, brand),
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
    return presetState(this);
  }

  /** What is shown: presets overridden by the shopper's choices. */
  get effectiveState(): InventoryState {
    return { ...this.presets, ...this.shopper };
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
    return showsFilter(this.filters, filter);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.focusCountAfterLoad && this.results.status !== TaskStatus.PENDING) {
      this.focusCountAfterLoad = false;
      this.renderRoot.querySelector<HTMLElement>('.count')?.focus({ preventScroll: true });
    }
  }

  /** Its strings in the page's language; for a server render or a hydration, the controls' code too. */
  override languageReady(): Promise<unknown> | undefined {
    const strings = loadLanguages(this, [inventoryMessages, inventoryPacks], [listingMessages, listingPacks]);
    const controls = this.controls.ready();
    return strings && controls ? Promise.all([strings, controls]) : (strings ?? controls);
  }

  private get t() {
    return this.messages(inventoryMessages);
  }

  private get tl() {
    return this.messages(listingMessages);
  }

  private get numberLocale(): string {
    return safeLocale(this.locale || this.closest('[lang]')?.getAttribute('lang') || navigator.language);
  }

  /** A landmark's name, prefixed with the `label` of this inventory when it has one. */
  private named(name: string): string {
    const label = this.label.trim();
    return label ? `${label}: ${name}` : name;
  }

  private hrefOf(v: Vehicle): string | undefined {
    return cardHref(v, { link: this.link, hrefTemplate: this.hrefTemplate });
  }

  private announceResults(r: Results): void {
    // The served list, hydrated on intent, was announced by the loader at load (loader/intent.ts).
    if (!(announcedByLoader(this) && r === this.served?.results?.value))
      emit(this, new CarstrelResultsLoadedEvent({ total: r.total, page: r.page, vehicles: r.vehicles }));
    writeJsonLd(this, r.vehicles, { url: (v) => this.hrefOf(v), currency: this.currency, unit: this.distanceUnit });
  }

  private announceError(err: LoadError): void {
    emit(this, new CarstrelErrorEvent({ status: err.status, error: err.envelope }));
    writeJsonLd(this, []);
  }

  // ---------------------------------------------------------------- shopper actions

  /** Applies a shopper's change: any filter change goes back to page 1. */
  private onFilterChange(change: Partial<InventoryState>): void {
    const next = { ...this.shopper, ...change };
    if (!('page' in change)) next.page = 1;
    if ('brand' in change) next.model = '';
    this.shopper = next;
    this.url.write(toParams(this.shopper, this.presets));
  }

  private onClearClick(): void {
    this.shopper = {};
    this.url.write(toParams(this.shopper, this.presets));
  }

  /** A page of the navigation: the count takes focus once it is shown, and the list scrolls into view. */
  private onPageClick(page: number): void {
    this.focusCountAfterLoad = true;
    this.onFilterChange({ page });
    this.scrollIntoView?.({ block: 'start', behavior: scrollBehavior() });
  }

  private onLastPageClick(page: number): void {
    this.onFilterChange({ page });
  }

  private onCardClick(e: MouseEvent, vehicle: Vehicle, href: string | undefined): void {
    const proceed = emit(this, new CarstrelVehicleSelectEvent({ vehicle, href }));
    if (!href) return;
    if (!proceed) {
      e.preventDefault();
      return;
    }
    if (isPlainClick(e) && followsInPage(href)) {
      // A vehicle view on this page follows the URL: no page load, and Back returns here.
      e.preventDefault();
      navigateWithinPage(href, 'push');
    }
  }

  private onPhotoError(href: string): void {
    if (!this.brokenPhotos.has(href)) this.brokenPhotos = new Set([...this.brokenPhotos, href]);
  }

  // ---------------------------------------------------------------- rendering

  override render(): TemplateResult {
    const count = countText(this.t, this.results.status, this.results.value, this.numberLocale);
    const filters: FiltersInput = {
      t: this.t,
      tl: this.tl,
      state: this.effectiveState,
      shopper: this.shopper,
      options: this.options.value ?? NO_OPTIONS,
      filters: this.filters,
      compact: this.layout.compact,
      label: this.named(this.t('filters')),
      onFilterChange: (change) => this.onFilterChange(change),
      onClearClick: () => this.onClearClick(),
    };
    return html`
      <div part="base" class="inventory carstrel-root">
        ${renderFiltersFrame(filters, this.controls.filters(filters))}
        <p part="count" class="count" role="status" tabindex="-1">${count}</p>
        <div class="results" aria-busy=${this.results.status === TaskStatus.PENDING ? 'true' : 'false'}>
          ${this.results.render({
            initial: () => this.renderSkeleton(),
            pending: () => this.renderSkeleton(),
            complete: (r) =>
              r.vehicles.length
                ? this.monthly.ready
                  ? this.renderResults(r)
                  : this.renderSkeleton()
                : r.total > 0
                  ? renderPastEnd(r, { t: this.t, onLastPageClick: (page) => this.onLastPageClick(page) })
                  : renderEmpty(this.t, {
                      canClear: hasShopperFilters(this.shopper),
                      onClearClick: () => this.onClearClick(),
                    }),
            error: (e) => renderLoadError(loadErrorOf(e), this.t, () => this.retry()),
          })}
        </div>
      </div>
    `;
  }

  private renderSkeleton(): TemplateResult {
    return renderCardSkeletons(clampPageSize(this.pageSize));
  }

  private renderResults(r: Results): TemplateResult {
    const card = {
      t: this.t,
      tl: this.tl,
      locale: this.numberLocale,
      currency: this.currency,
      distanceUnit: this.distanceUnit,
      brokenPhotos: this.brokenPhotos,
      onCardClick: (e: MouseEvent, v: Vehicle, href: string | undefined) => this.onCardClick(e, v, href),
      onPhotoError: (href: string) => this.onPhotoError(href),
      saveToggle: (v: Vehicle, describedBy: string) => this.saves.render(v, { describedBy }),
      monthly: (v: Vehicle) =>
        this.monthly.line(v, { tl: this.tl, locale: this.numberLocale, currency: this.currency }),
    };
    const drawn = this.firstRow.limit(this.layout.columns);
    return html`
      <ul part="grid" class="grid" role="list">
        ${r.vehicles.map((v, i) =>
          i < drawn
            ? renderCard(v, {
                ...card,
                href: this.hrefOf(v),
                extra: cardExtra(this),
                firstRow: i < this.layout.columns,
              })
            : renderCardPlaceholder(),
        )}
      </ul>
      ${this.controls.pagination(r, {
        t: this.t,
        label: this.named(this.t('pagination')),
        onPageClick: (page) => this.onPageClick(page),
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-inventory': CarstrelInventory;
  }
}

defineElement('carstrel-inventory', CarstrelInventory);

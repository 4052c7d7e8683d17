import { TaskStatus } from '@lit/task';
import { html, nothing, type TemplateResult, type PropertyDeclarations } from 'lit';
import type { ListingType } from '../api/types.js';
import { CarstrelElement } from '../shared/carstrel-element.js';
import { defineElement } from '../shared/define.js';
import { CarstrelErrorEvent, CarstrelTileSelectEvent, emit } from '../shared/events.js';
import { loadErrorOf, loadErrorStyles, renderLoadError, type LoadError } from '../shared/load-error.js';
import { scrollBehavior } from '../shared/motion.js';
import { pageTone } from '../shared/page-tone.js';
import { rootReset } from '../shared/reset.js';
import { ServedTask } from '../shared/served-task.js';
import { navigateWithinPage } from '../shared/url-state.js';
import { styles } from './carstrel-brands.styles.js';
import { loadTiles, tileHref, type Group, type StockSummary, type Tile, type TilesResult } from './data.js';
import { brandsMessages, type BrandsKey } from './messages.js';

const LISTING_TYPES: readonly ListingType[] = ['sale', 'rental', 'auction'];

/**
 * @summary "Shop by" tiles: one link per brand (or body type) in stock, with its logo, name and
 * vehicle count, and an optional stock summary line.
 *
 * `group="brand"` counts each brand's available vehicles (`vehicleCounts`; of `listing-type` when
 * set) and leaves out brands with none. `group="body-type"` takes its counts from the stock
 * summary (`GET /external/vehicles/stats/summary`). Each tile links to `href-template`, by default
 * this page with `?brand={slug}` or `?body-type={slug}`, which a `carstrel-inventory` reads: on a
 * page that has one, the tile filters it without a page load.
 *
 * @slot empty - Shown instead of the default text when nothing is in stock.
 *
 * @csspart base - The wrapper of everything.
 * @csspart summary - The stock summary line ("310 vehicles · 60 for rent").
 * @csspart list - The list of tiles.
 * @csspart tile - A tile (the link).
 * @csspart tile-image - A tile's logo or icon.
 * @csspart tile-name - A tile's name.
 * @csspart tile-count - A tile's vehicle count.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - The error state's retry button.
 *
 * @cssproperty --carstrel-tile-min-width - Minimum width of a tile (default 9rem).
 * @cssproperty --carstrel-color-text - Text colour (default: the page's).
 * @cssproperty --carstrel-color-border - Tile borders (default: the text colour, faded).
 * @cssproperty --carstrel-color-primary - Border of a hovered tile.
 * @cssproperty --carstrel-radius - Corner radius of tiles.
 * @cssproperty --carstrel-font-family - Font (default: inherited from the page).
 *
 * @fires carstrel-tile-select - A tile was activated (`detail: { group, id, slug, name, count, href }`);
 *   cancelable: `preventDefault()` keeps the page where it is.
 * @fires carstrel-error - Loading failed (`detail: { status, error }`).
 */
export class CarstrelBrands extends CarstrelElement {
  /** Its own requests tell it whether the proxy is in test mode: no probe of its own (test-mode.ts). */
  static readonly probesTestMode = false;

  static override styles = [...CarstrelElement.styles, rootReset, pageTone, styles, loadErrorStyles];

  /** Its attributes, as a static table (not decorators: no page loads decorator code). */
  static override properties: PropertyDeclarations = {
    group: { reflect: true },
    hrefTemplate: { attribute: 'href-template' },
    listingType: { attribute: 'listing-type' },
    summary: { type: Boolean },
    sort: {},
    label: {},
  };

  /** What the tiles stand for: `brand` or `body-type`. */
  group: Group = 'brand';
  /**
   * Tile link: a template with `{slug}`, `{id}`, `{name}` and `{listingType}` (e.g.
   * `/inventory?brand={slug}`). Default: this page with `?brand={slug}` / `?body-type={slug}`.
   */
  hrefTemplate = '';
  /** Count only this listing type (`sale`, `rental`, `auction`); the default links carry it too. */
  listingType = '';
  /** Shows the stock summary line above the tiles. */
  summary = false;
  /** Order of the tiles: `name` (default) or `count` (most vehicles first). */
  sort: 'name' | 'count' = 'name';
  /** Accessible name of the tile list (default "Shop by brand" / "Shop by body type"). */
  label = '';

  private readonly tiles = new ServedTask(this, 'tiles', {
    task: ([, group, listingType, summary]: readonly [string, Group, ListingType | '', boolean], { signal }) =>
      loadTiles(this.client, group, listingType, summary, signal),
    args: () => [this.client.base, this.effectiveGroup, this.effectiveListingType, this.summary] as const,
    onError: (e) => {
      const err = loadErrorOf(e);
      emit(this, new CarstrelErrorEvent({ status: err.status, error: err.envelope }));
    },
  });

  private get effectiveGroup(): Group {
    return this.group === 'body-type' ? 'body-type' : 'brand';
  }

  private get effectiveListingType(): ListingType | '' {
    const lt = this.listingType.trim().toLowerCase() as ListingType;
    return LISTING_TYPES.includes(lt) ? lt : '';
  }

  private get t() {
    return this.messages(brandsMessages);
  }

  /** Loads the tiles again (the error state's "Try again"). */
  retry(): void {
    void this.tiles.run();
  }

  private get listLabel(): string {
    if (this.label.trim()) return this.label.trim();
    const lt = this.effectiveListingType;
    return this.t(`label.${this.effectiveGroup}${lt ? `.${lt}` : ''}` as BrandsKey);
  }

  override render(): TemplateResult {
    const t = this.t;
    const pending = this.tiles.status === TaskStatus.INITIAL || this.tiles.status === TaskStatus.PENDING;
    return html`<div part="base" class="carstrel-root">
      <p class="visually-hidden" role="status">${pending ? t('loading') : ''}</p>
      ${this.tiles.render({
        initial: () => this.renderSkeleton(),
        pending: () => this.renderSkeleton(),
        complete: (r) => this.renderTiles(r),
        error: (e) => this.renderError(loadErrorOf(e)),
      })}
    </div>`;
  }

  private renderSkeleton(): TemplateResult {
    return html`<ul class="list skeleton" aria-hidden="true">
      ${Array.from({ length: 6 }, () => html`<li class="tile"><span class="bone"></span></li>`)}
    </ul>`;
  }

  private renderSummary(s: StockSummary | undefined): TemplateResult | typeof nothing {
    if (!this.summary || !s) return nothing;
    const t = this.t;
    const parts = [s.available === 1 ? t('summary.totalOne') : t('summary.total', { count: s.available })];
    for (const lt of LISTING_TYPES) if (s[lt] > 0) parts.push(t(`summary.${lt}`, { count: s[lt] }));
    return html`<p part="summary" class="summary muted">${parts.join(' · ')}</p>`;
  }

  private sorted(tiles: Tile[]): Tile[] {
    const collator = new Intl.Collator(this.closest('[lang]')?.getAttribute('lang') || undefined);
    return [...tiles].sort(
      (a, b) => (this.sort === 'count' ? b.count - a.count : 0) || collator.compare(a.name, b.name),
    );
  }

  private renderTiles(r: TilesResult): TemplateResult {
    if (r.tiles.length === 0) {
      return html`${this.renderSummary(r.summary)}
        <div part="empty" class="empty">
          <slot name="empty"><p>${this.t('empty')}</p></slot>
        </div>`;
    }
    return html`${this.renderSummary(r.summary)}
      <ul part="list" class="list" role="list" aria-label=${this.listLabel}>
        ${this.sorted(r.tiles).map((tile) => this.renderTile(tile))}
      </ul>`;
  }

  private renderTile(tile: Tile): TemplateResult {
    const group = this.effectiveGroup;
    const href = tileHref(tile, group, this.hrefTemplate, this.effectiveListingType);
    const unit = tile.count === 1 ? this.t('vehicle') : this.t('vehicles');
    return html`<li class="item">
      <a
        part="tile"
        class="tile"
        href=${href ?? nothing}
        data-slug=${tile.slug}
        @click=${(e: MouseEvent) => this.onTileClick(e, tile, href)}
      >
        ${
          tile.image
            ? html`<img
                part="tile-image"
                class="image ${group === 'body-type' ? 'icon' : ''}"
                src=${tile.image}
                alt=""
                width="64"
                height="64"
                loading="lazy"
              />`
            : html`<span part="tile-image" class="image initials" aria-hidden="true">${tile.name.slice(0, 2)}</span>`
        }
        <span part="tile-name" class="name">${tile.name}</span>
        <span part="tile-count" class="count">${tile.count}<span class="visually-hidden"> ${unit}</span></span>
      </a>
    </li>`;
  }

  private onTileClick(e: MouseEvent, tile: Tile, href: string | undefined): void {
    const { id, slug, name, count } = tile;
    const proceed = emit(
      this,
      new CarstrelTileSelectEvent({ group: this.effectiveGroup, id, slug, name, count, href }),
    );
    if (!href) return;
    if (!proceed) {
      e.preventDefault();
      return;
    }
    const modified = e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey;
    if (!modified && filtersInPage(href)) {
      // The inventory on this page follows the URL: no page load, and Back returns here.
      e.preventDefault();
      navigateWithinPage(href, 'push');
      document.querySelector('carstrel-inventory')?.scrollIntoView?.({ block: 'start', behavior: scrollBehavior() });
    }
  }

  private renderError(err: LoadError): TemplateResult {
    return renderLoadError(err, this.t, () => this.retry());
  }
}

/** A link to this same page (only the query differs) whose `carstrel-inventory` follows the URL. */
function filtersInPage(href: string): boolean {
  const url = new URL(href);
  return (
    url.origin === location.origin &&
    url.pathname === location.pathname &&
    !!document.querySelector('carstrel-inventory')
  );
}

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-brands': CarstrelBrands;
  }
}

defineElement('carstrel-brands', CarstrelBrands);

import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type TemplateResult, type PropertyDeclarations } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Vehicle } from '../api/types.js';
import { CarstrelElement } from '../shared/carstrel-element.js';
import { defineElement } from '../shared/define.js';
import {
  CarstrelErrorEvent,
  CarstrelFavoritesChangeEvent,
  CarstrelVehicleLoadedEvent,
  emit,
  lastLoadedVehicle,
} from '../shared/events.js';
import { safeLocale, type DistanceUnit } from '../shared/format.js';
import { loadLanguage } from '../shared/language-packs.js';
import { listingMessages, listingPacks } from '../shared/listing-messages.js';
import { loadErrorOf, loadErrorStyles, renderLoadError, type LoadError } from '../shared/load-error.js';
import { pageTone } from '../shared/page-tone.js';
import { priceLines } from '../shared/pricing.js';
import { rootReset } from '../shared/reset.js';
import { safeHttpUrl } from '../shared/safe-url.js';
import { featuredPhoto, vehicleHref } from '../shared/vehicle-data.js';
import { styles } from './carstrel-favorites.styles.js';
import { renderComparison } from './compare.js';
import { loadSavedVehicles, type SavedData } from './load.js';
import { favoritesMessages } from './messages.js';
import { SaveToggleController, saveToggleStyles } from './save-toggle.js';
import { favoritesStore, type SavedVehicle } from './store.js';

/** Vehicles compared at most at once. */
const MAX_COMPARED = 4;

type LoadArgs = readonly [string, readonly SavedVehicle[]];

/**
 * @summary The shopper's saved vehicles, a side-by-side comparison of two to four of them, and the
 * recently viewed ones, kept in the browser (across reloads and tabs).
 *
 * Vehicles are saved with the "Save" toggle (`SaveToggleController` in `src/favorites/`, on cards
 * and vehicle pages, and on this element's recently viewed list). Saved vehicles are shown with
 * current data from list requests (`GET /external/vehicles?modelId=…`), never from the detail
 * route, which would count an impression. With two or more saved, the comparison table shows the
 * first four (the "Compare" boxes choose others). On a page with a `carstrel-vehicle`, the vehicle
 * it shows is added to "Recently viewed".
 *
 * @slot empty - Shown instead of the default text when nothing is saved.
 *
 * @csspart base - The wrapper of everything.
 * @csspart heading - Each section title (saved, comparison, recently viewed).
 * @csspart list - The list of saved vehicles.
 * @csspart item - A saved vehicle.
 * @csspart image - A saved vehicle's photo.
 * @csspart link - A vehicle's link (saved and recently viewed).
 * @csspart price - A saved vehicle's headline price.
 * @csspart compare-toggle - A "Compare" checkbox with its label.
 * @csspart remove-button - A "Remove" button.
 * @csspart comparison - The scrollable region of the comparison table.
 * @csspart table - The comparison table.
 * @csspart recent - The recently viewed list.
 * @csspart save-toggle - A "Save" toggle (`aria-pressed`) in the recently viewed list.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - The error state's retry button.
 *
 * @cssproperty --carstrel-color-text - Text colour (default: the page's).
 * @cssproperty --carstrel-color-border - Borders and table rules (default: the text colour, faded).
 * @cssproperty --carstrel-color-saved - Fill of the heart of a saved vehicle (default #d0234a).
 * @cssproperty --carstrel-radius - Corner radius of items.
 * @cssproperty --carstrel-font-family - Font (default: inherited from the page).
 *
 * @fires carstrel-favorites-change - A vehicle was saved or removed here (`detail: { vehicleId, saved, ids }`).
 * @fires carstrel-error - Loading the saved vehicles failed (`detail: { status, error }`).
 */
export class CarstrelFavorites extends CarstrelElement {
  static override styles = [...CarstrelElement.styles, rootReset, pageTone, saveToggleStyles, styles, loadErrorStyles];

  /** Its attributes and state, as a static table (not decorators: no page loads decorator code). */
  static override properties: PropertyDeclarations = {
    hrefTemplate: { attribute: 'href-template' },
    recent: { type: Number },
    currency: {},
    locale: {},
    distanceUnit: { attribute: 'distance-unit' },
    chosen: { state: true, attribute: false },
    note: { state: true, attribute: false },
  };

  /** Link of a vehicle: a template with `{id}` and `{slug}`. Default: this page with `?vehicle={id}`. */
  hrefTemplate = '';
  /** How many recently viewed vehicles to show (default 4; 0 hides the list). */
  recent = 4;
  /** ISO 4217 currency of prices. Default: the vehicle data's own, else USD. */
  currency = '';
  /** Locale of numbers and prices (BCP 47). Default: the element's language. */
  locale = '';
  /** Unit of mileage figures: `km` or `mi`. */
  distanceUnit: DistanceUnit = 'km';

  /** The shopper's choice of vehicles to compare; `undefined` until they use a "Compare" box. */
  private chosen?: readonly string[];
  /** A polite note after a removal. */
  private note = '';

  private readonly store = favoritesStore();
  private readonly saves = new SaveToggleController(this, this.store);

  private readonly vehicles = new Task(this, {
    task: ([, entries]: LoadArgs, { signal }) => loadSavedVehicles(this.client, entries, signal),
    args: (): LoadArgs => [this.client.base, this.store.saved()],
    // A removal needs no request: the vehicles already loaded include every one still saved.
    argsEqual: (before: LoadArgs, after: LoadArgs) =>
      before[0] === after[0] && after[1].every((e) => before[1].some((b) => b.id === e.id)),
    onError: (e) => {
      const err = loadErrorOf(e);
      emit(this, new CarstrelErrorEvent({ status: err.status, error: err.envelope }));
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(CarstrelVehicleLoadedEvent.type, this.onVehicleLoaded);
    const shown = lastLoadedVehicle();
    if (shown) this.store.recordView(shown.vehicle);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener(CarstrelVehicleLoadedEvent.type, this.onVehicleLoaded);
  }

  private readonly onVehicleLoaded = (event: CarstrelVehicleLoadedEvent): void => {
    this.store.recordView(event.detail.vehicle);
  };

  /** Loads the saved vehicles again (the error state's "Try again"). */
  retry(): void {
    void this.vehicles.run();
  }

  /** The listing strings (badges, prices) of a language other than English load on demand. */
  override languageReady(): Promise<void> | undefined {
    return loadLanguage(this, listingMessages, listingPacks);
  }

  private get t() {
    return this.messages(favoritesMessages);
  }

  private get numberLocale(): string {
    return safeLocale(this.locale || this.closest('[lang]')?.getAttribute('lang') || navigator.language);
  }

  private hrefOf(v: Pick<Vehicle, 'id' | 'slug'>): string | undefined {
    return safeHttpUrl(vehicleHref(v, this.hrefTemplate));
  }

  /** Saved vehicles still listed, in saved order. */
  private available(loaded: SavedData): Vehicle[] {
    return this.store
      .saved()
      .map((e) => loaded.found.get(e.id))
      .filter((v): v is Vehicle => !!v);
  }

  private compared(available: Vehicle[]): Vehicle[] {
    const chosen = this.chosen;
    if (!chosen) return available.slice(0, MAX_COMPARED);
    return available.filter((v) => chosen.includes(v.id)).slice(0, MAX_COMPARED);
  }

  private onCompareChange(e: Event, id: string, available: Vehicle[]): void {
    const current = this.compared(available).map((v) => v.id);
    const on = (e.target as HTMLInputElement).checked;
    this.chosen = on ? [...current, id] : current.filter((x) => x !== id);
  }

  private onRemoveClick(entry: SavedVehicle): void {
    const item = this.renderRoot.querySelector(`[data-vehicle-id="${CSS.escape(entry.id)}"]`);
    const nextId = (item?.nextElementSibling ?? item?.previousElementSibling)?.getAttribute('data-vehicle-id');
    this.store.remove(entry.id);
    this.note = this.t('removed', { name: entry.name });
    emit(
      this,
      new CarstrelFavoritesChangeEvent({ vehicleId: entry.id, saved: false, ids: this.store.saved().map((x) => x.id) }),
    );
    // Focus stays in the list: on the next item's Remove button, else the section title.
    void this.updateComplete.then(() => {
      const target = nextId
        ? this.renderRoot.querySelector<HTMLElement>(`[data-vehicle-id="${CSS.escape(nextId)}"] [part="remove-button"]`)
        : this.renderRoot.querySelector<HTMLElement>('#saved-heading');
      target?.focus();
    });
  }

  override render(): TemplateResult {
    const saved = this.store.saved();
    const t = this.t;
    const pending =
      saved.length > 0 && (this.vehicles.status === TaskStatus.INITIAL || this.vehicles.status === TaskStatus.PENDING);
    return html`<div part="base" class="carstrel-root favorites">
      <p class="visually-hidden" role="status">${pending ? t('loading') : this.note}</p>
      <section aria-labelledby="saved-heading">
        <h3 part="heading" class="heading" id="saved-heading" tabindex="-1">
          ${saved.length ? t('saved', { count: saved.length }) : t('savedNone')}
        </h3>
        ${
          saved.length === 0
            ? html`<div part="empty" class="empty">
                <slot name="empty"><p>${t('empty')}</p></slot>
              </div>`
            : this.vehicles.render({
                initial: () => this.renderSkeleton(saved.length),
                pending: () =>
                  this.vehicles.value ? this.renderSaved(this.vehicles.value) : this.renderSkeleton(saved.length),
                complete: (loaded) => this.renderSaved(loaded),
                error: (e) => this.renderError(loadErrorOf(e)),
              })
        }
      </section>
      ${this.renderRecent()}
    </div>`;
  }

  private renderSkeleton(count: number): TemplateResult {
    return html`<ul class="list skeleton" aria-hidden="true">
      ${Array.from({ length: Math.min(count, 4) }, () => html`<li class="item"><span class="bone"></span></li>`)}
    </ul>`;
  }

  private renderSaved(loaded: SavedData): TemplateResult {
    const t = this.t;
    const available = this.available(loaded);
    const compared = this.compared(available);
    const full = compared.length >= MAX_COMPARED;
    return html`<ul part="list" class="list" role="list">
        ${repeat(
          this.store.saved(),
          (entry) => entry.id,
          (entry) => {
            const v = loaded.found.get(entry.id);
            if (v) return this.renderItem(entry, v, compared.includes(v), full, available);
            // Saved since the last load (another tab, a toggle): its data is on the way.
            if (!loaded.asked.has(entry.id))
              return html`<li class="item" aria-hidden="true"><span class="bone"></span></li>`;
            return this.renderGone(entry);
          },
        )}
      </ul>
      ${
        available.length >= 2
          ? html`${full && available.length > MAX_COMPARED ? html`<p class="hint muted">${t('compareMax')}</p>` : nothing}
            ${
              compared.length >= 2
                ? renderComparison(compared, {
                    t,
                    tl: this.messages(listingMessages),
                    locale: this.numberLocale,
                    currency: this.currency,
                    distanceUnit: this.distanceUnit,
                  })
                : html`<p class="hint muted">${t('compareHint')}</p>`
            }`
          : nothing
      }`;
  }

  private renderItem(entry: SavedVehicle, v: Vehicle, isCompared: boolean, full: boolean, available: Vehicle[]) {
    const t = this.t;
    const photo = featuredPhoto(v);
    const href = this.hrefOf(v);
    const primary = priceLines(v, { locale: this.numberLocale, currency: this.currency, compact: true }).find(
      (l) => l.primary,
    );
    const nameId = `name-${entry.id}`;
    return html`<li part="item" class="item" data-vehicle-id=${entry.id}>
      ${
        photo
          ? html`<img part="image" class="image" src=${photo.href} alt="" width="160" height="120" loading="lazy" />`
          : html`<span part="image" class="image no-photo">${t('noPhoto')}</span>`
      }
      <div class="body">
        <p class="name" id=${nameId}>${href ? html`<a part="link" href=${href}>${v.name}</a>` : v.name}</p>
        ${primary ? html`<p part="price" class="price">${this.messages(listingMessages)(primary.key, primary.params)}</p>` : nothing}
        <div class="actions">
          <label part="compare-toggle" class="compare">
            <input
              type="checkbox"
              .checked=${isCompared}
              ?disabled=${!isCompared && full}
              aria-describedby=${nameId}
              @change=${(e: Event) => this.onCompareChange(e, v.id, available)}
            />
            ${t('compare')}
          </label>
          ${this.renderRemove(entry, nameId)}
        </div>
      </div>
    </li>`;
  }

  private renderGone(entry: SavedVehicle): TemplateResult {
    const nameId = `name-${entry.id}`;
    return html`<li part="item" class="item gone" data-vehicle-id=${entry.id}>
      <span part="image" class="image no-photo">${this.t('gone')}</span>
      <div class="body">
        <p class="name" id=${nameId}>${entry.name}</p>
        <p class="muted">${this.t('gone')}</p>
        <div class="actions">${this.renderRemove(entry, nameId)}</div>
      </div>
    </li>`;
  }

  private renderRemove(entry: SavedVehicle, nameId: string): TemplateResult {
    return html`<button
      part="remove-button"
      class="button"
      type="button"
      aria-describedby=${nameId}
      @click=${() => this.onRemoveClick(entry)}
    >
      ${this.t('remove')}
    </button>`;
  }

  private renderRecent(): TemplateResult | typeof nothing {
    const count = Number.isFinite(this.recent) ? Math.max(0, Math.floor(this.recent)) : 4;
    const viewed = this.store.viewed().slice(0, count);
    if (viewed.length === 0) return nothing;
    return html`<section aria-labelledby="recent-heading">
      <h3 part="heading" class="heading" id="recent-heading">${this.t('recent')}</h3>
      <ul part="recent" class="recent" role="list">
        ${viewed.map((entry) => {
          const href = this.hrefOf({ id: entry.id, slug: entry.slug ?? '' });
          const nameId = `recent-${entry.id}`;
          return html`<li class="recent-item">
            <span class="name" id=${nameId}
              >${href ? html`<a part="link" href=${href}>${entry.name}</a>` : entry.name}</span
            >
            ${this.saves.render(
              { id: entry.id, name: entry.name, slug: entry.slug, model: { id: entry.modelId } },
              { describedBy: nameId },
            )}
          </li>`;
        })}
      </ul>
    </section>`;
  }

  private renderError(err: LoadError): TemplateResult {
    return renderLoadError(err, this.t, () => this.retry());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-favorites': CarstrelFavorites;
  }
}

defineElement('carstrel-favorites', CarstrelFavorites);

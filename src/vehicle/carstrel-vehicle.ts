import { TaskStatus } from '@lit/task';
import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { Vehicle } from '../api/types.js';
import { SaveToggleController, saveToggleStyles } from '../favorites/save-toggle.js';
import { favoritesStore } from '../favorites/store.js';
import { CarstrelElement } from '../shared/carstrel-element.js';
import { defineElement } from '../shared/define.js';
import {
  CarstrelErrorEvent,
  CarstrelTestDriveRequestEvent,
  CarstrelVehicleLoadedEvent,
  emit,
} from '../shared/events.js';
import { safeLocale, type DistanceUnit } from '../shared/format.js';
import { writeJsonLd } from '../shared/json-ld-later.js';
import { loadLanguages } from '../shared/language-packs.js';
import { listingMessages, listingPacks } from '../shared/listing-messages.js';
import { loadErrorOf, type LoadError } from '../shared/load-error.js';
import { parseMonthlyTerms } from '../shared/monthly.js';
import { scrollBehavior } from '../shared/motion.js';
import { rootReset } from '../shared/reset.js';
import { safeHttpUrl } from '../shared/safe-url.js';
import { ServedTask } from '../shared/served-task.js';
import { UrlStateController } from '../shared/url-state-controller.js';
import { vehicleHref } from '../shared/vehicle-data.js';
import { styles } from './carstrel-vehicle.styles.js';
import { renderFeatures, renderPickup, renderPrice, renderSpecs, type DetailsInput } from './details.js';
import { GalleryController } from './gallery-controller.js';
import { renderGallery } from './gallery.js';
import { loadVehicle } from './load.js';
import { vehicleMessages, vehiclePacks } from './messages.js';
import { SimilarVehicles, similarLink } from './similar.js';
import { similarStyles } from './similar.styles.js';

/**
 * @summary One vehicle in detail: gallery, price block, specifications, features, description,
 * pickup location and a test-drive call to action. Renders nothing until a vehicle is chosen.
 *
 * The vehicle is `vehicle-id`, else `slug`, else the page URL's `?vehicle=` (rename with
 * `url-param`), followed through back/forward and through selections in a `carstrel-inventory`.
 * Each view makes exactly one `GET /external/vehicles/:id` (it records an impression upstream).
 *
 * @slot before-cta - Dealer content above the call to action (e.g. a phone number).
 *
 * @csspart base - The wrapper of the loaded view.
 * @csspart back-button - "Back to all vehicles" (shown when the vehicle comes from the URL).
 * @csspart title - The vehicle's name.
 * @csspart badge - The listing-type badge; also `badge-sale`, `badge-rental`, `badge-auction`.
 * @csspart gallery - The photo gallery.
 * @csspart gallery-image - The current photo.
 * @csspart gallery-button - Previous / next / full-screen buttons.
 * @csspart thumbnails - The thumbnail strip.
 * @csspart thumbnail - Each thumbnail button.
 * @csspart dialog - The full-screen `<dialog>`.
 * @csspart price - The price block; `price-primary` its headline line.
 * @csspart monthly-payment - "From $X/month (estimate)" in the price block (`monthly-payment`).
 * @csspart specs - The specifications list.
 * @csspart brand-logo - The brand's logo.
 * @csspart features - The features section.
 * @csspart description - The description.
 * @csspart pickup - The pickup location.
 * @csspart cta - The test-drive call to action.
 * @csspart similar - "Similar vehicles" (up to four, from one list request; none when none is alike).
 * @csspart similar-item - Each similar vehicle.
 * @csspart similar-link - A similar vehicle's link (its name).
 * @csspart save-toggle - The "Save" toggle (`aria-pressed`): the vehicle joins `carstrel-favorites`.
 * @csspart error - The error state.
 * @csspart retry-button - The error state's retry button.
 *
 * @cssproperty --carstrel-color-primary - Accent colour (call to action, current thumbnail).
 * @cssproperty --carstrel-radius - Corner radius.
 * @cssproperty --carstrel-font-family - Font (default: inherited from the page).
 *
 * @fires carstrel-vehicle-loaded - The vehicle is shown (`detail: { vehicle }`).
 * @fires carstrel-test-drive-request - The call to action was used (`detail: { vehicle }`); a
 *   `carstrel-test-drive-form` on the page takes the vehicle and moves focus to itself.
 * @fires carstrel-error - Loading failed (`detail: { status, error }`).
 * @fires carstrel-favorites-change - The "Save" toggle was used (`detail: { vehicleId, saved, ids }`).
 */
export class CarstrelVehicle extends CarstrelElement {
  /** Its own requests tell it whether the proxy is in test mode: no probe of its own (test-mode.ts). */
  static readonly probesTestMode = false;

  static override styles = [...CarstrelElement.styles, rootReset, saveToggleStyles, styles, similarStyles];

  /** Reactive properties (a static table, not decorators: see CarstrelElement). */
  static override properties: PropertyDeclarations = {
    vehicleId: { attribute: 'vehicle-id' },
    slug: {},
    urlParam: { attribute: 'url-param' },
    currency: {},
    locale: {},
    distanceUnit: { attribute: 'distance-unit' },
    testDriveHref: { attribute: 'test-drive-href' },
    monthlyPayment: { attribute: 'monthly-payment' },
    similar: {},
    hrefTemplate: { attribute: 'href-template' },
    fromUrl: { state: true, attribute: false },
  };

  /** The vehicle's id. Wins over `slug` and the URL. */
  vehicleId = '';
  /** The vehicle's slug, when there is no `vehicle-id`. */
  slug = '';
  /** Page-URL parameter naming the vehicle when neither attribute is set. */
  urlParam = 'vehicle';
  /** ISO 4217 currency of prices. Default: the vehicle data's own, else USD. */
  currency = '';
  /** Locale of numbers, prices and dates (BCP 47). Default: the element's language. */
  locale = '';
  /** Unit of mileage figures: `km` or `mi`. */
  distanceUnit: DistanceUnit = 'km';
  /**
   * Where the call to action goes when no `carstrel-test-drive-form` is on the page: a template
   * with `{id}` and `{slug}` (e.g. `/test-drive?vehicle={id}`). Without it, the button only fires its event.
   */
  testDriveHref = '';
  /** Opt-in "From $X/month" for a sale: `monthly-payment`, or with terms `rate=4.9 term=72 down=10%`. */
  monthlyPayment?: string;
  /** `off`: no "Similar vehicles" under the details (and no list request for them). */
  similar = '';
  /**
   * Links of similar vehicles: a template with `{id}` and `{slug}` (e.g. `/cars/{slug}`). Default:
   * this page with `?vehicle={id}` (the `url-param`), shown here without a page load.
   */
  hrefTemplate = '';

  /** The URL's value of `url-param`. */
  private fromUrl = '';

  /** Follows the page URL's `url-param` (back/forward, a selection in an inventory). */
  private readonly url = new UrlStateController(this, {
    names: () => [this.urlParam],
    onRead: (params, { navigated }) => {
      const before = this.key;
      this.fromUrl = params[this.urlParam] ?? '';
      if (navigated && this.key && this.key !== before) this.focusWhenShown = true;
    },
  });

  /** Set when the URL chose a new vehicle after the page loaded: focus moves to it once shown. */
  private focusWhenShown = false;

  private readonly gallery = new GalleryController(this);

  /** "Similar vehicles": one list request per vehicle shown, never a detail request. */
  private readonly similarList = new SimilarVehicles(this, {
    client: () => this.client,
    vehicle: () => (this.vehicle.status === TaskStatus.COMPLETE ? this.vehicle.value : undefined),
    enabled: () => this.similar !== 'off',
  });

  /** The "Save" toggle (the page's favourites, shared with `carstrel-favorites`). */
  private readonly saves = new SaveToggleController(this);

  private readonly vehicle = new ServedTask(this, 'vehicle', {
    task: ([, key], { signal }): Promise<Vehicle | undefined> =>
      key ? loadVehicle(this.client, key, signal) : Promise.resolve(undefined),
    args: () => [this.client.base, this.key] as const,
    onComplete: (vehicle) => this.onVehicleLoad(vehicle),
    onError: (e) => this.onVehicleError(loadErrorOf(e)),
  });

  /** Id or slug of the vehicle to show; empty when none is chosen. */
  get key(): string {
    return (this.vehicleId || this.slug || this.fromUrl).trim();
  }

  /** Loads the same vehicle again after an error. */
  retry(): void {
    void this.vehicle.run();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('urlParam') && changed.get('urlParam') !== undefined) this.url.read();
    this.hidden = !this.key;
    this.gallery.derive(this.vehicle.value);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.focusWhenShown && this.vehicle.status === TaskStatus.COMPLETE && this.vehicle.value) {
      this.focusWhenShown = false;
      const title = this.renderRoot.querySelector<HTMLElement>('.title');
      this.scrollIntoView?.({ block: 'start', behavior: scrollBehavior() });
      title?.focus({ preventScroll: true });
    }
  }

  private get fromAttributes(): boolean {
    return !!(this.vehicleId || this.slug);
  }

  override languageReady(): Promise<unknown> | undefined {
    return loadLanguages(this, [vehicleMessages, vehiclePacks], [listingMessages, listingPacks]);
  }

  private get t() {
    return this.messages(vehicleMessages);
  }

  private get details(): DetailsInput {
    return {
      t: this.t,
      tl: this.messages(listingMessages),
      locale: safeLocale(this.locale || this.closest('[lang]')?.getAttribute('lang') || navigator.language),
      currency: this.currency,
      distanceUnit: this.distanceUnit,
      monthly: parseMonthlyTerms(this.monthlyPayment),
    };
  }

  private onVehicleLoad(vehicle: Vehicle | undefined): void {
    if (!vehicle) {
      writeJsonLd(this, []);
      return;
    }
    this.gallery.reset();
    favoritesStore().recordView(vehicle); // "Recently viewed" in carstrel-favorites
    emit(this, new CarstrelVehicleLoadedEvent({ vehicle }));
    const url = location.href;
    writeJsonLd(this, [vehicle], { url: () => url, currency: this.currency, unit: this.distanceUnit });
  }

  private onVehicleError(err: LoadError): void {
    emit(this, new CarstrelErrorEvent({ status: err.status, error: err.envelope }));
    writeJsonLd(this, []);
  }

  private onCtaClick(vehicle: Vehicle): void {
    emit(this, new CarstrelTestDriveRequestEvent({ vehicle }));
    if (this.testDriveHref && !document.querySelector('carstrel-test-drive-form')) {
      const href = safeHttpUrl(vehicleHref(vehicle, this.testDriveHref));
      if (href) location.assign(href);
    }
  }

  /**
   * Back to the list: the URL loses the vehicle, and focus goes to the card the shopper came from
   * in an inventory on the page (the back button itself disappears with the view; focus must not
   * fall to the top of the document).
   */
  private async onBackClick(): Promise<void> {
    const id = this.vehicle.value?.id ?? '';
    this.url.write({});
    await this.updateComplete;
    for (const inventory of document.querySelectorAll('carstrel-inventory')) {
      if ((inventory as Element & { focusCard?: (id: string) => boolean }).focusCard?.(id)) return;
    }
  }

  // ---------------------------------------------------------------- rendering

  override render(): TemplateResult | typeof nothing {
    if (!this.key) return nothing;
    return html`<div class="carstrel-root">
      <p class="visually-hidden" role="status">${this.statusText()}</p>
      ${this.vehicle.render({
        initial: () => this.renderSkeleton(),
        pending: () => this.renderSkeleton(),
        complete: (v) => (v ? this.renderVehicle(v) : nothing),
        error: (e) => this.renderError(loadErrorOf(e)),
      })}
    </div>`;
  }

  private statusText(): string {
    const t = this.t;
    switch (this.vehicle.status) {
      case TaskStatus.COMPLETE:
        return this.vehicle.value ? t('loaded', { name: this.vehicle.value.name }) : '';
      case TaskStatus.ERROR:
        return t('errorTitle');
      default:
        return t('loading');
    }
  }

  private renderBack(): TemplateResult | typeof nothing {
    return this.fromAttributes
      ? nothing
      : html`<button part="back-button" class="back" type="button" @click=${() => void this.onBackClick()}>
          ← ${this.t('back')}
        </button>`;
  }

  /**
   * While the vehicle loads: the back button, the head, the gallery's stage and thumbnail strip and
   * the price block in the places and sizes they will have (`footprint.ts`), so nothing moves when
   * the vehicle arrives; specifications and description come below.
   */
  private renderSkeleton(): TemplateResult {
    return html`${this.renderBack()}
      <div class="layout skeleton" aria-hidden="true">
        <div class="head"><span class="bone badge-bone"></span><span class="bone title-bone"></span></div>
        <div class="gallery"><div class="stage"></div><div class="thumbs-space"></div></div>
        <div class="summary summary-space">
          <span class="bone w80"></span><span class="bone w40"></span><span class="bone w60"></span
          ><span class="bone w50"></span>
        </div>
      </div>`;
  }

  private renderError(err: LoadError): TemplateResult {
    const t = this.t;
    const message =
      err.status === 404
        ? t('notFound')
        : err.status === 429 && err.retryAfter
          ? t('retryIn', { seconds: err.retryAfter })
          : err.envelope.message;
    return html`${this.renderBack()}
      <div part="error" class="error" role="alert">
        <p>${message}</p>
        ${err.retryable ? html`<button part="retry-button" type="button" @click=${() => this.retry()}>${t('retry')}</button>` : nothing}
      </div>`;
  }

  private renderVehicle(v: Vehicle): TemplateResult {
    const details = this.details;
    const { t, tl } = details;
    const type = (['sale', 'rental', 'auction'] as const).includes(v.listingType) ? v.listingType : undefined;
    const status = v.status === 'reserved' || v.status === 'sold' ? tl(`status.${v.status}`) : '';
    return html`
      ${this.renderBack()}
      <article part="base" class="layout">
        <header class="head">
          <div class="badges">
            ${type ? html`<span part="badge badge-${type}" class="badge ${type}">${tl(`badge.${type}`)}</span>` : nothing}
            ${status ? html`<span part="badge badge-status" class="badge status">${status}</span>` : nothing}
          </div>
          <h2 part="title" class="title" id="vehicle-title" tabindex="-1">${v.name}</h2>
        </header>
        ${renderGallery(this.gallery, { t, name: v.name })}
        <div class="summary">
          ${renderPrice(v, details)}
          <slot name="before-cta"></slot>
          <div class="actions">
            <button part="cta" class="cta" type="button" @click=${() => this.onCtaClick(v)}>${t('testDrive')}</button>
            ${this.saves.render(v, { describedBy: 'vehicle-title' })}
          </div>
          ${renderPickup(v, details)}
        </div>
        <div class="details">
          ${renderSpecs(v, details)} ${renderFeatures(v, details)}
          ${
            v.description
              ? html`<section class="section">
                  <h3>${t('description')}</h3>
                  <p part="description" class="description">${v.description}</p>
                </section>`
              : nothing
          }
          ${this.similarList.render(details, (other) =>
            similarLink(other, { template: this.hrefTemplate, param: this.urlParam, inPage: !this.fromAttributes }),
          )}
        </div>
      </article>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-vehicle': CarstrelVehicle;
  }
}

defineElement('carstrel-vehicle', CarstrelVehicle);

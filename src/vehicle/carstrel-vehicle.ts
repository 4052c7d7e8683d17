import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import type { Vehicle } from '../api/types.js';
import { CarstrelElement } from '../shared/carstrel-element.js';
import { defineElement } from '../shared/define.js';
import {
  CarstrelErrorEvent,
  CarstrelTestDriveRequestEvent,
  CarstrelVehicleLoadedEvent,
  emit,
} from '../shared/events.js';
import { formatDistance, formatNumber, safeLocale, type DistanceUnit } from '../shared/format.js';
import { carJsonLd, setJsonLd } from '../shared/json-ld.js';
import { listingMessages } from '../shared/listing-messages.js';
import { loadErrorOf, type LoadError } from '../shared/load-error.js';
import { priceLines } from '../shared/pricing.js';
import { safeHttpUrl } from '../shared/safe-url.js';
import { navigateWithinPage, onUrlChange, readParams, urlWith } from '../shared/url-state.js';
import { orderedPhotos, vehicleHref, type Photo } from '../shared/vehicle-data.js';
import { loadVehicle } from './load.js';
import { vehicleMessages, type VehicleKey } from './messages.js';
import { scrollBehavior } from '../shared/motion.js';
import { rootReset } from '../shared/reset.js';
import { styles } from './carstrel-vehicle.styles.js';

/** "Full screen" icon (four corners); text glyphs for it are missing from many fonts. */
const expandIcon = svg`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5"/></svg>`;

/** A horizontal pointer move longer than this (CSS px) is a swipe. */
const SWIPE_DISTANCE = 40;

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
 * @csspart specs - The specifications list.
 * @csspart brand-logo - The brand's logo.
 * @csspart features - The features section.
 * @csspart description - The description.
 * @csspart pickup - The pickup location.
 * @csspart cta - The test-drive call to action.
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
 */
export class CarstrelVehicle extends CarstrelElement {
  static override styles = [...CarstrelElement.styles, rootReset, styles];

  /** The vehicle's id. Wins over `slug` and the URL. */
  @property({ attribute: 'vehicle-id' }) vehicleId = '';
  /** The vehicle's slug, when there is no `vehicle-id`. */
  @property() slug = '';
  /** Page-URL parameter naming the vehicle when neither attribute is set. */
  @property({ attribute: 'url-param' }) urlParam = 'vehicle';
  /** ISO 4217 currency of prices. Default: the vehicle data's own, else USD. */
  @property() currency = '';
  /** Locale of numbers, prices and dates (BCP 47). Default: the element's language. */
  @property() locale = '';
  /** Unit of mileage figures: `km` or `mi`. */
  @property({ attribute: 'distance-unit' }) distanceUnit: DistanceUnit = 'km';
  /**
   * Where the call to action goes when no `carstrel-test-drive-form` is on the page: a template
   * with `{id}` and `{slug}` (e.g. `/test-drive?vehicle={id}`). Without it, the button only fires its event.
   */
  @property({ attribute: 'test-drive-href' }) testDriveHref = '';

  /** The URL's value of `url-param`. */
  @state() private fromUrl = '';
  @state() private photoIndex = 0;
  /** Photo URLs that failed to load (gone upstream, blocked): left out of the gallery. */
  @state() private brokenPhotos: ReadonlySet<string> = new Set();

  private stopUrl?: () => void;
  /** Set when the URL chose a new vehicle after the page loaded: focus moves to it once shown. */
  private focusWhenShown = false;

  private readonly vehicle = new Task(this, {
    task: async ([, key]: readonly [string, string], { signal }): Promise<Vehicle | undefined> => {
      if (!key) {
        setJsonLd(this, undefined);
        return undefined;
      }
      try {
        const vehicle = await loadVehicle(this.client, key, signal);
        signal.throwIfAborted();
        this.photoIndex = 0;
        emit(this, new CarstrelVehicleLoadedEvent({ vehicle }));
        setJsonLd(this, [
          carJsonLd(vehicle, { url: location.href, currency: this.currency, distanceUnit: this.distanceUnit }),
        ]);
        return vehicle;
      } catch (e) {
        if (!signal.aborted) {
          const err = loadErrorOf(e);
          emit(this, new CarstrelErrorEvent({ status: err.status, error: err.envelope }));
          setJsonLd(this, undefined);
        }
        throw e;
      }
    },
    args: () => [this.client.base, this.key] as const,
  });

  /** Id or slug of the vehicle to show; empty when none is chosen. */
  get key(): string {
    return (this.vehicleId || this.slug || this.fromUrl).trim();
  }

  private get fromAttributes(): boolean {
    return !!(this.vehicleId || this.slug);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.readUrl();
    this.stopUrl = onUrlChange(() => {
      const before = this.key;
      this.readUrl();
      if (this.key && this.key !== before) this.focusWhenShown = true;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopUrl?.();
  }

  private readUrl(): void {
    this.fromUrl = readParams('', [this.urlParam])[this.urlParam] ?? '';
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('urlParam') && changed.get('urlParam') !== undefined) this.readUrl();
    this.hidden = !this.key;
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

  /** Loads the same vehicle again after an error. */
  retry(): void {
    void this.vehicle.run();
  }

  private get t() {
    return this.messages(vehicleMessages);
  }

  private get tl() {
    return this.messages(listingMessages);
  }

  private get numberLocale(): string {
    return safeLocale(this.locale || this.closest('[lang]')?.getAttribute('lang') || navigator.language);
  }

  // ---------------------------------------------------------------- gallery

  private photos: Photo[] = [];

  private showPhoto(index: number): void {
    const n = this.photos.length;
    if (!n) return;
    this.photoIndex = ((index % n) + n) % n;
  }

  private onGalleryKey(e: KeyboardEvent): void {
    const moves: Record<string, () => number> = {
      ArrowLeft: () => this.photoIndex - 1,
      ArrowRight: () => this.photoIndex + 1,
      Home: () => 0,
      End: () => this.photos.length - 1,
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    this.showPhoto(move());
  }

  /**
   * The thumbnails are one Tab stop (the current one; roving tabindex): arrows, Home and End move
   * between them, so a keyboard shopper reaches the call to action without tabbing past every photo.
   */
  private onThumbnailKey(e: KeyboardEvent): void {
    const before = this.photoIndex;
    this.onGalleryKey(e);
    if (this.photoIndex === before) return;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('[part="thumbnail"][aria-current="true"]')?.focus(),
    );
  }

  private swipeStart?: { x: number; y: number };

  private onPointerDown(e: PointerEvent): void {
    this.swipeStart = { x: e.clientX, y: e.clientY };
  }

  private onPointerUp(e: PointerEvent): void {
    const start = this.swipeStart;
    this.swipeStart = undefined;
    if (!start) return;
    const dx = e.clientX - start.x;
    if (Math.abs(dx) >= SWIPE_DISTANCE && Math.abs(dx) > Math.abs(e.clientY - start.y))
      this.showPhoto(this.photoIndex + (dx < 0 ? 1 : -1));
  }

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  private openFullScreen(): void {
    const dialog = this.dialog;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    // Focus set here, not with an `autofocus` attribute: that one is also processed when the
    // dialog is rendered (closed) and logs "Autofocus processing was blocked" on every page.
    dialog.querySelector<HTMLElement>('.close')?.focus();
  }

  /** A photo that cannot be loaded leaves the gallery (no broken-image icon, no dead thumbnail). */
  private dropPhoto(href: string): void {
    if (this.brokenPhotos.has(href)) return;
    this.brokenPhotos = new Set([...this.brokenPhotos, href]);
  }

  private closeFullScreen(): void {
    this.dialog?.close();
  }

  // ---------------------------------------------------------------- actions

  private requestTestDrive(vehicle: Vehicle): void {
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
  private async backToList(): Promise<void> {
    const id = this.vehicle.value?.id ?? '';
    navigateWithinPage(urlWith('', [this.urlParam], {}), 'push');
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
      : html`<button part="back-button" class="back" type="button" @click=${() => void this.backToList()}>
          ← ${this.t('back')}
        </button>`;
  }

  private renderSkeleton(): TemplateResult {
    return html`<div class="layout skeleton" aria-hidden="true">
      <div class="gallery"><div class="stage"></div></div>
      <div class="summary">
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
    const t = this.t;
    const tl = this.tl;
    this.photos = orderedPhotos(v).filter((p) => !this.brokenPhotos.has(p.href));
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
          <h2 part="title" class="title" tabindex="-1">${v.name}</h2>
        </header>
        ${this.renderGallery(v)}
        <div class="summary">
          ${this.renderPrice(v)}
          <slot name="before-cta"></slot>
          <button part="cta" class="cta" type="button" @click=${() => this.requestTestDrive(v)}>
            ${t('testDrive')}
          </button>
          ${this.renderPickup(v)}
        </div>
        <div class="details">
          ${this.renderSpecs(v)} ${this.renderFeatures(v)}
          ${
            v.description
              ? html`<section class="section">
                  <h3>${t('description')}</h3>
                  <p part="description" class="description">${v.description}</p>
                </section>`
              : nothing
          }
        </div>
      </article>
    `;
  }

  private renderGallery(v: Vehicle): TemplateResult {
    const t = this.t;
    const photos = this.photos;
    if (!photos.length)
      return html`<div part="gallery" class="gallery"><div class="stage empty">${t('noPhoto')}</div></div>`;
    const index = Math.min(this.photoIndex, photos.length - 1);
    const current = photos[index]!;
    const many = photos.length > 1;
    const label = t('photoOf', { index: index + 1, count: photos.length });
    return html`
      <section
        part="gallery"
        class="gallery"
        aria-roledescription="carousel"
        aria-label=${t('photos', { name: v.name })}
      >
        <div
          class="stage"
          tabindex="0"
          role="group"
          aria-roledescription="slide"
          aria-label=${label}
          @keydown=${(e: KeyboardEvent) => this.onGalleryKey(e)}
          @pointerdown=${(e: PointerEvent) => this.onPointerDown(e)}
          @pointerup=${(e: PointerEvent) => this.onPointerUp(e)}
          @pointercancel=${() => (this.swipeStart = undefined)}
        >
          <img
            part="gallery-image"
            src=${current.href}
            alt=${label}
            width="800"
            height="600"
            decoding="async"
            draggable="false"
            @error=${() => this.dropPhoto(current.href)}
          />
          ${
            many
              ? html`<button
                    part="gallery-button"
                    class="nav prev"
                    type="button"
                    aria-label=${t('previousPhoto')}
                    @click=${() => this.showPhoto(index - 1)}
                  >
                    ‹
                  </button>
                  <button
                    part="gallery-button"
                    class="nav next"
                    type="button"
                    aria-label=${t('nextPhoto')}
                    @click=${() => this.showPhoto(index + 1)}
                  >
                    ›
                  </button>`
              : nothing
          }
          <button
            part="gallery-button"
            class="full"
            type="button"
            aria-label=${t('fullScreen')}
            @click=${() => this.openFullScreen()}
          >
            ${expandIcon}
          </button>
          <span class="counter" aria-hidden="true">${index + 1} / ${photos.length}</span>
        </div>
        ${
          many
            ? html`<ul
                part="thumbnails"
                class="thumbs"
                role="list"
                @keydown=${(e: KeyboardEvent) => this.onThumbnailKey(e)}
              >
                ${photos.map(
                  (p, i) =>
                    html`<li>
                      <button
                        part="thumbnail"
                        type="button"
                        aria-label=${t('photoOf', { index: i + 1, count: photos.length })}
                        aria-current=${i === index ? 'true' : 'false'}
                        tabindex=${i === index ? '0' : '-1'}
                        @click=${() => this.showPhoto(i)}
                      >
                        <img
                          src=${p.href}
                          alt=""
                          loading="lazy"
                          decoding="async"
                          width="96"
                          height="72"
                          @error=${() => this.dropPhoto(p.href)}
                        />
                      </button>
                    </li>`,
                )}
              </ul>`
            : nothing
        }
        <dialog
          part="dialog"
          class="viewer"
          aria-label=${t('photos', { name: v.name })}
          @keydown=${(e: KeyboardEvent) => this.onGalleryKey(e)}
          @pointerdown=${(e: PointerEvent) => this.onPointerDown(e)}
          @pointerup=${(e: PointerEvent) => this.onPointerUp(e)}
          @pointercancel=${() => (this.swipeStart = undefined)}
        >
          <img src=${current.href} alt=${label} decoding="async" />
          <p class="viewer-counter" aria-live="polite">${label}</p>
          ${
            many
              ? html`<button
                    part="gallery-button"
                    class="nav prev"
                    type="button"
                    aria-label=${t('previousPhoto')}
                    @click=${() => this.showPhoto(index - 1)}
                  >
                    ‹
                  </button>
                  <button
                    part="gallery-button"
                    class="nav next"
                    type="button"
                    aria-label=${t('nextPhoto')}
                    @click=${() => this.showPhoto(index + 1)}
                  >
                    ›
                  </button>`
              : nothing
          }
          <button
            part="gallery-button"
            class="close"
            type="button"
            aria-label=${t('close')}
            @click=${() => this.closeFullScreen()}
          >
            ✕
          </button>
        </dialog>
      </section>
    `;
  }

  private renderPrice(v: Vehicle): TemplateResult {
    const tl = this.tl;
    const lines = priceLines(v, {
      locale: this.numberLocale,
      currency: this.currency,
      distanceUnit: this.distanceUnit,
    });
    return html`<div part="price" class="price" aria-label=${this.t('price')} role="group">
      ${lines.map((l) => html`<p part=${l.primary ? 'price-primary' : 'price-line'} class=${l.primary ? 'primary' : 'line'}>${tl(l.key, l.params)}</p>`)}
    </div>`;
  }

  private renderSpecs(v: Vehicle): TemplateResult {
    const t = this.t;
    const locale = this.numberLocale;
    const engine = v.engine ?? undefined;
    const drivetrain = (v as { drivetrain?: string | null }).drivetrain;
    const trim = (v as { trim?: { name?: string } | null }).trim?.name;
    const brand = v.model?.brand;
    const logo = safeHttpUrl(brand?.logoUrl);
    const rows: Array<[VehicleKey, unknown]> = [
      [
        'brand',
        brand?.name
          ? html`${logo ? html`<img part="brand-logo" class="logo" src=${logo} alt="" width="24" height="24" loading="lazy" />` : nothing}${brand.name}`
          : undefined,
      ],
      ['trim', trim],
      ['year', v.year ? String(v.year) : undefined],
      ['mileage', typeof v.mileage === 'number' ? formatDistance(v.mileage, this.distanceUnit, locale) : undefined],
      ['bodyType', v.model?.bodyType?.name],
      ['exteriorColor', v.exteriorColor],
      ['interiorColor', v.interiorColor],
      [
        'engine',
        engine?.name
          ? [
              engine.name,
              typeof engine.horsepower === 'number'
                ? t('horsepower', { hp: formatNumber(engine.horsepower, locale) })
                : '',
            ]
              .filter(Boolean)
              .join(' · ')
          : undefined,
      ],
      ['fuel', engine?.type ? enumLabel('fuel', engine.type, t) : undefined],
      ['transmission', engine?.transmission ? enumLabel('gearbox', engine.transmission, t) : undefined],
      ['drivetrain', drivetrain || undefined],
    ];
    return html`<section class="section">
      <h3>${t('specs')}</h3>
      <dl part="specs" class="specs">
        ${rows
          .filter(([, value]) => value !== undefined && value !== null && value !== '')
          .map(
            ([key, value]) =>
              html`<div>
                <dt>${t(key)}</dt>
                <dd>${value}</dd>
              </div>`,
          )}
      </dl>
    </section>`;
  }

  private renderFeatures(v: Vehicle): TemplateResult | typeof nothing {
    const groups = Object.entries(v.features ?? {}).filter(([, items]) => Array.isArray(items) && items.length);
    if (!groups.length) return nothing;
    const t = this.t;
    return html`<section part="features" class="section features">
      <h3>${t('features')}</h3>
      <div class="groups">
        ${groups.map(
          ([group, items]) =>
            html`<div class="group">
              <h4>${groupLabel(group, t)}</h4>
              <ul>
                ${items.map((item) => html`<li>${String(item)}</li>`)}
              </ul>
            </div>`,
        )}
      </div>
    </section>`;
  }

  private renderPickup(v: Vehicle): TemplateResult | typeof nothing {
    const p = v.pickupDetails;
    if (!p || (!p.locationName && !p.address)) return nothing;
    return html`<div part="pickup" class="pickup">
      <h3>${this.t('pickup')}</h3>
      ${p.locationName ? html`<p class="place">${p.locationName}</p>` : nothing}
      ${p.address ? html`<p class="address">${p.address}</p>` : nothing}
    </div>`;
  }
}

/** `PLUGIN_HYBRID` / `plugin_hybrid` → `Plugin hybrid`. */
function humanize(value: string): string {
  const s = String(value).replace(/_/g, ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * An API enum value in the shopper's language (`cvt` → "CVT", `petrol` → "Essence" in French);
 * values the catalogue does not know yet are shown readable (`NEW_VALUE` → "New value").
 */
function enumLabel(kind: 'fuel' | 'gearbox', value: string, t: (key: VehicleKey) => string): string {
  const key = `${kind}.${String(value).toLowerCase()}` as VehicleKey;
  return key in vehicleMessages.en ? t(key) : humanize(value);
}

function groupLabel(group: string, t: (key: VehicleKey) => string): string {
  const key = `group.${group.toLowerCase()}` as VehicleKey;
  return key in vehicleMessages.en ? t(key) : humanize(group);
}

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-vehicle': CarstrelVehicle;
  }
}

defineElement('carstrel-vehicle', CarstrelVehicle);

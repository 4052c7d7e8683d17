import { html, nothing, svg, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Translate } from '../shared/i18n.js';
import type { Photo } from '../shared/vehicle-data.js';
import type { GalleryController } from './gallery-controller.js';
import type { VehicleKey } from './messages.js';

/**
 * The vehicle's photo gallery: the stage (current photo, previous/next, full screen), the
 * thumbnails and the full-screen dialog. State and behaviour: `gallery-controller.ts`.
 */

export interface GalleryInput {
  t: Translate<VehicleKey>;
  /** The vehicle's name (the gallery's accessible name). */
  name: string;
}

/** What the gallery shows now. */
interface GalleryView {
  current: Photo;
  index: number;
  /** "Photo 2 of 5": the current photo's text alternative. */
  label: string;
  /** More than one photo: previous/next and thumbnails are offered. */
  many: boolean;
}

/** "Full screen" icon (four corners); text glyphs for it are missing from many fonts. */
const expandIcon = svg`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5"/></svg>`;

export function renderGallery(g: GalleryController, input: GalleryInput): TemplateResult {
  const { t } = input;
  // One <img> per photo (keyed by its address), never one reused for the next photo: an error
  // event of a photo that failed (Firefox delivers it after the next render) must not be taken
  // for the photo now in its place.
  const photos = g.photos;
  const index = Math.min(g.index, photos.length - 1);
  const current = photos[index];
  if (!current) return html`<div part="gallery" class="gallery"><div class="stage empty">${t('noPhoto')}</div></div>`;
  const view: GalleryView = {
    current,
    index,
    label: t('photoOf', { index: index + 1, count: photos.length }),
    many: photos.length > 1,
  };
  return html`
    <section
      part="gallery"
      class="gallery"
      aria-roledescription="carousel"
      aria-label=${t('photos', { name: input.name })}
    >
      <div
        class="stage"
        tabindex="0"
        role="group"
        aria-roledescription="slide"
        aria-label=${view.label}
        @keydown=${(e: KeyboardEvent) => g.onGalleryKeydown(e)}
        @pointerdown=${(e: PointerEvent) => g.onPointerDown(e)}
        @pointerup=${(e: PointerEvent) => g.onPointerUp(e)}
        @pointercancel=${() => g.onPointerCancel()}
      >
        ${keyed(
          current.href,
          html`<img
            part="gallery-image"
            src=${current.href}
            alt=${view.label}
            width="800"
            height="600"
            fetchpriority="high"
            decoding="async"
            draggable="false"
            @error=${() => g.onPhotoError(current.href)}
          />`,
        )}
        ${renderPhotoNav(g, input, view)}
        <button
          part="gallery-button"
          class="full"
          type="button"
          aria-label=${t('fullScreen')}
          @click=${() => g.onFullScreenClick()}
        >
          ${expandIcon}
        </button>
        <span class="counter" aria-hidden="true">${index + 1} / ${photos.length}</span>
      </div>
      ${view.many ? renderThumbnails(g, input, view) : nothing} ${renderDialog(g, input, view)}
    </section>
  `;
}

/** Previous / next buttons (on the stage and in the full-screen view); none for a single photo. */
function renderPhotoNav(g: GalleryController, { t }: GalleryInput, view: GalleryView): TemplateResult | typeof nothing {
  if (!view.many) return nothing;
  return html`<button
      part="gallery-button"
      class="nav prev"
      type="button"
      aria-label=${t('previousPhoto')}
      @click=${() => g.show(view.index - 1)}
    >
      ‹
    </button>
    <button
      part="gallery-button"
      class="nav next"
      type="button"
      aria-label=${t('nextPhoto')}
      @click=${() => g.show(view.index + 1)}
    >
      ›
    </button>`;
}

function renderThumbnails(g: GalleryController, { t }: GalleryInput, view: GalleryView): TemplateResult {
  const photos = g.photos;
  return html`<ul
    part="thumbnails"
    class="thumbs"
    role="list"
    @keydown=${(e: KeyboardEvent) => g.onThumbnailsKeydown(e)}
  >
    ${repeat(
      photos,
      (p) => p.href,
      (p, i) =>
        html`<li>
          <button
            part="thumbnail"
            type="button"
            aria-label=${t('photoOf', { index: i + 1, count: photos.length })}
            aria-current=${i === view.index ? 'true' : 'false'}
            tabindex=${i === view.index ? '0' : '-1'}
            @click=${() => g.show(i)}
          >
            <img
              src=${p.href}
              alt=""
              loading="lazy"
              decoding="async"
              width="96"
              height="72"
              @error=${() => g.onPhotoError(p.href)}
            />
          </button>
        </li>`,
    )}
  </ul>`;
}

/**
 * The gallery's full-screen view: a modal `<dialog>` with the current photo, previous/next (keys
 * and swipes too), a live "Photo x of y" and a close button that takes focus when it opens.
 * Escape closes it (the browser's own dialog behaviour).
 */
function renderDialog(g: GalleryController, input: GalleryInput, view: GalleryView): TemplateResult {
  const { t } = input;
  return html`<dialog
    part="dialog"
    class="viewer"
    aria-label=${t('photos', { name: input.name })}
    @keydown=${(e: KeyboardEvent) => g.onGalleryKeydown(e)}
    @pointerdown=${(e: PointerEvent) => g.onPointerDown(e)}
    @pointerup=${(e: PointerEvent) => g.onPointerUp(e)}
    @pointercancel=${() => g.onPointerCancel()}
  >
    <img src=${view.current.href} alt=${view.label} loading="lazy" decoding="async" />
    <p class="viewer-counter" aria-live="polite">${view.label}</p>
    ${renderPhotoNav(g, input, view)}
    <button part="gallery-button" class="close" type="button" aria-label=${t('close')} @click=${() => g.onCloseClick()}>
      ✕
    </button>
  </dialog>`;
}

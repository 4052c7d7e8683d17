import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Vehicle } from '../api/types.js';
import { orderedPhotos, type Photo } from '../shared/vehicle-data.js';

/** A horizontal pointer move longer than this (CSS px) is a swipe. */
const SWIPE_DISTANCE = 40;

type Host = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment };

/**
 * The state and behaviour of the vehicle's photo gallery and its full-screen view: the current
 * photo, keyboard (arrows, Home, End; the thumbnails are one Tab stop), swipes, photos that fail
 * to load, and the `<dialog>`. The templates are in `gallery.ts` and `gallery-dialog.ts`.
 */
export class GalleryController implements ReactiveController {
  /** The photos shown: the vehicle's (safe URLs, featured first), less those that failed to load. */
  photos: Photo[] = [];
  /** The current photo's index among `photos`. */
  index = 0;

  private readonly host: Host;
  /** Photo URLs that failed to load (gone upstream, blocked): left out of the gallery. */
  private broken: ReadonlySet<string> = new Set();
  private swipeStart?: { x: number; y: number };

  constructor(host: Host) {
    this.host = host;
    host.addController(this);
  }

  private get dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector('dialog');
  }

  hostDisconnected(): void {
    this.swipeStart = undefined;
  }

  /** Derives the photos of the vehicle shown (from the host's `willUpdate`). */
  derive(vehicle: Vehicle | undefined): void {
    this.photos = vehicle ? orderedPhotos(vehicle).filter((p) => !this.broken.has(p.href)) : [];
  }

  /** Back to the first photo (a vehicle was loaded). */
  reset(): void {
    this.index = 0;
  }

  /**
   * Shows the photo at `index`, wrapping around at both ends; its thumbnail scrolls into the strip
   * (which has no scroll bar, so that it is as tall as its skeleton).
   */
  show(index: number): void {
    const n = this.photos.length;
    if (!n) return;
    this.index = ((index % n) + n) % n;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() =>
      this.host.renderRoot
        .querySelector<HTMLElement>('[part="thumbnail"][aria-current="true"]')
        ?.scrollIntoView({ block: 'nearest', inline: 'nearest' }),
    );
  }

  /** The stage and the full-screen view: arrows, Home and End move between the photos. */
  onGalleryKeydown(e: KeyboardEvent): void {
    const moves: Record<string, () => number> = {
      ArrowLeft: () => this.index - 1,
      ArrowRight: () => this.index + 1,
      Home: () => 0,
      End: () => this.photos.length - 1,
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    this.show(move());
  }

  /**
   * The thumbnails are one Tab stop (the current one; roving tabindex): arrows, Home and End move
   * between them, so a keyboard shopper reaches the call to action without tabbing past every photo.
   */
  onThumbnailsKeydown(e: KeyboardEvent): void {
    const before = this.index;
    this.onGalleryKeydown(e);
    if (this.index === before) return;
    void this.host.updateComplete.then(() =>
      this.host.renderRoot.querySelector<HTMLElement>('[part="thumbnail"][aria-current="true"]')?.focus(),
    );
  }

  onPointerDown(e: PointerEvent): void {
    this.swipeStart = { x: e.clientX, y: e.clientY };
  }

  onPointerUp(e: PointerEvent): void {
    const start = this.swipeStart;
    this.swipeStart = undefined;
    if (!start) return;
    const dx = e.clientX - start.x;
    if (Math.abs(dx) >= SWIPE_DISTANCE && Math.abs(dx) > Math.abs(e.clientY - start.y))
      this.show(this.index + (dx < 0 ? 1 : -1));
  }

  onPointerCancel(): void {
    this.swipeStart = undefined;
  }

  /** A photo that cannot be loaded leaves the gallery (no broken-image icon, no dead thumbnail). */
  onPhotoError(href: string): void {
    if (this.broken.has(href)) return;
    this.broken = new Set([...this.broken, href]);
    this.host.requestUpdate();
  }

  onFullScreenClick(): void {
    const dialog = this.dialog;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    // Focus set here, not with an `autofocus` attribute: that one is also processed when the
    // dialog is rendered (closed) and logs "Autofocus processing was blocked" on every page.
    dialog.querySelector<HTMLElement>('.close')?.focus();
  }

  onCloseClick(): void {
    this.dialog?.close();
  }
}

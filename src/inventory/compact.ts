import { isServer, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { drawnByServer } from './first-row.js';
import { WIDE_LAYOUT, columnsFor, type Layout } from './footprint.js';

/**
 * A server render in another layout than `WIDE_LAYOUT` (`/render/carstrel-inventory?layout=compact&columns=1`,
 * asked by the loader, which knows the element's width) says so on its host, where the element
 * reads it while the server renders it: `data-carstrel-layout="compact"`, `data-carstrel-columns="1"`.
 */
export const LAYOUT_ATTRIBUTE = 'data-carstrel-layout';
export const COLUMNS_ATTRIBUTE = 'data-carstrel-columns';

/**
 * Follows the width of its host: `compact` is true in a narrow container (a phone, a sidebar),
 * `columns` how many cards fit in a row. Decided before the first render (no layout shift on
 * phones), then on every resize.
 *
 * A server-rendered host (`/render`: its declarative shadow root is there before its code runs) was
 * drawn in the layout the render was asked for (`layout`, `columns`: the loader asks for the
 * element's own; a CMS inlines the wide one, `WIDE_LAYOUT`): its first render hydrates that very
 * markup, so it takes the layout off the markup, and follows the width only once that render is done.
 */
export class CompactController implements ReactiveController {
  private readonly host: ReactiveControllerHost & Element;
  /** Below this width (CSS px) the host is compact. */
  private readonly below: number;
  /** Until the first update of a server-rendered host is done. */
  private hydrating: boolean;
  /** The layout shown (the one the server drew, until hydrated). */
  private layout: Layout;
  private readonly observer = new ResizeObserver(([entry]) => {
    const width = entry?.contentBoxSize?.[0]?.inlineSize ?? entry?.contentRect.width ?? 0;
    // Applied on the next frame: changing the layout inside the observer's callback would loop.
    if (width > 0) requestAnimationFrame(() => this.follow(width));
  });

  constructor(host: ReactiveControllerHost & Element, below: number) {
    this.host = host;
    this.below = below;
    this.hydrating = drawnByServer(host);
    this.layout = host.shadowRoot ? drawnIn(host.shadowRoot) : WIDE_LAYOUT;
    host.addController(this);
  }

  /** In a narrow container the filters fold into a "Filters" disclosure. */
  get compact(): boolean {
    return this.shown().compact;
  }

  /** Cards in the first row (at least 1; 4 until the width is known). */
  get columns(): number {
    return this.shown().columns;
  }

  hostConnected(): void {
    this.observer.observe(this.host);
    if (!this.hydrating) return this.followNow();
    void this.host.updateComplete.then(() => {
      this.hydrating = false;
      this.followNow();
    });
  }

  hostDisconnected(): void {
    this.observer.disconnect();
  }

  /** The server's render draws the layout it was asked for (its host says which: set after construction). */
  private shown(): Layout {
    return isServer ? askedOf(this.host) : this.layout;
  }

  private followNow(): void {
    const width = this.host.getBoundingClientRect().width;
    if (width > 0) this.follow(width);
  }

  private follow(width: number): void {
    if (this.hydrating) return; // followed once hydrated
    const next = { compact: width < this.below, columns: columnsFor(width) };
    const redraw = next.compact !== this.layout.compact;
    this.layout = next;
    if (redraw) this.host.requestUpdate();
  }
}

/**
 * The layout a server drew, read off its markup (the loader's insertion and a CMS's inlining alike):
 * the "Filters" disclosure, and the cards whose photos the first row fetches first. Where a card
 * has no photo, what is inferred draws the same (that card's markup does not depend on it).
 */
function drawnIn(root: ShadowRoot): Layout {
  const cards = [...root.querySelectorAll('[part~="card"]')];
  const firstRow = cards.map((card) => !!card.querySelector('img[fetchpriority="high"]')).lastIndexOf(true) + 1;
  return { compact: !!root.querySelector('[part~="filters-toggle"]'), columns: Math.max(1, firstRow) };
}

/** On the server: the layout the render was asked for, on its host (`proxy/routes/render.ts`). */
function askedOf(host: Element): Layout {
  const columns = Number(host.getAttribute(COLUMNS_ATTRIBUTE));
  return {
    compact: host.getAttribute(LAYOUT_ATTRIBUTE) === 'compact',
    columns: Number.isInteger(columns) && columns >= 1 ? columns : WIDE_LAYOUT.columns,
  };
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { drawnByServer } from './first-row.js';
import { columnsFor } from './footprint.js';

/**
 * Follows the width of its host: `compact` is true in a narrow container (a phone, a sidebar),
 * `columns` how many cards fit in a row. Decided before the first render (no layout shift on
 * phones), then on every resize.
 *
 * A server-rendered host (`/render`: its declarative shadow root is there before its code runs) was
 * drawn by a server that knows no width, in the wide layout with every card: its first render
 * hydrates that very markup, so the width is followed only once that render is done.
 */
export class CompactController implements ReactiveController {
  compact = false;
  /** Cards in the first row (at least 1; 4 until the width is known). */
  columns = 4;

  private readonly host: ReactiveControllerHost & Element;
  /** Below this width (CSS px) the host is compact. */
  private readonly below: number;
  /** Until the first update of a server-rendered host is done. */
  private hydrating: boolean;
  private readonly observer = new ResizeObserver(([entry]) => {
    const width = entry?.contentBoxSize?.[0]?.inlineSize ?? entry?.contentRect.width ?? 0;
    // Applied on the next frame: changing the layout inside the observer's callback would loop.
    if (width > 0) requestAnimationFrame(() => this.follow(width));
  });

  constructor(host: ReactiveControllerHost & Element, below: number) {
    this.host = host;
    this.below = below;
    this.hydrating = drawnByServer(host);
    host.addController(this);
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

  private followNow(): void {
    const width = this.host.getBoundingClientRect().width;
    if (width > 0) this.follow(width);
  }

  private follow(width: number): void {
    if (this.hydrating) return; // followed once hydrated
    this.columns = columnsFor(width);
    const compact = width < this.below;
    if (compact === this.compact) return;
    this.compact = compact;
    this.host.requestUpdate();
  }
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { columnsFor } from './footprint.js';

/**
 * Follows the width of its host: `compact` is true in a narrow container (a phone, a sidebar),
 * `columns` how many cards fit in a row. Decided before the first render (no layout shift on
 * phones), then on every resize.
 */
export class CompactController implements ReactiveController {
  compact = false;
  /** Cards in the first row (at least 1; 4 until the width is known). */
  columns = 4;

  private readonly host: ReactiveControllerHost & Element;
  /** Below this width (CSS px) the host is compact. */
  private readonly below: number;
  private readonly observer = new ResizeObserver(([entry]) => {
    const width = entry?.contentBoxSize?.[0]?.inlineSize ?? entry?.contentRect.width ?? 0;
    // Applied on the next frame: changing the layout inside the observer's callback would loop.
    if (width > 0) requestAnimationFrame(() => this.follow(width));
  });

  constructor(host: ReactiveControllerHost & Element, below: number) {
    this.host = host;
    this.below = below;
    host.addController(this);
  }

  hostConnected(): void {
    const width = this.host.getBoundingClientRect().width;
    if (width > 0) this.follow(width);
    this.observer.observe(this.host);
  }

  hostDisconnected(): void {
    this.observer.disconnect();
  }

  private follow(width: number): void {
    this.columns = columnsFor(width);
    const compact = width < this.below;
    if (compact === this.compact) return;
    this.compact = compact;
    this.host.requestUpdate();
  }
}

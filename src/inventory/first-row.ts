import { isServer, type ReactiveController, type ReactiveControllerHost } from 'lit';

/**
 * No long task on load (issue 12): the inventory's first render of cards draws the first row
 * (the cards a shopper sees first, whose photos are fetched first), and in place of the others
 * placeholders with a card's footprint (`renderCardPlaceholder`, card.ts); the other cards are
 * drawn in a task of their own once that row has been painted. Nothing moves, as placeholders are
 * as tall as cards; later pages are drawn whole.
 *
 * A server-rendered inventory (`/render`) is hydrated whole: its first render must draw what the
 * server drew, so it, and the server render itself, draw every card at once.
 */
export class FirstRowFirst implements ReactiveController {
  /** `held` until a render has drawn the first row alone, `due` until the rest's turn, then `shown`. */
  private rest: 'held' | 'due' | 'shown';

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    this.rest = drawnByServer(host) ? 'shown' : 'held';
    host.addController(this);
  }

  /** How many cards a render draws now (the rest as placeholders): the first row's, or all. */
  limit(firstRow: number): number {
    return this.rest === 'shown' ? Infinity : firstRow;
  }

  hostUpdated(): void {
    const root = this.host.shadowRoot;
    if (this.rest !== 'held' || !root) return;
    if (!root.querySelector('.placeholder')) {
      if (root.querySelector('[part~="card"]')) this.rest = 'shown'; // one row or less: all drawn
      return;
    }
    this.rest = 'due';
    afterPaint(() => {
      this.rest = 'shown';
      this.host.requestUpdate();
    });
  }
}

/**
 * Runs `then` in a task after the next frame has been painted (a frame callback, then a task); at
 * once (in a task) in a hidden page, which paints no frames.
 */
/**
 * Whether this render is, or hydrates, a server's: a server render (also at the edge, where
 * `isServer` may be false, but no frames are painted), or an element whose shadow root was there
 * before it was upgraded (declarative shadow DOM, or the loader's insertion of a `/render`).
 */
export function drawnByServer(host: Element): boolean {
  return isServer || typeof requestAnimationFrame !== 'function' || !!host.shadowRoot;
}

export function afterPaint(then: () => void): void {
  if (document.hidden) setTimeout(then);
  else requestAnimationFrame(() => setTimeout(then));
}

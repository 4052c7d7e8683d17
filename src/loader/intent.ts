/**
 * Hydrate on intent. When the loader has put the proxy's server render in every inventory of the
 * page (render.ts), the page is complete as HTML (the cards are links): the element's code, Lit's
 * hydration support, the prefetch module and their preloads are not loaded at load. They load at
 * the shopper's first sign of intent inside an inventory (a pointer over it or down on it, a touch,
 * focus, a key), or when the page changes one of its attributes (a CMS configuring it late), and
 * the element hydrates what is there (the same nodes).
 *
 * What the element owes the page at load is done here meanwhile: `carstrel-results-loaded` fires
 * from the served data (the element does not fire it again for that list, `announcedByLoader` in
 * shared/events.ts), and the JSON-LD came with the render.
 *
 * No interaction is lost: until the element has hydrated, a plain click on a link or a button is
 * held (its default prevented) and replayed on the same node once hydrated (`click()`, so a card
 * goes through the element's own handler and `carstrel-vehicle-select`); a `change`, `input` or
 * `submit` is held and dispatched again on the same node, with the value it had. Should the code
 * fail to load, a held link is followed natively (also when it has waited `HOLD_TIMEOUT_MS`) and the
 * rest is let go: nothing hangs.
 */

import { ANNOUNCED } from '../shared/page-marks.js';

/** The shopper's signs of intent, on the host and its shadow root. */
const INTENT = ['pointerover', 'pointerdown', 'touchstart', 'focusin', 'keydown'];
/** What is held until hydration (`change` and `submit` are not composed: listened to on the shadow root). */
const HELD = ['click', 'change', 'input', 'submit'];
/** What a click acts on (the node it is replayed on). */
const ACTIONABLE = 'a[href],button,summary,[role=button],input[type=checkbox],input[type=radio],input[type=submit]';

/** How long (ms) a held link waits for the element's code before the browser follows it. */
export const HOLD_TIMEOUT_MS = 5000;

interface Held {
  type: string;
  node: Element;
  value?: string;
}

type Hydrating = Element & { updateComplete?: Promise<unknown> };

export interface Sleep {
  /** Resolves at the first sign of intent, or when `wake` is called. */
  readonly intent: Promise<void>;
  wake(): void;
  /**
   * Once the code has loaded (or failed to): waits for each host's first update (its hydration),
   * then replays what was held; when the element is not defined, follows a held link and lets the
   * rest go. Resolves true when hydrated.
   */
  settle(loaded: Promise<unknown>): Promise<boolean>;
}

/** Watches the hosts (their server render is in) for intent and holds their interactions. */
export function sleepUntilIntent(hosts: readonly Element[]): Sleep {
  const held: Held[] = [];
  let wake!: () => void;
  const intent = new Promise<void>((resolve) => (wake = resolve));
  const on = (types: string[], listener: (e: Event) => void, shadowOnly: boolean, add = true) => {
    for (const host of hosts)
      for (const target of shadowOnly ? [host.shadowRoot] : [host, host.shadowRoot])
        for (const type of types)
          if (add) target?.addEventListener(type, listener, { capture: true, passive: shadowOnly ? undefined : true });
          else target?.removeEventListener(type, listener, { capture: true });
  };
  const onIntent = () => wake();
  const onHeld = (e: Event) => {
    const node = e.composedPath()[0];
    if (!(node instanceof Element)) return;
    if (e.type === 'click') {
      const target = node.closest(ACTIONABLE);
      const m = e as MouseEvent;
      // A click with a modifier (a new tab) is left to the browser.
      if (!target || m.button || m.ctrlKey || m.metaKey || m.shiftKey || m.altKey) return;
      const click = { type: e.type, node: target };
      held.push(click);
      e.preventDefault();
      // A link waits for the code `HOLD_TIMEOUT_MS` at most, then is followed the browser's way.
      if (target instanceof HTMLAnchorElement)
        setTimeout(() => {
          if (!held.includes(click)) return;
          held.length = 0;
          location.assign(target.href);
        }, HOLD_TIMEOUT_MS);
    } else {
      if (e.type === 'submit') e.preventDefault();
      held.push({ type: e.type, node, value: (node as HTMLInputElement).value });
    }
    e.stopPropagation(); // the page sees the replayed event, not both
    wake();
  };
  on(INTENT, onIntent, false);
  on(HELD, onHeld, true);
  // The page changing an element's configuration (a CMS setting attributes later) wants it live.
  const changed = new MutationObserver((records) => {
    if (records.some((r) => r.attributeName !== 'class' && r.attributeName !== 'style')) wake();
  });
  for (const host of hosts) changed.observe(host, { attributes: true });
  void intent.then(() => {
    changed.disconnect();
    on(INTENT, onIntent, false, false);
  });

  const settle = async (loaded: Promise<unknown>): Promise<boolean> => {
    wake();
    const name = hosts[0]?.localName ?? '';
    const hydrated = await loaded
      .then(() => !!customElements.get(name))
      .then(
        (defined) =>
          defined &&
          Promise.all(hosts.map((h) => (h as Hydrating).updateComplete ?? Promise.resolve())).then(() => true),
      )
      .catch(() => false);
    on(HELD, onHeld, true, false);
    if (!hydrated) {
      const link = held.find(({ node }) => node instanceof HTMLAnchorElement)?.node;
      held.length = 0;
      if (link instanceof HTMLAnchorElement) location.assign(link.href); // the browser's own way
      return false;
    }
    for (const { type, node, value } of held.splice(0)) {
      if (!node.isConnected) continue;
      if (type === 'click') (node as HTMLElement).click();
      else {
        // Hydration sets the fields' bound values again: the shopper's is put back first.
        if (value !== undefined && (node as HTMLInputElement).value !== value) (node as HTMLInputElement).value = value;
        node.dispatchEvent(
          new Event(type, { bubbles: true, cancelable: type === 'submit', composed: type === 'input' }),
        );
      }
    }
    return hydrated;
  };
  return { intent, wake, settle };
}

/**
 * `carstrel-results-loaded` for each host, from the list its render served (`detail` as the element
 * gives it: `{ total, page, vehicles }`), once the document has been read (the page's listeners are
 * in place); not for a host whose code has run meanwhile (it announces itself).
 */
export function announceServed(hosts: readonly Element[]): void {
  const go = () => {
    for (const host of hosts) {
      if (customElements.get(host.localName)) continue;
      let results: { total: number; page: number; vehicles: unknown[] } | undefined;
      try {
        const text = host.querySelector(':scope > script[data-carstrel-ssr]')?.textContent ?? '';
        results = (JSON.parse(text) as { results?: { value?: typeof results } }).results?.value;
      } catch {
        results = undefined;
      }
      if (!results) continue;
      (host as unknown as Record<symbol, boolean>)[ANNOUNCED] = true;
      const { total, page, vehicles } = results;
      const detail = { total, page, vehicles };
      host.dispatchEvent(new CustomEvent('carstrel-results-loaded', { bubbles: true, composed: true, detail }));
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', go, { once: true });
  else go();
}

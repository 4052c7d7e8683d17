import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CarstrelClient } from '../api/client.js';

/**
 * "Test mode", visible: when the proxy forwards with an `sk_test_` key or runs the sandbox, it says
 * so in `X-CarStrel-Mode: test` on its answers (never the key), and every CarStrel element shows a
 * small marker an editor cannot miss, in words (not a colour alone), like Stripe's test banner.
 *
 * The one place for it: `CarstrelElement` owns a `TestModeController`, which shows a
 * `<carstrel-test-mode>` once the proxy says `test`: first in a shadow root (after the element's
 * first update, so a server-rendered shadow root is hydrated as it came), and in a light-DOM form
 * after the dealer's own children, before the form. It takes no room in the layout (nothing moves when
 * it appears): a pill over the element's top right corner that lets clicks through. An element that
 * makes no request on its own (a form) lets the controller ask once per proxy per page: a `HEAD` of
 * a cached reference list, which records nothing upstream. The marker element itself
 * (test-mode-marker.ts) loads only once a proxy says `test`: a live page never downloads it.
 *
 * A server render (`GET /render/<element>`) of a proxy in test mode puts the marker in the first
 * paint: `testModeHtml()` (test-mode-look.ts) first in the element's declarative shadow root, with
 * its own declarative shadow root (so it shows before any script, and with none); the hydrating
 * element adopts it.
 */

/** The proxies whose mode was already asked for on this page (one probe each, at most). */
const probed = new WeakSet<CarstrelClient>();

/** How long an element may take to send its own first request before the controller asks. */
const PROBE_AFTER_MS = 400;

function probe(client: CarstrelClient): void {
  if (client.mode || client.pending > 0 || probed.has(client)) return;
  probed.add(client);
  client.request('HEAD', '/external/brands', { query: { limit: 1 } }).catch(() => probed.delete(client));
}

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

export class TestModeController implements ReactiveController {
  private stop?: () => void;
  private timer?: ReturnType<typeof setTimeout>;
  private marker?: HTMLElement;

  constructor(
    private readonly host: Host,
    private readonly client: () => CarstrelClient,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // A light-DOM form: placed (hidden, not yet defined) before the first render, after the dealer's
    // own children and before the form. A shadow root gets it once shown (see `show`).
    if (!this.marker && this.host.renderRoot === this.host) {
      this.marker = document.createElement('carstrel-test-mode');
      this.marker.hidden = true;
      this.host.append(this.marker);
    }
    // A server-rendered shadow root may hold the marker already (`testModeHtml`): it is this one.
    this.marker ??= [...this.host.renderRoot.children].find(
      (child): child is HTMLElement => child.localName === 'carstrel-test-mode',
    );
    const client = this.client();
    this.stop = client.onMode((mode) => this.show(mode === 'test'));
    // Listing elements learn the mode from their own requests, and must make none of their own
    // where they have nothing to load (no vehicle chosen) or were rendered by the server.
    const { probesTestMode } = this.host.constructor as { probesTestMode?: boolean };
    if (!client.mode && probesTestMode !== false) this.timer = setTimeout(() => probe(client), PROBE_AFTER_MS);
  }

  hostDisconnected(): void {
    this.stop?.();
    clearTimeout(this.timer);
  }

  private show(test: boolean): void {
    clearTimeout(this.timer);
    if (!test) {
      if (this.marker) this.marker.hidden = true;
      return;
    }
    // Shown once its element is defined (which upgrades a light-DOM form's placeholder); in a
    // shadow root, placed once the element has rendered (a server-rendered shadow root is hydrated
    // as it came), first, so that it sits over the element's top right corner.
    void Promise.all([import('./test-mode-marker.js'), this.host.updateComplete]).then(() => {
      this.marker ??= document.createElement('carstrel-test-mode');
      this.marker.hidden = false;
      if (!this.marker.isConnected) this.host.renderRoot.prepend(this.marker);
    });
  }
}

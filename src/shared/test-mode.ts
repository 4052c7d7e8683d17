import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CarstrelClient } from '../api/client.js';
import { defineElement } from './define.js';
import { languageOf, pickLanguage } from './i18n.js';

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
 * a cached reference list, which records nothing upstream. The marker is a few lines of plain DOM
 * (no Lit template), as it weighs on every page.
 *
 * A server render (`GET /render/<element>`) of a proxy in test mode puts the marker in the first
 * paint: `testModeHtml()` first in the element's declarative shadow root, with its own declarative
 * shadow root (so it shows before any script, and with none); the hydrating element adopts it.
 */

const LABELS: Record<string, string> = { en: 'Test mode', fr: 'Mode test' };

const CSS = `:host{all:initial;display:block;position:relative;z-index:2;height:0;pointer-events:none;font:600 .75rem/1.2 system-ui,sans-serif}:host([hidden]){display:none}span{position:absolute;top:0;right:0;padding:.15em .6em;border:2px dashed #7a4b00;border-radius:99px;background:#fff4d6;color:#4a2d00;text-transform:uppercase;white-space:nowrap}`;
let sheet: CSSStyleSheet | undefined;

/** The marker's words for a language (BCP 47; English by default). */
const labelFor = (lang: string) => LABELS[pickLanguage(Object.keys(LABELS), lang)] ?? LABELS.en;

/**
 * The marker as HTML for a server render, in declarative shadow DOM: what `CarstrelTestMode` draws
 * (the same styles and words), before its code is loaded. `lang`: the element's `lang` attribute.
 */
export function testModeHtml(lang = 'en'): string {
  return `<carstrel-test-mode><template shadowrootmode="open"><style>${CSS}</style><span part="test-mode">${labelFor(lang)}</span></template></carstrel-test-mode>`;
}

/** The marker: a bordered pill with the words "Test mode" in the page's language (constructed styles: CSP-safe). */
export class CarstrelTestMode extends ((globalThis.HTMLElement as typeof HTMLElement | undefined) ??
  // On the server (Lit SSR of `/render`) there is no DOM: the marker is a browser-only element.
  (class {} as typeof HTMLElement)) {
  private readonly root = this.attachShadow({ mode: 'open' });

  connectedCallback(): void {
    const root = this.root;
    if (root.firstChild) return;
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [sheet];
    const label = document.createElement('span');
    label.setAttribute('part', 'test-mode');
    label.textContent = labelFor(languageOf(this));
    root.append(label);
  }
}

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
  private marker?: CarstrelTestMode;

  constructor(
    private readonly host: Host,
    private readonly client: () => CarstrelClient,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    defineElement('carstrel-test-mode', CarstrelTestMode);
    // A light-DOM form: placed (hidden) before the first render, after the dealer's own children
    // and before the form. A shadow root gets it once shown (see `show`).
    if (!this.marker && this.host.renderRoot === this.host) {
      this.marker = document.createElement('carstrel-test-mode');
      this.marker.hidden = true;
      this.host.append(this.marker);
    }
    // A server-rendered shadow root may hold the marker already (`testModeHtml`): it is this one.
    this.marker ??= [...this.host.renderRoot.children].find(
      (child): child is CarstrelTestMode => child.localName === 'carstrel-test-mode',
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
    // In a shadow root: placed once the element has rendered (a server-rendered shadow root is
    // hydrated as it came), first, so that it sits over the element's top right corner.
    void this.host.updateComplete.then(() => {
      this.marker ??= document.createElement('carstrel-test-mode');
      this.marker.hidden = false;
      if (!this.marker.isConnected) this.host.renderRoot.prepend(this.marker);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-test-mode': CarstrelTestMode;
  }
}

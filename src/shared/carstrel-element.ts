import { LitElement, type PropertyDeclarations } from 'lit';
import { clientFor, type CarstrelClient } from '../api/client.js';
import { languageOf, translator, type Catalogue, type Translate } from './i18n.js';
import type { ServableTask, ServedData } from './served-task.js';
import { TestModeController } from './test-mode.js';
import { tokens } from './tokens.js';

/**
 * Base class of every CarStrel element: the `api` attribute (proxy origin; defaults to where the
 * bundle was loaded from), the shared API client, the design tokens and message lookup.
 *
 * @attr lang - Language of the element's messages (BCP 47). Defaults to the page's `lang`, then the browser's.
 */
export abstract class CarstrelElement extends LitElement {
  static override styles = [tokens];

  /**
   * Reactive properties as a static table rather than decorators (here and in the inventory and
   * vehicle elements): the chunk every element loads then carries no decorator code.
   */
  static override properties: PropertyDeclarations = { api: { reflect: true } };

  /**
   * Origin of the CarStrel proxy. Defaults to the origin `carstrel.js` was loaded from.
   * @default ''
   */
  declare api: string;

  /**
   * What a server render (`GET /render/<element>`) loaded, by task name (see served-task.ts): set
   * by the server, else read from the `<script type="application/json" data-carstrel-ssr>` child.
   */
  served?: ServedData;

  /** Server render only: the client the element's tasks load with. */
  serverClient?: CarstrelClient;

  /** Its tasks whose values a server render serves (each registers itself). */
  readonly servedTasks: ServableTask[] = [];

  /** Shows "Test mode" first in the shadow root when the proxy says it uses a test key or the sandbox. */
  protected readonly testMode = new TestModeController(this, () => this.client);

  constructor() {
    super();
    this.api = '';
  }

  /** `lang` stays the native global attribute (so `el.lang = 'fr'` sets it); a change re-renders. */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && old !== value) this.requestUpdate();
  }

  override connectedCallback(): void {
    this.served ??= readServed(this);
    super.connectedCallback();
  }

  /**
   * Strings of the element's language that load on demand (language-packs.ts): an element with
   * such packs returns `loadLanguage(this, …)`. Its updates wait for them, so the first paint is in
   * the page's language; a server render awaits them before rendering.
   */
  languageReady(): Promise<unknown> | undefined {
    return undefined;
  }

  protected override scheduleUpdate(): void | Promise<unknown> {
    const strings = this.languageReady();
    return strings ? strings.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected get client(): CarstrelClient {
    return this.serverClient ?? clientFor(this.api);
  }

  /** A translator for this element's catalogue in the language in effect (`lang` attribute, page, browser). */
  protected messages<K extends string>(catalogue: Catalogue<K>): Translate<K> {
    return translator(catalogue, languageOf(this));
  }
}

function readServed(el: HTMLElement): ServedData | undefined {
  const script = el.querySelector(':scope > script[data-carstrel-ssr]');
  if (!script?.textContent) return undefined;
  try {
    return JSON.parse(script.textContent) as ServedData;
  } catch {
    return undefined;
  }
}

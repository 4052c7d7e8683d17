import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { clientFor, type CarstrelClient } from '../api/client.js';
import { languageOf, translator, type Catalogue, type Translate } from './i18n.js';
import { tokens } from './tokens.js';

/**
 * Base class of every CarStrel element: the `api` attribute (proxy origin; defaults to where the
 * bundle was loaded from), the shared API client, the design tokens and message lookup.
 *
 * @attr lang - Language of the element's messages (BCP 47). Defaults to the page's `lang`, then the browser's.
 */
export abstract class CarstrelElement extends LitElement {
  static override styles = [tokens];

  /** Origin of the CarStrel proxy. Defaults to the origin `carstrel.js` was loaded from. */
  @property({ reflect: true }) api = '';

  /** `lang` stays the native global attribute (so `el.lang = 'fr'` sets it); a change re-renders. */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && old !== value) this.requestUpdate();
  }

  protected get client(): CarstrelClient {
    return clientFor(this.api);
  }

  /** A translator for this element's catalogue in the language in effect (`lang` attribute, page, browser). */
  protected messages<K extends string>(catalogue: Catalogue<K>): Translate<K> {
    return translator(catalogue, languageOf(this));
  }
}

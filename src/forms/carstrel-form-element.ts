import type { CSSResult, PropertyDeclarations } from 'lit';
import { CarstrelElement } from '../shared/carstrel-element.js';
import { tokens } from '../shared/tokens.js';
import { consentFrom } from './consent.js';
import type { ConsentSpec } from './form-options.js';
import { formStyles } from './form.styles.js';
import { adoptLightDomStyles } from './light-dom-styles.js';
import { formMessages } from './messages.js';

/**
 * Base of the CarStrel form elements.
 *
 * Why light DOM: the forms render their real `<form>`, `<input>`s and `<label>`s into the element's
 * own children (`createRenderRoot() { return this; }`) rather than a shadow root. Browser autofill
 * and password managers (Chrome's and Safari's autofill, 1Password, Bitwarden, LastPass…) look for
 * forms and inputs in the document; inside shadow roots they miss fields or fail to save the
 * credentials, and form-associated custom elements (ElementInternals) fix submission and validity
 * but not autofill. In light DOM the inputs are ordinary document inputs with `name`, `type` and
 * `autocomplete`, so every autofill works, and validity uses the native constraint API.
 * The cost — page CSS can reach the fields — is contained by styles nested under the element's tag
 * (`./light-dom-styles.ts`) and ids prefixed per form instance.
 */
export abstract class CarstrelFormElement extends CarstrelElement {
  /** Element-specific styles, added after the shared tokens and form styles. */
  static formStyles: CSSResult[] = [];

  /** Reactive properties (a static table, not decorators: see CarstrelElement). */
  static override properties: PropertyDeclarations = {
    consentText: { attribute: 'consent-text' },
    privacyHref: { attribute: 'privacy-href' },
  };

  /**
   * With it, the form shows an unticked, required checkbox labelled with this text (e.g. "I agree
   * that Savanna Motors contacts me about this request."), and nothing is sent until it is ticked.
   */
  consentText = '';

  /** The dealer's privacy policy, linked beside the consent checkbox (shown only if it is an http(s) URL). */
  privacyHref = '';

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const ctor = this.constructor as typeof CarstrelFormElement;
    adoptLightDomStyles(this, [tokens, formStyles, ...ctor.formStyles]);
  }

  /** Shared form messages in the element's language. */
  protected get formT() {
    return this.messages(formMessages);
  }

  /** The consent this form asks for (`consent-text`, `privacy-href`), for its `FormController`. */
  protected consent(): ConsentSpec | undefined {
    return consentFrom(this.consentText, this.privacyHref, this.formT);
  }

  /** Default draft key: the element, an optional `storage-key`, and the page it is on. */
  protected draftKey(storageKey: string, ...parts: string[]): string {
    return [this.localName, storageKey || location.pathname, ...parts.filter(Boolean)].join(':');
  }
}

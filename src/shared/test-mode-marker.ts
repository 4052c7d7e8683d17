import { defineElement } from './define.js';
import { languageOf } from './i18n.js';
import { TEST_MODE_CSS, testModeLabel } from './test-mode-look.js';

/**
 * The "Test mode" marker element (see test-mode.ts): loaded only on pages whose proxy says it is
 * in test mode, so a live page never downloads it. A few lines of plain DOM (no Lit template).
 */

let sheet: CSSStyleSheet | undefined;

/** The marker: a bordered pill with the words "Test mode" in the page's language (constructed styles: CSP-safe). */
export class CarstrelTestMode extends HTMLElement {
  private readonly root = this.attachShadow({ mode: 'open' });

  connectedCallback(): void {
    const root = this.root;
    if (root.firstChild) return;
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(TEST_MODE_CSS);
    }
    root.adoptedStyleSheets = [sheet];
    const label = document.createElement('span');
    label.setAttribute('part', 'test-mode');
    label.textContent = testModeLabel(languageOf(this));
    root.append(label);
  }
}

defineElement('carstrel-test-mode', CarstrelTestMode);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-test-mode': CarstrelTestMode;
  }
}

import { defineElement } from './define.js';
import { languageOf, pickLanguage } from './i18n.js';

/**
 * The "Test mode" marker element (see test-mode.ts): loaded only on pages whose proxy says it is
 * in test mode, so a live page never downloads it. A few lines of plain DOM (no Lit template).
 */

const LABELS: Record<string, string> = { en: 'Test mode', fr: 'Mode test' };

const CSS = `:host{all:initial;display:block;position:relative;z-index:2;height:0;pointer-events:none;font:600 .75rem/1.2 system-ui,sans-serif}:host([hidden]){display:none}span{position:absolute;top:0;right:0;padding:.15em .6em;border:2px dashed #7a4b00;border-radius:99px;background:#fff4d6;color:#4a2d00;text-transform:uppercase;white-space:nowrap}`;
let sheet: CSSStyleSheet | undefined;

/** The marker: a bordered pill with the words "Test mode" in the page's language (constructed styles: CSP-safe). */
export class CarstrelTestMode extends HTMLElement {
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
    label.textContent = LABELS[pickLanguage(Object.keys(LABELS), languageOf(this))] ?? '';
    root.append(label);
  }
}

defineElement('carstrel-test-mode', CarstrelTestMode);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-test-mode': CarstrelTestMode;
  }
}

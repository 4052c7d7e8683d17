import { pickLanguage } from './i18n.js';

/**
 * How the "Test mode" marker looks and reads, without a DOM: used by the marker element
 * (test-mode-marker.ts, in the browser) and by the server render (`testModeHtml`), so that the
 * first paint and the hydrated page show the same pill.
 */

const LABELS: Record<string, string> = { en: 'Test mode', fr: 'Mode test' };

export const TEST_MODE_CSS = `:host{all:initial;display:block;position:relative;z-index:2;height:0;pointer-events:none;font:600 .75rem/1.2 system-ui,sans-serif}:host([hidden]){display:none}span{position:absolute;top:0;right:0;padding:.15em .6em;border:2px dashed #7a4b00;border-radius:99px;background:#fff4d6;color:#4a2d00;text-transform:uppercase;white-space:nowrap}`;

/** The marker's words for a language (BCP 47; English by default). */
export const testModeLabel = (lang: string): string =>
  LABELS[pickLanguage(Object.keys(LABELS), lang)] ?? LABELS.en ?? 'Test mode';

/**
 * The marker as HTML for a server render, in declarative shadow DOM: what `CarstrelTestMode` draws
 * (the same styles and words), before its code is loaded. `lang`: the element's `lang` attribute.
 */
export function testModeHtml(lang = 'en'): string {
  return `<carstrel-test-mode><template shadowrootmode="open"><style>${TEST_MODE_CSS}</style><span part="test-mode">${testModeLabel(lang)}</span></template></carstrel-test-mode>`;
}

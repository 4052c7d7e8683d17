/**
 * Consent, once for every form: when the dealer sets `consent-text` (and optionally
 * `privacy-href`) on a form element, the form gets an unticked, required checkbox labelled with
 * that text. It is a field like the others — validated before anything is sent, its error shown
 * under it and focused — but never kept in the draft nor in the submission's fingerprint: consent
 * is given again after a reload, and ticking it does not make a new submission.
 *
 * Elements describe the consent with `CarstrelFormElement.consent()`, pass it to their
 * `FormController` (`consent` option) and place `renderConsent()` before their submit button.
 */
import type { Translate } from '../shared/i18n.js';
import { safeHttpUrl } from '../shared/safe-url.js';
import type { ConsentSpec, FieldSpec } from './form-options.js';
import type { FormMessageKey } from './messages.js';
import { checked } from './validators.js';

/** The checkbox's `name` (and its key in the form's values: `'true'` when ticked). */
export const CONSENT = 'consent';

/** The consent checkbox as a field: required, never persisted. */
export function consentField(spec: ConsentSpec, t: Translate<FormMessageKey>): FieldSpec {
  return {
    name: CONSENT,
    label: spec.text,
    summaryLabel: t('consentField'),
    type: 'checkbox',
    autocomplete: 'off',
    required: true,
    secret: true,
    validators: [checked()],
  };
}

/**
 * The consent a form asks for, from the element's attributes: none without text; the privacy link
 * only when it resolves (against the page) to an http(s) URL.
 */
export function consentFrom(text: string, privacyHref: string, t: Translate<FormMessageKey>): ConsentSpec | undefined {
  const label = text.trim();
  if (!label) return undefined;
  let href: string | undefined;
  try {
    href = privacyHref.trim() ? safeHttpUrl(new URL(privacyHref.trim(), document.baseURI).href) : undefined;
  } catch {
    // Not a URL (or no page to resolve it against): no link.
  }
  return { text: label, privacyHref: href, privacyLabel: t('privacy'), newTabLabel: t('newTab') };
}

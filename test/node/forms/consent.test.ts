/**
 * The consent checkbox a dealer asks for with `consent-text` (src/forms/consent.ts): a required
 * field never kept in the draft, and a privacy link only when it is an http(s) address.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { CONSENT, consentField, consentFrom } from '../../../src/forms/consent.js';
import { formMessages } from '../../../src/forms/messages.js';
import { firstInvalid } from '../../../src/forms/validators.js';
import { translator } from '../../../src/shared/i18n.js';

const t = translator(formMessages, 'en');
const fr = translator(formMessages, 'fr');
/** The page the element is on (consentFrom resolves the privacy link against its base URI). */
function onPage(baseURI: string) {
  Object.defineProperty(globalThis, 'document', { configurable: true, value: { baseURI } });
}
afterEach(() => Reflect.deleteProperty(globalThis, 'document'));

describe('forms consent: the checkbox', () => {
  it('is a required checkbox named consent, labelled with the dealer’s text, never persisted', () => {
    const spec = { text: 'I agree.', privacyLabel: 'Privacy policy', newTabLabel: '(opens in a new tab)' };
    const field = consentField(spec, fr);
    assert.deepEqual(
      { ...field, validators: undefined },
      {
        name: 'consent',
        label: 'I agree.',
        summaryLabel: 'Consentement',
        type: 'checkbox',
        autocomplete: 'off',
        required: true,
        secret: true,
        validators: undefined,
      },
    );
    assert.equal(CONSENT, 'consent');
    assert.deepEqual(firstInvalid('', field.validators ?? []), { key: 'consent' });
    assert.equal(firstInvalid('true', field.validators ?? []), undefined);
  });
});

describe('forms consent: from the element’s attributes', () => {
  it('none without text', () => {
    onPage('https://dealer.example/cars/');
    assert.equal(consentFrom('', 'https://dealer.example/privacy', t), undefined);
    assert.equal(consentFrom('   ', 'https://dealer.example/privacy', t), undefined);
  });
  it('the text trimmed, the link resolved against the page, labels in the form’s language', () => {
    onPage('https://dealer.example/cars/');
    assert.deepEqual(consentFrom('  I agree.  ', ' privacy ', t), {
      text: 'I agree.',
      privacyHref: 'https://dealer.example/cars/privacy',
      privacyLabel: 'Privacy policy',
      newTabLabel: '(opens in a new tab)',
    });
    assert.equal(consentFrom('Oui', '/p', fr)?.privacyLabel, 'Politique de confidentialité');
    assert.equal(consentFrom('Oui', 'http://other.example/p', t)?.privacyHref, 'http://other.example/p');
    // Any white space the dealer pasted around it, non-breaking spaces included.
    assert.equal(consentFrom('Oui', '\u00a0privacy\u00a0\n', t)?.privacyHref, 'https://dealer.example/cars/privacy');
  });
  it('no link when it is empty, not http(s), or not a URL', () => {
    onPage('https://dealer.example/cars/');
    for (const href of ['', '  ', 'javascript:alert(1)', 'data:text/html,hi', 'mailto:a@b.co', 'http://[']) {
      const consent = consentFrom('I agree.', href, t);
      assert.equal(consent?.text, 'I agree.', href);
      assert.equal(consent?.privacyHref, undefined, href);
    }
  });
  it('a relative link with no page to resolve against is left out', () => {
    onPage('about:blank');
    assert.equal(consentFrom('I agree.', 'privacy', t)?.privacyHref, undefined);
  });
});

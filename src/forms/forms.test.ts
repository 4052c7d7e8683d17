/** Unit tests of the shared form foundation (pure parts), run in Chromium with the element tests. */
import { expect } from '@open-wc/testing';
import { css } from 'lit';
import { DraftStore, fingerprint, submissionFor } from './draft.js';
import { scopeToTag } from './light-dom-styles.js';
import { mapServerErrors } from './server-errors.js';
import { dateNotInPast, email, firstInvalid, localToday, minLength, phone, required } from './validators.js';

const envelope = (message: string | string[]) =>
  ({ statusCode: 400, message, error: 'Bad Request', timestamp: '' }) as never;

describe('forms: validator factories', () => {
  it('required refuses blank and accepts text', () => {
    expect(required()('  ')?.key).to.equal('required');
    expect(required()('x')).to.equal(undefined);
  });
  it('email accepts an address, leaves empty to required', () => {
    expect(email()('name@example.com')).to.equal(undefined);
    expect(email()('name@')?.key).to.equal('email');
    expect(email()('')).to.equal(undefined);
  });
  it('phone follows the contract (5 to 32 digits, spaces, + - ( ))', () => {
    expect(phone()('+44 (0) 20-7946 0958')).to.equal(undefined);
    expect(phone()('123')?.key).to.equal('phone');
    expect(phone()('call me')?.key).to.equal('phone');
  });
  it('minLength reports its parameter', () => {
    expect(minLength(8)('short')).to.deep.equal({ key: 'minLength', params: { min: 8 } });
  });
  it('preferred date not in the past', () => {
    const today = () => '2030-06-15';
    expect(dateNotInPast(today)('2030-06-15')).to.equal(undefined);
    expect(dateNotInPast(today)('2030-06-14')?.key).to.equal('dateInPast');
    expect(dateNotInPast(today)('2030-13-45')?.key).to.equal('date');
    expect(localToday(new Date(2031, 0, 2))).to.equal('2031-01-02');
  });
  it('firstInvalid stops at the first failure', () => {
    expect(firstInvalid('', [required(), email()])?.key).to.equal('required');
  });
});

describe('forms: server 400 messages are mapped onto fields', () => {
  it('maps "field rule" sentences to the field they name', () => {
    const m = mapServerErrors(envelope('email must be a valid email address'), ['name', 'email']);
    expect(m.fields).to.deep.equal({ email: 'email must be a valid email address' });
    expect(m.rest).to.deep.equal([]);
  });
  it('maps nested paths (phone.mobile) and camelCase names written apart', () => {
    expect(mapServerErrors(envelope('phone.mobile must be 5 to 32 characters'), ['phone']).fields.phone).to.match(
      /phone/,
    );
    expect(
      mapServerErrors(envelope('preferred date must be today or later'), ['preferredDate']).fields.preferredDate,
    ).to.match(/today/);
  });
  it('does not mistake firstName for name', () => {
    expect(mapServerErrors(envelope('firstName must not be empty'), ['name', 'firstName']).fields).to.deep.equal({
      firstName: 'firstName must not be empty',
    });
  });
  it('keeps what names no field', () => {
    expect(mapServerErrors(envelope(['body must be an object']), ['email']).rest).to.deep.equal([
      'body must be an object',
    ]);
  });
});

describe('forms: idempotency key per submission, reused on retry', () => {
  it('reuses the key for the same body and makes a new one for another body', () => {
    const first = submissionFor({ email: 'a@example.com' }, undefined);
    expect(first.key).to.match(/^[0-9a-f-]{36}$/);
    expect(submissionFor({ email: 'a@example.com' }, first)).to.equal(first);
    expect(submissionFor({ email: 'b@example.com' }, first).key).not.to.equal(first.key);
  });
  it('fingerprint ignores key order and does not contain the values', () => {
    expect(fingerprint({ a: '1', b: '2' })).to.equal(fingerprint({ b: '2', a: '1' }));
    expect(fingerprint({ email: 'secret@example.com' })).not.to.contain('secret');
  });
});

describe('forms: drafts in session storage', () => {
  beforeEach(() => sessionStorage.clear());
  it('saves, loads and clears a draft under its key', () => {
    const store = new DraftStore('unit');
    store.save({ values: { name: 'Ada' }, submission: { key: 'k-123456789', fingerprint: 'f' } });
    expect(JSON.parse(sessionStorage.getItem('carstrel:draft:unit')!).values).to.deep.equal({ name: 'Ada' });
    expect(new DraftStore('unit').load().submission?.key).to.equal('k-123456789');
    store.clear();
    expect(sessionStorage.getItem('carstrel:draft:unit')).to.equal(null);
  });
  it('drops a corrupt draft instead of failing', () => {
    sessionStorage.setItem('carstrel:draft:bad', '{not json');
    expect(new DraftStore('bad').load().values).to.deep.equal({});
  });
});

describe('forms: light-DOM styles stay scoped to the element', () => {
  it('nests every rule under the tag and rewrites :host', () => {
    const text = scopeToTag('carstrel-x', [
      css`
        :host {
          color: red;
        }
        :host([hidden]) {
          display: none;
        }
        .a {
          color: blue;
        }
      `,
    ]);
    expect(text.startsWith('carstrel-x {')).to.equal(true);
    expect(text).to.match(/&\s*\{\s*color: red;\s*\}/);
    expect(text).to.contain('&[hidden]');
    expect(text).not.to.contain(':host');
  });
  it('does not style the page outside the element', () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(
      scopeToTag('carstrel-scope-probe', [
        css`
          .probe {
            color: rgb(1, 2, 3);
          }
        `,
      ]),
    );
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    const host = document.createElement('div');
    host.innerHTML = '<carstrel-scope-probe><p class="probe">in</p></carstrel-scope-probe><p class="probe">out</p>';
    document.body.append(host);
    const [inside, outside] = Array.from(host.querySelectorAll('.probe'));
    expect(getComputedStyle(inside).color).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(outside).color).not.to.equal('rgb(1, 2, 3)');
    host.remove();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  });
});

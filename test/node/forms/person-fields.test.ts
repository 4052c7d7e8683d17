/**
 * The shopper's own fields as every form declares them (src/forms/person-fields.ts): what a browser
 * and a password manager are told (type, autocomplete), which are required, and what is refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formMessages } from '../../../src/forms/messages.js';
import { emailField, nameField, phoneField } from '../../../src/forms/person-fields.js';
import { problemOf } from '../../../src/forms/validation.js';
import { translator } from '../../../src/shared/i18n.js';

const t = translator(formMessages, 'en');

describe('forms person fields: name, email and phone declared once', () => {
  it('the name is required, autocompleted as a name, and at most 200 characters', () => {
    const spec = nameField('Your name');
    assert.equal(spec.name, 'name');
    assert.equal(spec.label, 'Your name');
    assert.equal(spec.autocomplete, 'name');
    assert.equal(spec.required, true);
    assert.equal(problemOf(spec, { name: '' }, t), 'Fill in this field.');
    assert.equal(problemOf(spec, { name: 'Ada Lovelace' }, t), undefined);
    assert.equal(problemOf(spec, { name: 'a'.repeat(200) }, t), undefined);
    assert.ok(problemOf(spec, { name: 'a'.repeat(201) }, t), 'a 201-character name is refused');
  });
  it('the email is required, typed email, and autocompleted as email or, for an account, username', () => {
    const spec = emailField('Email');
    assert.equal(spec.name, 'email');
    assert.equal(spec.type, 'email');
    assert.equal(spec.autocomplete, 'email');
    assert.equal(spec.required, true);
    assert.equal(emailField('Email', 'username').autocomplete, 'username');
    assert.equal(problemOf(spec, { email: '' }, t), 'Fill in this field.');
    assert.equal(problemOf(spec, { email: 'nope' }, t), 'Enter an email address like name@example.com.');
    assert.equal(problemOf(spec, { email: 'ada@example.com' }, t), undefined);
  });
  it('the phone is optional, typed tel, and carries a hint only when the form gives one', () => {
    const spec = phoneField('Phone');
    assert.equal(spec.name, 'phone');
    assert.equal(spec.type, 'tel');
    assert.equal(spec.autocomplete, 'tel');
    assert.ok(!spec.required);
    assert.ok(!('hint' in spec), 'no hint key without a hint');
    assert.equal(phoneField('Phone', 'With the area code').hint, 'With the area code');
    assert.equal(problemOf(spec, { phone: '' }, t), undefined);
    assert.ok(problemOf(spec, { phone: 'call me maybe' }, t), 'letters are not a phone number');
    assert.equal(problemOf(spec, { phone: '+1 555 0100' }, t), undefined);
  });
});

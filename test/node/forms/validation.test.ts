/**
 * What the shopper sees when fields are wrong (src/forms/validation.ts): the message under each
 * field in the form's language, errors cleared as soon as they are fixed, the summary announced
 * and the field focus goes to.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldSpec } from '../../../src/forms/form-options.js';
import { trimmed } from '../../../src/forms/form-options.js';
import { formMessages } from '../../../src/forms/messages.js';
import { fieldErrorSummary, firstInError, problemOf, revalidate, validateAll } from '../../../src/forms/validation.js';
import { email, minLength, required } from '../../../src/forms/validators.js';
import { translator } from '../../../src/shared/i18n.js';

const t = translator(formMessages, 'en');
const fr = translator(formMessages, 'fr');
const specs: FieldSpec[] = [
  { name: 'name', label: 'Your name', summaryLabel: 'Name', autocomplete: 'name', validators: [required()] },
  { name: 'email', label: 'Email', autocomplete: 'email', validators: [required(), email()] },
  { name: 'message', label: 'Message', autocomplete: 'off', validators: [minLength(10)] },
  { name: 'note', label: 'Note', autocomplete: 'off' },
];

describe('forms validation: messages under the fields', () => {
  it('problemOf words the first failure in the form’s language, with its parameters', () => {
    assert.equal(problemOf(specs[1], { email: 'nope' }, t), 'Enter an email address like name@example.com.');
    assert.equal(problemOf(specs[1], {}, t), 'Fill in this field.');
    assert.equal(problemOf(specs[1], {}, fr), 'Remplissez ce champ.');
    assert.equal(problemOf(specs[2], { message: 'short' }, t), 'Use at least 10 characters.');
    assert.equal(problemOf(specs[1], { email: 'a@b.co' }, t), undefined);
    assert.equal(problemOf(specs[3], {}, t), undefined);
  });
  it('validateAll lists every field in error and only those', () => {
    assert.deepEqual(validateAll(specs, { email: 'nope', message: 'long enough text' }, t), {
      name: 'Fill in this field.',
      email: 'Enter an email address like name@example.com.',
    });
    assert.deepEqual(validateAll(specs, { name: 'Ada', email: 'a@b.co' }, t), {});
  });
});

describe('forms validation: an error clears as soon as it is fixed', () => {
  const errors = { name: 'Fill in this field.', email: 'Enter an email address like name@example.com.' };
  it('a fixed field loses its error, the others keep theirs', () => {
    assert.deepEqual(revalidate(errors, specs, 'email', { email: 'a@b.co' }, t), { name: 'Fill in this field.' });
  });
  it('a field still wrong gets its current message', () => {
    assert.deepEqual(revalidate(errors, specs, 'email', { email: '' }, t), { ...errors, email: 'Fill in this field.' });
    assert.deepEqual(revalidate({}, specs, 'message', { message: 'short' }, t), {
      message: 'Use at least 10 characters.',
    });
  });
  it('a name the form does not have only drops a stale error', () => {
    assert.deepEqual(revalidate({ ...errors, gone: 'x' }, specs, 'gone', {}, t), errors);
  });
});

describe('forms validation: the summary and focus', () => {
  it('counts the fields, names them by their short label in the form’s order, then what names no field', () => {
    const errors = { email: 'x', name: 'y' };
    assert.equal(fieldErrorSummary(specs, errors, [], t), '2 field(s) need attention: Name, Email.');
    assert.equal(
      fieldErrorSummary(specs, { email: 'x' }, ['Vehicle sold.', 'Try later.'], t),
      '1 field(s) need attention: Email. Vehicle sold. Try later.',
    );
    assert.equal(fieldErrorSummary(specs, { email: 'x' }, [], fr), '1 champ(s) à corriger : Email.');
  });
  it('firstInError is the first field in the form’s order, not in the errors’ order', () => {
    assert.equal(firstInError(specs, { message: 'x', email: 'y' })?.name, 'email');
    assert.equal(firstInError(specs, {}), undefined);
  });
});

describe('forms options: trimmed', () => {
  it('a value without surrounding spaces, empty when missing', () => {
    assert.equal(trimmed({ name: '  Ada Lovelace ' }, 'name'), 'Ada Lovelace');
    assert.equal(trimmed({}, 'name'), '');
  });
});

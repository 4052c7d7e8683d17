/**
 * A 400 from the dealer's API put back on the form's fields (src/forms/server-errors.ts): the
 * shopper sees "email must be an email" under the email field, and what names no field above the
 * form, whether upstream words it as sentences or as a structured list.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ErrorEnvelope } from '../../../src/api/types.js';
import { mapServerErrors } from '../../../src/forms/server-errors.js';

const envelope = (message: unknown, extra: Record<string, unknown> = {}) =>
  ({ statusCode: 400, message, error: 'Bad Request', timestamp: '', ...extra }) as ErrorEnvelope;
const fields = ['name', 'firstName', 'email', 'phone', 'preferredDate'];

describe('forms server errors: NestJS-style sentences', () => {
  it('ties each sentence to the field it names', () => {
    assert.deepEqual(mapServerErrors(envelope(['email must be an email', 'phone is too short']), fields), {
      fields: { email: 'email must be an email', phone: 'phone is too short' },
      rest: [],
    });
  });
  it('splits on a semicolon without a space after it', () => {
    assert.deepEqual(mapServerErrors(envelope('email must be an email;phone is too short'), fields).fields, {
      email: 'email must be an email',
      phone: 'phone is too short',
    });
  });
  it('a longer name wins over a shorter one the sentence also contains', () => {
    const s = 'preferred date must not be in the past';
    assert.deepEqual(mapServerErrors(envelope(s), ['date', 'preferredDate']).fields, { preferredDate: s });
    assert.deepEqual(mapServerErrors(envelope(s), ['preferredDate', 'date']).fields, { preferredDate: s });
    assert.deepEqual(mapServerErrors(envelope('date is invalid'), ['date', 'preferredDate']).fields, {
      date: 'date is invalid',
    });
  });
  it('splits one message on semicolons and new lines, trims, drops empty parts', () => {
    assert.deepEqual(
      mapServerErrors(envelope(' email must be an email;  phone is too short\n\nVehicle sold ;'), fields),
      {
        fields: { email: 'email must be an email', phone: 'phone is too short' },
        rest: ['Vehicle sold'],
      },
    );
  });
  it('recognises camelCase names written apart, with a space, an underscore or a hyphen', () => {
    for (const s of ['preferred date must not be in the past', 'preferred_date is invalid', 'Preferred-Date: past']) {
      assert.deepEqual(mapServerErrors(envelope(s), fields).fields, { preferredDate: s }, s);
    }
  });
  it('does not mistake firstName for name, nor a word that contains a name', () => {
    assert.deepEqual(mapServerErrors(envelope('firstName should not be empty'), fields).fields, {
      firstName: 'firstName should not be empty',
    });
    assert.deepEqual(mapServerErrors(envelope('emails are closed; nickname taken; phone2 bad'), fields), {
      fields: {},
      rest: ['emails are closed', 'nickname taken', 'phone2 bad'],
    });
  });
  it('a name at the end or beside punctuation still counts', () => {
    assert.deepEqual(mapServerErrors(envelope('Invalid: email'), fields).fields, { email: 'Invalid: email' });
    assert.deepEqual(mapServerErrors(envelope('(phone) is wrong'), fields).fields, { phone: '(phone) is wrong' });
  });
  it('keeps the first message of a field, and what names no field', () => {
    assert.deepEqual(mapServerErrors(envelope(['email is wrong', 'email is taken', 'Vehicle sold']), fields), {
      fields: { email: 'email is wrong' },
      rest: ['Vehicle sold'],
    });
  });
  it('ignores what is not text', () => {
    assert.deepEqual(mapServerErrors(envelope([42, null, 'email is wrong']), fields), {
      fields: { email: 'email is wrong' },
      rest: [],
    });
    assert.deepEqual(mapServerErrors(envelope(undefined), fields), { fields: {}, rest: [] });
  });
});

describe('forms server errors: structured lists beside the message', () => {
  it('errors: [{ field, message }] wins over the sentences', () => {
    const e = envelope('Validation failed: name', { errors: [{ field: 'email', message: 'Already registered' }] });
    assert.deepEqual(mapServerErrors(e, fields), { fields: { email: 'Already registered' }, rest: [] });
  });
  it('property, path lists and dotted paths name the field', () => {
    const e = envelope('Bad', {
      details: [
        { property: 'name', message: 'Too long' },
        { path: ['contact', 'phone'], message: 'Not a number' },
        { path: 'contact.email', message: 'No such domain' },
      ],
    });
    assert.deepEqual(mapServerErrors(e, fields).fields, {
      name: 'Too long',
      phone: 'Not a number',
      email: 'No such domain',
    });
  });
  it('field is preferred over property, property over path', () => {
    const e = envelope('Bad', {
      errors: [
        { field: 'email', property: 'phone', path: 'name', message: 'a' },
        { property: 'phone', path: 'name', message: 'b' },
      ],
    });
    assert.deepEqual(mapServerErrors(e, fields).fields, { email: 'a', phone: 'b' });
  });
  it('an object of field → message(s) (fields), lists joined', () => {
    const e = envelope('Bad', { fields: { email: ['is taken', 'is long'], phone: 'is short', name: 7 } });
    assert.deepEqual(mapServerErrors(e, fields), {
      fields: { email: 'is taken is long', phone: 'is short' },
      rest: [],
    });
  });
  it('an object under errors is read as field → message too', () => {
    assert.deepEqual(mapServerErrors(envelope('Bad', { errors: { phone: 'is short' } }), fields).fields, {
      phone: 'is short',
    });
  });
  it('a detail for a field the form lacks goes to the rest; a dotted name must end at a dot', () => {
    const e = envelope('Bad', {
      errors: [
        { field: 'vehicleId', message: 'Vehicle sold' },
        { field: 'workemail', message: 'Unknown' },
        { field: 'email', message: 'Taken' },
      ],
    });
    assert.deepEqual(mapServerErrors(e, fields), { fields: { email: 'Taken' }, rest: ['Vehicle sold', 'Unknown'] });
  });
  it('skips entries without a text field and message', () => {
    const e = envelope('email is wrong', {
      errors: [null, 'email', { field: 'email' }, { field: 3, message: 'x' }, { message: 'no field' }],
    });
    // Nothing structured names a field: the sentences are read instead.
    assert.deepEqual(mapServerErrors(e, fields), { fields: { email: 'email is wrong' }, rest: [] });
  });
  it('an empty or null list leaves the sentences to speak', () => {
    for (const errors of [null, [], {}, 'email']) {
      assert.deepEqual(mapServerErrors(envelope('email is wrong', { errors }), fields), {
        fields: { email: 'email is wrong' },
        rest: [],
      });
    }
  });
  it('errors first, then details, then fields', () => {
    const e = envelope('Bad', {
      errors: [{ field: 'email', message: 'from errors' }],
      details: [{ field: 'phone', message: 'from details' }],
    });
    assert.deepEqual(mapServerErrors(e, fields).fields, { email: 'from errors' });
    const d = envelope('Bad', { details: [{ field: 'phone', message: 'from details' }], fields: { name: 'x' } });
    assert.deepEqual(mapServerErrors(d, fields).fields, { phone: 'from details' });
  });
});

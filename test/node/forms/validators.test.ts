/**
 * The checks every form runs before anything is sent (src/forms/validators.ts): which value a
 * shopper types is refused, with which message key and parameters, and which is let through.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checked,
  dateNotInPast,
  digitsOf,
  email,
  firstInvalid,
  localToday,
  maxLength,
  minLength,
  phone,
  required,
  wholeNumber,
} from '../../../src/forms/validators.js';

const keyOf = (invalid: { key: string } | undefined) => invalid?.key;

describe('forms validators: required', () => {
  it('refuses empty and blank values, accepts any text', () => {
    assert.deepEqual(required()(''), { key: 'required' });
    assert.deepEqual(required()(' \t\n'), { key: 'required' });
    assert.equal(required()('x'), undefined);
    assert.equal(required()('  Ada  '), undefined);
  });
});

describe('forms validators: email', () => {
  it('accepts an address, with spaces around it', () => {
    assert.equal(email()('name@example.com'), undefined);
    assert.equal(email()('a@b.c'), undefined);
    assert.equal(email()('  name@example.com  '), undefined);
  });
  it('refuses what is not an address', () => {
    for (const v of [
      'name@',
      'name',
      '@example.com',
      'name@example',
      'na me@example.com',
      'a@b@c.d',
      'name@.com',
      'name@example.',
      'x name@example.com',
      'name@example.com y',
    ]) {
      assert.deepEqual(email()(v), { key: 'email' }, v);
    }
  });
  it('leaves an empty or blank value to required', () => {
    assert.equal(email()(''), undefined);
    assert.equal(email()('   '), undefined);
  });
});

describe('forms validators: phone (the contract: 5 to 32 digits, spaces and + - ( ))', () => {
  it('accepts the characters a phone number is written with', () => {
    assert.equal(phone()('+44 (0) 20-7946 0958'), undefined);
    assert.equal(phone()('12345'), undefined);
    assert.equal(phone()('1'.repeat(32)), undefined);
    assert.equal(phone()('  0612345678  '), undefined);
    assert.equal(phone()(`  ${'1'.repeat(32)}  `), undefined);
    assert.equal(phone()('\t0612345678\n'), undefined);
  });
  it('refuses too short, too long and letters', () => {
    assert.deepEqual(phone()('1234'), { key: 'phone' });
    assert.deepEqual(phone()('1'.repeat(33)), { key: 'phone' });
    assert.deepEqual(phone()('call me'), { key: 'phone' });
    assert.deepEqual(phone()('x12345'), { key: 'phone' });
    assert.deepEqual(phone()('12345x'), { key: 'phone' });
    assert.deepEqual(phone()('123.456.789'), { key: 'phone' });
  });
  it('leaves an empty or blank value to required', () => {
    assert.equal(phone()(''), undefined);
    assert.equal(phone()('   '), undefined);
  });
});

describe('forms validators: length', () => {
  it('minLength refuses shorter values with its parameter, leaves empty to required', () => {
    assert.deepEqual(minLength(8)('short'), { key: 'minLength', params: { min: 8 } });
    assert.deepEqual(minLength(8)('1234567'), { key: 'minLength', params: { min: 8 } });
    assert.equal(minLength(8)('12345678'), undefined);
    assert.equal(minLength(8)(''), undefined);
  });
  it('maxLength refuses longer values with its parameter', () => {
    assert.equal(maxLength(5)('12345'), undefined);
    assert.equal(maxLength(5)(''), undefined);
    assert.deepEqual(maxLength(5)('123456'), { key: 'maxLength', params: { max: 5 } });
  });
});

describe('forms validators: whole numbers (mileage, price)', () => {
  it('digitsOf drops the group separators people type', () => {
    for (const v of ['45,000', '45 000', '45.000', "45'000", '45’000', '45_000', ' 45000 ', '4 5,0.0’0']) {
      assert.equal(digitsOf(v), '45000', v);
    }
  });
  it('accepts a number in range, separators included, and its bounds', () => {
    const mileage = wholeNumber(1, 100_000);
    assert.equal(mileage('1'), undefined);
    assert.equal(mileage('100000'), undefined);
    assert.equal(mileage('45,000'), undefined);
    assert.equal(mileage(' 45 000 '), undefined);
  });
  it('refuses out of range and what is not a whole number, with the range', () => {
    const mileage = wholeNumber(1, 100_000);
    const refused = { key: 'number', params: { min: 1, max: 100_000 } };
    for (const v of ['0', '100001', 'abc', '-5', '+5', '5e3', '0x1F', '12a', 'a12']) {
      assert.deepEqual(mileage(v), refused, v);
    }
  });
  it('refuses more than 12 digits even when the range would allow it', () => {
    const big = wholeNumber(0, 1e15);
    assert.equal(big('123456789012'), undefined);
    assert.deepEqual(keyOf(big('1234567890123')), 'number');
  });
  it('leaves an empty or blank value to required', () => {
    assert.equal(wholeNumber(1, 10)(''), undefined);
    assert.equal(wholeNumber(1, 10)('   '), undefined);
  });
});

describe('forms validators: consent checkbox', () => {
  it('only a ticked box passes', () => {
    assert.equal(checked()('true'), undefined);
    assert.deepEqual(checked()(''), { key: 'consent' });
    assert.deepEqual(checked()('false'), { key: 'consent' });
  });
});

describe('forms validators: preferred date', () => {
  it('localToday is the local calendar date, zero-padded', () => {
    assert.equal(localToday(new Date(2031, 0, 2)), '2031-01-02');
    assert.equal(localToday(new Date(2031, 11, 25, 23, 59)), '2031-12-25');
    assert.match(localToday(), /^\d{4}-\d{2}-\d{2}$/);
    const now = new Date();
    assert.equal(localToday(), localToday(now));
  });
  it('accepts today and later, refuses earlier days', () => {
    const today = () => '2030-06-15';
    assert.equal(dateNotInPast(today)('2030-06-15'), undefined);
    assert.equal(dateNotInPast(today)('2030-06-16'), undefined);
    assert.deepEqual(dateNotInPast(today)('2030-06-14'), { key: 'dateInPast' });
  });
  it('refuses what is not a YYYY-MM-DD date', () => {
    const today = () => '2030-06-15';
    for (const v of [
      '2030-13-45',
      '2030-02-30',
      '2031-02-29',
      '2030-04-31',
      '2030-6-15',
      '12030-06-15',
      '2030-06-15T10:00',
      '15/06/2030',
      'tomorrow',
    ]) {
      assert.deepEqual(dateNotInPast(today)(v), { key: 'date' }, v);
    }
  });
  it('accepts the last day of each month, 29 February in a leap year', () => {
    const today = () => '2030-01-01';
    for (const v of ['2030-01-31', '2030-02-28', '2032-02-29', '2030-04-30', '2030-12-31']) {
      assert.equal(dateNotInPast(today)(v), undefined, v);
    }
  });
  it('defaults to the local today; leaves empty to required', () => {
    assert.equal(dateNotInPast()(localToday()), undefined);
    assert.deepEqual(dateNotInPast()('2000-01-01'), { key: 'dateInPast' });
    assert.equal(dateNotInPast()(''), undefined);
  });
});

describe('forms validators: firstInvalid', () => {
  it('answers with the first failure, in order, or undefined', () => {
    assert.deepEqual(firstInvalid('', [required(), email()]), { key: 'required' });
    assert.deepEqual(firstInvalid('x', [required(), email(), minLength(5)]), { key: 'email' });
    assert.equal(firstInvalid('a@b.co', [required(), email()]), undefined);
    assert.equal(firstInvalid('', []), undefined);
  });
});

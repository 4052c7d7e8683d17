/**
 * What a refused submission shows (src/forms/refusal.ts): problems on the fields for a 400/422,
 * otherwise a notice that says whether trying again can help, and after a 429 in how many seconds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CarstrelApiError } from '../../../src/api/client.js';
import type { ErrorEnvelope } from '../../../src/api/types.js';
import { formMessages } from '../../../src/forms/messages.js';
import { readRefusal } from '../../../src/forms/refusal.js';
import { translator } from '../../../src/shared/i18n.js';

const t = translator(formMessages, 'en');
const unavailable = formMessages.en.unavailable;
const names = ['email', 'phone'];
const refusal = (status: number, message: string | string[], retryAfter?: number, extra = {}) =>
  new CarstrelApiError(
    status,
    { statusCode: status, message, error: 'x', timestamp: '', ...extra } as ErrorEnvelope,
    retryAfter,
  );

describe('forms refusal: too many requests', () => {
  it('says in how many whole seconds to try again, and that it can help', () => {
    assert.deepEqual(readRefusal(refusal(429, 'Slow down', 12.2), undefined, names, t), {
      fields: undefined,
      failure: { status: 429, message: 'Too many requests. Try again in 13 s.', retryable: true, retryIn: 13 },
    });
  });
  it('waits 30 s without Retry-After, and at least 1 s', () => {
    assert.equal(readRefusal(refusal(429, 'x'), undefined, names, t).failure?.retryIn, 30);
    assert.equal(readRefusal(refusal(429, 'x', 0), undefined, names, t).failure?.retryIn, 1);
    assert.equal(readRefusal(refusal(429, 'x', 0.2), undefined, names, t).failure?.retryIn, 1);
  });
});

describe('forms refusal: the whole submission refused', () => {
  it('no answer or a 5xx: upstream’s words and that the details are kept; retryable', () => {
    for (const status of [0, 500, 503]) {
      assert.deepEqual(readRefusal(refusal(status, 'Bad gateway.'), undefined, names, t), {
        fields: undefined,
        failure: { status, message: `Bad gateway. ${unavailable}`, retryable: true },
      });
    }
  });
  it('another 4xx: upstream’s words only; not retryable', () => {
    for (const status of [401, 404, 409, 499]) {
      assert.deepEqual(readRefusal(refusal(status, 'Vehicle sold.'), undefined, names, t), {
        fields: undefined,
        failure: { status, message: 'Vehicle sold.', retryable: false },
      });
    }
  });
  it('a 409 naming a field is not put on that field', () => {
    assert.equal(readRefusal(refusal(409, 'email already used'), undefined, names, t).fields, undefined);
  });
  it('a 400 naming no field is a notice', () => {
    assert.deepEqual(readRefusal(refusal(400, 'Vehicle sold.'), undefined, names, t), {
      fields: undefined,
      failure: { status: 400, message: 'Vehicle sold.', retryable: false },
    });
  });
  it('the form’s own wording replaces upstream’s', () => {
    const refined = { message: 'Wrong email or password.' };
    assert.deepEqual(readRefusal(refusal(401, 'Unauthorized'), refined, names, t).failure, {
      status: 401,
      message: 'Wrong email or password.',
      retryable: false,
    });
    assert.equal(readRefusal(refusal(503, 'Down'), refined, names, t).failure?.message, 'Wrong email or password.');
  });
});

describe('forms refusal: problems on fields', () => {
  it('a 400 or 422 naming fields puts them on the fields, with no notice', () => {
    for (const status of [400, 422]) {
      assert.deepEqual(readRefusal(refusal(status, ['email must be an email']), undefined, names, t), {
        fields: { email: 'email must be an email' },
        rest: [],
        failure: undefined,
      });
    }
  });
  it('what names no field becomes a notice beside them, not retryable', () => {
    assert.deepEqual(
      readRefusal(refusal(400, ['email must be an email', 'Vehicle sold', 'Try later']), undefined, names, t),
      {
        fields: { email: 'email must be an email' },
        rest: ['Vehicle sold', 'Try later'],
        failure: { status: 400, message: 'Vehicle sold Try later', retryable: false },
      },
    );
  });
  it('the form’s own reading of fields wins, on any status, with its message', () => {
    const refined = { fields: { phone: 'Not a mobile number.' } };
    assert.deepEqual(readRefusal(refusal(401, 'email is wrong'), refined, names, t), {
      fields: { phone: 'Not a mobile number.' },
      rest: [],
      failure: undefined,
    });
    assert.deepEqual(readRefusal(refusal(400, 'x'), { ...refined, message: 'Check the number.' }, names, t).failure, {
      status: 400,
      message: 'Check the number.',
      retryable: false,
    });
  });
  it('the form’s message is used with fields upstream named', () => {
    assert.deepEqual(readRefusal(refusal(400, ['email is wrong', 'other']), { message: 'Fix it.' }, names, t), {
      fields: { email: 'email is wrong' },
      rest: ['other'],
      failure: { status: 400, message: 'Fix it.', retryable: false },
    });
  });
});

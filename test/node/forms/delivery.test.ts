/**
 * Sending a form (src/forms/delivery.ts): leads go with their submission's Idempotency-Key, a
 * retry of the same submission reuses it, a key the proxy says was used for another body is
 * replaced once, and anything thrown becomes an API error the form can show.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CarstrelApiError } from '../../../src/api/client.js';
import { asApiError, deliver } from '../../../src/forms/delivery.js';
import { FormDraft } from '../../../src/forms/form-draft.js';
import type { FieldSpec, FormOptions, Outcome, Values } from '../../../src/forms/form-options.js';
import { formMessages } from '../../../src/forms/messages.js';
import { translator } from '../../../src/shared/i18n.js';
import { MemoryStorage, useSessionStorage } from './storage.js';

const fields: FieldSpec[] = [
  { name: 'email', label: 'Email', autocomplete: 'email' },
  { name: 'password', label: 'Password', autocomplete: 'new-password', secret: true },
];
const apiError = (status: number, message: string) =>
  new CarstrelApiError(status, { statusCode: status, message, error: 'x', timestamp: '' });
const KEY_REUSED = 'Idempotency-Key was already used with a different request body.';

/** A form whose `send` answers from `answers` in turn (an error is thrown) and records each call. */
function form(idempotent: boolean, answers: (Outcome<string> | Error)[], extra: Partial<FormOptions<string>> = {}) {
  const calls: { values: Values; key: string | undefined }[] = [];
  const options: FormOptions<string> = {
    kind: 'contact',
    fields: () => fields,
    storageKey: () => 'k',
    idempotent,
    t: () => translator(formMessages, 'en'),
    send(values, key) {
      calls.push({ values, key });
      const answer = answers.shift() ?? { queued: false };
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    ...extra,
  };
  return { options, calls };
}

let installed: { restore(): void };
beforeEach(() => (installed = useSessionStorage(new MemoryStorage())));
afterEach(() => installed.restore());

describe('forms delivery: Idempotency-Key', () => {
  it('a form that is not a lead sends no key', async () => {
    const { options, calls } = form(false, [{ queued: false, result: 'ok' }]);
    assert.deepEqual(
      await deliver(
        options,
        new FormDraft(
          () => fields,
          () => ({}),
        ),
        { email: 'a@b.co' },
      ),
      {
        queued: false,
        result: 'ok',
      },
    );
    assert.deepEqual(calls, [{ values: { email: 'a@b.co' }, key: undefined }]);
  });
  it('a lead sends the values and a key; retrying the same values reuses it, other values get another', async () => {
    const { options, calls } = form(true, [new Error('offline'), { queued: true }, { queued: false }]);
    const draft = new FormDraft(
      () => fields,
      () => ({}),
    );
    draft.restore('k');
    const values = { email: 'a@b.co', password: 'secret-1' };
    await assert.rejects(deliver(options, draft, values), /offline/);
    assert.deepEqual(await deliver(options, draft, values), { queued: true });
    await deliver(options, draft, { email: 'c@d.co', password: 'secret-1' });
    assert.deepEqual(calls[0].values, values);
    assert.ok(calls[0].key);
    assert.equal(calls[1].key, calls[0].key);
    assert.notEqual(calls[2].key, calls[0].key);
  });
  it('the key follows what identifies the submission (fingerprintOf), not every value', async () => {
    const { options, calls } = form(true, [], { fingerprintOf: (v) => ({ vehicle: 'v1', email: v.email }) });
    const draft = new FormDraft(
      () => fields,
      () => ({}),
    );
    await deliver(options, draft, { email: 'a@b.co', password: 'one' });
    await deliver(options, draft, { email: 'a@b.co', password: 'two' });
    assert.equal(calls[1].key, calls[0].key);
  });
  it('a secret change alone keeps the key; the proxy’s "different body" refusal gets one new key', async () => {
    const { options, calls } = form(true, [
      { queued: false },
      apiError(400, KEY_REUSED),
      { queued: false, result: 'r' },
    ]);
    const draft = new FormDraft(
      () => fields,
      () => ({}),
    );
    await deliver(options, draft, { email: 'a@b.co', password: 'one' });
    assert.deepEqual(await deliver(options, draft, { email: 'a@b.co', password: 'two' }), {
      queued: false,
      result: 'r',
    });
    assert.equal(calls.length, 3);
    assert.equal(calls[1].key, calls[0].key);
    assert.notEqual(calls[2].key, calls[1].key);
    assert.deepEqual(calls[2].values, { email: 'a@b.co', password: 'two' });
  });
  it('other refusals are not retried', async () => {
    for (const error of [
      apiError(400, 'email must be an email'),
      apiError(400, 'The request body is different.'),
      apiError(400, 'Idempotency-Key is malformed.'),
      apiError(409, KEY_REUSED),
      new Error(KEY_REUSED),
    ]) {
      const { options, calls } = form(true, [error]);
      await assert.rejects(
        deliver(
          options,
          new FormDraft(
            () => fields,
            () => ({}),
          ),
          { email: 'a@b.co' },
        ),
        (e) => e === error,
      );
      assert.equal(calls.length, 1, error.message);
    }
  });
  it('the refusal is recognised whatever its case', async () => {
    const { options, calls } = form(true, [
      apiError(400, 'IDEMPOTENCY-KEY reused for a DIFFERENT payload'),
      { queued: false },
    ]);
    await deliver(
      options,
      new FormDraft(
        () => fields,
        () => ({}),
      ),
      { email: 'a@b.co' },
    );
    assert.equal(calls.length, 2);
  });
});

describe('forms delivery: anything thrown is an API error', () => {
  it('an API error is kept as it is', () => {
    const error = apiError(503, 'Down');
    assert.equal(asApiError(error), error);
  });
  it('anything else: no answer (status 0), retryable, the details are kept', () => {
    const before = Date.now();
    const error = asApiError(new TypeError('Failed to fetch'));
    assert.ok(error instanceof CarstrelApiError);
    assert.equal(error.status, 0);
    assert.equal(error.retryable, true);
    assert.equal(error.envelope.statusCode, 0);
    assert.equal(error.envelope.error, 'TypeError');
    assert.equal(error.envelope.message, 'Something went wrong while sending. Your details are kept; try again.');
    const at = Date.parse(error.envelope.timestamp);
    assert.ok(at >= before - 1 && at <= Date.now() + 1);
    assert.equal(asApiError('boom').envelope.error, 'Error');
  });
});

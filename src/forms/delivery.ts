/**
 * Sending a form, the one path every failure takes: leads go with their submission's
 * `Idempotency-Key` (`./form-draft.ts`), and anything thrown becomes a `CarstrelApiError` so that
 * the form always leaves "sending" with a reason to show.
 */
import { CarstrelApiError } from '../api/client.js';
import type { FormDraft } from './form-draft.js';
import type { FormOptions, Outcome, Values } from './form-options.js';

/** The proxy's refusal of an `Idempotency-Key` already used for a different request body. */
function isKeyReusedForOtherBody(error: unknown): boolean {
  return (
    error instanceof CarstrelApiError &&
    error.status === 400 &&
    /idempotency-key/i.test(error.envelope.message) &&
    /different/i.test(error.envelope.message)
  );
}

/** Anything thrown while sending, as an API error (status 0 when there was no answer). */
export function asApiError(error: unknown): CarstrelApiError {
  if (error instanceof CarstrelApiError) return error;
  const message = 'Something went wrong while sending. Your details are kept; try again.';
  return new CarstrelApiError(0, {
    statusCode: 0,
    message,
    error: error instanceof Error ? error.name : 'Error',
    timestamp: new Date().toISOString(),
  });
}

/**
 * Sends `values` through `options.send`, with this submission's `Idempotency-Key` when the form is
 * idempotent. When the proxy says the key was used for a different body (a secret field such as
 * the password changed), a new key is the right one.
 */
export async function deliver<R>(options: FormOptions<R>, draft: FormDraft, values: Values): Promise<Outcome<R>> {
  if (!options.idempotent) return options.send(values, undefined);
  const persistable = draft.persistable(values);
  const body = options.fingerprintOf?.(persistable) ?? persistable;
  try {
    return await options.send(values, draft.keyFor(body));
  } catch (error) {
    if (!isKeyReusedForOtherBody(error)) throw error;
    return options.send(values, draft.keyFor(body, true));
  }
}

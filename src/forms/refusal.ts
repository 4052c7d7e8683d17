/**
 * What a refusal shows on the form: problems tied to fields (a 400/422 mapped by
 * `./server-errors.ts`, or the element's own reading of it), and/or a failure notice that says
 * whether trying again can help — after a 429, in how many seconds.
 */
import type { CarstrelApiError } from '../api/client.js';
import type { Translate } from '../shared/i18n.js';
import type { Refinement } from './form-options.js';
import type { FormMessageKey } from './messages.js';
import { mapServerErrors } from './server-errors.js';
import type { FieldErrors } from './validation.js';

export interface Failure {
  status: number;
  message: string;
  retryable: boolean;
  /** Seconds until a retry may succeed (429). Counts down. */
  retryIn?: number;
}

/** Problems tied to fields (with a notice for what names none), or a notice about the whole submission. */
export type Refusal =
  { fields: FieldErrors; rest: string[]; failure: Failure | undefined } | { fields: undefined; failure: Failure };

/** The failure notice of a refusal that is not about fields. */
function failureOf(error: CarstrelApiError, refinedMessage: string | undefined, t: Translate<FormMessageKey>): Failure {
  if (error.status === 429) {
    const seconds = Math.max(1, Math.ceil(error.retryAfter ?? 30));
    return { status: 429, message: t('retryIn', { seconds }), retryable: true, retryIn: seconds };
  }
  const unavailable = error.status === 0 || error.status >= 500;
  const message =
    refinedMessage ?? (unavailable ? `${error.envelope.message} ${t('unavailable')}` : error.envelope.message);
  return { status: error.status, message, retryable: error.retryable };
}

export function readRefusal(
  error: CarstrelApiError,
  refined: Refinement | undefined,
  fieldNames: readonly string[],
  t: Translate<FormMessageKey>,
): Refusal {
  const mapped = refined?.fields
    ? { fields: refined.fields, rest: [] }
    : error.status === 400 || error.status === 422
      ? mapServerErrors(error.envelope, fieldNames)
      : undefined;
  if (!mapped || Object.keys(mapped.fields).length === 0) {
    return { fields: undefined, failure: failureOf(error, refined?.message, t) };
  }
  const failure =
    refined?.message || mapped.rest.length
      ? { status: error.status, message: refined?.message ?? mapped.rest.join(' '), retryable: false }
      : undefined;
  return { ...mapped, failure };
}

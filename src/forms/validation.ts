/**
 * Field validation of a form: the messages shown under the fields (from `./validators.ts`, in the
 * form's language) and the summary announced when the shopper must fix something.
 */
import type { Translate } from '../shared/i18n.js';
import type { FieldSpec, Values } from './form-options.js';
import type { FormMessageKey } from './messages.js';
import { firstInvalid } from './validators.js';

export type FieldErrors = Record<string, string>;

/** The message for a field's current value, or `undefined` when it is acceptable. */
export function problemOf(spec: FieldSpec, values: Values, t: Translate<FormMessageKey>): string | undefined {
  const invalid = firstInvalid(values[spec.name] ?? '', spec.validators ?? []);
  return invalid ? t(invalid.key, invalid.params) : undefined;
}

/** Every field's problem (before submit). */
export function validateAll(specs: readonly FieldSpec[], values: Values, t: Translate<FormMessageKey>): FieldErrors {
  const errors: FieldErrors = {};
  for (const spec of specs) {
    const message = problemOf(spec, values, t);
    if (message) errors[spec.name] = message;
  }
  return errors;
}

/** `errors` with field `name` checked again (an error shown clears as soon as it is fixed). */
export function revalidate(
  errors: FieldErrors,
  specs: readonly FieldSpec[],
  name: string,
  values: Values,
  t: Translate<FormMessageKey>,
): FieldErrors {
  const spec = specs.find((f) => f.name === name);
  const message = spec && problemOf(spec, values, t);
  const rest = Object.fromEntries(Object.entries(errors).filter(([k]) => k !== name));
  return message ? { ...rest, [name]: message } : rest;
}

/** "2 field(s) need attention: Name, Email." followed by what names no field. */
export function fieldErrorSummary(
  specs: readonly FieldSpec[],
  errors: FieldErrors,
  rest: readonly string[],
  t: Translate<FormMessageKey>,
): string {
  const names = Object.keys(errors);
  const labels = specs.filter((f) => names.includes(f.name)).map((f) => f.summaryLabel ?? f.label);
  return [t('fixFields', { count: names.length, fields: labels.join(', ') }), ...rest].join(' ');
}

/** The first field in error, in the form's order (focus goes there). */
export function firstInError(specs: readonly FieldSpec[], errors: FieldErrors): FieldSpec | undefined {
  const names = Object.keys(errors);
  return specs.find((f) => names.includes(f.name));
}

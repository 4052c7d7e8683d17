/**
 * Validator factories, in the style of Material Web's and Web Awesome's form controls: each
 * factory returns a small pure function that looks at a field's value and answers with the key of
 * the message to show (in `./messages.ts`), or `undefined` when the value is acceptable.
 *
 * The same validators run before submit (messages tied to the field through `aria-describedby`)
 * and feed the native constraint API (`setCustomValidity`) so that `:invalid` and assistive
 * technology agree with what is shown.
 */
import type { FormMessageKey } from './messages.js';

export interface Invalid {
  key: FormMessageKey;
  params?: Record<string, string | number>;
}

export type Validator = (value: string) => Invalid | undefined;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[0-9 +()-]{5,32}$/; // the contract: 5 to 32 digits, spaces and + - ( )
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const required = (): Validator => (v) => (v.trim() ? undefined : { key: 'required' });

export const email = (): Validator => (v) => (!v.trim() || EMAIL.test(v.trim()) ? undefined : { key: 'email' });

export const phone = (): Validator => (v) => (!v.trim() || PHONE.test(v.trim()) ? undefined : { key: 'phone' });

export const minLength =
  (min: number): Validator =>
  (v) =>
    !v || v.length >= min ? undefined : { key: 'minLength', params: { min } };

export const maxLength =
  (max: number): Validator =>
  (v) =>
    v.length <= max ? undefined : { key: 'maxLength', params: { max } };

/** A number as typed, without the digit-group separators people write (`45,000`, `45 000`, `45.000`). */
export function digitsOf(value: string): string {
  return value.replace(/[\s,.'’_]/g, '');
}

/** A whole number from `min` to `max` (empty is left to `required`); group separators are allowed. */
export const wholeNumber =
  (min: number, max: number): Validator =>
  (v) => {
    const digits = digitsOf(v);
    if (!v.trim()) return undefined;
    const n = /^\d{1,12}$/.test(digits) ? Number(digits) : NaN;
    return n >= min && n <= max ? undefined : { key: 'number', params: { min, max } };
  };

/** A ticked checkbox (its value is `'true'`): the shopper's consent. */
export const checked = (): Validator => (v) => (v === 'true' ? undefined : { key: 'consent' });

/** Today's date in the shopper's own time zone, as `YYYY-MM-DD` (what `<input type=date>` uses). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A real day of the calendar: `Date` rolls 30 February over to March, so the date must come back unchanged. */
function isCalendarDate(v: string): boolean {
  const time = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === v;
}

/** A `YYYY-MM-DD` date that is today or later (ISO dates compare correctly as strings). */
export const dateNotInPast =
  (today: () => string = localToday): Validator =>
  (v) => {
    if (!v) return undefined;
    if (!ISO_DATE.test(v) || !isCalendarDate(v)) return { key: 'date' };
    return v >= today() ? undefined : { key: 'dateInPast' };
  };

/** The first failure of a field's validators, in order. */
export function firstInvalid(value: string, validators: readonly Validator[]): Invalid | undefined {
  for (const validate of validators) {
    const invalid = validate(value);
    if (invalid) return invalid;
  }
  return undefined;
}

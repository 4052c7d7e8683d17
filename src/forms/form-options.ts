/**
 * What an element declares to its `FormController`: the fields, how to send them, and what a
 * refusal means for this form. The controller does the rest (see `./form-controller.ts`).
 */
import type { CarstrelApiError } from '../api/client.js';
import type { LeadKind } from '../shared/events.js';
import type { Translate } from '../shared/i18n.js';
import type { FormMessageKey } from './messages.js';
import type { Validator } from './validators.js';

/** A form's values by field name, as typed. */
export type Values = Record<string, string>;

/** What a form sends: a lead (`carstrel-lead-submitted` on success), or a login (no lead). */
export type FormKind = LeadKind | 'login';

export interface FieldSpec {
  /** The input's `name`, also the key in the request body. */
  name: string;
  label: string;
  type?: 'text' | 'email' | 'tel' | 'date' | 'password' | 'textarea';
  /** The `autocomplete` token that lets browsers and password managers fill the field. */
  autocomplete: string;
  required?: boolean;
  validators?: Validator[];
  hint?: string;
  /** Never persisted in the draft nor used in the fingerprint (passwords). */
  secret?: boolean;
  min?: string;
  maxLength?: number;
  inputMode?: 'text' | 'email' | 'tel' | 'numeric';
}

export interface Outcome<R> {
  queued: boolean;
  result?: R;
}

/** What a refusal means for this form, beyond the generic handling (e.g. "wrong password"). */
export interface Refinement {
  fields?: Record<string, string>;
  message?: string;
}

export interface FormOptions<R> {
  /** The kind of form (events); a function when it depends on the element's mode. */
  kind: FormKind | (() => FormKind);
  fields(): FieldSpec[];
  /** Under which key the draft is kept (`storage-key` attribute, else element + page). */
  storageKey(): string;
  /** Lead POSTs carry an `Idempotency-Key`, kept with the draft and reused on retry. */
  idempotent: boolean;
  send(values: Values, idempotencyKey: string | undefined): Promise<Outcome<R>>;
  t(): Translate<FormMessageKey>;
  /** The reference a dealer can look the lead up by (`carstrel-lead-submitted` detail). */
  reference?(result: R | undefined): string | undefined;
  /** Form-specific meaning of a refusal; return undefined for the generic handling. */
  refine?(error: CarstrelApiError, values: Values): Refinement | undefined;
  /** A reason the form cannot be sent yet that is not about a field (e.g. no vehicle chosen). */
  precheck?(): string | undefined;
  /** What identifies "the same submission" (default: the persistable values). */
  fingerprintOf?(values: Values): Record<string, unknown>;
  /** Called after done/queued (e.g. the session store takes the logged-in user). */
  onSuccess?(outcome: Outcome<R>, values: Values): void;
}

/** A field's value with surrounding spaces removed ('' when the form has no such value). */
export function trimmed(values: Values, name: string): string {
  return (values[name] ?? '').trim();
}

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

/** The consent asked before a form sends anything (see `./consent.ts`). */
export interface ConsentSpec {
  /** The checkbox's label, as the dealer wrote it (`consent-text`). */
  text: string;
  /** The dealer's privacy policy (`privacy-href`), only when it is an http(s) URL. */
  privacyHref?: string;
  /** The link's text, in the form's language. */
  privacyLabel: string;
  /** Said after the link's text to assistive technology: it opens in a new tab. */
  newTabLabel: string;
}

/** One choice of a `select` field. */
export interface SelectOption {
  value: string;
  label: string;
}

export interface FieldSpec {
  /** The input's `name`, also the key in the request body. */
  name: string;
  label: string;
  /** Shorter name in the "fields need attention" summary (default: `label`). */
  summaryLabel?: string;
  type?: 'text' | 'email' | 'tel' | 'date' | 'password' | 'textarea' | 'select' | 'checkbox';
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
  /** `select`: the choices, after an empty first option labelled `placeholder`. */
  options?: readonly SelectOption[];
  placeholder?: string;
  /** Nothing to choose yet (e.g. a model before its brand); out of the tab order. */
  disabled?: boolean;
  /** Fields emptied when this one changes (dependent choices: a brand's model). */
  clears?: readonly string[];
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
  /**
   * The consent the shopper must give before anything is sent (the element's `consent-text`):
   * an unticked, required checkbox, rendered with `renderConsent()`. `undefined`: none asked.
   */
  consent?(): ConsentSpec | undefined;
  /** Called after done/queued (e.g. the session store takes the logged-in user). */
  onSuccess?(outcome: Outcome<R>, values: Values): void;
}

/** A field's value with surrounding spaces removed ('' when the form has no such value). */
export function trimmed(values: Values, name: string): string {
  return (values[name] ?? '').trim();
}

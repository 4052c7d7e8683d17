/**
 * The shared form foundation: one `FormController` per `<form>` manages the values, validation,
 * the draft in session storage, the `Idempotency-Key`, the submission states
 * (idle → sending → done | queued | failed), the live-region announcement and where focus goes.
 * Elements only declare their fields and how to send them, and render with `./render.ts`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CarstrelApiError } from '../api/client.js';
import { CarstrelFormErrorEvent, CarstrelLeadSubmittedEvent, emit, type LeadKind } from '../shared/events.js';
import type { Translate } from '../shared/i18n.js';
import { DraftStore, submissionFor, type Submission, type Values } from './draft.js';
import type { FormMessageKey } from './messages.js';
import { mapServerErrors } from './server-errors.js';
import { firstInvalid, type Validator } from './validators.js';

export type FormState = 'idle' | 'sending' | 'done' | 'queued' | 'failed';

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
  /** The kind of lead (events); a function when it depends on the element's mode. */
  kind: LeadKind | 'login' | (() => LeadKind | 'login');
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
  /** False for forms whose success is not a lead (login): no `carstrel-lead-submitted`. */
  isLead?: boolean;
}

export interface Failure {
  status: number;
  message: string;
  retryable: boolean;
  /** Seconds until a retry may succeed (429). Counts down. */
  retryIn?: number;
}

/** The honeypot: a field no person sees or fills; bots that fill every input give themselves away. */
export const HONEYPOT = 'carstrel_website';

let nextId = 0;
/** Per copy of this module, so that two bundles on one page never produce the same ids. */
const idPrefix = `carstrel-f${Math.random().toString(36).slice(2, 6)}`;

/** The proxy's refusal of an `Idempotency-Key` already used for a different request body. */
function isKeyReusedForOtherBody(error: unknown): boolean {
  return (
    error instanceof CarstrelApiError &&
    error.status === 400 &&
    /idempotency-key/i.test(error.envelope.message) &&
    /different/i.test(error.envelope.message)
  );
}

/** Anything thrown while sending becomes an API error, so the form always leaves "sending". */
function asApiError(error: unknown): CarstrelApiError {
  if (error instanceof CarstrelApiError) return error;
  const message = 'Something went wrong while sending. Your details are kept; try again.';
  return new CarstrelApiError(0, {
    statusCode: 0,
    message,
    error: error instanceof Error ? error.name : 'Error',
    timestamp: new Date().toISOString(),
  });
}

export class FormController<R = unknown> implements ReactiveController {
  state: FormState = 'idle';
  values: Values = {};
  errors: Record<string, string> = {};
  failure: Failure | undefined;
  outcome: Outcome<R> | undefined;
  /** Text of the element's live region (`role="status"`). */
  announcement = '';
  /** Prefix of the ids of this form's inputs, hints and errors (unique on the page). */
  readonly id = `${idPrefix}-${++nextId}`;

  private drafts: DraftStore | undefined;
  private submission: Submission | undefined;
  private countdown: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: FormOptions<R>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.restoreDraft();
  }

  hostDisconnected(): void {
    this.stopCountdown();
  }

  /** Keeps the native constraint API in step with the messages shown (`:invalid`, `validity`). */
  hostUpdated(): void {
    for (const spec of this.options.fields()) {
      const control = this.host.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${this.id}-${spec.name}`);
      control?.setCustomValidity(this.errors[spec.name] ?? '');
    }
  }

  // ---- values and draft ----

  private restoreDraft(): void {
    const key = this.options.storageKey();
    if (this.drafts?.storageKey === key) return;
    this.drafts = new DraftStore(key);
    const draft = this.drafts.load();
    const persistable = this.persistableNames();
    const restored = Object.fromEntries(
      Object.entries(draft.values).filter(([k, v]) => persistable.has(k) && typeof v === 'string'),
    );
    this.values = { ...this.values, ...restored };
    this.submission = draft.submission;
  }

  private persistableNames(): Set<string> {
    return new Set(
      this.options
        .fields()
        .filter((f) => !f.secret)
        .map((f) => f.name),
    );
  }

  private persistable(values: Values): Values {
    const names = this.persistableNames();
    return Object.fromEntries(Object.entries(values).filter(([k]) => names.has(k)));
  }

  private saveDraft(): void {
    this.drafts?.save({ values: this.persistable(this.values), submission: this.submission });
  }

  /** Sets values the shopper has not typed (e.g. from the logged-in customer); never overwrites. */
  prefill(values: Values): void {
    let changed = false;
    for (const [k, v] of Object.entries(values)) {
      if (v && !this.values[k]) {
        this.values = { ...this.values, [k]: v };
        changed = true;
      }
    }
    if (changed) this.host.requestUpdate();
  }

  /** Takes back prefilled values the shopper has not changed (e.g. after logout). */
  unfill(values: Values): void {
    const kept = Object.fromEntries(Object.entries(this.values).filter(([k, v]) => !(k in values) || values[k] !== v));
    if (Object.keys(kept).length === Object.keys(this.values).length) return;
    this.values = kept;
    this.saveDraft();
    this.host.requestUpdate();
  }

  input(name: string, value: string): void {
    this.values = { ...this.values, [name]: value };
    if (this.errors[name]) this.validateField(name); // an error shown clears as soon as it is fixed
    if (this.state === 'done' || this.state === 'queued') this.state = 'idle';
    this.saveDraft();
    this.host.requestUpdate();
  }

  /** On leaving a field: show its problem if it has content (empty fields wait for submit). */
  blur(name: string): void {
    // Not when the form is being replaced (done, queued): removing a focused input fires blur mid-render.
    if (this.state !== 'idle' && this.state !== 'failed') return;
    if (this.values[name]) {
      this.validateField(name);
      this.host.requestUpdate();
    }
  }

  private get kind(): LeadKind | 'login' {
    const k = this.options.kind;
    return typeof k === 'function' ? k() : k;
  }

  // ---- validation ----

  private spec(name: string): FieldSpec | undefined {
    return this.options.fields().find((f) => f.name === name);
  }

  private problem(spec: FieldSpec): string | undefined {
    const value = this.values[spec.name] ?? '';
    const invalid = firstInvalid(value, spec.validators ?? []);
    return invalid ? this.options.t()(invalid.key, invalid.params) : undefined;
  }

  private validateField(name: string): void {
    const spec = this.spec(name);
    const message = spec && this.problem(spec);
    const { [name]: _dropped, ...rest } = this.errors;
    this.errors = message ? { ...rest, [name]: message } : rest;
  }

  private validateAll(): boolean {
    const errors: Record<string, string> = {};
    for (const spec of this.options.fields()) {
      const message = this.problem(spec);
      if (message) errors[spec.name] = message;
    }
    this.errors = errors;
    return Object.keys(errors).length === 0;
  }

  // ---- submission ----

  get busy(): boolean {
    return this.state === 'sending';
  }

  /** Handles the form's `submit` event (Enter in a field or the submit button). */
  readonly onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    void this.submit(event.target as HTMLFormElement);
  };

  async submit(form?: HTMLFormElement | null): Promise<void> {
    if (this.busy || (this.failure?.retryIn ?? 0) > 0) return;
    if (form && this.honeypotFilled(form)) return this.pretendSent();
    if (!this.validateAll()) return this.showFieldErrors([]);
    const blocked = this.options.precheck?.();
    if (blocked) {
      this.failure = { status: 0, message: blocked, retryable: false };
      return this.setState('failed', blocked);
    }

    const values = { ...this.values };
    this.setState('sending', this.options.t()('sending'));
    this.failure = undefined;
    try {
      this.succeed(await this.deliver(values), values);
    } catch (error) {
      this.fail(asApiError(error), values);
    }
  }

  /**
   * Sends with this submission's `Idempotency-Key` (kept with the draft before sending, so a
   * reload mid-flight retries with the same key). When the proxy says the key was used for a
   * different body (a secret field such as the password changed), a new key is the right one.
   */
  private async deliver(values: Values): Promise<Outcome<R>> {
    if (!this.options.idempotent) return this.options.send(values, undefined);
    const print = this.options.fingerprintOf?.(this.persistable(values)) ?? this.persistable(values);
    this.submission = submissionFor(print, this.submission);
    this.saveDraft();
    try {
      return await this.options.send(values, this.submission.key);
    } catch (error) {
      if (!isKeyReusedForOtherBody(error)) throw error;
      this.submission = submissionFor(print, undefined);
      this.saveDraft();
      return this.options.send(values, this.submission.key);
    }
  }

  private succeed(outcome: Outcome<R>, values: Values): void {
    this.outcome = outcome;
    this.submission = undefined;
    this.drafts?.clear();
    this.values = {};
    this.errors = {};
    const t = this.options.t();
    this.setState(outcome.queued ? 'queued' : 'done', outcome.queued ? t('queued') : t('done'));
    if (this.options.isLead !== false) {
      const reference = this.options.reference?.(outcome.result);
      emit(
        this.host,
        new CarstrelLeadSubmittedEvent({ kind: this.kind as LeadKind, reference, queued: outcome.queued }),
      );
    }
    this.options.onSuccess?.(outcome, values);
    this.focusAfterUpdate(`#${this.id}-result`);
  }

  private fail(error: CarstrelApiError, values: Values): void {
    const refined = this.options.refine?.(error, values);
    const fieldNames = this.options.fields().map((f) => f.name);
    const mapped = refined?.fields
      ? { fields: refined.fields, rest: [] }
      : error.status === 400 || error.status === 422
        ? mapServerErrors(error.envelope, fieldNames)
        : { fields: {}, rest: [] };

    emit(
      this.host,
      new CarstrelFormErrorEvent({
        kind: this.kind,
        status: error.status,
        message: refined?.message ?? error.envelope.message,
      }),
    );
    if (Object.keys(mapped.fields).length) {
      this.errors = mapped.fields;
      if (refined?.message || mapped.rest.length)
        this.failure = { status: error.status, message: refined?.message ?? mapped.rest.join(' '), retryable: false };
      return this.showFieldErrors(mapped.rest);
    }
    this.failure = this.failureFrom(error, refined?.message);
    this.setState('failed', this.options.t()('failed', { message: this.failure.message }));
    if (this.failure.retryIn) this.startCountdown();
  }

  private failureFrom(error: CarstrelApiError, refinedMessage?: string): Failure {
    const t = this.options.t();
    if (error.status === 429) {
      const seconds = Math.max(1, Math.ceil(error.retryAfter ?? 30));
      return { status: 429, message: t('retryIn', { seconds }), retryable: true, retryIn: seconds };
    }
    const message =
      refinedMessage ??
      (error.status === 0 || error.status >= 500
        ? `${error.envelope.message} ${t('unavailable')}`
        : error.envelope.message);
    return { status: error.status, message, retryable: error.retryable };
  }

  /** Problems shown on fields: state back to idle, summary announced, first field focused. */
  private showFieldErrors(rest: string[]): void {
    const names = Object.keys(this.errors);
    const labels = this.options
      .fields()
      .filter((f) => names.includes(f.name))
      .map((f) => f.label);
    const summary = [this.options.t()('fixFields', { count: names.length, fields: labels.join(', ') }), ...rest].join(
      ' ',
    );
    this.setState('idle', summary);
    const first = this.options.fields().find((f) => names.includes(f.name));
    if (first) this.focusAfterUpdate(`#${this.id}-${first.name}`);
  }

  private honeypotFilled(form: HTMLFormElement): boolean {
    const trap = form.elements.namedItem(HONEYPOT);
    return trap instanceof HTMLInputElement && trap.value !== '';
  }

  /** A bot filled the honeypot: show success, send nothing, keep nothing. */
  private pretendSent(): void {
    this.drafts?.clear();
    this.values = {};
    this.outcome = { queued: false };
    this.setState('done', this.options.t()('done'));
  }

  /** Back to an empty form after done/queued ("send another"); `focus` moves focus to its first field. */
  reset(focus = true): void {
    this.state = 'idle';
    this.outcome = undefined;
    this.failure = undefined;
    this.announcement = '';
    this.host.requestUpdate();
    const first = this.options.fields()[0];
    if (first && focus) this.focusAfterUpdate(`#${this.id}-${first.name}`);
  }

  // ---- 429 countdown ----

  private startCountdown(): void {
    this.stopCountdown();
    this.countdown = setInterval(() => {
      const f = this.failure;
      if (!f?.retryIn) return this.stopCountdown();
      f.retryIn -= 1;
      f.message = f.retryIn > 0 ? this.options.t()('retryIn', { seconds: f.retryIn }) : f.message;
      if (f.retryIn <= 0) this.stopCountdown();
      this.host.requestUpdate();
    }, 1000);
  }

  private stopCountdown(): void {
    if (this.countdown !== undefined) clearInterval(this.countdown);
    this.countdown = undefined;
  }

  // ---- state, announcements, focus ----

  private setState(state: FormState, announcement: string): void {
    this.state = state;
    this.announcement = announcement;
    this.host.requestUpdate();
  }

  /** Moves focus once the next render is in the DOM. */
  focusAfterUpdate(selector: string): void {
    void this.host.updateComplete.then(() => {
      const target = this.host.querySelector<HTMLElement>(selector);
      target?.focus();
    });
  }
}

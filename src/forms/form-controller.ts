/**
 * The shared form foundation: one `FormController` per `<form>` holds the values and the
 * submission state (idle → sending → done | queued | failed), announces every change in the live
 * region and moves focus where the shopper continues. The concerns it coordinates live beside it:
 * what an element declares (`./form-options.ts`), validation (`./validation.ts`), the draft and
 * its `Idempotency-Key` (`./form-draft.ts`), sending (`./delivery.ts`), refusals
 * (`./refusal.ts`) and the 429 countdown (`./retry-countdown.ts`). Elements render with
 * `./render.ts`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CarstrelApiError } from '../api/client.js';
import { CarstrelFormErrorEvent, CarstrelLeadSubmittedEvent, emit } from '../shared/events.js';
import { consentField } from './consent.js';
import { asApiError, deliver } from './delivery.js';
import { focusAfterUpdate } from './focus.js';
import { FormDraft } from './form-draft.js';
import type { ConsentSpec, FieldSpec, FormKind, FormOptions, Outcome, Values } from './form-options.js';
import { honeypotFilled } from './honeypot.js';
import { readRefusal, type Failure } from './refusal.js';
import { RetryCountdown } from './retry-countdown.js';
import { fieldErrorSummary, firstInError, revalidate, validateAll, type FieldErrors } from './validation.js';

export type FormState = 'idle' | 'sending' | 'done' | 'queued' | 'failed';

let nextId = 0;
/** Per copy of this module, so that two bundles on one page never produce the same ids. */
const idPrefix = `carstrel-f${Math.random().toString(36).slice(2, 6)}`;

export class FormController<R = unknown> implements ReactiveController {
  state: FormState = 'idle';
  values: Values = {};
  errors: FieldErrors = {};
  failure: Failure | undefined;
  outcome: Outcome<R> | undefined;
  /** Text of the element's live region (`role="status"`). */
  announcement = '';
  /** Prefix of the ids of this form's inputs, hints and errors (unique on the page). */
  readonly id = `${idPrefix}-${++nextId}`;

  /** Handles the form's `submit` event (Enter in a field or the submit button). */
  readonly onFormSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    void this.submit(event.target instanceof HTMLFormElement ? event.target : null);
  };

  private readonly draft: FormDraft;
  private readonly countdown: RetryCountdown;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: FormOptions<R>,
  ) {
    this.draft = new FormDraft(
      () => options.fields(),
      () => this.values,
    );
    this.countdown = new RetryCountdown(
      host,
      () => this.failure,
      (seconds) => options.t()('retryIn', { seconds }),
    );
    host.addController(this);
  }

  get busy(): boolean {
    return this.state === 'sending';
  }

  private get kind(): FormKind {
    const k = this.options.kind;
    return typeof k === 'function' ? k() : k;
  }

  /** The consent asked before sending (the element's `consent-text`), if any. */
  get consent(): ConsentSpec | undefined {
    return this.options.consent?.();
  }

  /** The element's fields, and the consent checkbox last when consent is asked. */
  private get fields(): FieldSpec[] {
    const consent = this.consent;
    const fields = this.options.fields();
    return consent ? [...fields, consentField(consent, this.options.t())] : fields;
  }

  hostConnected(): void {
    const restored = this.draft.restore(this.options.storageKey());
    if (restored) this.values = { ...this.values, ...restored };
  }

  /** Keeps the native constraint API in step with the messages shown (`:invalid`, `validity`). */
  hostUpdated(): void {
    for (const spec of this.fields) {
      const control = this.host.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
        `#${this.id}-${spec.name}`,
      );
      control?.setCustomValidity(this.errors[spec.name] ?? '');
    }
  }

  // ---- values ----

  /** Sets values the shopper has not typed (e.g. from the logged-in customer); never overwrites. */
  prefill(values: Values): void {
    const added = Object.fromEntries(Object.entries(values).filter(([k, v]) => v && !this.values[k]));
    if (Object.keys(added).length === 0) return;
    this.values = { ...this.values, ...added };
    this.host.requestUpdate();
  }

  /** Takes back prefilled values the shopper has not changed (e.g. after logout). */
  unfill(values: Values): void {
    const kept = Object.fromEntries(Object.entries(this.values).filter(([k, v]) => !(k in values) || values[k] !== v));
    if (Object.keys(kept).length === Object.keys(this.values).length) return;
    this.values = kept;
    this.draft.save();
    this.host.requestUpdate();
  }

  /** A field changed; the fields that depend on it (`clears`) are emptied. */
  input(name: string, value: string): void {
    const changed = (this.values[name] ?? '') !== value;
    const cleared = (changed && this.fields.find((f) => f.name === name)?.clears) || [];
    this.values = { ...this.values, ...Object.fromEntries(cleared.map((k) => [k, ''])), [name]: value };
    if (this.errors[name]) this.errors = revalidate(this.errors, this.fields, name, this.values, this.options.t());
    if (this.state === 'done' || this.state === 'queued') this.state = 'idle';
    this.draft.save();
    this.host.requestUpdate();
  }

  /** On leaving a field: show its problem if it has content (empty fields wait for submit). */
  blur(name: string): void {
    // Not when the form is being replaced (done, queued): removing a focused input fires blur mid-render.
    if (this.state !== 'idle' && this.state !== 'failed') return;
    if (!this.values[name]) return;
    this.errors = revalidate(this.errors, this.fields, name, this.values, this.options.t());
    this.host.requestUpdate();
  }

  // ---- submission ----

  async submit(form?: HTMLFormElement | null): Promise<void> {
    if (this.busy || (this.failure?.retryIn ?? 0) > 0) return;
    if (form && honeypotFilled(form)) return this.pretendSent();
    this.errors = validateAll(this.fields, this.values, this.options.t());
    if (Object.keys(this.errors).length) return this.showFieldErrors([]);
    const blocked = this.options.precheck?.();
    if (blocked) {
      this.failure = { status: 0, message: blocked, retryable: false };
      return this.setState('failed', blocked);
    }

    const values = { ...this.values };
    this.setState('sending', this.options.t()('sending'));
    this.failure = undefined;
    try {
      this.succeed(await deliver(this.options, this.draft, values), values);
    } catch (error) {
      this.fail(asApiError(error), values);
    }
  }

  /** Back to an empty form after done/queued ("send another"); `focus` moves focus to its first field. */
  reset(focus = true): void {
    this.state = 'idle';
    this.outcome = undefined;
    this.failure = undefined;
    this.announcement = '';
    this.host.requestUpdate();
    const first = this.fields[0];
    if (first && focus) focusAfterUpdate(this.host, `#${this.id}-${first.name}`);
  }

  private succeed(outcome: Outcome<R>, values: Values): void {
    this.outcome = outcome;
    this.draft.clear();
    this.values = {};
    this.errors = {};
    const t = this.options.t();
    this.setState(outcome.queued ? 'queued' : 'done', outcome.queued ? t('queued') : t('done'));
    const kind = this.kind;
    if (kind !== 'login') {
      const reference = this.options.reference?.(outcome.result);
      emit(this.host, new CarstrelLeadSubmittedEvent({ kind, reference, queued: outcome.queued }));
    }
    this.options.onSuccess?.(outcome, values);
    focusAfterUpdate(this.host, `#${this.id}-result`);
  }

  private fail(error: CarstrelApiError, values: Values): void {
    const refined = this.options.refine?.(error, values);
    const message = refined?.message ?? error.envelope.message;
    emit(this.host, new CarstrelFormErrorEvent({ kind: this.kind, status: error.status, message }));
    const t = this.options.t();
    const refusal = readRefusal(
      error,
      refined,
      this.fields.map((f) => f.name),
      t,
    );
    this.failure = refusal.failure;
    if (refusal.fields) {
      this.errors = refusal.fields;
      return this.showFieldErrors(refusal.rest);
    }
    this.setState('failed', t('failed', { message: refusal.failure.message }));
    if (refusal.failure.retryIn) this.countdown.start();
  }

  /** Problems shown on fields: state back to idle, summary announced, first field in error focused. */
  private showFieldErrors(rest: string[]): void {
    this.setState('idle', fieldErrorSummary(this.fields, this.errors, rest, this.options.t()));
    const first = firstInError(this.fields, this.errors);
    if (first) focusAfterUpdate(this.host, `#${this.id}-${first.name}`);
  }

  /** A bot filled the honeypot: show success, send nothing, keep nothing. */
  private pretendSent(): void {
    this.draft.clear();
    this.values = {};
    this.outcome = { queued: false };
    this.setState('done', this.options.t()('done'));
  }

  private setState(state: FormState, announcement: string): void {
    this.state = state;
    this.announcement = announcement;
    this.host.requestUpdate();
  }
}

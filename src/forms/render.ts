/**
 * Templates shared by every CarStrel form: a labelled field with its hint and error, the
 * honeypot, the live region, the failure notice and the submit button. Everything is rendered
 * as text (Lit bindings); ids come from the form's controller, so several forms can share a page.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { CONSENT } from './consent.js';
import type { FormController } from './form-controller.js';
import type { FieldSpec } from './form-options.js';
import { HONEYPOT } from './honeypot.js';

export function fieldId(form: FormController<unknown>, name: string): string {
  return `${form.id}-${name}`;
}

function describedBy(id: string, spec: FieldSpec, error: string | undefined): string | undefined {
  const ids = [spec.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function onFieldInput(form: FormController<unknown>, name: string) {
  return (event: Event) => {
    const control = event.target;
    if (
      control instanceof HTMLInputElement ||
      control instanceof HTMLTextAreaElement ||
      control instanceof HTMLSelectElement
    )
      form.input(name, control.value);
  };
}

/**
 * A `<select>`: an empty first option (the placeholder), then the choices. Selection is bound on
 * the options, so a value restored from the draft shows as soon as its option arrives.
 */
function renderSelect(
  form: FormController<unknown>,
  spec: FieldSpec,
  common: { describedBy: string | undefined; invalid: string | undefined },
): TemplateResult {
  const id = fieldId(form, spec.name);
  const value = form.values[spec.name] ?? '';
  return html`<select
    part="input select"
    id=${id}
    name=${spec.name}
    autocomplete=${spec.autocomplete}
    ?required=${spec.required}
    ?disabled=${spec.disabled}
    aria-invalid=${ifDefined(common.invalid)}
    aria-describedby=${ifDefined(common.describedBy)}
    @input=${onFieldInput(form, spec.name)}
    @blur=${() => form.blur(spec.name)}
  >
    <option value="" .selected=${value === ''}>${spec.placeholder ?? ''}</option>
    ${(spec.options ?? []).map((o) => html`<option value=${o.value} .selected=${o.value === value}>${o.label}</option>`)}
  </select>`;
}

/** A real, labelled `<input>` (or `<textarea>`) with the right name, type and autocomplete. */
export function renderField(form: FormController<unknown>, spec: FieldSpec, optionalText: string): TemplateResult {
  const id = fieldId(form, spec.name);
  const error = form.errors[spec.name];
  const value = form.values[spec.name] ?? '';
  const common = {
    describedBy: describedBy(id, spec, error),
    invalid: error ? 'true' : undefined,
  };
  const control =
    spec.type === 'select'
      ? renderSelect(form, spec, common)
      : spec.type === 'textarea'
        ? html`<textarea
            part="input"
            id=${id}
            name=${spec.name}
            autocomplete=${spec.autocomplete}
            rows="5"
            maxlength=${ifDefined(spec.maxLength)}
            ?required=${spec.required}
            aria-invalid=${ifDefined(common.invalid)}
            aria-describedby=${ifDefined(common.describedBy)}
            .value=${live(value)}
            @input=${onFieldInput(form, spec.name)}
            @blur=${() => form.blur(spec.name)}
          ></textarea>`
        : html`<input
            part="input"
            id=${id}
            name=${spec.name}
            type=${spec.type ?? 'text'}
            autocomplete=${spec.autocomplete}
            inputmode=${ifDefined(spec.inputMode)}
            min=${ifDefined(spec.min)}
            maxlength=${ifDefined(spec.maxLength)}
            ?required=${spec.required}
            aria-invalid=${ifDefined(common.invalid)}
            aria-describedby=${ifDefined(common.describedBy)}
            .value=${live(value)}
            @input=${onFieldInput(form, spec.name)}
            @blur=${() => form.blur(spec.name)}
          />`;
  return html`<div class="field" part="field" data-field=${spec.name}>
    <label part="label" for=${id}
      >${spec.label}${spec.required ? nothing : html` <span class="optional">${optionalText}</span>`}</label
    >
    ${control} ${spec.hint ? html`<p class="hint" part="hint" id=${`${id}-hint`}>${spec.hint}</p>` : nothing}
    ${error ? html`<p class="error" part="error" id=${`${id}-error`}>${error}</p>` : nothing}
  </div>`;
}

/**
 * The consent checkbox, when the form asks for consent (`consent-text`): unticked until the
 * shopper ticks it, labelled with the dealer's text, with the privacy policy link beside it (never
 * inside the label, so that following it does not tick the box). Place it before the submit button.
 */
export function renderConsent(form: FormController<unknown>): TemplateResult | typeof nothing {
  const consent = form.consent;
  if (!consent) return nothing;
  const id = fieldId(form, CONSENT);
  const error = form.errors[CONSENT];
  const onChange = (event: Event) => {
    if (event.target instanceof HTMLInputElement) form.input(CONSENT, event.target.checked ? 'true' : '');
  };
  return html`<div class="field consent" part="field consent" data-field=${CONSENT}>
    <div class="consent-choice">
      <input
        part="checkbox"
        id=${id}
        name=${CONSENT}
        type="checkbox"
        required
        aria-invalid=${ifDefined(error ? 'true' : undefined)}
        aria-describedby=${ifDefined(error ? `${id}-error` : undefined)}
        .checked=${live(form.values[CONSENT] === 'true')}
        @change=${onChange}
      />
      <label part="label consent-label" for=${id}>${consent.text}</label>
    </div>
    ${
      consent.privacyHref
        ? html`<a class="privacy" part="privacy" href=${consent.privacyHref} target="_blank" rel="noopener noreferrer"
            >${consent.privacyLabel}<span class="visually-hidden"> ${consent.newTabLabel}</span></a
          >`
        : nothing
    }
    ${error ? html`<p class="error" part="error" id=${`${id}-error`}>${error}</p>` : nothing}
  </div>`;
}

/** Off-screen, out of the tab order and hidden from assistive technology; only bots fill it. */
export function renderHoneypot(form: FormController<unknown>, label: string): TemplateResult {
  const id = fieldId(form, HONEYPOT);
  return html`<div class="honeypot" aria-hidden="true">
    <label for=${id}>${label}</label>
    <input id=${id} name=${HONEYPOT} type="text" tabindex="-1" autocomplete="off" />
  </div>`;
}

/** The polite live region through which every state change is announced. */
export function renderLiveRegion(form: FormController<unknown>): TemplateResult {
  return html`<div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
    ${form.announcement}
  </div>`;
}

/** The visible reason a submission failed (the live region announces it). */
export function renderFailure(form: FormController<unknown>): TemplateResult | typeof nothing {
  const f = form.failure;
  if (!f) return nothing;
  return html`<p class="notice notice--error" part="notice failure" id=${`${form.id}-failure`}>${f.message}</p>`;
}

/**
 * The submit button: "Try again" after a retryable failure (same Idempotency-Key), kept focusable
 * while sending (`aria-disabled`, not `disabled`, so focus does not fall to the page).
 */
export function renderSubmit(
  form: FormController<unknown>,
  label: string,
  retryLabel: string,
  sendingLabel: string,
): TemplateResult {
  const waiting = form.busy || (form.failure?.retryIn ?? 0) > 0;
  const text = form.busy ? sendingLabel : form.state === 'failed' && form.failure?.retryable ? retryLabel : label;
  return html`<button
    class="submit"
    part="submit"
    type="submit"
    aria-disabled=${waiting ? 'true' : 'false'}
    aria-describedby=${ifDefined(form.failure ? `${form.id}-failure` : undefined)}
  >
    ${text}
  </button>`;
}

/** Texts of the outcome panel, in the form's language. */
export interface ResultText {
  title: string;
  body: string;
  /** "Reference: …" when upstream gave the lead an id. */
  reference?: string;
  startOver: string;
  /** What happened, for the page's CSS and tests (`data-outcome`), when the element tells several outcomes apart. */
  outcome?: string;
}

/**
 * The panel shown once a lead is stored upstream or queued by the proxy: its title takes focus
 * (see the controller), the reference is shown, and "start over" resets the form.
 */
export function renderResult(form: FormController<unknown>, text: ResultText): TemplateResult {
  const queued = form.state === 'queued';
  return html`<div
    part="result"
    class="result ${queued ? 'result--queued' : ''}"
    data-outcome=${ifDefined(text.outcome)}
  >
    <h2 class="title" id=${`${form.id}-result`} tabindex="-1">${text.title}</h2>
    <p>${text.body}</p>
    ${text.reference ? html`<p class="reference" part="reference">${text.reference}</p>` : nothing}
    <button class="secondary" part="again" type="button" @click=${() => form.reset()}>${text.startOver}</button>
  </div>`;
}

/**
 * The `<form>` of a lead form, named by its visible heading when the dealer set one (`heading`
 * attribute), else by an accessible label, so every form is a named landmark either way.
 */
export function renderForm(
  form: FormController<unknown>,
  naming: { heading: string; label: string },
  content: unknown,
): TemplateResult {
  const titleId = `${form.id}-title`;
  const { heading, label } = naming;
  return html`<form
    part="form"
    novalidate
    aria-labelledby=${heading ? titleId : nothing}
    aria-label=${heading ? nothing : label}
    @submit=${form.onFormSubmit}
  >
    ${heading ? html`<h2 class="title" id=${titleId}>${heading}</h2>` : nothing} ${content}
  </form>`;
}

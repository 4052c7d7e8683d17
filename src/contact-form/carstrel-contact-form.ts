import { html, type PropertyDeclarations } from 'lit';
import type { ContactBody, ContactResult } from '../api/types.js';
import { CarstrelFormElement } from '../forms/carstrel-form-element.js';
import { FormController } from '../forms/form-controller.js';
import { trimmed, type FieldSpec } from '../forms/form-options.js';
import { emailField, nameField } from '../forms/person-fields.js';
import {
  renderConsent,
  renderFailure,
  renderField,
  renderForm,
  renderHoneypot,
  renderLiveRegion,
  renderResult,
  renderSubmit,
} from '../forms/render.js';
import { maxLength, required } from '../forms/validators.js';
import { defineElement } from '../shared/define.js';
import { styles } from './carstrel-contact-form.styles.js';
import { contactMessages } from './messages.js';

/**
 * A contact form: name, email, subject and message, sent to the dealer through the proxy
 * (`POST /external/contact/submit`, with an `Idempotency-Key`). Shows the reference id on success.
 * Renders into light DOM so browser autofill works (see `CarstrelFormElement`); style it with the
 * tokens and parts below.
 *
 * Parts — the element renders in light DOM, so `::part()` does not apply: select them with
 * `carstrel-contact-form [part~="submit"]` in the page's CSS (a stable, documented styling API).
 *
 * @summary Contact form that never loses or duplicates a message.
 *
 * @csspart form - The `<form>`.
 * @csspart field - A label, its input, hint and error.
 * @csspart label - A field's `<label>`.
 * @csspart input - A field's `<input>` or `<textarea>`.
 * @csspart hint - A field's help text.
 * @csspart error - A field's error message.
 * @csspart consent - The consent checkbox's field (with `consent-text`).
 * @csspart checkbox - The consent checkbox.
 * @csspart privacy - The privacy policy link beside it (with `privacy-href`).
 * @csspart submit - The submit button (also "Try again").
 * @csspart failure - Why the last submission failed.
 * @csspart result - The confirmation shown once sent or queued.
 * @csspart again - The "Send another" button in the confirmation.
 * @csspart reference - The reference id in the confirmation.
 *
 * @cssproperty --carstrel-color-primary - Submit button and links.
 * @cssproperty --carstrel-color-danger - Field errors and failure notices.
 * @cssproperty --carstrel-color-success - Border of the confirmation.
 * @cssproperty --carstrel-radius - Corner radius of the confirmation.
 * @cssproperty --carstrel-font-family - Font (inherits from the page by default).
 *
 * @fires carstrel-lead-submitted - The message was stored (`queued: false`) or queued by the proxy; `detail.reference` is its reference id.
 * @fires carstrel-form-error - The message was refused or could not be sent; `detail.message` says why.
 */
export class CarstrelContactForm extends CarstrelFormElement {
  static override formStyles = [styles];

  /** Reactive properties (a static table, not decorators: see CarstrelElement). */
  static override properties: PropertyDeclarations = {
    storageKey: { attribute: 'storage-key' },
    heading: {},
    subject: {},
  };

  /** Key of the draft in session storage; set it when a page has several contact forms. */
  storageKey = '';

  /** A visible title above the form (none by default: the dealer's page usually has one). The form is labelled either way. */
  heading = '';

  /** Subject preset by the page (e.g. "Question about financing"); the shopper can change it. */
  subject = '';

  private readonly form = new FormController<ContactResult>(this, {
    kind: 'contact',
    idempotent: true,
    fields: () => this.fields(),
    storageKey: () => this.draftKey(this.storageKey),
    t: () => this.formT,
    consent: () => this.consent(),
    send: async (values, idempotencyKey) => {
      const body: ContactBody = {
        name: trimmed(values, 'name'),
        email: trimmed(values, 'email'),
        message: trimmed(values, 'message'),
      };
      const subject = trimmed(values, 'subject');
      if (subject) body.subject = subject;
      const res = await this.client.post<ContactResult>('/external/contact/submit', body, { idempotencyKey });
      return { queued: res.queued, result: res.queued ? undefined : res.body.data };
    },
    reference: (result) => result?.referenceId,
  });

  private get t() {
    return this.messages(contactMessages);
  }

  private fields(): FieldSpec[] {
    const t = this.t;
    return [
      nameField(t('name')),
      emailField(t('email')),
      { name: 'subject', label: t('subject'), autocomplete: 'off', validators: [maxLength(200)] },
      {
        name: 'message',
        label: t('message'),
        type: 'textarea',
        autocomplete: 'off',
        required: true,
        validators: [required(), maxLength(5000)],
      },
    ];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.subject) this.form.prefill({ subject: this.subject });
  }

  override render() {
    const form = this.form;
    const heading = this.heading;
    return html`
      ${renderLiveRegion(form)}
      ${form.state === 'done' || form.state === 'queued' ? this.renderResult() : this.renderForm(heading)}
    `;
  }

  private renderForm(heading: string) {
    const form = this.form;
    const ft = this.formT;
    return renderForm(
      form,
      { heading, label: this.t('heading') },
      html`${this.fields().map((f) => renderField(form, f, ft('optional')))} ${renderHoneypot(form, ft('honeypot'))}
      ${renderConsent(form)} ${renderFailure(form)} ${renderSubmit(form, this.t('send'), ft('retry'), ft('sending'))}`,
    );
  }

  private renderResult() {
    const form = this.form;
    const queued = form.state === 'queued';
    const reference = form.outcome?.result?.referenceId;
    return renderResult(form, {
      title: queued ? this.t('queuedTitle') : this.t('sentTitle'),
      body: queued ? this.formT('queued') : this.t('sentBody'),
      reference: reference ? this.formT('reference', { id: reference }) : undefined,
      startOver: this.formT('startOver'),
    });
  }
}

defineElement('carstrel-contact-form', CarstrelContactForm);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-contact-form': CarstrelContactForm;
  }
}

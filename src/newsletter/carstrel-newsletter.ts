import { html } from 'lit';
import { property } from 'lit/decorators.js';
import type { NewsletterResult } from '../api/types.js';
import { CarstrelFormElement } from '../forms/carstrel-form-element.js';
import { FormController, type FieldSpec } from '../forms/form-controller.js';
import {
  renderFailure,
  renderField,
  renderForm,
  renderHoneypot,
  renderLiveRegion,
  renderSubmit,
} from '../forms/render.js';
import { email, required } from '../forms/validators.js';
import { defineElement } from '../shared/define.js';
import { styles } from './carstrel-newsletter.styles.js';
import { rememberSubscription, subscribedHere } from './memory.js';
import { newsletterMessages } from './messages.js';

export type NewsletterMode = 'subscribe' | 'unsubscribe';

interface NewsletterOutcome {
  mode: NewsletterMode;
  email: string;
  /** The address was already subscribed (nothing changed upstream). */
  already: boolean;
}

/** The envelope of subscribe/unsubscribe: `data` echoes the state, `message` may say what happened. */
interface NewsletterAnswer {
  message?: string;
  data?: Partial<NewsletterResult> & { alreadySubscribed?: boolean };
}

function wasAlreadySubscribed(answer: NewsletterAnswer | undefined): boolean {
  return answer?.data?.alreadySubscribed === true || /already/i.test(answer?.message ?? '');
}

/**
 * Newsletter subscription and unsubscription (`POST /external/newsletter/subscribe|unsubscribe`,
 * with an `Idempotency-Key`). Opens in unsubscribe mode when the page URL carries
 * `?unsubscribe=<email>` (the link in the newsletter's footer); the shopper confirms with a button,
 * so that link scanners never unsubscribe anyone.
 *
 * Parts — the element renders in light DOM, so `::part()` does not apply: select them with
 * `carstrel-newsletter [part~="submit"]` in the page's CSS (a stable, documented styling API).
 *
 * @summary Newsletter sign-up with unsubscribe links and an 'already subscribed' state.
 *
 * @csspart form - The `<form>`.
 * @csspart field - A label, its input, hint and error.
 * @csspart label - A field's `<label>`.
 * @csspart input - A field's `<input>` or `<textarea>`.
 * @csspart hint - A field's help text.
 * @csspart error - A field's error message.
 * @csspart submit - The submit button (also "Try again").
 * @csspart failure - Why the last submission failed.
 * @csspart switch - The link between subscribe and unsubscribe.
 * @csspart result - The confirmation shown once sent or queued.
 * @csspart again - The "Send another" button in the confirmation.
 *
 * @cssproperty --carstrel-color-primary - Button and links.
 * @cssproperty --carstrel-color-danger - Field errors and failure notices.
 * @cssproperty --carstrel-color-success - Border of the confirmation.
 * @cssproperty --carstrel-font-family - Font (inherits from the page by default).
 *
 * @fires carstrel-lead-submitted - Subscribed (`kind: 'newsletter'`) or unsubscribed (`kind: 'newsletter-unsubscribe'`); `queued` when the proxy will deliver it later.
 * @fires carstrel-form-error - The request was refused or could not be sent.
 */
export class CarstrelNewsletter extends CarstrelFormElement {
  static override formStyles = [styles];

  /** `subscribe` (default) or `unsubscribe`. */
  @property({ reflect: true }) mode: NewsletterMode = 'subscribe';

  /** Query parameter that opens the element in unsubscribe mode with the address filled in. */
  @property({ attribute: 'unsubscribe-param' }) unsubscribeParam = 'unsubscribe';

  /** Key of the draft in session storage; set it when a page has several newsletter forms. */
  @property({ attribute: 'storage-key' }) storageKey = '';

  /** A visible title above the form (none by default: the dealer's page usually has one). The form is labelled either way. */
  @property() heading = '';

  private get t() {
    return this.messages(newsletterMessages);
  }

  private readonly form = new FormController<NewsletterOutcome>(this, {
    kind: () => (this.mode === 'unsubscribe' ? 'newsletter-unsubscribe' : 'newsletter'),
    idempotent: true,
    fields: () => this.fields(),
    storageKey: () => this.draftKey(this.storageKey),
    t: () => this.formT,
    fingerprintOf: (values) => ({ ...values, mode: this.mode }),
    send: async (values, idempotencyKey) => {
      const mode = this.mode;
      const address = values.email!.trim();
      const res = await this.client.post<NewsletterResult>(
        `/external/newsletter/${mode}`,
        { email: address },
        { idempotencyKey },
      );
      const answer = res.body as NewsletterAnswer | undefined;
      const already = mode === 'subscribe' && !res.queued && (wasAlreadySubscribed(answer) || subscribedHere(address));
      rememberSubscription(address, mode === 'subscribe');
      return { queued: res.queued, result: { mode, email: address, already } };
    },
  });

  private fields(): FieldSpec[] {
    return [
      {
        name: 'email',
        label: this.t('email'),
        type: 'email',
        autocomplete: 'email',
        required: true,
        validators: [required(), email()],
      },
    ];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.readUnsubscribeLink();
  }

  /** `?unsubscribe=<email>` → unsubscribe mode with the address filled in. */
  private readUnsubscribeLink(): void {
    const value = new URLSearchParams(location.search).get(this.unsubscribeParam);
    if (value === null) return;
    this.mode = 'unsubscribe';
    if (value.includes('@')) this.form.prefill({ email: value });
  }

  private switchMode(): void {
    this.mode = this.mode === 'subscribe' ? 'unsubscribe' : 'subscribe';
    this.form.reset();
  }

  override render() {
    const done = this.form.state === 'done' || this.form.state === 'queued';
    return html`${renderLiveRegion(this.form)} ${done ? this.renderResult() : this.renderForm()}`;
  }

  private renderForm() {
    const form = this.form;
    const t = this.t;
    const ft = this.formT;
    const unsubscribing = this.mode === 'unsubscribe';
    const heading = unsubscribing ? t('unsubscribeHeading') : this.heading;
    return renderForm(
      form,
      { heading, label: t('heading') },
      html`<p class="intro">${unsubscribing ? t('unsubscribeIntro') : t('intro')}</p>
        <div class="row">
          ${this.fields().map((f) => renderField(form, f, ft('optional')))}
          ${renderSubmit(form, unsubscribing ? t('unsubscribe') : t('subscribe'), ft('retry'), ft('sending'))}
        </div>
        ${renderHoneypot(form, ft('honeypot'))} ${renderFailure(form)}
        <button class="link" part="switch" type="button" @click=${() => this.switchMode()}>
          ${unsubscribing ? t('toSubscribe') : t('toUnsubscribe')}
        </button>`,
    );
  }

  private renderResult() {
    const form = this.form;
    const t = this.t;
    const outcome = form.outcome?.result;
    const address = outcome?.email ?? '';
    const queued = form.state === 'queued';
    const [title, body] = queued
      ? [t('queuedTitle'), this.formT('queued')]
      : outcome?.mode === 'unsubscribe'
        ? [t('unsubscribedTitle'), t('unsubscribedBody', { email: address })]
        : outcome?.already
          ? [t('alreadyTitle'), t('alreadyBody', { email: address })]
          : [t('subscribedTitle'), t('subscribedBody', { email: address })];
    return html`<div
      part="result"
      class="result ${queued ? 'result--queued' : ''}"
      data-outcome=${queued ? 'queued' : outcome?.already ? 'already' : (outcome?.mode ?? 'subscribe')}
    >
      <h2 class="title" id=${`${form.id}-result`} tabindex="-1">${title}</h2>
      <p>${body}</p>
      <button class="secondary" part="again" type="button" @click=${() => form.reset()}>
        ${this.formT('startOver')}
      </button>
    </div>`;
  }
}

defineElement('carstrel-newsletter', CarstrelNewsletter);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-newsletter': CarstrelNewsletter;
  }
}

import { html, type PropertyDeclarations } from 'lit';
import type { Envelope, NewsletterResult } from '../api/types.js';
import { CarstrelFormElement } from '../forms/carstrel-form-element.js';
import { FormController } from '../forms/form-controller.js';
import { trimmed, type FieldSpec, type Outcome, type Values } from '../forms/form-options.js';
import { emailField } from '../forms/person-fields.js';
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

/** What subscribe/unsubscribe answer: `data` echoes the state, `message` says what happened. */
type NewsletterAnswer = Envelope<NewsletterResult & { alreadySubscribed?: boolean }>;

/** The contract's `Already subscribed` message (or an upstream's `data.alreadySubscribed`). */
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
 * @csspart consent - The consent checkbox's field (with `consent-text`).
 * @csspart checkbox - The consent checkbox.
 * @csspart privacy - The privacy policy link beside it (with `privacy-href`).
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

  /** Reactive properties (a static table, not decorators: see CarstrelElement). */
  static override properties: PropertyDeclarations = {
    mode: { reflect: true },
    unsubscribeParam: { attribute: 'unsubscribe-param' },
    storageKey: { attribute: 'storage-key' },
    heading: {},
  };

  /** `subscribe` (default) or `unsubscribe`. */
  mode: NewsletterMode = 'subscribe';

  /** Query parameter that opens the element in unsubscribe mode with the address filled in. */
  unsubscribeParam = 'unsubscribe';

  /** Key of the draft in session storage; set it when a page has several newsletter forms. */
  storageKey = '';

  /** A visible title above the form (none by default: the dealer's page usually has one). The form is labelled either way. */
  heading = '';

  private readonly form = new FormController<NewsletterOutcome>(this, {
    kind: () => (this.mode === 'unsubscribe' ? 'newsletter-unsubscribe' : 'newsletter'),
    idempotent: true,
    fields: () => this.fields(),
    storageKey: () => this.draftKey(this.storageKey),
    t: () => this.formT,
    consent: () => this.consent(),
    fingerprintOf: (values) => ({ ...values, mode: this.mode }),
    send: (values, idempotencyKey) => this.send(values, idempotencyKey),
  });

  private get t() {
    return this.messages(newsletterMessages);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.readUnsubscribeLink();
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
          ${this.fields().map((f) => renderField(form, f, ft('optional')))} ${renderConsent(form)}
          ${renderSubmit(form, unsubscribing ? t('unsubscribe') : t('subscribe'), ft('retry'), ft('sending'))}
        </div>
        ${renderHoneypot(form, ft('honeypot'))} ${renderFailure(form)}
        <button class="link" part="switch" type="button" @click=${() => this.onSwitchClick()}>
          ${unsubscribing ? t('toSubscribe') : t('toUnsubscribe')}
        </button>`,
    );
  }

  private renderResult() {
    const t = this.t;
    const outcome = this.form.outcome?.result;
    const address = outcome?.email ?? '';
    const queued = this.form.state === 'queued';
    const [title, body] = queued
      ? [t('queuedTitle'), this.formT('queued')]
      : outcome?.mode === 'unsubscribe'
        ? [t('unsubscribedTitle'), t('unsubscribedBody', { email: address })]
        : outcome?.already
          ? [t('alreadyTitle'), t('alreadyBody', { email: address })]
          : [t('subscribedTitle'), t('subscribedBody', { email: address })];
    return renderResult(this.form, {
      title,
      body,
      startOver: this.formT('startOver'),
      outcome: queued ? 'queued' : outcome?.already ? 'already' : (outcome?.mode ?? 'subscribe'),
    });
  }

  private fields(): FieldSpec[] {
    return [emailField(this.t('email'))];
  }

  private async send(values: Values, idempotencyKey: string | undefined): Promise<Outcome<NewsletterOutcome>> {
    const mode = this.mode;
    const address = trimmed(values, 'email');
    const res = await this.client.post<NewsletterAnswer['data']>(
      `/external/newsletter/${mode}`,
      { email: address },
      { idempotencyKey },
    );
    const already = mode === 'subscribe' && !res.queued && (wasAlreadySubscribed(res.body) || subscribedHere(address));
    rememberSubscription(address, mode === 'subscribe');
    return { queued: res.queued, result: { mode, email: address, already } };
  }

  /** `?unsubscribe=<email>` → unsubscribe mode with the address filled in. */
  private readUnsubscribeLink(): void {
    const value = new URLSearchParams(location.search).get(this.unsubscribeParam);
    if (value === null) return;
    this.mode = 'unsubscribe';
    if (value.includes('@')) this.form.prefill({ email: value });
  }

  private onSwitchClick(): void {
    this.mode = this.mode === 'subscribe' ? 'unsubscribe' : 'subscribe';
    this.form.reset();
  }
}

defineElement('carstrel-newsletter', CarstrelNewsletter);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-newsletter': CarstrelNewsletter;
  }
}

import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CarstrelApiError } from '../api/client.js';
import type { RegisterBody } from '../api/types.js';
import { CarstrelFormElement } from '../forms/carstrel-form-element.js';
import { FormController, type FieldSpec } from '../forms/form-controller.js';
import {
  fieldId,
  renderFailure,
  renderField,
  renderHoneypot,
  renderLiveRegion,
  renderSubmit,
} from '../forms/render.js';
import { email, maxLength, minLength, phone, required } from '../forms/validators.js';
import { defineElement } from '../shared/define.js';
import { styles } from './carstrel-login.styles.js';
import { loginMessages } from './messages.js';
import { session, type SessionState } from './session.js';

export type LoginTab = 'login' | 'register';

/**
 * Customer login and registration (tabs), the logged-in customer (`/external/auth/me`) and logout.
 *
 * The session is the page's one session store (`./session.ts`): every widget sees the same
 * customer, and `carstrel-session-change` fires on `window` when it changes. It survives a reload
 * through the proxy's httpOnly cookie, which page JavaScript cannot read. The password is sent
 * once and never stored: not in the draft nor any storage, cleared from the form once logged in,
 * never logged.
 * Renders into light DOM so that password managers offer to fill and save the credentials
 * (see `CarstrelFormElement`).
 *
 * Parts — the element renders in light DOM, so `::part()` does not apply: select them with
 * `carstrel-login [part~="submit"]` in the page's CSS (a stable, documented styling API).
 *
 * @summary Log in, register, show the logged-in customer and log out.
 *
 * @csspart form - The `<form>`.
 * @csspart field - A label, its input, hint and error.
 * @csspart label - A field's `<label>`.
 * @csspart input - A field's `<input>` or `<textarea>`.
 * @csspart hint - A field's help text.
 * @csspart error - A field's error message.
 * @csspart submit - The submit button (also "Try again").
 * @csspart failure - Why the last submission failed.
 * @csspart tabs - The tab list (log in / register).
 * @csspart tab - Each tab.
 * @csspart notice - Why the customer is logged out, or a welcome.
 * @csspart login-instead - "Log in with this email instead" after a taken email.
 * @csspart account - The logged-in customer.
 * @csspart logout - The log-out button.
 *
 * @cssproperty --carstrel-color-primary - Buttons, links and the selected tab.
 * @cssproperty --carstrel-color-danger - Field errors and failure notices.
 * @cssproperty --carstrel-color-border - Tab bar and inputs.
 * @cssproperty --carstrel-font-family - Font (inherits from the page by default).
 *
 * @fires carstrel-lead-submitted - A registration was stored (`kind: 'registration'`, `detail.reference` is the user id) or queued.
 * @fires carstrel-form-error - Login or registration refused (`kind: 'login'` or `'registration'`).
 * @fires carstrel-session-change - On `window`: logged in, registered, logged out or expired.
 */
export class CarstrelLogin extends CarstrelFormElement {
  static override formStyles = [styles];

  /** The tab shown first: `login` (default) or `register`. */
  @property({ reflect: true }) tab: LoginTab = 'login';

  /** Key of the drafts in session storage (only names, email and phone are kept; never the password). */
  @property({ attribute: 'storage-key' }) storageKey = '';

  @state() private session: SessionState = session().current;
  /** Shown above the forms: why the customer is logged out, or a welcome after login. */
  @state() private notice = '';
  /** The registration was refused because the email is already a customer here. */
  @state() private offerLogin = false;
  @state() private sessionAnnouncement = '';
  @state() private loggingOut = false;

  private unsubscribe: (() => void) | undefined;
  private readonly ids = `carstrel-login-${Math.random().toString(36).slice(2, 8)}`;

  private get t() {
    return this.messages(loginMessages);
  }

  private readonly loginForm = new FormController<SessionState>(this, {
    kind: 'login',
    isLead: false,
    idempotent: false,
    fields: () => this.loginFields(),
    storageKey: () => this.draftKey(this.storageKey, 'login'),
    t: () => this.formT,
    send: async (values) => ({
      queued: false,
      result: await session().login(this.client, { email: values.email!.trim(), password: values.password! }),
    }),
    refine: (error) => (error.status === 401 ? { fields: { password: this.t('wrongPassword') } } : undefined),
    onSuccess: () => this.afterAuthentication(),
  });

  private readonly registerForm = new FormController<SessionState>(this, {
    kind: 'registration',
    idempotent: true,
    fields: () => this.registerFields(),
    storageKey: () => this.draftKey(this.storageKey, 'register'),
    t: () => this.formT,
    send: async (values, idempotencyKey) => {
      const { state, queued } = await session().register(this.client, this.registerBody(values), idempotencyKey);
      return { queued, result: state };
    },
    reference: (s) => s?.user?.id,
    refine: (error) => this.refineRegistration(error),
    onSuccess: (outcome) =>
      outcome.queued ? (this.notice = this.t('registrationQueued')) : this.afterAuthentication(),
  });

  private loginFields(): FieldSpec[] {
    const t = this.t;
    return [
      {
        name: 'email',
        label: t('email'),
        type: 'email',
        autocomplete: 'username',
        required: true,
        validators: [required(), email()],
      },
      {
        name: 'password',
        label: t('password'),
        type: 'password',
        autocomplete: 'current-password',
        required: true,
        secret: true,
        validators: [required(), maxLength(128)],
      },
    ];
  }

  private registerFields(): FieldSpec[] {
    const t = this.t;
    return [
      {
        name: 'firstName',
        label: t('firstName'),
        autocomplete: 'given-name',
        required: true,
        validators: [required(), maxLength(100)],
      },
      {
        name: 'lastName',
        label: t('lastName'),
        autocomplete: 'family-name',
        required: true,
        validators: [required(), maxLength(100)],
      },
      {
        name: 'email',
        label: t('email'),
        type: 'email',
        autocomplete: 'username',
        required: true,
        validators: [required(), email()],
      },
      {
        name: 'password',
        label: t('password'),
        type: 'password',
        autocomplete: 'new-password',
        required: true,
        secret: true,
        hint: t('newPasswordHint'),
        validators: [required(), minLength(8), maxLength(128)],
      },
      { name: 'phone', label: t('phone'), type: 'tel', autocomplete: 'tel', validators: [phone()] },
    ];
  }

  private registerBody(values: Record<string, string>): RegisterBody {
    const body: RegisterBody = {
      email: values.email!.trim(),
      password: values.password!,
      firstName: values.firstName!.trim(),
      lastName: values.lastName!.trim(),
    };
    if (values.phone?.trim()) body.phone = { mobile: values.phone.trim() };
    return body;
  }

  /** 409: the email is taken. Shown on the email field, with "log in instead" when it is a customer here. */
  private refineRegistration(error: CarstrelApiError) {
    this.offerLogin = false;
    if (error.status !== 409) return undefined;
    this.offerLogin = /log in/i.test(error.envelope.message);
    return { fields: { email: error.envelope.message } };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const store = session();
    this.unsubscribe = store.subscribe(this.onSession);
    store.restore(this.client).catch(() => undefined); // unreachable: show the forms; login will say why
    document.addEventListener('visibilitychange', this.onVisibility);
    window.addEventListener('pageshow', this.onPageShow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.removeEventListener('pageshow', this.onPageShow);
  }

  /** Back on the tab: check the session is still alive (expired sessions return to the forms). */
  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'visible')
      session()
        .revalidate(this.client)
        .catch(() => undefined);
  };

  /** Back from the back/forward cache: the session may have ended meanwhile. */
  private readonly onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted)
      session()
        .revalidate(this.client)
        .catch(() => undefined);
  };

  private readonly onSession = (s: SessionState): void => {
    const was = this.session.status;
    this.session = s;
    if (s.status === 'anonymous' && was === 'authenticated') {
      // Focus follows only if it was in the account view that disappears (never stolen from the page).
      const focusWasHere = this.contains(document.activeElement) || document.activeElement === document.body;
      this.loginForm.reset(false);
      this.registerForm.reset(false);
      this.tab = 'login';
      this.notice = s.reason === 'expired' ? this.t('expired') : this.t('loggedOut');
      this.sessionAnnouncement = this.notice;
      if (focusWasHere) this.focusLater(`#${fieldId(this.loginForm, 'email')}`);
    }
  };

  private afterAuthentication(): void {
    const s = session().current;
    const name = [s.user?.firstName, s.user?.lastName].filter(Boolean).join(' ');
    this.notice = s.isNewUser ? this.t('welcomeNewUser') : s.isNewCustomer ? this.t('welcomeNewCustomer') : '';
    this.sessionAnnouncement = this.t('loggedIn', { name });
    this.offerLogin = false;
    this.focusLater(`#${this.ids}-account`);
  }

  private focusLater(selector: string): void {
    void this.updateComplete.then(() => this.querySelector<HTMLElement>(selector)?.focus());
  }

  private async logout(): Promise<void> {
    if (this.loggingOut) return;
    this.loggingOut = true;
    this.sessionAnnouncement = this.t('loggingOut');
    try {
      await session().logout(this.client);
    } catch (error) {
      const message = error instanceof CarstrelApiError ? error.envelope.message : String(error);
      this.notice = this.t('logoutFailed', { message });
      this.sessionAnnouncement = this.notice;
    } finally {
      this.loggingOut = false;
    }
  }

  // ---- tabs (WAI-ARIA tabs pattern, automatic activation) ----

  private select(tab: LoginTab, focus = false): void {
    this.tab = tab;
    if (focus) this.focusLater(`#${this.ids}-tab-${tab}`);
  }

  private onTabKey(event: KeyboardEvent): void {
    const order: LoginTab[] = ['login', 'register'];
    const i = order.indexOf(this.tab);
    const next = { ArrowRight: order[(i + 1) % 2], ArrowLeft: order[(i + 1) % 2], Home: order[0], End: order[1] }[
      event.key
    ];
    if (!next) return;
    event.preventDefault();
    this.select(next, true);
  }

  private loginInstead(): void {
    const address = this.registerForm.values.email ?? '';
    this.loginForm.prefill({ email: address });
    this.offerLogin = false;
    this.select('login');
    this.focusLater(`#${fieldId(this.loginForm, address ? 'password' : 'email')}`);
  }

  // ---- rendering ----

  override render() {
    const live = html`<div class="visually-hidden" role="status" aria-live="polite">${this.sessionAnnouncement}</div>`;
    const s = this.session;
    if (s.status === 'authenticated') return html`${live}${this.renderAccount()}`;
    if (s.status === 'checking' || s.status === 'unknown') {
      return html`${live}
        <p class="notice" role="status">${this.t('checking')}</p>`;
    }
    return html`${live}${this.renderForms()}`;
  }

  private renderAccount() {
    const s = this.session;
    const u = s.user!;
    const name = [u.firstName, u.lastName].filter(Boolean).join(' ') || u.email;
    const since = s.customer?.memberSince ? new Date(s.customer.memberSince) : undefined;
    return html`<section class="account" part="account" aria-labelledby=${`${this.ids}-account`}>
      <h2 class="title" id=${`${this.ids}-account`} tabindex="-1">${this.t('signedInAs', { name })}</h2>
      ${this.notice ? html`<p class="notice" part="notice">${this.notice}</p>` : nothing}
      <p>${u.email}</p>
      ${
        since && !Number.isNaN(since.getTime())
          ? html`<p>
              ${this.t('memberSince', { date: since.toLocaleDateString(this.lang || document.documentElement.lang || undefined) })}
            </p>`
          : nothing
      }
      <button
        class="secondary"
        part="logout"
        type="button"
        aria-disabled=${this.loggingOut ? 'true' : 'false'}
        @click=${() => this.logout()}
      >
        ${this.t('logOut')}
      </button>
    </section>`;
  }

  private renderForms() {
    const t = this.t;
    const tabs: Array<[LoginTab, string]> = [
      ['login', t('loginTab')],
      ['register', t('registerTab')],
    ];
    return html`<section aria-label=${t('label')}>
      <div role="tablist" part="tabs" aria-label=${t('label')} @keydown=${this.onTabKey}>
        ${tabs.map(
          ([tab, label]) =>
            html`<button
              role="tab"
              part="tab"
              type="button"
              id=${`${this.ids}-tab-${tab}`}
              aria-selected=${this.tab === tab ? 'true' : 'false'}
              aria-controls=${`${this.ids}-panel-${tab}`}
              tabindex=${this.tab === tab ? '0' : '-1'}
              @click=${() => this.select(tab)}
            >
              ${label}
            </button>`,
        )}
      </div>
      ${this.notice ? html`<p class="notice notice--warning" part="notice">${this.notice}</p>` : nothing}
      <div
        role="tabpanel"
        id=${`${this.ids}-panel-login`}
        aria-labelledby=${`${this.ids}-tab-login`}
        ?hidden=${this.tab !== 'login'}
      >
        ${this.renderLoginForm()}
      </div>
      <div
        role="tabpanel"
        id=${`${this.ids}-panel-register`}
        aria-labelledby=${`${this.ids}-tab-register`}
        ?hidden=${this.tab !== 'register'}
      >
        ${this.renderRegisterForm()}
      </div>
    </section>`;
  }

  private renderLoginForm() {
    const form = this.loginForm;
    const ft = this.formT;
    return html`${renderLiveRegion(form)}
      <form part="form" novalidate aria-label=${this.t('loginTab')} @submit=${form.onSubmit}>
        ${this.loginFields().map((f) => renderField(form, f, ft('optional')))} ${renderFailure(form)}
        ${renderSubmit(form, this.t('logIn'), ft('retry'), ft('sending'))}
      </form>`;
  }

  private renderRegisterForm() {
    const form = this.registerForm;
    const ft = this.formT;
    const [first, last, ...rest] = this.registerFields();
    return html`${renderLiveRegion(form)}
      <form part="form" novalidate aria-label=${this.t('registerTab')} @submit=${form.onSubmit}>
        <div class="names">
          ${renderField(form, first!, ft('optional'))} ${renderField(form, last!, ft('optional'))}
        </div>
        ${rest.map((f) => renderField(form, f, ft('optional')))} ${renderHoneypot(form, ft('honeypot'))}
        ${renderFailure(form)}
        ${this.offerLogin ? html`<button class="link" part="login-instead" type="button" @click=${() => this.loginInstead()}>${this.t('loginInstead')}</button>` : nothing}
        ${renderSubmit(form, this.t('createAccount'), ft('retry'), ft('sending'))}
      </form>`;
  }
}

defineElement('carstrel-login', CarstrelLogin);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-login': CarstrelLogin;
  }
}

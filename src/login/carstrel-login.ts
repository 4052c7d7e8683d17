import { html, nothing, type PropertyDeclarations } from 'lit';
import type { CarstrelApiError } from '../api/client.js';
import { CarstrelFormElement } from '../forms/carstrel-form-element.js';
import { asApiError } from '../forms/delivery.js';
import { focusAfterUpdate } from '../forms/focus.js';
import { FormController } from '../forms/form-controller.js';
import type { Outcome } from '../forms/form-options.js';
import {
  fieldId,
  renderConsent,
  renderFailure,
  renderField,
  renderForm,
  renderHoneypot,
  renderLiveRegion,
  renderSubmit,
} from '../forms/render.js';
import { defineElement } from '../shared/define.js';
import { styles } from './carstrel-login.styles.js';
import { loginBody, loginFields, registerBody, registerFields } from './login-fields.js';
import { renderAccount, renderTabs, type LoginTab } from './login-views.js';
import { loginMessages } from './messages.js';
import { SessionController } from './session-controller.js';
import { session, SessionCookieRefused, type SessionState } from './session.js';

export type { LoginTab } from './login-views.js';

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
 * @csspart consent - The consent checkbox's field (with `consent-text`, on the register tab).
 * @csspart checkbox - The consent checkbox.
 * @csspart privacy - The privacy policy link beside it (with `privacy-href`).
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

  /** Reactive properties (a static table, not decorators: see CarstrelElement). */
  static override properties: PropertyDeclarations = {
    tab: { reflect: true },
    storageKey: { attribute: 'storage-key' },
    notice: { state: true, attribute: false },
    offerLogin: { state: true, attribute: false },
    sessionAnnouncement: { state: true, attribute: false },
    loggingOut: { state: true, attribute: false },
  };

  /** The tab shown first: `login` (default) or `register`. */
  tab: LoginTab = 'login';

  /** Key of the drafts in session storage (only names, email and phone are kept; never the password). */
  storageKey = '';

  /** Shown above the forms: why the customer is logged out, or a welcome after login. */
  private notice = '';
  /** The registration was refused because the email is already a customer here. */
  private offerLogin = false;
  private sessionAnnouncement = '';
  private loggingOut = false;

  /** Prefix of the ids of the tabs, panels and account heading (unique on the page). */
  private readonly ids = `carstrel-login-${Math.random().toString(36).slice(2, 8)}`;

  private readonly loginForm = new FormController<SessionState>(this, {
    kind: 'login',
    idempotent: false,
    fields: () => loginFields(this.t),
    storageKey: () => this.draftKey(this.storageKey, 'login'),
    t: () => this.formT,
    send: async (values) => ({ queued: false, result: await session().login(this.client, loginBody(values)) }),
    refine: (error) =>
      error instanceof SessionCookieRefused
        ? { message: this.t('cookieRefused') }
        : error.status === 401
          ? { fields: { password: this.t('wrongPassword') } }
          : undefined,
    onSuccess: () => this.onAuthenticated(),
  });

  private readonly registerForm = new FormController<SessionState>(this, {
    kind: 'registration',
    idempotent: true,
    fields: () => registerFields(this.t),
    storageKey: () => this.draftKey(this.storageKey, 'register'),
    t: () => this.formT,
    consent: () => this.consent(),
    send: async (values, idempotencyKey) => {
      const { state, queued } = await session().register(this.client, registerBody(values), idempotencyKey);
      return { queued, result: state };
    },
    reference: (s) => s?.user?.id,
    refine: (error) => this.refineRegistration(error),
    onSuccess: (outcome) => this.onRegistrationSuccess(outcome),
  });

  /** The customer's session; declared after the forms, so their drafts are restored first. */
  private readonly customerSession = new SessionController(this, {
    client: () => this.client,
    restore: 'always',
    revalidate: true,
    onChange: (s, previous) => this.onSessionChange(s, previous),
  });

  private get t() {
    return this.messages(loginMessages);
  }

  override render() {
    const live = html`<div class="visually-hidden" role="status" aria-live="polite">${this.sessionAnnouncement}</div>`;
    const s = this.customerSession.state;
    if (s.status === 'authenticated' && s.user) {
      return html`${live}${renderAccount({
        user: s.user,
        customer: s.customer,
        notice: this.notice,
        lang: this.lang || document.documentElement.lang || undefined,
        headingId: `${this.ids}-account`,
        loggingOut: this.loggingOut,
        onLogoutClick: () => void this.onLogoutClick(),
        t: this.t,
      })}`;
    }
    if (s.status === 'checking' || s.status === 'unknown') {
      return html`${live}
        <p class="notice" role="status">${this.t('checking')}</p>`;
    }
    return html`${live}${renderTabs({
      ids: this.ids,
      selected: this.tab,
      notice: this.notice,
      t: this.t,
      onTabClick: (tab) => this.onTabClick(tab),
      onTabKeydown: (event) => this.onTabKeydown(event),
      panels: { login: this.renderLoginForm(), register: this.renderRegisterForm() },
    })}`;
  }

  private renderLoginForm() {
    const form = this.loginForm;
    const ft = this.formT;
    return html`${renderLiveRegion(form)}
    ${renderForm(
      form,
      { heading: '', label: this.t('loginTab') },
      html`${loginFields(this.t).map((f) => renderField(form, f, ft('optional')))} ${renderFailure(form)}
      ${renderSubmit(form, this.t('logIn'), ft('retry'), ft('sending'))}`,
    )}`;
  }

  private renderRegisterForm() {
    const form = this.registerForm;
    const ft = this.formT;
    const [first, last, ...rest] = registerFields(this.t).map((f) => renderField(form, f, ft('optional')));
    const loginInstead = this.offerLogin
      ? html`<button class="link" part="login-instead" type="button" @click=${() => this.onLoginInsteadClick()}>
          ${this.t('loginInstead')}
        </button>`
      : nothing;
    return html`${renderLiveRegion(form)}
    ${renderForm(
      form,
      { heading: '', label: this.t('registerTab') },
      html`<div class="names">${first} ${last}</div>
        ${rest} ${renderHoneypot(form, ft('honeypot'))} ${renderConsent(form)} ${renderFailure(form)} ${loginInstead}
        ${renderSubmit(form, this.t('createAccount'), ft('retry'), ft('sending'))}`,
    )}`;
  }

  /** 409: the email is taken. Shown on the email field, with "log in instead" when it is a customer here. */
  private refineRegistration(error: CarstrelApiError) {
    this.offerLogin = false;
    if (error.status !== 409) return undefined;
    this.offerLogin = /log in/i.test(error.envelope.message);
    return { fields: { email: error.envelope.message } };
  }

  private onSessionChange(s: SessionState, previous: SessionState): void {
    if (s.status !== 'anonymous' || previous.status !== 'authenticated') return;
    // Focus follows only if it was in the account view that disappears (never stolen from the page).
    const focusWasHere = this.contains(document.activeElement) || document.activeElement === document.body;
    this.loginForm.reset(false);
    this.registerForm.reset(false);
    this.tab = 'login';
    this.notice = s.reason === 'expired' ? this.t('expired') : this.t('loggedOut');
    this.sessionAnnouncement = this.notice;
    if (focusWasHere) focusAfterUpdate(this, `#${fieldId(this.loginForm, 'email')}`);
  }

  private onAuthenticated(): void {
    const s = session().current;
    const name = [s.user?.firstName, s.user?.lastName].filter(Boolean).join(' ');
    this.notice = s.isNewUser ? this.t('welcomeNewUser') : s.isNewCustomer ? this.t('welcomeNewCustomer') : '';
    this.sessionAnnouncement = this.t('loggedIn', { name });
    this.offerLogin = false;
    focusAfterUpdate(this, `#${this.ids}-account`);
  }

  private onRegistrationSuccess(outcome: Outcome<SessionState>): void {
    if (outcome.queued) this.notice = this.t('registrationQueued');
    else this.onAuthenticated();
  }

  private async onLogoutClick(): Promise<void> {
    if (this.loggingOut) return;
    this.loggingOut = true;
    this.sessionAnnouncement = this.t('loggingOut');
    try {
      await session().logout(this.client);
    } catch (error) {
      this.notice = this.t('logoutFailed', { message: asApiError(error).envelope.message });
      this.sessionAnnouncement = this.notice;
    } finally {
      this.loggingOut = false;
    }
  }

  // ---- tabs (WAI-ARIA tabs pattern, automatic activation) ----

  private onTabClick(tab: LoginTab, focus = false): void {
    this.tab = tab;
    if (focus) focusAfterUpdate(this, `#${this.ids}-tab-${tab}`);
  }

  /** Arrow keys move to the other tab, Home and End to the first and last; focus follows. */
  private onTabKeydown(event: KeyboardEvent): void {
    const order: LoginTab[] = ['login', 'register'];
    const other = order[(order.indexOf(this.tab) + 1) % order.length];
    const next = { ArrowRight: other, ArrowLeft: other, Home: order[0], End: order[1] }[event.key];
    if (!next) return;
    event.preventDefault();
    this.onTabClick(next, true);
  }

  /** After "email already registered": the login form with that address, focus where to go on. */
  private onLoginInsteadClick(): void {
    const address = this.registerForm.values.email ?? '';
    this.loginForm.prefill({ email: address });
    this.offerLogin = false;
    this.tab = 'login';
    focusAfterUpdate(this, `#${fieldId(this.loginForm, address ? 'password' : 'email')}`);
  }
}

defineElement('carstrel-login', CarstrelLogin);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-login': CarstrelLogin;
  }
}

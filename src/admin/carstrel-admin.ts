import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { defineElement } from '../shared/define.js';
import { AdminApi, AdminApiError } from './api.js';
import type { AdminKey } from './messages.js';
import { AdminView } from './view.js';
import './customers.js';
import './overview.js';
import './outbox.js';
import './health.js';

type Section = 'customers' | 'overview' | 'outbox' | 'health';
const SECTIONS: Section[] = ['customers', 'overview', 'outbox', 'health'];

/**
 * @summary The dealer console (`/admin` on the proxy): sign-in with the console password, then the
 * dealer's customers, statistics, lead outbox and the proxy's health. Served by the proxy on its
 * own page and script; never part of the dealer pages' bundle.
 *
 * @attr base - Path of the console on the proxy (default `/admin`; `/d/<id>/admin` for a tenant).
 * @attr lang - `en` or `fr` (default: the page's language).
 */
export class CarstrelAdmin extends AdminView {
  @property() base = '/admin';

  @state() private phase: 'checking' | 'signed-out' | 'signed-in' = 'checking';
  @state() private section: Section = 'customers';
  @state() private signInError = '';
  @state() private signingIn = false;
  /** Said once the session ended on its own (a 401 while signed in). */
  @state() private ended = false;

  /** Where focus goes after the next render. */
  private focusTarget = '';

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.lang) this.lang = document.documentElement.lang === 'fr' ? 'fr' : 'en';
    this.addEventListener('carstrel-admin-signed-out', this.onSessionEnd);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('carstrel-admin-signed-out', this.onSessionEnd);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('base') || !this.api) this.api = new AdminApi(this.base);
  }

  protected override firstUpdated(): void {
    void this.api.session().then(
      () => (this.phase = 'signed-in'),
      () => (this.phase = 'signed-out'),
    );
  }

  protected override updated(): void {
    if (!this.focusTarget) return;
    const el = this.renderRoot.querySelector<HTMLElement>(this.focusTarget);
    if (el) {
      this.focusTarget = '';
      el.focus();
    }
  }

  private readonly onSessionEnd = (): void => {
    if (this.phase !== 'signed-in') return;
    this.phase = 'signed-out';
    this.ended = true;
    this.focusTarget = '#password';
  };

  private async onSignInSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const password = String(new FormData(form).get('password') ?? '');
    this.signingIn = true;
    this.signInError = '';
    try {
      await this.api.signIn(password);
      this.phase = 'signed-in';
      this.ended = false;
      this.focusTarget = 'h1';
    } catch (err) {
      this.signInError =
        err instanceof AdminApiError && err.status === 401
          ? this.t('wrongPassword')
          : err instanceof AdminApiError && err.status === 429
            ? this.t('tooMany')
            : this.describe(err);
      form.reset();
      this.focusTarget = '#password';
    } finally {
      this.signingIn = false;
    }
  }

  private async onSignOutClick(): Promise<void> {
    await this.api.signOut().catch(() => undefined);
    this.phase = 'signed-out';
    this.focusTarget = '#password';
  }

  private onSectionClick(section: Section): void {
    this.section = section;
  }

  private onLanguageChange(e: Event): void {
    this.lang = (e.target as HTMLSelectElement).value;
  }

  override render(): TemplateResult {
    const t = this.t;
    return html`<header class="row">
        <h1 tabindex="-1">${t('title')}</h1>
        <div>
          <label for="lang">${t('language')}</label>
          <select id="lang" @change=${this.onLanguageChange}>
            <option value="en" ?selected=${this.lang !== 'fr'}>English</option>
            <option value="fr" ?selected=${this.lang === 'fr'}>Français</option>
          </select>
        </div>
        ${
          this.phase === 'signed-in'
            ? html`<button type="button" class="secondary" @click=${this.onSignOutClick}>${t('signOut')}</button>`
            : nothing
        }
      </header>
      <main>
        ${
          this.phase === 'checking'
            ? this.renderLoading()
            : this.phase === 'signed-out'
              ? this.renderSignIn()
              : this.renderConsole()
        }
      </main>`;
  }

  private renderSignIn(): TemplateResult {
    const t = this.t;
    return html`<form @submit=${this.onSignInSubmit} aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">${t('signInTitle')}</h2>
      ${this.ended ? html`<p role="status">${t('sessionEnded')}</p>` : nothing}
      <p>
        <label for="password">${t('password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          aria-invalid=${this.signInError ? 'true' : 'false'}
          aria-describedby=${this.signInError ? 'sign-in-error' : nothing}
        />
      </p>
      <div role="alert" id="sign-in-error">${this.signInError}</div>
      <button type="submit" ?disabled=${this.signingIn}>${this.signingIn ? t('signingIn') : t('signIn')}</button>
    </form>`;
  }

  private renderConsole(): TemplateResult {
    const t = this.t;
    const view =
      this.section === 'customers'
        ? html`<carstrel-admin-customers lang=${this.lang} .api=${this.api}></carstrel-admin-customers>`
        : this.section === 'overview'
          ? html`<carstrel-admin-overview lang=${this.lang} .api=${this.api}></carstrel-admin-overview>`
          : this.section === 'outbox'
            ? html`<carstrel-admin-outbox lang=${this.lang} .api=${this.api}></carstrel-admin-outbox>`
            : html`<carstrel-admin-health lang=${this.lang} .api=${this.api}></carstrel-admin-health>`;
    return html`<nav aria-label=${t('sections')}>
        <ul class="row" role="list" style="list-style:none;padding:0">
          ${SECTIONS.map(
            (s) =>
              html`<li>
                <button
                  type="button"
                  class=${s === this.section ? '' : 'secondary'}
                  aria-current=${s === this.section ? 'page' : 'false'}
                  @click=${() => this.onSectionClick(s)}
                >
                  ${t(s as AdminKey)}
                </button>
              </li>`,
          )}
        </ul>
      </nav>
      ${view}`;
  }
}

defineElement('carstrel-admin', CarstrelAdmin);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-admin': CarstrelAdmin;
  }
}

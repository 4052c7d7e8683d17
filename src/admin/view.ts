import { LitElement, html, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { translator, type Translate } from '../shared/i18n.js';
import { AdminApiError, type AdminApi } from './api.js';
import { adminMessages, type AdminKey } from './messages.js';
import { adminStyles } from './styles.js';

/** The session ended (a 401 from any console route): the app shows the sign-in form again. */
export class AdminSignedOutEvent extends Event {
  constructor() {
    super('carstrel-admin-signed-out', { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'carstrel-admin-signed-out': AdminSignedOutEvent;
  }
}

/** What every view of the console shares: the API, its language (`lang`, set by the app), errors. */
export abstract class AdminView extends LitElement {
  static override styles = [adminStyles];

  /** The console's API (set by `carstrel-admin`). */
  @property({ attribute: false }) api!: AdminApi;

  /** `lang` stays the native attribute; a change re-renders in the new language. */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && old !== value) this.requestUpdate();
  }

  protected get t(): Translate<AdminKey> {
    return translator(adminMessages, this.lang || 'en');
  }

  /** A failure as text for the user; a 401 also tells the app the session is over. */
  protected describe(e: unknown): string {
    if (e instanceof AdminApiError) {
      if (e.status === 401) this.dispatchEvent(new AdminSignedOutEvent());
      if (e.status === 0) return this.t('unreachable');
      return e.message || `HTTP ${e.status}`;
    }
    return e instanceof Error ? e.message : String(e);
  }

  protected renderError(e: unknown, retry: () => void): TemplateResult {
    return html`<div class="alert" role="alert">
      <p>${this.t('error', { message: this.describe(e) })}</p>
      <button type="button" class="secondary" @click=${retry}>${this.t('retry')}</button>
    </div>`;
  }

  protected renderLoading(): TemplateResult {
    return html`<p role="status">${this.t('loading')}</p>`;
  }

  protected date(iso: string | null | undefined): string {
    if (!iso) return this.t('none');
    const d = new Date(iso);
    return Number.isNaN(d.getTime())
      ? iso
      : new Intl.DateTimeFormat(this.lang || 'en', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  }

  protected number(n: number): string {
    return new Intl.NumberFormat(this.lang || 'en').format(n);
  }
}

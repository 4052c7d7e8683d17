/**
 * The two views of `carstrel-login`: the logged-in customer (with "log out"), and the log in /
 * register forms as WAI-ARIA tabs. Everything from the API is rendered as text.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CustomerUser, MeResult } from '../api/types.js';
import type { Translate } from '../shared/i18n.js';
import type { LoginMessageKey } from './messages.js';

export type LoginTab = 'login' | 'register';

const TABS: readonly LoginTab[] = ['login', 'register'];

export interface AccountView {
  user: CustomerUser;
  customer: MeResult['customer'] | undefined;
  /** A welcome, or why logging out failed. */
  notice: string;
  /** Language of the "customer since" date. */
  lang: string | undefined;
  /** Id of the heading that takes focus once logged in. */
  headingId: string;
  loggingOut: boolean;
  onLogoutClick(): void;
  t: Translate<LoginMessageKey>;
}

export function renderAccount(view: AccountView): TemplateResult {
  const { user, t } = view;
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email;
  const since = view.customer?.memberSince ? new Date(view.customer.memberSince) : undefined;
  return html`<section class="account" part="account" aria-labelledby=${view.headingId}>
    <h2 class="title" id=${view.headingId} tabindex="-1">${t('signedInAs', { name })}</h2>
    ${view.notice ? html`<p class="notice" part="notice">${view.notice}</p>` : nothing}
    <p>${user.email}</p>
    ${
      since && !Number.isNaN(since.getTime())
        ? html`<p>${t('memberSince', { date: since.toLocaleDateString(view.lang) })}</p>`
        : nothing
    }
    <button
      class="secondary"
      part="logout"
      type="button"
      aria-disabled=${view.loggingOut ? 'true' : 'false'}
      @click=${() => view.onLogoutClick()}
    >
      ${t('logOut')}
    </button>
  </section>`;
}

export interface TabsView {
  /** Prefix of the tabs' and panels' ids. */
  ids: string;
  selected: LoginTab;
  /** Why the customer is logged out (expired, logged out), or that a registration is queued. */
  notice: string;
  panels: Record<LoginTab, TemplateResult>;
  onTabClick(tab: LoginTab): void;
  onTabKeydown(event: KeyboardEvent): void;
  t: Translate<LoginMessageKey>;
}

export function renderTabs(view: TabsView): TemplateResult {
  const { ids, selected, t } = view;
  const labels: Record<LoginTab, string> = { login: t('loginTab'), register: t('registerTab') };
  return html`<section aria-label=${t('label')}>
    <div role="tablist" part="tabs" aria-label=${t('label')} @keydown=${(e: KeyboardEvent) => view.onTabKeydown(e)}>
      ${TABS.map(
        (tab) =>
          html`<button
            role="tab"
            part="tab"
            type="button"
            id=${`${ids}-tab-${tab}`}
            aria-selected=${selected === tab ? 'true' : 'false'}
            aria-controls=${`${ids}-panel-${tab}`}
            tabindex=${selected === tab ? '0' : '-1'}
            @click=${() => view.onTabClick(tab)}
          >
            ${labels[tab]}
          </button>`,
      )}
    </div>
    ${view.notice ? html`<p class="notice notice--warning" part="notice">${view.notice}</p>` : nothing}
    ${TABS.map(
      (tab) =>
        html`<div
          role="tabpanel"
          id=${`${ids}-panel-${tab}`}
          aria-labelledby=${`${ids}-tab-${tab}`}
          ?hidden=${selected !== tab}
        >
          ${view.panels[tab]}
        </div>`,
    )}
  </section>`;
}

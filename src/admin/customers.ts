import { Task } from '@lit/task';
import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { Customer } from '../api/types.js';
import { defineElement } from '../shared/define.js';
import type { CustomerFilter } from './api.js';
import type { AdminKey } from './messages.js';
import type { CustomerPage } from './types.js';
import { AdminView } from './view.js';
import './customer.js';

const SEGMENTS = ['new', 'regular', 'vip', 'at_risk'] as const;
const SORTS = ['createdDate', 'totalSpent', 'lastPurchaseDate', 'leadScore'] as const;
const PAGE_SIZE = 20;

const nameOf = (c: Customer): string => `${c.user.firstName} ${c.user.lastName}`.trim() || c.user.email;

/**
 * @summary The dealer's customers: search, segment, sort and pages; a customer opens in place for
 * editing (`carstrel-admin-customer`).
 */
export class CarstrelAdminCustomers extends AdminView {
  @state() private filter: CustomerFilter = {
    search: '',
    segment: '',
    sortBy: 'createdDate',
    sortOrder: 'DESC',
    page: 1,
    limit: PAGE_SIZE,
  };
  /** The customer open for editing. */
  @state() private openId = '';
  /** Bumped to load the list again (after an edit). */
  @state() private generation = 0;

  /** Where focus goes after the next render. */
  private focusTarget = '';

  private readonly list = new Task(this, {
    task: ([f], { signal }) => this.api.customers(f, signal),
    args: () => [this.filter, this.generation] as const,
  });

  protected override updated(): void {
    if (!this.focusTarget) return;
    const el = this.renderRoot.querySelector<HTMLElement>(this.focusTarget);
    if (el) {
      this.focusTarget = '';
      el.focus();
    }
  }

  private onFilterSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '');
    this.filter = {
      ...this.filter,
      search: text('search'),
      segment: text('segment'),
      sortBy: text('sortBy'),
      sortOrder: text('sortOrder'),
      page: 1,
    };
  }

  private onPageClick(page: number): void {
    this.filter = { ...this.filter, page };
    this.focusTarget = 'table';
  }

  private onCustomerOpen(id: string): void {
    this.openId = id;
  }

  private onCustomerBack(): void {
    this.focusTarget = `button[data-id="${CSS.escape(this.openId)}"]`;
    this.openId = '';
    this.generation++;
  }

  override render(): TemplateResult {
    if (this.openId)
      return html`<carstrel-admin-customer
        lang=${this.lang}
        .api=${this.api}
        customer-id=${this.openId}
        @carstrel-admin-back=${this.onCustomerBack}
      ></carstrel-admin-customer>`;
    const t = this.t;
    const f = this.filter;
    return html`<h2>${t('customers')}</h2>
      <form class="row" role="search" @submit=${this.onFilterSubmit}>
        <div>
          <label for="search">${t('search')}</label>
          <input id="search" name="search" type="search" maxlength="200" .value=${f.search} />
        </div>
        <div>
          <label for="segment">${t('segment')}</label>
          <select id="segment" name="segment">
            <option value="" ?selected=${!f.segment}>${t('anySegment')}</option>
            ${SEGMENTS.map((s) => html`<option value=${s} ?selected=${f.segment === s}>${t(s)}</option>`)}
          </select>
        </div>
        <div>
          <label for="sortBy">${t('sortBy')}</label>
          <select id="sortBy" name="sortBy">
            ${SORTS.map((s) => html`<option value=${s} ?selected=${f.sortBy === s}>${t(s)}</option>`)}
          </select>
        </div>
        <div>
          <label for="sortOrder">${t('order')}</label>
          <select id="sortOrder" name="sortOrder">
            ${(['DESC', 'ASC'] as const).map(
              (o) => html`<option value=${o} ?selected=${f.sortOrder === o}>${t(o)}</option>`,
            )}
          </select>
        </div>
        <button type="submit">${t('apply')}</button>
      </form>
      ${this.list.render({
        initial: () => this.renderLoading(),
        pending: () => (this.list.value ? this.renderPage(this.list.value, true) : this.renderLoading()),
        complete: (page) => this.renderPage(page, false),
        error: (e) => this.renderError(e, () => void this.list.run()),
      })}`;
  }

  private renderPage(page: CustomerPage, busy: boolean): TemplateResult {
    const t = this.t;
    const pages = Math.max(1, page.totalPages);
    return html`<p role="status">
        ${busy ? t('loading') : t('customersFound', { total: page.total, page: page.page, pages })}
      </p>
      ${
        page.data.length === 0
          ? html`<p>${t('noCustomers')}</p>`
          : html`<table tabindex="-1" aria-busy=${busy ? 'true' : 'false'}>
            <caption>
              ${t('pageOf', { page: page.page, pages })}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t('name')}</th>
                <th scope="col">${t('email')}</th>
                <th scope="col">${t('segment')}</th>
                <th scope="col">${t('tags')}</th>
                <th scope="col">${t('totalSpent')}</th>
                <th scope="col">${t('leadScore')}</th>
              </tr>
            </thead>
            <tbody>
              ${page.data.map((c) => this.renderRow(c))}
            </tbody>
          </table>`
      }
      <nav class="row" aria-label=${t('pageOf', { page: page.page, pages })}>
        <button
          type="button"
          class="secondary"
          ?disabled=${busy || page.page <= 1}
          @click=${() => this.onPageClick(page.page - 1)}
        >
          ${t('previous')}
        </button>
        <button
          type="button"
          class="secondary"
          ?disabled=${busy || page.page >= pages}
          @click=${() => this.onPageClick(page.page + 1)}
        >
          ${t('next')}
        </button>
      </nav>`;
  }

  private renderRow(c: Customer): TemplateResult {
    const t = this.t;
    const name = nameOf(c);
    const segment = c.classification.customerSegment as AdminKey;
    return html`<tr>
      <th scope="row">
        <button
          type="button"
          class="secondary"
          data-id=${c.id}
          aria-label=${t('open', { name })}
          @click=${() => this.onCustomerOpen(c.id)}
        >
          ${name}
        </button>
      </th>
      <td>${c.user.email}</td>
      <td>${t(segment)}${c.classification.isVip ? html` · ${t('vip')}` : nothing}</td>
      <td>${c.tags.length ? c.tags.map((tag) => html`<span class="tag">${tag}</span>`) : t('none')}</td>
      <td>${this.number(c.stats.totalSpent)}</td>
      <td>${c.classification.leadScore}</td>
    </tr>`;
  }
}

defineElement('carstrel-admin-customers', CarstrelAdminCustomers);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-admin-customers': CarstrelAdminCustomers;
  }
}

import { Task } from '@lit/task';
import { html, type TemplateResult } from 'lit';
import { defineElement } from '../shared/define.js';
import type { AdminKey } from './messages.js';
import type { ConsoleStats } from './types.js';
import { AdminView } from './view.js';

/** @summary Customer and vehicle statistics (the two `stats/summary` endpoints of CarStrel). */
export class CarstrelAdminOverview extends AdminView {
  private readonly stats = new Task(this, {
    task: ([api], { signal }) => api.stats(signal),
    args: () => [this.api] as const,
  });

  override render(): TemplateResult {
    return html`<h2>${this.t('overview')}</h2>
      ${this.stats.render({
        initial: () => this.renderLoading(),
        pending: () => this.renderLoading(),
        complete: (s) => this.renderStats(s),
        error: (e) => this.renderError(e, () => void this.stats.run()),
      })}`;
  }

  private renderCounts(title: string, counts: Record<string, number>, label: (k: string) => string): TemplateResult {
    return html`<h4>${title}</h4>
      <dl>
        ${Object.entries(counts).map(([k, n]) => html`<dt>${label(k)}</dt><dd>${this.number(n)}</dd>`)}
      </dl>`;
  }

  private renderStats(s: ConsoleStats): TemplateResult {
    const t = this.t;
    const c = s.customers;
    const v = s.vehicles;
    const seg: Record<string, AdminKey> = { new: 'new', regular: 'regular', vip: 'vip', atRisk: 'at_risk' };
    const figures: Array<[AdminKey, number]> = [
      ['totalCustomers', c.totalCustomers],
      ['vipCustomers', c.vipCustomers],
      ['totalRevenue', c.totalRevenue],
      ['averageSpent', c.averageSpent],
      ['averageLeadScore', c.averageLeadScore],
      ['newCustomersLast30Days', c.newCustomersLast30Days],
    ];
    return html`<section aria-labelledby="customer-stats">
        <h3 id="customer-stats">${t('customerStats')}</h3>
        <dl>
          ${figures.map(([k, n]) => html`<dt>${t(k)}</dt><dd>${this.number(n)}</dd>`)}
        </dl>
        ${this.renderCounts(t('bySegment'), c.segmentBreakdown, (k) => t(seg[k] ?? 'unknown'))}
      </section>
      <section aria-labelledby="vehicle-stats">
        <h3 id="vehicle-stats">${t('vehicleStats')}</h3>
        <dl>
          <dt>${t('totalVehicles')}</dt>
          <dd>${this.number(v.totalVehicles)}</dd>
          <dt>${t('availableVehicles')}</dt>
          <dd>${this.number(v.availableVehicles)}</dd>
        </dl>
        ${this.renderCounts(t('byListingType'), v.byListingType, (k) => k)}
      </section>`;
  }
}

defineElement('carstrel-admin-overview', CarstrelAdminOverview);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-admin-overview': CarstrelAdminOverview;
  }
}

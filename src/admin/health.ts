import { Task } from '@lit/task';
import { html, type TemplateResult } from 'lit';
import { defineElement } from '../shared/define.js';
import type { ConsoleReport } from './types.js';
import { AdminView } from './view.js';

/** A setting's value as text (lists joined, objects as `name=value`). */
function settingText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map(settingText).join(', ') : '—';
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}=${settingText(x)}`)
      .join(', ');
  return String(v);
}

/** @summary The proxy's health (CarStrel reachable, key accepted, lead queue) and its configuration check. */
export class CarstrelAdminHealth extends AdminView {
  private readonly report = new Task(this, {
    task: ([api], { signal }) => api.report(signal),
    args: () => [this.api] as const,
  });

  override render(): TemplateResult {
    return html`<h2>${this.t('health')}</h2>
      ${this.report.render({
        initial: () => this.renderLoading(),
        pending: () => this.renderLoading(),
        complete: (r) => this.renderReport(r),
        error: (e) => this.renderError(e, () => void this.report.run()),
      })}`;
  }

  private renderReport(r: ConsoleReport): TemplateResult {
    const t = this.t;
    const up = r.health.upstream;
    const yesNo = (b: boolean | null) => (b === null ? t('unknown') : b ? t('yes') : t('no'));
    return html`<dl>
        <dt>${t('status')}</dt>
        <dd>${r.health.status === 'ok' ? t('ok') : t('degraded')}</dd>
        <dt>${t('mode')}</dt>
        <dd>${r.health.mode}</dd>
        <dt>${t('keyAccepted')}</dt>
        <dd>${yesNo(up.keyAccepted)}</dd>
        <dt>${t('latency')}</dt>
        <dd>${up.latencyMs} ms</dd>
      </dl>
      <h3>${t('checks')}</h3>
      <ul>
        ${r.checks.map((c) => html`<li data-level=${c.level}>${c.message}</li>`)}
      </ul>
      <h3>${t('settings')}</h3>
      <dl>
        ${Object.entries(r.config).map(([k, v]) => html`<dt>${k}</dt><dd>${settingText(v)}</dd>`)}
      </dl>`;
  }
}

defineElement('carstrel-admin-health', CarstrelAdminHealth);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-admin-health': CarstrelAdminHealth;
  }
}

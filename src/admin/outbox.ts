import { Task } from '@lit/task';
import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { defineElement } from '../shared/define.js';
import type { OutboxLead, OutboxSink, OutboxView, OutboxWaiting } from './types.js';
import { AdminView } from './view.js';

/**
 * @summary The lead outbox: leads waiting for CarStrel, and each lead's delivery to the dealer's
 * own systems (webhook, ADF email), pending, delivered or failed, with "Retry now".
 */
export class CarstrelAdminOutbox extends AdminView {
  @state() private notice = '';
  @state() private generation = 0;

  private readonly outbox = new Task(this, {
    task: ([api], { signal }) => api.outbox(signal),
    args: () => [this.api, this.generation] as const,
  });

  private async onRetryClick(): Promise<void> {
    try {
      await this.api.retryNow();
      this.notice = this.t('retrying');
      // Give the deliveries a moment, then show where they stand.
      await new Promise((r) => setTimeout(r, 1000));
      this.generation++;
    } catch (err) {
      this.notice = this.describe(err);
    }
  }

  private onRefreshClick(): void {
    this.generation++;
  }

  override render(): TemplateResult {
    const t = this.t;
    return html`<h2>${t('outbox')}</h2>
      <div class="row">
        <button type="button" @click=${this.onRetryClick}>${t('retryNow')}</button>
        <button type="button" class="secondary" @click=${this.onRefreshClick}>${t('refresh')}</button>
      </div>
      <p role="status">${this.notice}</p>
      ${this.outbox.render({
        initial: () => this.renderLoading(),
        pending: () => (this.outbox.value ? this.renderOutbox(this.outbox.value) : this.renderLoading()),
        complete: (o) => this.renderOutbox(o),
        error: (e) => this.renderError(e, () => void this.outbox.run()),
      })}`;
  }

  private sinkText(name: string, s: OutboxSink): string {
    const t = this.t;
    const state = t(s.state);
    const error = s.error ? ` (${t('lastError', { error: s.error })})` : '';
    return `${name}: ${state}, ${t('attempts').toLowerCase()} ${s.attempts}${error}`;
  }

  private renderOutbox(o: OutboxView): TemplateResult {
    const t = this.t;
    const sinks = Object.entries(o.queue.sinks ?? {});
    return html`<p>${o.queue.upstream === 'up' ? t('upstreamUp') : t('upstreamDown')}</p>
      ${
        sinks.length
          ? html`<ul>
            ${sinks.map(
              ([name, s]) =>
                html`<li>
                  ${t('sinkSummary', { sink: name, pending: s.pending, failed: s.failed })}${
                    s.lastError ? html` — ${t('lastError', { error: s.lastError })}` : nothing
                  }
                </li>`,
            )}
          </ul>`
          : nothing
      }
      ${this.renderLeadTable(t('waitingUpstream'), o.waiting, [
        [t('attempts'), (w) => w.attempts],
        [t('nextAttempt'), (w) => this.date(w.nextAttempt)],
      ])}
      ${this.renderLeadTable(t('routed'), o.leads, [[t('status'), (l) => this.renderSinks(l)]])}
      ${o.leads.length || o.waiting.length ? nothing : html`<p>${t('noLeads')}</p>`}`;
  }

  /** One list of leads: reference, kind and time received, then the columns of its own. */
  private renderLeadTable<L extends OutboxWaiting | OutboxLead>(
    caption: string,
    leads: readonly L[],
    columns: readonly (readonly [heading: string, cell: (lead: L) => unknown])[],
  ): TemplateResult {
    const t = this.t;
    return html`<table>
      <caption>
        ${caption} (${leads.length})
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('reference')}</th>
          <th scope="col">${t('kind')}</th>
          <th scope="col">${t('received')}</th>
          ${columns.map(([heading]) => html`<th scope="col">${heading}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${leads.map(
          (l) =>
            html`<tr data-reference=${l.reference}>
              <th scope="row">${l.reference}</th>
              <td>${l.kind}</td>
              <td>${this.date(l.receivedAt)}</td>
              ${columns.map(([, cell]) => html`<td>${cell(l)}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderSinks(l: OutboxLead): TemplateResult {
    return html`<ul>
      ${Object.entries(l.sinks).map(([name, s]) => html`<li data-sink=${name}>${this.sinkText(name, s)}</li>`)}
    </ul>`;
  }
}

defineElement('carstrel-admin-outbox', CarstrelAdminOutbox);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-admin-outbox': CarstrelAdminOutbox;
  }
}

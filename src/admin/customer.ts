import { Task } from '@lit/task';
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Customer } from '../api/types.js';
import { defineElement } from '../shared/define.js';
import { AdminView } from './view.js';

/** Back to the list (the editor is closed). */
export class AdminBackEvent extends Event {
  constructor() {
    super('carstrel-admin-back', { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'carstrel-admin-back': AdminBackEvent;
  }
}

/** Tags typed as one line, separated by commas: trimmed, empty ones and repeats dropped. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * @summary One customer of the dealer: contact, statistics, and the dealer's own notes, tags and
 * VIP flag, edited and saved to CarStrel (`PATCH /external/customers/:id` through the console).
 */
export class CarstrelAdminCustomer extends AdminView {
  @property({ attribute: 'customer-id' }) customerId = '';

  @state() private saving = false;
  @state() private saved = false;
  @state() private saveError = '';

  /** The customer whose heading got focus when it opened (focus moves once, not after each save). */
  private focused = '';
  /** Set when the customer opened: its heading takes focus once rendered. */
  private focusHeading = false;

  private readonly customer = new Task(this, {
    task: ([id], { signal }) => this.api.customer(id, signal),
    args: () => [this.customerId] as const,
    onComplete: () => {
      if (this.focused === this.customerId) return;
      this.focused = this.customerId;
      this.focusHeading = true;
    },
  });

  protected override updated(): void {
    const h2 = this.focusHeading ? this.renderRoot.querySelector<HTMLElement>('h2') : null;
    if (!h2) return;
    this.focusHeading = false;
    h2.focus();
  }

  private async onEditSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this.saving = true;
    this.saved = false;
    this.saveError = '';
    try {
      await this.api.patchCustomer(this.customerId, {
        notes: String(data.get('notes') ?? ''),
        tags: parseTags(String(data.get('tags') ?? '')),
        isVip: data.get('isVip') === 'on',
      });
      this.saved = true;
      await this.customer.run();
    } catch (err) {
      this.saveError = this.describe(err);
    } finally {
      this.saving = false;
    }
  }

  private onBackClick(): void {
    this.dispatchEvent(new AdminBackEvent());
  }

  override render(): TemplateResult {
    return html`<button type="button" class="secondary" @click=${this.onBackClick}>${this.t('back')}</button>
      ${this.customer.render({
        initial: () => this.renderLoading(),
        pending: () => (this.customer.value ? this.renderCustomer(this.customer.value) : this.renderLoading()),
        complete: (c) => this.renderCustomer(c),
        error: (e) => this.renderError(e, () => void this.customer.run()),
      })}`;
  }

  private renderCustomer(c: Customer): TemplateResult {
    const t = this.t;
    const name = `${c.user.firstName} ${c.user.lastName}`.trim() || c.user.email;
    const phone = c.user.phone?.mobile;
    return html`<h2 tabindex="-1">${t('customer', { name })}</h2>
      <dl>
        <dt>${t('email')}</dt>
        <dd>${c.user.email}</dd>
        ${phone ? html`<dt>${t('phone')}</dt><dd>${phone}</dd>` : nothing}
        <dt>${t('segment')}</dt>
        <dd>${t(c.classification.customerSegment)}</dd>
        <dt>${t('totalSpent')}</dt>
        <dd>${this.number(c.stats.totalSpent)}</dd>
        <dt>${t('leadScore')}</dt>
        <dd>${c.classification.leadScore}</dd>
        <dt>${t('createdDate')}</dt>
        <dd>${this.date(c.createdDate)}</dd>
      </dl>
      <form @submit=${this.onEditSubmit}>
        <p>
          <label for="notes">${t('notes')}</label>
          <textarea id="notes" name="notes" rows="4" cols="60" maxlength="5000" .value=${c.notes ?? ''}></textarea>
        </p>
        <p>
          <label for="tags">${t('tags')}</label>
          <input id="tags" name="tags" size="60" aria-describedby="tags-hint" .value=${c.tags.join(', ')} />
          <span id="tags-hint" class="muted">${t('tagsHint')}</span>
        </p>
        <p>
          <input id="vip" name="isVip" type="checkbox" .checked=${c.classification.isVip} />
          <label for="vip" style="display:inline">${t('isVip')}</label>
        </p>
        <button type="submit" ?disabled=${this.saving}>${this.saving ? t('saving') : t('save')}</button>
        <p role="status" class="note">${this.saved ? t('saved') : ''}</p>
        ${this.saveError ? html`<p role="alert" class="alert">${this.saveError}</p>` : nothing}
      </form>`;
  }
}

defineElement('carstrel-admin-customer', CarstrelAdminCustomer);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-admin-customer': CarstrelAdminCustomer;
  }
}

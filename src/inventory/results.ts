import { TaskStatus } from '@lit/task';
import { html, nothing, type TemplateResult } from 'lit';
import { formatNumber } from '../shared/format.js';
import type { Translate } from '../shared/i18n.js';
import type { Results } from './load.js';
import type { InventoryKey } from './messages.js';

/** The results area around the cards: the count line, the empty state, a page past the end. */

/** The count line (a live region): loading, the error title, or "N vehicles · Page x of y". */
export function countText(
  t: Translate<InventoryKey>,
  status: TaskStatus,
  results: Results | undefined,
  locale: string,
): string {
  if (status === TaskStatus.PENDING || status === TaskStatus.INITIAL) return t('loading');
  if (status === TaskStatus.ERROR) return t('errorTitle');
  if (!results) return '';
  const count = results.total === 1 ? t('countOne') : t('count', { count: formatNumber(results.total, locale) });
  return results.pages > 1 ? `${count} · ${t('pageOf', { page: results.page, pages: results.pages })}` : count;
}

/** No vehicle matches: the dealer's `empty` slot (or a default text), and "Clear filters" when the shopper filtered. */
export function renderEmpty(
  t: Translate<InventoryKey>,
  input: { canClear: boolean; onClearClick: () => void },
): TemplateResult {
  return html`<div part="empty" class="empty">
    <slot name="empty"><p>${t('empty')}</p></slot>
    ${input.canClear ? html`<button part="clear-button" type="button" @click=${input.onClearClick}>${t('clear')}</button>` : nothing}
  </div>`;
}

/** A page number past the last page (an old shared link, stock sold since): offer the last page. */
export function renderPastEnd(
  r: { page: number; pages: number },
  input: { t: Translate<InventoryKey>; onLastPageClick: (page: number) => void },
): TemplateResult {
  const { t } = input;
  const last = Math.max(1, r.pages);
  return html`<div part="empty" class="empty">
    <p>${t('pastEnd', { page: r.page, pages: last })}</p>
    <button part="page-button" type="button" @click=${() => input.onLastPageClick(last)}>
      ${t('goToPage', { page: last })}
    </button>
  </div>`;
}

import { TaskStatus } from '@lit/task';
import { html, nothing, type TemplateResult } from 'lit';
import { formatNumber } from '../shared/format.js';
import type { Translate } from '../shared/i18n.js';
import type { LoadError } from '../shared/load-error.js';
import type { Results } from './load.js';
import type { InventoryKey } from './messages.js';

/** The results area around the cards: the count line, the empty state and the error state. */

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

/** Loading failed: the envelope's message (or when to try again after a 429), and a retry when it may help. */
export function renderLoadError(
  t: Translate<InventoryKey>,
  err: LoadError,
  input: { onRetryClick: () => void },
): TemplateResult {
  const message =
    err.status === 429 && err.retryAfter ? t('retryIn', { seconds: err.retryAfter }) : err.envelope.message;
  return html`<div part="error" class="error" role="alert">
    <p>${message}</p>
    ${err.retryable ? html`<button part="retry-button" type="button" @click=${input.onRetryClick}>${t('retry')}</button>` : nothing}
  </div>`;
}

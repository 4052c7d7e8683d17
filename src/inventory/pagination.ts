import { html, nothing, type TemplateResult } from 'lit';
import type { Translate } from '../shared/i18n.js';
import type { InventoryKey } from './messages.js';

/**
 * The inventory's page navigation. Not part of the first paint: this module loads after the first
 * render (`LazyControls`, later.ts); until then its row's space is reserved (`.pagination-space`).
 */

/** Where the shown page sits among all pages. */
export interface PageInfo {
  page: number;
  pages: number;
}

export interface PaginationInput {
  t: Translate<InventoryKey>;
  /** The navigation's accessible name. */
  label: string;
  onPageClick: (page: number) => void;
}

/** Page numbers around the current one, with 0 for a gap: 1 … 4 5 [6] 7 8 … 20. */
export function pageWindow(page: number, pages: number): number[] {
  const out: number[] = [];
  const from = Math.max(1, page - 2);
  const to = Math.min(pages, page + 2);
  if (from > 1) out.push(1);
  if (from > 2) out.push(0);
  for (let p = from; p <= to; p++) out.push(p);
  if (to < pages - 1) out.push(0);
  if (to < pages) out.push(pages);
  return out;
}

export function renderPagination(r: PageInfo, input: PaginationInput): TemplateResult | typeof nothing {
  if (r.pages <= 1) return nothing;
  const { t, onPageClick } = input;
  return html`<nav part="pagination" class="pagination" aria-label=${input.label}>
    <button
      part="page-button"
      type="button"
      class="prev"
      aria-label=${t('previous')}
      ?disabled=${r.page <= 1}
      @click=${() => onPageClick(r.page - 1)}
    >
      ‹
    </button>
    ${pageWindow(r.page, r.pages).map((p) =>
      p === 0
        ? html`<span class="gap" aria-hidden="true">…</span>`
        : html`<button
            part="page-button"
            type="button"
            aria-label=${t('goToPage', { page: p })}
            aria-current=${p === r.page ? 'page' : nothing}
            @click=${() => onPageClick(p)}
          >
            ${p}
          </button>`,
    )}
    <span class="position" aria-hidden="true">${t('pageOf', { page: r.page, pages: r.pages })}</span>
    <button
      part="page-button"
      type="button"
      class="next"
      aria-label=${t('next')}
      ?disabled=${r.page >= r.pages}
      @click=${() => onPageClick(r.page + 1)}
    >
      ›
    </button>
  </nav>`;
}

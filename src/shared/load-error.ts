import { css, html, nothing, type TemplateResult } from 'lit';
import { CarstrelApiError } from '../api/client.js';
import type { ErrorEnvelope } from '../api/types.js';
import type { Translate } from './i18n.js';

/** What a widget needs to show and report about a failed load, from any thrown value. */
export interface LoadError {
  status: number;
  envelope: ErrorEnvelope;
  retryAfter?: number;
  retryable: boolean;
}

export function loadErrorOf(e: unknown): LoadError {
  if (e instanceof CarstrelApiError || (e as Error)?.name === 'CarstrelApiError') {
    const err = e as CarstrelApiError;
    return { status: err.status, envelope: err.envelope, retryAfter: err.retryAfter, retryable: err.retryable };
  }
  // A bug of ours, not a refusal: report it generically, never the internals.
  console.error('[carstrel]', e);
  return {
    status: 0,
    envelope: {
      statusCode: 0,
      message: 'Something went wrong while loading. Please try again.',
      error: 'Client Error',
      timestamp: new Date().toISOString(),
    },
    retryable: true,
  };
}

/** The look of `renderLoadError`'s view, after the element's own styles. */
export const loadErrorStyles = css`
  .error p {
    margin: 0 0 0.75rem;
  }
  .error {
    padding: var(--_space);
    border: 1px solid var(--_color-danger);
    border-radius: var(--_radius);
  }
`;

/**
 * A failed load as a widget shows it: the envelope's message (or when to try again after a 429),
 * and a "Try again" button when trying again may help. `t` is the widget's catalogue (`retry`,
 * `retryIn`).
 */
export function renderLoadError(
  err: LoadError,
  t: Translate<'retry' | 'retryIn'>,
  onRetryClick: () => void,
): TemplateResult {
  const message =
    err.status === 429 && err.retryAfter ? t('retryIn', { seconds: err.retryAfter }) : err.envelope.message;
  return html`<div part="error" class="error" role="alert">
    <p>${message}</p>
    ${
      err.retryable
        ? html`<button part="retry-button" class="button" type="button" @click=${onRetryClick}>${t('retry')}</button>`
        : nothing
    }
  </div>`;
}

import { CarstrelApiError } from '../api/client.js';
import type { ErrorEnvelope } from '../api/types.js';

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

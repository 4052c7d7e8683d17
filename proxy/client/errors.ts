/**
 * What a failed call throws: `CarstrelApiError` when CarStrel answered with an error (its envelope
 * and HTTP status), `CarstrelNetworkError` when no answer came (unreachable, timed out, redirected).
 * Messages are built from the answer, the method and the path only: never from a header, so the
 * API key cannot appear in them (and any echo of it in an upstream message is masked).
 */
import type { components } from '../../src/api/schema.js';

export type ErrorEnvelope = components['schemas']['ErrorEnvelope'];

/**
 * HTTP reason phrases, the one table of the package: the `error` of an envelope made up here, and
 * of every refusal of the proxy (proxy/lib/errors.ts). It lives in the client, which is published
 * on its own (`carstrel-widgets/client`) and imports nothing of the proxy.
 */
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The HTTP reason phrase of a status, or `otherwise` for one the table does not name. */
export function reasonPhrase(status: number, otherwise = 'Error'): string {
  return REASONS[status] ?? otherwise;
}

export class CarstrelApiError extends Error {
  override name = 'CarstrelApiError';
  /** The HTTP status of the answer. */
  readonly status: number;
  readonly statusCode: number;
  /** The reason (`error` of the envelope), e.g. `Not Found`. */
  readonly error: string;
  readonly timestamp: string;
  /** The operation that failed, e.g. `getVehicle`. */
  readonly operation: string;
  /** Seconds to wait, from a 429's `Retry-After`. */
  readonly retryAfter?: number;
  readonly envelope: ErrorEnvelope;

  constructor(operation: string, status: number, envelope: ErrorEnvelope, retryAfter?: number) {
    super(`CarStrel ${operation} failed with ${status}: ${envelope.message}`);
    this.operation = operation;
    this.status = status;
    this.envelope = envelope;
    this.statusCode = envelope.statusCode;
    this.error = envelope.error;
    this.timestamp = envelope.timestamp;
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }
}

export class CarstrelNetworkError extends Error {
  override name = 'CarstrelNetworkError';
  constructor(
    readonly operation: string,
    readonly kind: 'unreachable' | 'timeout' | 'redirect',
    detail: string,
    cause?: unknown,
  ) {
    super(`CarStrel ${operation}: ${detail}`, cause === undefined ? undefined : { cause });
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The envelope of an error answer; one is made up (and says so) when the body is not one. */
export function envelopeOf(status: number, body: unknown, mask: (s: string) => string): ErrorEnvelope {
  const error = reasonPhrase(status, `HTTP ${status}`);
  if (isObject(body) && typeof body.message === 'string') {
    return {
      statusCode: typeof body.statusCode === 'number' ? body.statusCode : status,
      message: mask(body.message),
      error: typeof body.error === 'string' ? mask(body.error) : error,
      timestamp: typeof body.timestamp === 'string' ? body.timestamp : new Date().toISOString(),
    };
  }
  return {
    statusCode: status,
    message: `CarStrel answered ${status} without an error envelope`,
    error,
    timestamp: new Date().toISOString(),
  };
}

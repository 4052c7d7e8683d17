/**
 * Every refusal the sandbox gives, in one place, in the CarStrel error envelope
 * `{ statusCode, message, error, timestamp }`. Handlers throw `SandboxError`s made here;
 * the app turns them into responses (`errorResponse`).
 */
import type { ErrorEnvelope } from '../../src/api/types.js';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Error';
}

export class SandboxError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The `error` field; defaults to the reason phrase. */
    readonly error: string = reasonPhrase(status),
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  envelope(): ErrorEnvelope {
    return { statusCode: this.status, message: this.message, error: this.error, timestamp: new Date().toISOString() };
  }
}

export function errorResponse(err: SandboxError): Response {
  return new Response(JSON.stringify(err.envelope()), {
    status: err.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...err.headers },
  });
}

/** The catalogue of refusals. Messages say what to fix. */
export const errors = {
  // --- 401: the reference's exact body for a missing or unknown key
  missingOrInvalidKey: () => new SandboxError(401, 'Unauthorized', 'Invalid or missing API key'),
  missingBearer: () =>
    new SandboxError(
      401,
      'Send the customer access_token as "Authorization: Bearer <token>" (from register or login).',
    ),
  invalidToken: (why: string) =>
    new SandboxError(401, `The customer token is not valid: ${why}. Log in again to get a new one.`),
  badCredentials: () => new SandboxError(401, 'Invalid email or password.'),

  // --- 403
  missingScope: (scope: string) =>
    new SandboxError(
      403,
      `This API key lacks the "${scope}" scope needed here. Use a key that has it (see the sandbox README).`,
    ),

  // --- 400
  invalidParam: (name: string, rule: string) => new SandboxError(400, `${name} ${rule}`),
  invalidField: (name: string, rule: string) => new SandboxError(400, `${name} ${rule}`),
  malformedJson: (detail: string) =>
    new SandboxError(400, `The request body is not valid JSON (${detail}). Send a JSON object.`),
  bodyNotObject: () => new SandboxError(400, 'The request body must be a JSON object.'),
  emptyPatch: () => new SandboxError(400, 'Send at least one of notes, tags, preferences, isVip.'),
  badJournalScope: (what: string) =>
    new SandboxError(
      400,
      `${what} is not a known sandbox dealer or key. Use a dealer id, a slug such as dealer-one, or an API key.`,
    ),

  // --- 404
  unknownRoute: (method: string, path: string) =>
    new SandboxError(
      404,
      `Unrecognized request URL (${method} ${path}). See proxy/contract/carstrel.openapi.yaml for the routes.`,
    ),
  notFound: (what: string, id: string) => new SandboxError(404, `No ${what} with id ${id} in your organization.`),
  metadataNotFound: (what: string, id: string) => new SandboxError(404, `No ${what} with id ${id}.`),
  mediaNotFound: (path: string) => new SandboxError(404, `No media at ${path}.`),

  // --- 405
  methodNotAllowed: (method: string, path: string, allow: string[]) =>
    new SandboxError(405, `${method} is not supported on ${path}. Use ${allow.join(' or ')}.`, reasonPhrase(405), {
      allow: allow.join(', '),
    }),

  // --- 409
  alreadyCustomer: () => new SandboxError(409, 'This email is already registered with this dealer. Log in instead.'),
  emailTakenOtherPassword: () =>
    new SandboxError(
      409,
      'An account with this email already exists. Register with its password to link it to this dealer, or log in.',
    ),
  idempotencyKeyReused: () =>
    new SandboxError(
      400,
      'This Idempotency-Key was already used with a different request. Use a new key for a new submission.',
    ),
  vehicleSold: (id: string) => new SandboxError(409, `Vehicle ${id} is sold; a test drive can no longer be booked.`),

  // --- 413 / 415
  bodyTooLarge: (limit: number) =>
    new SandboxError(413, `The request body is larger than ${Math.round(limit / 1024)} KB. Send a smaller body.`),
  notJson: (contentType: string) =>
    new SandboxError(
      415,
      `Send the body as JSON with "Content-Type: application/json" (got "${contentType || 'none'}").`,
    ),

  // --- 429
  rateLimited: (retryAfter: number, limit: number) =>
    new SandboxError(
      429,
      `Rate limit of ${limit} requests per minute exceeded. Retry after ${retryAfter} seconds.`,
      reasonPhrase(429),
      {
        'retry-after': String(retryAfter),
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': '0',
      },
    ),

  // --- injected faults
  down: () =>
    new SandboxError(503, 'The CarStrel API is unavailable (sandbox fault "down"). Retry later.', reasonPhrase(503), {
      'retry-after': '1',
    }),
  injectedError: () => new SandboxError(500, 'Injected failure (sandbox fault "errorRate"). Retry the request.'),
  unexpected: () => new SandboxError(500, 'Unexpected sandbox failure. This is a sandbox bug; please report it.'),
} as const;

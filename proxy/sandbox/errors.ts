/**
 * Every refusal the sandbox gives, in one place, in the CarStrel error envelope
 * `{ statusCode, message, error, timestamp }`. Handlers throw the `Refusal`s made here (the same
 * error class as the proxy's, proxy/lib/errors.ts); the app turns them into responses with
 * `refusalResponse`.
 */
import { Refusal } from '../lib/errors.js';

/** The catalogue of refusals. Messages say what to fix. */
export const errors = {
  // --- 401: the reference's exact body for a missing or unknown key
  missingOrInvalidKey: () => new Refusal(401, 'Unauthorized', {}, 'Invalid or missing API key'),
  missingBearer: () =>
    new Refusal(401, 'Send the customer access_token as "Authorization: Bearer <token>" (from register or login).'),
  invalidToken: (why: string) =>
    new Refusal(401, `The customer token is not valid: ${why}. Log in again to get a new one.`),
  badCredentials: () => new Refusal(401, 'Invalid email or password.'),

  // --- 403
  missingScope: (scope: string) =>
    new Refusal(
      403,
      `This API key lacks the "${scope}" scope needed here. Use a key that has it (see the sandbox README).`,
    ),

  // --- 400
  invalidParam: (name: string, rule: string) => new Refusal(400, `${name} ${rule}`),
  invalidField: (name: string, rule: string) => new Refusal(400, `${name} ${rule}`),
  malformedJson: (detail: string) =>
    new Refusal(400, `The request body is not valid JSON (${detail}). Send a JSON object.`),
  bodyNotObject: () => new Refusal(400, 'The request body must be a JSON object.'),
  emptyPatch: () => new Refusal(400, 'Send at least one of notes, tags, preferences, isVip.'),
  badJournalScope: (what: string) =>
    new Refusal(
      400,
      `${what} is not a known sandbox dealer or key. Use a dealer id, a slug such as dealer-one, or an API key.`,
    ),

  // --- 404
  unknownRoute: (method: string, path: string) =>
    new Refusal(
      404,
      `Unrecognized request URL (${method} ${path}). See proxy/contract/carstrel.openapi.yaml for the routes.`,
    ),
  notFound: (what: string, id: string) => new Refusal(404, `No ${what} with id ${id} in your organization.`),
  metadataNotFound: (what: string, id: string) => new Refusal(404, `No ${what} with id ${id}.`),
  mediaNotFound: (path: string) => new Refusal(404, `No media at ${path}.`),

  // --- 405
  methodNotAllowed: (method: string, path: string, allow: string[]) =>
    new Refusal(405, `${method} is not supported on ${path}. Use ${allow.join(' or ')}.`, {
      allow: allow.join(', '),
    }),

  // --- 409
  alreadyCustomer: () => new Refusal(409, 'This email is already registered with this dealer. Log in instead.'),
  emailTakenOtherPassword: () =>
    new Refusal(
      409,
      'An account with this email already exists. Register with its password to link it to this dealer, or log in.',
    ),
  idempotencyKeyReused: () =>
    new Refusal(
      400,
      'This Idempotency-Key was already used with a different request. Use a new key for a new submission.',
    ),
  vehicleSold: (id: string) => new Refusal(409, `Vehicle ${id} is sold; a test drive can no longer be booked.`),

  // --- 413 / 415
  bodyTooLarge: (limit: number) =>
    new Refusal(413, `The request body is larger than ${Math.round(limit / 1024)} KB. Send a smaller body.`),
  notJson: (contentType: string) =>
    new Refusal(415, `Send the body as JSON with "Content-Type: application/json" (got "${contentType || 'none'}").`),

  // --- 429
  rateLimited: (retryAfter: number, limit: number) =>
    new Refusal(429, `Rate limit of ${limit} requests per minute exceeded. Retry after ${retryAfter} seconds.`, {
      'retry-after': String(retryAfter),
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': '0',
    }),

  // --- injected faults
  down: () =>
    new Refusal(503, 'The CarStrel API is unavailable (sandbox fault "down"). Retry later.', {
      'retry-after': '1',
    }),
  injectedError: () => new Refusal(500, 'Injected failure (sandbox fault "errorRate"). Retry the request.'),
  unexpected: () => new Refusal(500, 'Unexpected sandbox failure. This is a sandbox bug; please report it.'),
} as const;

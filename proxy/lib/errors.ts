/**
 * Every refusal the proxy makes, in one place, in the CarStrel error envelope
 * (`{ statusCode, message, error, timestamp }`). Messages say what to fix and never carry
 * internals (no upstream address, no key, no stack).
 *
 * `Refusal` and `refusalResponse` are the one error class and the one envelope builder of the
 * proxy and the sandbox; the sandbox keeps its own catalogue of messages (proxy/sandbox/errors.ts).
 */
import type { ErrorEnvelope } from '../../src/api/types.js';
import { reasonPhrase } from '../client/errors.js';

export type { ErrorEnvelope };

/** The HTTP reason phrase of a status: the envelope's default `error` (`Error` for one not named). */
export { reasonPhrase };

/** A refusal: thrown or returned by a pipeline phase, turned into a response in one place. */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    readonly status: number,
    override readonly message: string,
    readonly headers: Record<string, string> = {},
    /** The envelope's `error` field; the reason phrase unless an API says otherwise. */
    readonly error: string = reasonPhrase(status),
  ) {
    super(message);
  }

  envelope(now = new Date()): ErrorEnvelope {
    return {
      statusCode: this.status,
      message: this.message,
      error: this.error,
      timestamp: now.toISOString(),
    };
  }
}

export function isRefusal(x: unknown): x is Refusal {
  return x instanceof Refusal;
}

/** The catalogue of refusals. Keep every user-facing message here. */
export const refuse = {
  badPath: () =>
    new Refusal(
      400,
      'The request path contains characters the proxy does not accept (encoded characters, "..", "//", ";" or "\\"). Use a plain CarStrel path such as /external/vehicles/<id>.',
    ),
  queryTooLong: (max: number) =>
    new Refusal(400, `The query string is longer than ${max} characters. Send fewer or shorter filters.`),
  conflictingLength: () =>
    new Refusal(400, 'The request has both Content-Length and Transfer-Encoding. Send only one of them.'),
  badHeaderValue: (name: string) =>
    new Refusal(400, `The header "${name}" contains a control character (CR, LF or NUL). Remove it.`),
  badHeaderName: (name: string) => new Refusal(400, `The header name "${name}" is not accepted. Remove it.`),
  tooManyHeaders: (max: number) =>
    new Refusal(431, `The request carries more than ${max} headers. Send fewer headers.`),
  headersTooLarge: (max: number) =>
    new Refusal(
      431,
      `The request headers are larger than ${max} bytes. Send fewer or smaller headers (cookies included).`,
    ),
  dealerOnly: () =>
    new Refusal(
      403,
      'Customer management is dealer-only and is not available through the public proxy. Call CarStrel from your back office instead.',
    ),
  notAllowListed: (method: string, path: string) =>
    new Refusal(
      404,
      `Unrecognized request URL (${method} ${path}). The proxy forwards only the public CarStrel endpoints; see GET /healthz for its version and the README for the list.`,
    ),
  notFound: (method: string, path: string) => new Refusal(404, `Unrecognized request URL (${method} ${path}).`),
  methodNotAllowed: (method: string, path: string, allowed: string[]) =>
    new Refusal(405, `${method} is not allowed on ${path}. Use ${allowed.join(' or ')}.`, {
      allow: allowed.join(', '),
    }),
  originNotAllowed: (origin: string) =>
    new Refusal(
      403,
      `The origin ${origin} is not allowed to call this proxy. Add it to CARSTREL_ALLOWED_ORIGINS on the proxy.`,
    ),
  preflightMethod: (method: string) =>
    new Refusal(403, `Access-Control-Request-Method ${method} is not allowed on this path.`),
  preflightHeaders: (headers: string) =>
    new Refusal(
      403,
      `Access-Control-Request-Headers "${headers}" includes a header the proxy does not accept from browsers.`,
    ),
  rateLimited: (retryAfter: number) =>
    new Refusal(
      429,
      `Too many requests from your address. Wait ${retryAfter} second${retryAfter === 1 ? '' : 's'} and try again.`,
      { 'retry-after': String(retryAfter) },
    ),
  bodyTooLarge: (max: number) => new Refusal(413, `The request body is larger than ${max} bytes. Send a smaller body.`),
  bodyNotJson: () => new Refusal(400, 'The request body must be JSON with Content-Type: application/json.'),
  bodyInvalidJson: () => new Refusal(400, 'The request body is not valid JSON. Check quoting and commas.'),
  badIdempotencyKey: () =>
    new Refusal(
      400,
      'The Idempotency-Key header must be 8 to 128 visible ASCII characters without spaces, quotes or backslashes. Generate one per submission (e.g. crypto.randomUUID()) and reuse it only to retry that submission.',
    ),
  idempotencyMismatch: () =>
    new Refusal(
      400,
      'This Idempotency-Key was already used for a different request. Use a new key for a new submission.',
    ),
  leadQueueFull: (retryAfter: number) =>
    new Refusal(
      503,
      `The dealer system is unreachable and this server's queue of waiting requests is full, so your request was not saved. Send it again in ${retryAfter} seconds.`,
      { 'retry-after': String(retryAfter) },
    ),
  leadNotSaved: (retryAfter: number) =>
    new Refusal(
      503,
      `The dealer system is unreachable and this server could not save your request, so it was not saved. Send it again in ${retryAfter} seconds.`,
      { 'retry-after': String(retryAfter) },
    ),
  badAuthorization: () => new Refusal(400, 'The Authorization header must be "Bearer <token>". Sign in again.'),
  upstreamUnreachable: () => new Refusal(502, 'The inventory service could not be reached. Try again in a moment.'),
  upstreamFailed: (status: number) =>
    new Refusal(502, `The inventory service answered with an error (${status}). Try again in a moment.`),
  upstreamUnreadable: () =>
    new Refusal(502, 'The inventory service sent an answer the proxy could not read. Try again in a moment.'),
  requestTimeout: (ms: number) =>
    new Refusal(
      408,
      `The request did not arrive in time (its headers are allowed ${ms / 1000} seconds). Send the whole request at once and try again.`,
    ),
  upstreamTimeout: () => new Refusal(504, 'The inventory service did not answer in time. Try again in a moment.'),
  bundleMissing: () =>
    new Refusal(
      404,
      'The widgets bundle is not built on this server. Run `npm run build` (or `npm start`) and reload.',
    ),
  unknownTenant: (id: string) =>
    new Refusal(
      404,
      `No dealer "${id}" is served by this proxy. Check the id in the script tag (…/d/<id>/carstrel.js) against the tenants file.`,
    ),
  noTenantHere: (method: string, path: string) =>
    new Refusal(
      404,
      `Unrecognized request URL (${method} ${path}). This proxy serves several dealers: use /d/<dealer id>${path}, or a host name listed for the dealer in the tenants file.`,
    ),
  operatorOnly: () =>
    new Refusal(
      403,
      'This route is for the proxy operator: call it from the proxy machine (loopback) or send Authorization: Bearer <CARSTREL_OPERATOR_TOKEN>.',
    ),
  // `/render/<element>` (routes/render.ts, ssr/attributes.ts)
  notRendered: (tag: string, rendered: readonly string[]) =>
    new Refusal(404, `No element <${tag}> is rendered by /render. Rendered elements: ${rendered.join(', ')}.`),
  noRenderer: () =>
    new Refusal(404, 'This proxy does not render elements on the server (/render runs on the Node proxy).'),
  attributeTwice: (name: string) => new Refusal(400, `The attribute "${name}" is given twice. Give it once.`),
  unknownAttribute: (tag: string, name: string, examples: readonly string[]) =>
    new Refusal(
      400,
      `<${tag}> has no attribute "${name}". Attributes are query parameters in kebab-case, such as ${examples
        .map((a) => `"${a}"`)
        .join(', ')}.`,
    ),
  badAttribute: (name: string, value: string, expected: string) =>
    new Refusal(400, `The attribute "${name}" has the value "${value}"; it takes ${expected}.`),
  badRenderParameter: (name: string, value: string, expected: string) =>
    new Refusal(
      400,
      `The render parameter "${name}" has the value "${value}"; it takes ${expected} (the layout the element draws at its width).`,
    ),
  vehicleRequired: () => new Refusal(400, 'The attribute "vehicle-id" (or "slug") is required: the vehicle to render.'),
  internal: () =>
    new Refusal(500, 'The proxy hit an unexpected error. Try again; if it persists, check the proxy log.'),
};

/** Turn a refusal into a web Response with the envelope as JSON. */
export function refusalResponse(r: Refusal, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(r.envelope()), { status: r.status, headers: refusalHeaders(r, extraHeaders) });
}

/** The headers of a refusal's answer (its envelope is JSON, never stored). */
export function refusalHeaders(r: Refusal, extraHeaders: Record<string, string> = {}): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...r.headers,
    ...extraHeaders,
  };
}

/**
 * CORS and CSRF phases: an exact allow-list of origins. The request Origin is echoed only when it
 * is on the list (never a wildcard with credentials, never reflected blindly).
 */
import { refuse, type Refusal } from './errors.js';

/** Request headers a page may send to /external (preflight answer). */
export const ALLOWED_REQUEST_HEADERS = [
  'accept',
  'content-type',
  'idempotency-key',
  'authorization',
  'x-carstrel-session',
];
/** Response headers page JavaScript may read. */
export const EXPOSED_HEADERS = [
  'retry-after',
  'etag',
  'idempotency-key',
  'x-carstrel-cache',
  'x-carstrel-bearer',
  'idempotent-replayed',
  'x-carstrel-mode',
  'link', // a render's first photos (proxy/routes/render.ts), preloaded by the loader
];

export type OriginSet = ReadonlySet<string>;

/** The proxy's own origins: http://127.0.0.1:PORT, http://localhost:PORT, and the public URL. */
export function ownOrigins(port: number, publicUrl?: string): string[] {
  const out = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  if (publicUrl) out.push(publicUrl);
  return out;
}

/** Phase "CORS headers" for an actual request: credentials only for listed origins. */
export function corsHeaders(origin: string | null | undefined, allowed: OriginSet): Record<string, string> {
  if (!origin || !allowed.has(origin)) return { vary: 'Origin' };
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-expose-headers': EXPOSED_HEADERS.join(', '),
    vary: 'Origin',
  };
}

/**
 * Phase "check origin" (CSRF) for state-changing requests: a browser always sends Origin on
 * POST; when it does, it must be listed. No Origin means a non-browser client, which carries
 * no ambient cookies a third-party page could abuse. `Origin: null` (sandboxed frames,
 * file://) is refused. `selfOrigin` is the origin the request was addressed to (its Host): a
 * page the proxy served itself, under whatever name it was reached (a LAN address, say), is
 * same-origin; a cross-site page cannot make the browser send a Host that matches its Origin.
 */
export function checkOrigin(
  origin: string | null | undefined,
  allowed: OriginSet,
  selfOrigin?: string,
): Refusal | undefined {
  if (origin === null || origin === undefined || origin === '') return undefined;
  return allowed.has(origin) || origin === selfOrigin ? undefined : refuse.originNotAllowed(origin);
}

/** Phase "preflight": answer an OPTIONS from the allow-list, or refuse it. */
export function preflight(
  origin: string | null | undefined,
  requestMethod: string | null | undefined,
  requestHeaders: string | null | undefined,
  methods: string[],
  allowed: OriginSet,
): { status: 204; headers: Record<string, string> } | Refusal {
  if (!origin || !allowed.has(origin)) return refuse.originNotAllowed(origin || '(none)');
  const method = (requestMethod || '').toUpperCase();
  if (!methods.includes(method)) return refuse.preflightMethod(method || '(none)');
  const requested = requestHeaders || '';
  const asked = requested
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  if (asked.some((h) => !ALLOWED_REQUEST_HEADERS.includes(h))) return refuse.preflightHeaders(requested);
  return {
    status: 204,
    headers: {
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': methods.join(', '),
      'access-control-allow-headers': ALLOWED_REQUEST_HEADERS.join(', '),
      'access-control-max-age': '600',
      vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    },
  };
}

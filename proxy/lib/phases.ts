/**
 * The proxy pipeline as small pure phases. Each takes plain values and returns a value or a
 * Refusal; none does I/O, so each has its own unit test (test/node/proxy/phases.test.ts).
 *
 *   checkRequestTarget → checkHeaders → matchRoute (routes.ts) → checkOrigin / corsHeaders (cors.ts)
 *   → checkJsonBody → stripHeaders → injectKey → forward with deadline (upstream.ts)
 *   → shapeResponse (responseHeaders, redactKey)
 *
 * `clientAddress` (who is asking, for the rate limit) and `checkIdempotencyKey` (leads) sit beside them.
 */
import { refuse, type Refusal } from './errors.js';
import { containsKey, redactKey } from './redact.js';
import { contentCoding, type UpstreamResponse } from './upstream.js';

export { redactKey };

export const MAX_QUERY_LENGTH = 2048;
export const MAX_HEADERS = 64;
export const MAX_HEADER_BYTES = 16 * 1024;
export const JSON_TYPE = 'application/json; charset=utf-8';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** True when `s` holds a character from `codes`, or any C0 control or DEL when `codes` is omitted. */
function hasControl(s: string, codes?: ReadonlySet<number>): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (codes ? codes.has(code) : code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** CR, LF and NUL: what would split or end a header value. */
const HEADER_BREAKERS: ReadonlySet<number> = new Set([0x0d, 0x0a, 0x00]);

// ---- request shape -----------------------------------------------------------------------------

/**
 * Phase "check request target": the raw path must be plain: no percent-encoding, no dot
 * segments, no empty segments (`//`), no `;` or `\`. Refused, never normalized into something
 * allowed. Runs on the raw request line (node adapter) and again on the parsed URL (any runtime).
 */
export function checkRequestTarget(rawTarget: string): Refusal | undefined {
  const q = rawTarget.indexOf('?');
  const path = q === -1 ? rawTarget : rawTarget.slice(0, q);
  const query = q === -1 ? '' : rawTarget.slice(q + 1);
  if (!path.startsWith('/')) return refuse.badPath();
  if (path !== '/' && !/^(\/[A-Za-z0-9_.~-]+)+\/?$/.test(path)) return refuse.badPath();
  if (/(^|\/)\.{1,2}(\/|$)/.test(path)) return refuse.badPath();
  if (query.length > MAX_QUERY_LENGTH) return refuse.queryTooLong(MAX_QUERY_LENGTH);
  if (hasControl(query)) return refuse.badPath();
  return undefined;
}

/** Header names a client may never smuggle in (prototype pollution in naive parsers). */
const POISON_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Phase "check headers": refuse request smuggling shapes and oversized header sets.
 * `headers` are the raw name/value pairs as received.
 */
export function checkHeaders(headers: Iterable<[string, string]>): Refusal | undefined {
  let count = 0;
  let bytes = 0;
  let hasLength = false;
  let hasTransferEncoding = false;
  for (const [rawName, value] of headers) {
    const name = rawName.toLowerCase();
    count++;
    bytes += name.length + value.length + 4;
    if (POISON_NAMES.has(name)) return refuse.badHeaderName(rawName);
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) return refuse.badHeaderName(rawName.slice(0, 40));
    if (hasControl(value, HEADER_BREAKERS)) return refuse.badHeaderValue(rawName);
    if (name === 'content-length') hasLength = true;
    if (name === 'transfer-encoding') hasTransferEncoding = true;
  }
  if (hasLength && hasTransferEncoding) return refuse.conflictingLength();
  if (count > MAX_HEADERS) return refuse.tooManyHeaders(MAX_HEADERS);
  if (bytes > MAX_HEADER_BYTES) return refuse.headersTooLarge(MAX_HEADER_BYTES);
  return undefined;
}

/** Phase "check body": JSON only (or empty), and well formed. */
export function checkJsonBody(body: Uint8Array, contentType: string | null | undefined): Refusal | undefined {
  if (!body.byteLength) return undefined;
  if (!contentType || !/^application\/json\b/i.test(contentType)) return refuse.bodyNotJson();
  return parseJson(body) === undefined ? refuse.bodyInvalidJson() : undefined;
}

/** A body parsed as JSON, or undefined when it is not JSON (`null` is JSON). */
export function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(body)) as unknown;
  } catch {
    return undefined;
  }
}

/** 8–128 visible ASCII characters, no quote or backslash (a UUID is ideal). */
const IDEMPOTENCY_KEY = /^[!#-[\]-~]{8,128}$/;

/** Phase "check idempotency key" (leads): absent is fine (the proxy makes one); malformed is refused. */
export function checkIdempotencyKey(value: string | null | undefined): Refusal | undefined {
  return value === null || value === undefined || IDEMPOTENCY_KEY.test(value) ? undefined : refuse.badIdempotencyKey();
}

// ---- upstream request headers ------------------------------------------------------------------

/**
 * The only client headers passed on to CarStrel: an allow-list, so everything else is dropped
 * without a deny-list to keep up to date: the client's `x-api-key`, `cookie` and `authorization`,
 * hop-by-hop headers (RFC 9110 §7.6.1), forwarding claims (`forwarded`, `x-forwarded-*`), `origin`,
 * and also `accept`, `accept-language` and `user-agent`, since CarStrel answers JSON in one
 * language whatever they say, and a header that went upstream would have to be part of the cache
 * key (and `Vary`).
 */
const PASS_THROUGH = new Set(['content-type', 'idempotency-key']);

/**
 * Headers the proxy itself sets on every upstream call: JSON, and no content-coding, so that the
 * body it redacts is the body it reads (an upstream that compresses anyway is decoded by the
 * client, or refused: see `shapeResponse`).
 */
export const UPSTREAM_FIXED_HEADERS: Readonly<Record<string, string>> = {
  accept: 'application/json',
  'accept-encoding': 'identity',
};

/**
 * Phase "strip headers": the client headers that may go upstream: only the allow-listed names,
 * lower-cased, and not even those when the Connection header lists them. The result has no
 * prototype (no `__proto__` tricks).
 */
export function stripHeaders(incoming: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  let connection = '';
  for (const [rawName, value] of incoming) {
    const name = rawName.toLowerCase();
    if (name === 'connection') connection += `,${value}`;
    else if (PASS_THROUGH.has(name)) out[name] = value;
  }
  // A name the Connection header lists is hop-by-hop by declaration.
  if (connection) for (const token of connection.split(',')) delete out[token.trim().toLowerCase()];
  return out;
}

/** Phase "inject key": the dealer's key and, when there is a customer session, its bearer token. */
export function injectKey(headers: Record<string, string>, apiKey: string, bearer?: string): Record<string, string> {
  const out: Record<string, string> = Object.assign(
    Object.create(null) as Record<string, string>,
    headers,
    UPSTREAM_FIXED_HEADERS,
  );
  out['x-api-key'] = apiKey;
  if (bearer) out.authorization = `Bearer ${bearer}`;
  return out;
}

/** "strip headers" then "inject key": upstream request headers from the client's. */
export function forwardHeaders(
  incoming: Iterable<[string, string]>,
  apiKey: string,
  bearer?: string,
): Record<string, string> {
  return injectKey(stripHeaders(incoming), apiKey, bearer);
}

/** A bearer token from the client's Authorization header (the cookie-less fallback), if well formed. */
export function bearerFromAuthorization(value: string | null | undefined): string | undefined | Refusal {
  if (!value) return undefined;
  const m = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(value.trim());
  return m ? m[1] : refuse.badAuthorization();
}

// ---- the response ------------------------------------------------------------------------------

/** An HTTP-date in the one form a server must send (IMF-fixdate, RFC 9110 §5.6.7). */
const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
/** One to five language tags (`en`, `de-AT`, `fr, en`). */
const LANGUAGE_TAGS = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,3}(, ?[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,3}){0,4}$/;

/** The canonical form of an IMF-fixdate, or undefined when `value` is not one. */
function httpDate(value: string): string | undefined {
  if (!IMF_FIXDATE.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toUTCString();
}

/**
 * What a browser may see of each allow-listed upstream header: a value rebuilt by the proxy from
 * a checked one (never upstream's bytes as such), or undefined to drop it.
 */
const RESPONSE_HEADER_VALUES: Readonly<Record<string, (value: string) => string | undefined>> = {
  // CarStrel answers JSON; anything else is served as plain text, which a browser never runs.
  'content-type': (v) =>
    /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(v)
      ? JSON_TYPE
      : /^text\/plain\s*(;|$)/i.test(v)
        ? 'text/plain; charset=utf-8'
        : undefined,
  'content-language': (v) => (LANGUAGE_TAGS.test(v) ? v : undefined),
  'last-modified': httpDate,
  // Seconds (capped at a day) or an HTTP-date.
  'retry-after': (v) => (/^\d{1,9}$/.test(v) ? String(Math.min(Number(v), 86_400)) : httpDate(v)),
};

/**
 * Phase "shape response headers": only an allow-list of names, each value checked and rebuilt,
 * none that holds the key in any form. Everything else (set-cookie, server, etag, …) is dropped.
 */
export function responseHeaders(
  upstream: Record<string, string | string[] | undefined>,
  apiKey = '',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawName in upstream) {
    const raw = upstream[rawName];
    if (raw === undefined || !Object.hasOwn(upstream, rawName)) continue;
    const name = rawName.toLowerCase();
    const check = Object.hasOwn(RESPONSE_HEADER_VALUES, name) ? RESPONSE_HEADER_VALUES[name] : undefined;
    if (!check) continue;
    const value = check((Array.isArray(raw) ? raw.join(', ') : raw).trim());
    if (value !== undefined && !containsKey(value, apiKey)) out[name] = value;
  }
  return out;
}

export interface ShapedResponse {
  status: number;
  body: Uint8Array;
  headers: Record<string, string>;
}

/**
 * Phase "shape response": an upstream 5xx becomes a 502 in the envelope (its Retry-After kept,
 * nothing else of it shown); anything else passes with safe headers only and the key redacted.
 */
export function shapeResponse(res: UpstreamResponse, apiKey: string): ShapedResponse {
  const headers = responseHeaders(res.headers, apiKey);
  // A body still encoded (the client could not decode it) cannot be redacted: never passed on.
  const unreadable = contentCoding(res.headers) !== undefined;
  if (res.status >= 500 || unreadable) {
    const r = unreadable ? refuse.upstreamUnreadable() : refuse.upstreamFailed(res.status);
    return {
      status: r.status,
      body: encoder.encode(JSON.stringify(r.envelope())),
      headers: {
        'content-type': JSON_TYPE,
        ...(headers['retry-after'] ? { 'retry-after': headers['retry-after'] } : {}),
      },
    };
  }
  return { status: res.status, body: redactKey(res.body, apiKey), headers };
}

/** A `Vary` value naming every field of `a` and `b` once (case-insensitively), in order. */
export function mergeVary(a: string | undefined, b: string): string {
  const names: string[] = [];
  for (const name of `${a ?? ''},${b}`.split(',').map((n) => n.trim()))
    if (name && !names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
  return names.join(', ');
}

// ---- who is asking -----------------------------------------------------------------------------

/** Phase "client address": the socket address, or the X-Forwarded-For entry added by the N-th trusted proxy. */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | null | undefined,
  trustProxy: number,
): string {
  const socket = socketAddress || 'unknown';
  if (trustProxy <= 0 || !forwardedFor) return socket;
  const hops = forwardedFor
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // The rightmost `trustProxy` entries were appended by proxies we trust; the one before them is the client.
  const idx = hops.length - trustProxy;
  return idx >= 0 ? hops[idx] : (hops[0] ?? socket);
}

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
import { indexOfBytes } from './bytes.js';
import { refuse, type Refusal } from './errors.js';
import type { UpstreamResponse } from './upstream.js';

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

/** Hop-by-hop headers (RFC 9110 §7.6.1) plus ones the proxy owns. Never forwarded upstream. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authorization',
  'proxy-authenticate',
  'host',
  'content-length',
  'expect',
  'http2-settings',
]);

/** Client headers that are ours to decide, never the client's: key, cookies, forwarding claims. */
const NEVER_FROM_CLIENT = new Set([
  'x-api-key',
  'cookie',
  'authorization',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'origin',
  'referer',
  'x-carstrel-session',
]);

/** The only client headers worth passing on to CarStrel. Everything else is dropped. */
const PASS_THROUGH = new Set(['accept', 'accept-language', 'content-type', 'idempotency-key', 'user-agent']);

/**
 * Phase "strip headers": the client headers that may go upstream. Drops x-api-key, cookies,
 * hop-by-hop and Connection-listed headers, then keeps only an allow-list of names. The result has
 * no prototype (no `__proto__` tricks).
 */
export function stripHeaders(incoming: Iterable<[string, string]>): Record<string, string> {
  const pairs = [...incoming];
  const connectionListed = new Set<string>();
  for (const [n, v] of pairs) {
    if (n.toLowerCase() === 'connection') for (const t of v.split(',')) connectionListed.add(t.trim().toLowerCase());
  }
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [rawName, value] of pairs) {
    const name = rawName.toLowerCase();
    if (HOP_BY_HOP.has(name) || NEVER_FROM_CLIENT.has(name) || connectionListed.has(name)) continue;
    if (!PASS_THROUGH.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/** Phase "inject key": the dealer's key and, when there is a customer session, its bearer token. */
export function injectKey(headers: Record<string, string>, apiKey: string, bearer?: string): Record<string, string> {
  const out: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, headers);
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

/** Upstream response headers a browser may see. Everything else (set-cookie, server, …) is dropped. */
const RESPONSE_PASS = new Set(['content-type', 'retry-after', 'content-language', 'last-modified']);

/** Phase "shape response headers": keep only what is safe and useful for the browser. */
export function responseHeaders(upstream: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined || !RESPONSE_PASS.has(name.toLowerCase())) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

let lastKey = '';
let lastKeyBytes = new Uint8Array();
function keyBytes(key: string): Uint8Array {
  if (key !== lastKey) {
    lastKey = key;
    lastKeyBytes = encoder.encode(key);
  }
  return lastKeyBytes;
}

/**
 * Phase "redact key": if upstream ever echoes the dealer's key (in an error message, say), it
 * is replaced before anything reaches the browser. Returns the same buffer when clean.
 */
export function redactKey(body: Uint8Array, apiKey: string): Uint8Array {
  if (!apiKey || indexOfBytes(body, keyBytes(apiKey)) === -1) return body;
  return encoder.encode(decoder.decode(body).split(apiKey).join('[redacted]'));
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
  const headers = responseHeaders(res.headers);
  if (res.status >= 500) {
    const r = refuse.upstreamFailed(res.status);
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

/**
 * The proxy pipeline as small pure phases. Each takes plain values and returns a value or a
 * Refusal; none does I/O, so each has its own unit test (test/node/proxy/phases.test.ts).
 *
 *   checkRequestTarget → checkHeaders → matchRoute (routes.ts) → checkOrigin / corsHeaders
 *   → forwardHeaders (strip, then inject key) → upstream (upstream.ts) → responseHeaders / redactKey
 */
import { refuse, type Refusal } from './errors.js';

export const MAX_QUERY_LENGTH = 2048;
export const MAX_HEADERS = 64;
export const MAX_HEADER_BYTES = 16 * 1024;

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
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(query)) return refuse.badPath();
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
    // eslint-disable-next-line no-control-regex
    if (/[\r\n\u0000]/.test(value)) return refuse.badHeaderValue(rawName);
    if (name === 'content-length') hasLength = true;
    if (name === 'transfer-encoding') hasTransferEncoding = true;
  }
  if (hasLength && hasTransferEncoding) return refuse.conflictingLength();
  if (count > MAX_HEADERS) return refuse.tooManyHeaders(MAX_HEADERS);
  if (bytes > MAX_HEADER_BYTES) return refuse.headersTooLarge(MAX_HEADER_BYTES);
  return undefined;
}

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
 * Phase "strip headers" then "inject key": build upstream request headers from the client's.
 * Drops x-api-key, cookies, hop-by-hop and Connection-listed headers (allow-list of names on top),
 * then sets the dealer's key and, when there is a customer session, the bearer token.
 */
export function forwardHeaders(
  incoming: Iterable<[string, string]>,
  apiKey: string,
  bearer?: string,
): Record<string, string> {
  const pairs = [...incoming];
  const connectionListed = new Set<string>();
  for (const [n, v] of pairs) {
    if (n.toLowerCase() === 'connection') for (const t of v.split(',')) connectionListed.add(t.trim().toLowerCase());
  }
  const out: Record<string, string> = Object.create(null);
  for (const [rawName, value] of pairs) {
    const name = rawName.toLowerCase();
    if (HOP_BY_HOP.has(name) || NEVER_FROM_CLIENT.has(name) || connectionListed.has(name)) continue;
    if (!PASS_THROUGH.has(name)) continue;
    out[name] = value;
  }
  out['x-api-key'] = apiKey;
  if (bearer) out.authorization = `Bearer ${bearer}`;
  return out;
}

/** A bearer token from the client's Authorization header (the cookie-less fallback), if well formed. */
export function bearerFromAuthorization(value: string | null | undefined): string | undefined | Refusal {
  if (!value) return undefined;
  const m = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(value.trim());
  return m ? m[1] : refuse.badAuthorization();
}

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

/**
 * Phase "redact key": if upstream ever echoes the dealer's key (in an error message, say), it
 * is replaced before anything reaches the browser. Returns the same buffer when clean.
 */
export function redactKey(body: Uint8Array, apiKey: string): Uint8Array {
  if (!apiKey || indexOfBytes(body, keyBytes(apiKey)) === -1) return body;
  return textEncoder.encode(new TextDecoder().decode(body).split(apiKey).join('[redacted]'));
}

const textEncoder = new TextEncoder();
let lastKey = '';
let lastKeyBytes = new Uint8Array();
function keyBytes(key: string): Uint8Array {
  if (key !== lastKey) {
    lastKey = key;
    lastKeyBytes = textEncoder.encode(key);
  }
  return lastKeyBytes;
}

/** Node's Buffer (native memmem) when the runtime has it; the loop below elsewhere. */
const NativeBuffer = (
  globalThis as { Buffer?: { from(b: ArrayBufferLike, o: number, l: number): { indexOf(n: Uint8Array): number } } }
).Buffer;

/** First index of `needle` in `haystack`: native where possible, plain web-standard code otherwise. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  if (NativeBuffer && needle.length)
    return NativeBuffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(needle);
  return indexOfBytesPortable(haystack, needle);
}

/** The same search in plain web-standard code (runtimes without Buffer). */
export function indexOfBytesPortable(haystack: Uint8Array, needle: Uint8Array): number {
  if (!needle.length) return 0;
  const first = needle[0]!;
  const last = haystack.length - needle.length;
  for (let i = haystack.indexOf(first); i !== -1 && i <= last; i = haystack.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

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
  return idx >= 0 ? hops[idx]! : (hops[0] ?? socket);
}

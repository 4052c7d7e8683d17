/**
 * The allow-list: every method + path a public dealer page may call through the proxy, and how
 * each one is treated. Anything not listed here never reaches upstream.
 */
import type { CachePolicy } from './cache.js';
import type { ProxyConfig, RateLimits } from './config.js';
import { isRefusal, refuse, type Refusal } from './errors.js';
import { BoundedMemo } from './memo.js';

/** How a route is cached and limited. */
export type RouteKind =
  | 'reference' // global metadata: cached long (TTL + SWR + SIE)
  | 'list' // vehicle list and stats: cached briefly
  | 'detail' // vehicle detail: never cached (each call records an impression upstream)
  | 'auth' // register / login: session cookie, strict rate limit
  | 'me' // customer profile: private, needs the session
  | 'lead' // test drive, contact, newsletter subscribe: idempotent, durably queued
  | 'write'; // other state-changing calls (newsletter unsubscribe)

export interface Route {
  method: 'GET' | 'POST';
  pattern: string;
  kind: RouteKind;
  /** The query parameters CarStrel reads on this route (the contract's); any other is dropped. */
  query?: readonly string[];
}

const PAGED = ['page', 'limit'] as const;
const VEHICLE_FILTERS = [
  ...PAGED,
  'brandId',
  'modelId',
  'bodyTypeId',
  'minYear',
  'maxYear',
  'minPrice',
  'maxPrice',
  'listingType',
  'sort',
  'order',
] as const;

export const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: '/external/brands', kind: 'reference', query: PAGED },
  { method: 'GET', pattern: '/external/brands/:id', kind: 'reference' },
  { method: 'GET', pattern: '/external/brands/:id/models', kind: 'reference' },
  { method: 'GET', pattern: '/external/models', kind: 'reference', query: ['brandId', ...PAGED] },
  { method: 'GET', pattern: '/external/models/:id', kind: 'reference' },
  { method: 'GET', pattern: '/external/body-types', kind: 'reference' },
  { method: 'GET', pattern: '/external/body-types/:id', kind: 'reference' },
  { method: 'GET', pattern: '/external/engines', kind: 'reference' },
  { method: 'GET', pattern: '/external/engines/:id', kind: 'reference' },
  { method: 'GET', pattern: '/external/engine-types', kind: 'reference' },
  { method: 'GET', pattern: '/external/transmission-types', kind: 'reference' },
  { method: 'GET', pattern: '/external/drivetrain-types', kind: 'reference' },
  { method: 'GET', pattern: '/external/generations', kind: 'reference', query: PAGED },
  { method: 'GET', pattern: '/external/generations/:id', kind: 'reference' },
  { method: 'GET', pattern: '/external/trims', kind: 'reference', query: PAGED },
  { method: 'GET', pattern: '/external/trims/:id', kind: 'reference' },
  { method: 'GET', pattern: '/external/blogs', kind: 'reference', query: PAGED },
  { method: 'GET', pattern: '/external/vehicles', kind: 'list', query: VEHICLE_FILTERS },
  { method: 'GET', pattern: '/external/vehicles/stats/summary', kind: 'list' },
  { method: 'GET', pattern: '/external/vehicles/:id', kind: 'detail' },
  { method: 'POST', pattern: '/external/auth/register', kind: 'auth' },
  { method: 'POST', pattern: '/external/auth/login', kind: 'auth' },
  { method: 'GET', pattern: '/external/auth/me', kind: 'me' },
  { method: 'POST', pattern: '/external/newsletter/subscribe', kind: 'lead' },
  { method: 'POST', pattern: '/external/newsletter/unsubscribe', kind: 'write' },
  { method: 'POST', pattern: '/external/contact/submit', kind: 'lead' },
  { method: 'POST', pattern: '/external/test-drives', kind: 'lead' },
];

/** Paths that exist upstream but are dealer-only: refused with 403, never 404, so it is clear why. */
const DEALER_ONLY = /^\/external\/customers(\/|$)/;

/** A path segment the proxy accepts: ids, slugs, fixed words. Nothing encoded, no dots. */
const SEGMENT = /^[A-Za-z0-9_-]{1,128}$/;

function segmentsMatch(pattern: string[], path: string[]): boolean {
  if (pattern.length !== path.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith(':')) {
      if (!SEGMENT.test(path[i])) return false;
    } else if (p !== path[i]) return false;
  }
  return true;
}

const COMPILED = ROUTES.map((r) => ({ route: r, parts: r.pattern.split('/').slice(1) }));

/** Routes whose fixed words beat a parameter at the same position (stats/summary vs :id). */
function specificity(parts: string[]): number {
  // Stryker disable next-line ArrowFunction,MethodExpression: no two allow-listed patterns match one path today (the order is a guard)
  return parts.reduce((n, p) => n + (p.startsWith(':') ? 0 : 1), 0);
}
COMPILED.sort((a, b) => specificity(b.parts) - specificity(a.parts));

/** All allow-listed methods for a path ([] when the path is not allow-listed at all). */
export function allowedMethods(path: string): Array<'GET' | 'POST'> {
  const parts = path.split('/').slice(1);
  const out = new Set<'GET' | 'POST'>();
  for (const c of COMPILED) if (segmentsMatch(c.parts, parts)) out.add(c.route.method);
  return [...out];
}

/**
 * Phase "match allow-list": the route for method + path, or the refusal.
 * `path` must already have passed `checkRequestTarget` (no encoding, no dot segments).
 */
export function matchRoute(method: string, path: string): Route | Refusal {
  const key = `${method} ${path}`;
  const known = MATCHED.get(key);
  // Stryker disable next-line ConditionalExpression: a memo; matching again gives the same route
  if (known) return known;
  const found = findRoute(method, path);
  // Stryker disable next-line ConditionalExpression,BlockStatement: `false`/`{}`: a memo left empty matches again, the same
  if (!isRefusal(found)) {
    // Bounded memo of allow-listed matches (refusals are not kept: each is a fresh error).
    MATCHED.set(key, found);
  }
  return found;
}

const MEMO_MAX = 4096;
const MATCHED = new BoundedMemo<string, Route>(MEMO_MAX);

function findRoute(method: string, path: string): Route | Refusal {
  if (DEALER_ONLY.test(path)) return refuse.dealerOnly();
  const parts = path.split('/').slice(1);
  let sameMethod: Route | undefined;
  const otherMethods = new Set<string>();
  for (const c of COMPILED) {
    if (!segmentsMatch(c.parts, parts)) continue;
    if (c.route.method === method) {
      sameMethod = c.route;
      break;
    }
    otherMethods.add(c.route.method);
  }
  if (sameMethod) return sameMethod;
  if (otherMethods.size) return refuse.methodNotAllowed(method, path, [...otherMethods]);
  return refuse.notAllowListed(method, path);
}

// ---- the query string -------------------------------------------------------------------------

export interface NormalizedQuery {
  /** `?a=1&b=2` in the route's parameter order, each name once, canonically encoded; '' when none. */
  search: string;
  /** Names that were dropped (not read by CarStrel on this route, or repeated). */
  dropped: string[];
}

/**
 * Phase "normalize query": only the parameters CarStrel reads on this route go upstream and into
 * the cache key, in a fixed order, each once (the first), canonically encoded. Anything else
 * (cache busters, unknown filters, repeats) is dropped, so a random query string can neither
 * bypass the cache nor spend the dealer's quota. `search` is the raw query, with or without `?`.
 */
export function normalizeQuery(route: Route, search: string): NormalizedQuery {
  // Stryker disable next-line MethodExpression: URLSearchParams skips a leading '?' itself (this only keeps it out of the memo key)
  const raw = search.startsWith('?') ? search.slice(1) : search;
  // Stryker disable next-line ConditionalExpression: `false`: normalizing '' gives '' and drops nothing too
  if (!raw) return { search: '', dropped: [] };
  const key = `${route.method} ${route.pattern}?${raw}`;
  let known = NORMALIZED.get(key);
  // Stryker disable next-line ConditionalExpression: a memo; normalizing again gives the same answer
  if (!known) {
    known = normalize(route, raw);
    // Bounded memo: the same few queries come again and again (every shopper's first page).
    NORMALIZED.set(key, known);
  }
  return { search: known.search, dropped: [...known.dropped] };
}

const NORMALIZED = new BoundedMemo<string, NormalizedQuery>(MEMO_MAX);

function normalize(route: Route, raw: string): NormalizedQuery {
  // Stryker disable next-line ArrayDeclaration: a route that declares no parameter drops every name; the mutant's one made-up name is sent by no client
  const allowed = route.query ?? [];
  const values = new Map<string, string>();
  const dropped = new Set<string>();
  for (const [name, value] of new URLSearchParams(raw)) {
    if (!allowed.includes(name) || values.has(name)) dropped.add(name);
    else values.set(name, value);
  }
  const parts: string[] = [];
  for (const name of allowed) {
    const value = values.get(name);
    if (value !== undefined) parts.push(`${name}=${encodeURIComponent(value)}`);
  }
  return { search: parts.length ? `?${parts.join('&')}` : '', dropped: [...dropped] };
}

// ---- how each kind of route is treated ---------------------------------------------------------

/** Phase "cache policy": how long the proxy keeps a route's 200s (undefined = never cached). */
export function cachePolicy(route: Route, config: ProxyConfig): CachePolicy | undefined {
  if (config.cacheMaxEntries === 0 || route.method !== 'GET') return undefined;
  if (route.kind === 'reference' && config.cacheTtl > 0)
    return { ttl: config.cacheTtl * 1000, swr: 3600_000, sie: 86_400_000 };
  if (route.kind === 'list' && config.cacheListTtl > 0)
    return { ttl: config.cacheListTtl * 1000, swr: 30_000, sie: 300_000 };
  return undefined;
}

/** Phase "browser cache": the Cache-Control a cached route's 200 carries to the browser. */
export function browserCacheControl(route: Route, config: ProxyConfig): string {
  if (route.kind === 'reference' && config.cacheTtl > 0)
    return `public, max-age=${config.cacheTtl}, stale-while-revalidate=3600, stale-if-error=86400`;
  if (route.kind === 'list' && config.cacheListTtl > 0)
    return `public, max-age=${config.cacheListTtl}, stale-while-revalidate=30`;
  return 'no-store';
}

/** Phase "rate class": which of the client's token buckets a route draws from. */
export function rateClass(route: Route): keyof RateLimits {
  if (route.kind === 'auth') return 'auth';
  return route.method === 'GET' ? 'get' : 'post';
}

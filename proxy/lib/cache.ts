/**
 * Response cache: bounded LRU with TTL, stale-while-revalidate and stale-if-error (RFC 5861),
 * and coalescing of concurrent identical misses into one upstream call.
 */
import { LRUCache } from 'lru-cache';
import type { UpstreamResponse } from './upstream.js';

export interface CachePolicy {
  /** ms the entry is fresh. */
  ttl: number;
  /** ms after ttl during which a stale entry is served while one background refresh runs. */
  swr: number;
  /** ms after ttl during which a stale entry is served when upstream fails. */
  sie: number;
}

export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  etag: string;
  storedAt: number;
  /** Compressed bodies, made once on first demand. */
  encoded: Partial<Record<'br' | 'gzip', Uint8Array>>;
}

export type CacheState = 'HIT' | 'MISS' | 'STALE' | 'STALE-IF-ERROR' | 'BYPASS';

export type Fresh = 'fresh' | 'stale-revalidate' | 'stale-if-error' | 'expired';

/** Pure phase "freshness": where an entry of a given age stands under a policy. */
export function freshness(ageMs: number, p: CachePolicy): Fresh {
  if (ageMs < p.ttl) return 'fresh';
  if (ageMs < p.ttl + p.swr) return 'stale-revalidate';
  if (ageMs < p.ttl + p.sie) return 'stale-if-error';
  return 'expired';
}

/** A strong-enough validator for a body: FNV-1a over the bytes, both ways, plus the length. */
export function etagFor(body: Uint8Array): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  // Stryker disable next-line EqualityOperator: a last round on body[length] (undefined, xor 0) multiplies each half by an odd constant, a bijection: the same bodies share an ETag either way
  for (let i = 0; i < body.length; i++) {
    h1 = Math.imul(h1 ^ body[i], 0x01000193);
    h2 = Math.imul(h2 ^ body[body.length - 1 - i], 0x811c9dc5);
  }
  return `"${body.length.toString(36)}-${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}"`;
}

/** True when an If-None-Match header names this ETag (weak comparison, lists, `*`). */
export function etagMatches(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag.replace(/^W\//, ''));
}

function isFailure(res: UpstreamResponse): boolean {
  return res.status >= 500;
}

export class ResponseCache {
  private readonly lru: LRUCache<string, CachedResponse> | undefined;
  private readonly inflight = new Map<string, Promise<UpstreamResponse>>();

  /**
   * @param maxEntries bound on the number of entries (0 = no cache)
   * @param maxBytes bound on memory: bodies are counted twice (room for their compressed variants)
   */
  constructor(
    maxEntries: number,
    private readonly now: () => number = Date.now,
    maxBytes = 64 * 1024 * 1024,
  ) {
    this.lru =
      maxEntries > 0
        ? new LRUCache({
            max: maxEntries,
            maxSize: maxBytes,
            sizeCalculation: (e: CachedResponse) => Math.max(1, e.body.byteLength * 2),
          })
        : undefined;
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }

  /** One upstream call per key at a time; every concurrent caller shares its answer. */
  private coalesce(key: string, load: () => Promise<UpstreamResponse>): Promise<UpstreamResponse> {
    let p = this.inflight.get(key);
    if (!p) {
      p = load().finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  private store(key: string, res: UpstreamResponse, headers: Record<string, string>, p: CachePolicy): CachedResponse {
    const entry: CachedResponse = {
      status: res.status,
      headers,
      body: res.body,
      etag: etagFor(res.body),
      storedAt: this.now(),
      encoded: {},
    };
    if (this.lru && res.status === 200) this.lru.set(key, entry, { ttl: p.ttl + Math.max(p.swr, p.sie) });
    return entry;
  }

  /**
   * The response for `key`: from the cache when fresh (or stale within SWR/SIE), else from
   * `load` (coalesced). Only 200s are stored. `shape` turns upstream headers into stored ones.
   * Upstream errors propagate unless a stale-if-error entry exists.
   */
  async fetch(
    key: string,
    p: CachePolicy,
    load: () => Promise<UpstreamResponse>,
    shape: (res: UpstreamResponse) => Record<string, string>,
  ): Promise<{ entry: CachedResponse; state: CacheState }> {
    const cached = this.lru?.get(key);
    // Stryker disable next-line StringLiteral: f is only read together with `cached`
    const f = cached ? freshness(this.now() - cached.storedAt, p) : 'expired';
    if (cached && f === 'fresh') return { entry: cached, state: 'HIT' };
    if (cached && f === 'stale-revalidate') {
      // Stryker disable next-line ConditionalExpression: coalesce joins the refresh in flight (one upstream call either way); this only spares storing its answer once per waiting request
      if (!this.inflight.has(key)) {
        this.coalesce(key, load)
          .then((res) => {
            // Stryker disable next-line ConditionalExpression: store() keeps 200s only, so a 5xx is never stored either way
            if (!isFailure(res)) this.store(key, res, shape(res), p);
          })
          .catch(() => {
            /* keep serving stale; the next request retries */
          });
      }
      return { entry: cached, state: 'STALE' };
    }
    const fallback = f === 'stale-if-error' ? cached : undefined;
    try {
      const res = await this.coalesce(key, load);
      if (isFailure(res) && fallback) return { entry: fallback, state: 'STALE-IF-ERROR' };
      return { entry: this.store(key, res, shape(res), p), state: 'MISS' };
    } catch (err) {
      if (fallback) return { entry: fallback, state: 'STALE-IF-ERROR' };
      throw err;
    }
  }
}

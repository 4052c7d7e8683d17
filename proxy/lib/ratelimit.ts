/**
 * Rate limiting per client and class, for the proxy (token buckets per client address) and the
 * sandbox (fixed one-minute windows per API key, `SANDBOX_RATE_LIMIT`). State lives in a bounded
 * LRU, so a flood of clients cannot grow memory without limit.
 */
import { LRUCache } from 'lru-cache';
import type { RateLimits } from './config.js';

export type RateClass = keyof RateLimits;

/** How a limit of N per minute is counted. */
export type RateAlgorithm =
  | 'token-bucket' // N tokens, refilled continuously: smooth, allows short bursts (the proxy)
  | 'fixed-window'; // N requests per clock minute from the first one (the sandbox, like many APIs)

export interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface Window {
  start: number;
  count: number;
}

/** One request counted: what is left, and when over the limit, how many seconds to wait. */
export interface RateDecision {
  limit: number;
  remaining: number;
  retryAfter?: number;
}

const WINDOW_MS = 60_000;

/**
 * Pure phase "take a token": refill at `perMinute` tokens per minute up to `perMinute`, then take
 * one. Returns the next bucket and, when empty, how many seconds until a token is available.
 */
export function takeToken(
  bucket: Bucket | undefined,
  perMinute: number,
  now: number,
): { bucket: Bucket; retryAfter?: number } {
  const capacity = perMinute;
  const ratePerMs = perMinute / WINDOW_MS;
  const prev = bucket ?? { tokens: capacity, updatedAt: now };
  const tokens = Math.min(capacity, prev.tokens + Math.max(0, now - prev.updatedAt) * ratePerMs);
  if (tokens >= 1) return { bucket: { tokens: tokens - 1, updatedAt: now } };
  return { bucket: { tokens, updatedAt: now }, retryAfter: Math.max(1, Math.ceil((1 - tokens) / ratePerMs / 1000)) };
}

/**
 * Pure phase "count in the window": a window opens at the first request and holds `perMinute`
 * requests for one minute. Returns the next window and, when full, the seconds until it rolls over.
 */
export function countInWindow(
  window: Window | undefined,
  perMinute: number,
  now: number,
): { window: Window; retryAfter?: number } {
  const current = window && now - window.start < WINDOW_MS ? window : { start: now, count: 0 };
  if (current.count >= perMinute) {
    return { window: current, retryAfter: Math.max(1, Math.ceil((current.start + WINDOW_MS - now) / 1000)) };
  }
  return { window: { start: current.start, count: current.count + 1 } };
}

/**
 * What the proxy's routes ask of a rate limiter: seconds to wait when `client` is over its limit for
 * `cls`, else undefined. In memory on Node (`RateLimiter`); a Durable Object per client on the edge.
 */
export interface RateCheck {
  check(client: string, cls: RateClass): number | undefined | Promise<number | undefined>;
}

/** Limits of N per minute for each class `C` of request, per client; `'off'` lets everything through. */
export class RateLimiter<C extends string = RateClass> {
  private readonly state = new LRUCache<string, Bucket | Window>({ max: 50_000 });

  constructor(
    private readonly limits: Readonly<Record<C, number>> | 'off',
    private readonly now: () => number = Date.now,
    // Stryker disable next-line StringLiteral: every value but 'fixed-window' is the token bucket.
    private readonly algorithm: RateAlgorithm = 'token-bucket',
  ) {}

  /** Seconds to wait when the client is over its limit for this class, else undefined. */
  check(client: string, cls: C): number | undefined {
    return this.take(client, cls)?.retryAfter;
  }

  /** Counts one request of `client` in class `cls`; undefined when limiting is off. */
  take(client: string, cls: C): RateDecision | undefined {
    if (this.limits === 'off') return undefined;
    const limit = this.limits[cls];
    const key = `${cls}:${client}`;
    // One limiter, one algorithm: what it stored is of that algorithm's kind.
    const prev = this.state.get(key);
    if (this.algorithm === 'fixed-window') {
      const { window, retryAfter } = countInWindow(prev as Window | undefined, limit, this.now());
      this.state.set(key, window);
      return { limit, remaining: Math.max(0, limit - window.count), retryAfter };
    }
    const { bucket, retryAfter } = takeToken(prev as Bucket | undefined, limit, this.now());
    this.state.set(key, bucket);
    return { limit, remaining: Math.floor(bucket.tokens), retryAfter };
  }

  /** Forgets every client (the sandbox's `/_sandbox/reset`). */
  clear(): void {
    this.state.clear();
  }
}

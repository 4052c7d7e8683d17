/**
 * Token-bucket rate limiting per client and class. Buckets live in a bounded LRU, so a flood of
 * addresses cannot grow memory without limit.
 */
import { LRUCache } from 'lru-cache';
import type { RateLimits } from './config.js';

export type RateClass = keyof RateLimits;

export interface Bucket {
  tokens: number;
  updatedAt: number;
}

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
  const ratePerMs = perMinute / 60000;
  const prev = bucket ?? { tokens: capacity, updatedAt: now };
  const tokens = Math.min(capacity, prev.tokens + Math.max(0, now - prev.updatedAt) * ratePerMs);
  if (tokens >= 1) return { bucket: { tokens: tokens - 1, updatedAt: now } };
  return { bucket: { tokens, updatedAt: now }, retryAfter: Math.max(1, Math.ceil((1 - tokens) / ratePerMs / 1000)) };
}

export class RateLimiter {
  private readonly buckets = new LRUCache<string, Bucket>({ max: 50_000 });

  constructor(
    private readonly limits: RateLimits | 'off',
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait when the client is over its limit for this class, else undefined. */
  check(client: string, cls: RateClass): number | undefined {
    if (this.limits === 'off') return undefined;
    const key = `${cls}:${client}`;
    const { bucket, retryAfter } = takeToken(this.buckets.get(key), this.limits[cls], this.now());
    this.buckets.set(key, bucket);
    return retryAfter;
  }
}

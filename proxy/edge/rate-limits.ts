/**
 * Rate limits on the edge: one `RateLimitBucket` Durable Object per client address (the
 * platform's `CF-Connecting-IP`), holding that client's token buckets, one per class, with the
 * same `takeToken` phase as Node. Every isolate of every location asks the same object, so a
 * client's limit is one limit worldwide, not one per isolate.
 */
import type { RateLimits } from '../lib/config.js';
import { takeToken, type Bucket, type RateCheck, type RateClass } from '../lib/ratelimit.js';
import type { DurableObjectNamespace, DurableObjectState } from './platform.js';

/** The `RATE_LIMITS` Durable Object class: `GET /take?class=post&limit=20` → `{ retryAfter? }`. */
export class RateLimitBucket {
  private readonly buckets = new Map<string, Bucket>();
  private loaded: Promise<void> | undefined;

  constructor(private readonly state: DurableObjectState) {}

  async fetch(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const cls = url.searchParams.get('class') ?? '';
    const limit = Number(url.searchParams.get('limit'));
    if (!/^[a-z]{1,16}$/.test(cls) || !Number.isInteger(limit) || limit < 1)
      return Response.json({ error: 'class and limit required' }, { status: 400 });
    // Buckets outlive an evicted object: a client cannot reset its limit by pausing.
    this.loaded ??= this.state.storage.get<Record<string, Bucket>>('buckets').then((saved) => {
      for (const [k, b] of Object.entries(saved ?? {})) if (!this.buckets.has(k)) this.buckets.set(k, b);
    });
    await this.loaded;
    const { bucket, retryAfter } = takeToken(this.buckets.get(cls), limit, Date.now());
    this.buckets.set(cls, bucket);
    // Losing the last write costs at most a few tokens: no need to wait for it to be confirmed.
    void this.state.storage.put('buckets', Object.fromEntries(this.buckets), { allowUnconfirmed: true });
    return Response.json(retryAfter === undefined ? {} : { retryAfter });
  }
}

/**
 * The app's rate limiter on the edge. `scope` keeps dealers apart (a tenant's clients are
 * counted apart from another's). If the object cannot be reached the request is let through
 * (the limit protects CarStrel and the dealer; an outage of it must not take the site down).
 */
export function edgeRateLimits(
  ns: DurableObjectNamespace,
  limits: RateLimits | 'off',
  scope = '',
  onError: (err: unknown) => void = () => {},
): RateCheck {
  return {
    async check(client: string, cls: RateClass) {
      if (limits === 'off') return undefined;
      try {
        const stub = ns.get(ns.idFromName(`${scope}|${client}`));
        const res = await stub.fetch(`https://rate/take?class=${cls}&limit=${limits[cls]}`);
        const answer = (await res.json()) as { retryAfter?: number };
        return answer.retryAfter;
      } catch (err) {
        onError(err);
        return undefined;
      }
    },
  };
}

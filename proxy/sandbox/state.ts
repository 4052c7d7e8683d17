/**
 * The state of one sandbox: its keys, seeded store, injected faults, idempotency answers and rate
 * limits. The routes reach it through the typed context (`c.var.sandbox`, context.ts).
 */
import { RateLimiter } from '../lib/ratelimit.js';
import { BUILTIN_DEALERS, BUILTIN_KEYS, parseExtraKeys, type ApiKey, type Dealer } from './data/dealers.js';
import { Faults } from './faults.js';
import { IdempotencyStore } from './idempotency.js';
import { Store } from './store.js';
import type { MediaUrl } from './views.js';

export interface SandboxOptions {
  /** Absolute base URL under which media (images) are reachable by a browser, e.g.
   *  'http://127.0.0.1:4010/media'. Default: `${ownUrl}/media` once listening. */
  mediaBaseUrl?: string;
  /** Extra keys: comma-separated `key:dealer[:scope+scope]`, e.g.
   *  'sk_test_x:dealer-one,sk_live_y:Acme Cars:metadata:read+vehicles:read' — the same format as env
   *  CARSTREL_SANDBOX_KEYS. `dealer` is dealer-one, dealer-two, a dealer id, or a new name (seeded). */
  extraKeys?: string;
  /** Requests per minute per key; undefined = no rate limit (env SANDBOX_RATE_LIMIT). */
  rateLimitPerMinute?: number;
}

export class SandboxState {
  readonly store: Store;
  readonly faults = new Faults();
  /** Answers kept per `Idempotency-Key`, so a retried lead POST is not recorded twice. */
  readonly idempotency = new IdempotencyStore();
  /** `/external` requests per minute per API key, in fixed windows. */
  readonly limiter: RateLimiter<'external'>;
  readonly keys: Map<string, ApiKey>;
  private mediaBase: string | undefined;

  constructor(options: SandboxOptions = {}) {
    const extra = parseExtraKeys(options.extraKeys);
    const dealers = new Map<string, Dealer>([...BUILTIN_DEALERS, ...extra.dealers].map((d) => [d.id, d]));
    this.keys = new Map([...BUILTIN_KEYS, ...extra.keys].map((k) => [k.key, k]));
    this.store = new Store(dealers);
    const perMinute = options.rateLimitPerMinute;
    this.limiter = new RateLimiter(perMinute ? { external: perMinute } : 'off', Date.now, 'fixed-window');
    this.setMediaBaseUrl(options.mediaBaseUrl);
  }

  setMediaBaseUrl(url: string | undefined): void {
    this.mediaBase = url?.replace(/\/+$/, '');
  }

  /** Media URLs for a request to `origin`: under the configured base, else the request's own origin. */
  mediaUrls(origin: string): MediaUrl {
    const base = this.mediaBase ?? `${origin}/media`;
    return (path) => `${base}/${path}`;
  }

  /** Seeds the demo dealers' test tenants now, so the first request does not pay for it. */
  warmUp(): void {
    for (const d of BUILTIN_DEALERS) this.store.tenant(d.id, 'test');
  }

  reset(): void {
    this.store.reset();
    this.idempotency.clear();
    this.faults.clear();
    this.limiter.clear();
  }
}

/**
 * The one typed context every sub-app of the proxy shares (Hono `Env`). Sub-apps keep no state of
 * their own: they read the configuration and the services of the dealer being served from
 * `c.var`, so the same sub-apps serve one dealer at the root or, mounted again under a prefix,
 * another dealer whose middleware sets its own `config`, `services` and `path`.
 */
import type { ProxyConfig } from './lib/config.js';
import type { Upstream } from './lib/upstream.js';
import type { ResponseCache } from './lib/cache.js';
import type { LeadDesk } from './lib/leads.js';
import type { RateLimiter } from './lib/ratelimit.js';
import type { CookieOptions, SessionSealer } from './lib/session.js';
import type { AssetSource } from './lib/static.js';
import type { Compressor } from './lib/compress.js';
import type { HealthProbe } from './lib/health.js';
import type { Logger, RequestFacts } from './lib/logger.js';

/** What one dealer's routes work with, built once per dealer (see `createServices` in app.ts). */
export interface ProxyServices {
  /** CarStrel, at the origin fixed by configuration. */
  upstream: Upstream;
  /** Sandbox mode only: where `GET /media/*` is fetched from. */
  media?: Upstream;
  /** The widgets build and the demo pages (none on edge platforms, which serve assets themselves). */
  assets?: AssetSource;
  cache: ResponseCache;
  /** The lead outbox: idempotent, durably queued when CarStrel cannot take a lead now. */
  leads: LeadDesk;
  limiter: RateLimiter;
  sessions: SessionSealer;
  cookie: CookieOptions;
  /** Origins allowed by CORS and CSRF (grows once the proxy knows its own origins). */
  origins: Set<string>;
  health: HealthProbe;
  /** Response compression (none on edge platforms, which compress on their own). */
  compress?: Compressor;
  logger: Logger;
}

export interface ProxyVariables {
  config: ProxyConfig;
  services: ProxyServices;
  /** The request URL, parsed once. */
  url: URL;
  /** The path below the dealer's mount point: the whole pathname at the root. */
  path: string;
  /** Who is asking (rate limits): the runtime's address adapter plus the trust-proxy rule. */
  client: string;
  /** CORS headers every answer to this request carries, refusals included (set per sub-app). */
  cors: Record<string, string>;
  /** What the request's log line reports (cache state, upstream status, lead outcome). */
  facts: RequestFacts;
}

export type ProxyEnv = { Variables: ProxyVariables };

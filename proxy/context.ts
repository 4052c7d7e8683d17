/**
 * The one typed context every sub-app of the proxy shares (Hono `Env`). Sub-apps keep no state of
 * their own: they read the configuration and the services of the dealer being served from
 * `c.var`, so the same sub-apps serve one dealer at the root or, mounted again under a prefix,
 * another dealer whose middleware sets its own `config`, `services` and `path`.
 */
import type { ResponseCache } from './lib/cache.js';
import type { Compressor } from './lib/compress.js';
import type { ProxyConfig } from './lib/config.js';
import type { HealthProbe } from './lib/health.js';
import type { LeadIntake } from './lib/leads.js';
import type { Logger, RequestFacts } from './lib/logger.js';
import type { ProxyMetrics } from './lib/metrics.js';
import type { RateCheck } from './lib/ratelimit.js';
import type { CookieOptions, SessionSealer } from './lib/session.js';
import type { AssetSource } from './lib/static.js';
import type { Upstream } from './lib/upstream.js';
import type { ElementRenderer } from './ssr/types.js';

/** What routes use of a response cache: one dealer's own cache, or its own part of a shared one. */
export type CacheView = Pick<ResponseCache, 'fetch' | 'size'>;

/** What one dealer's routes work with (see `createServices` in services.ts, and tenants/registry.ts). */
export interface ProxyServices {
  /** CarStrel, at the origin fixed by configuration. */
  upstream: Upstream;
  /** Sandbox mode only: where `GET /media/*` is fetched from. */
  media?: Upstream;
  /** The widgets build and the demo pages (none on edge platforms, which serve assets themselves). */
  assets?: AssetSource;
  cache: CacheView;
  /** The lead outbox: idempotent, durably queued when CarStrel cannot take a lead now. */
  leads: LeadIntake;
  /** Rate limits per client (in memory on Node, Durable Objects on the edge; a tenant's part of shared ones). */
  limiter: RateCheck;
  sessions: SessionSealer;
  cookie: CookieOptions;
  /** Origins allowed by CORS and CSRF (grows once the proxy knows its own origins). */
  origins: Set<string>;
  health: HealthProbe;
  /** Response compression (none on edge platforms, which compress on their own). */
  compress?: Compressor;
  logger: Logger;
  /** Operator figures (`/metrics`), when the runtime provides them. */
  metrics?: ProxyMetrics;
  /** Server-side rendering of elements (`/render`), on runtimes that have it (Node). */
  render?: ElementRenderer;
  /** The root of a multi-dealer deployment: the operator's `/healthz` body (every tenant). */
  tenantsReport?: () => unknown;
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
  /** The address of the connection itself (the front proxy's, behind one), before the trust-proxy rule. */
  peer: string;
  /** CORS headers every answer to this request carries, refusals included (set per sub-app). */
  cors: Record<string, string>;
  /** What the request's log line reports (cache state, upstream status, lead outcome). */
  facts: RequestFacts;
  /** The route class counted in the figures: the API route's kind once admitted (else from the path). */
  routeClass?: string;
  /** `X-CarStrel-Mode` of a dealer answer (set by `modeHeader`; `send` writes it with the other headers). */
  mode?: 'test' | 'live';
}

export type ProxyEnv = { Variables: ProxyVariables };

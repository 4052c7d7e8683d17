/**
 * One dealer's services (`createServices`), and what the runtime hands the app (`ProxyDeps`):
 * Node passes an undici Pool, the lead journal on disk, static files, zlib and Prometheus figures;
 * an edge runtime passes little or nothing and gets web-standard defaults.
 */
import type { GetConnInfo } from 'hono/conninfo';
import type { ProxyServices } from './context.js';
import { ResponseCache } from './lib/cache.js';
import type { Compressor } from './lib/compress.js';
import type { ProxyConfig } from './lib/config.js';
import { HealthProbe } from './lib/health.js';
import { LeadDesk, MemoryLeadStore, type LeadIntake, type LeadStore } from './lib/leads.js';
import { jsonLogger } from './lib/logger.js';
import type { ProxyMetrics } from './lib/metrics.js';
import { RateLimiter, type RateCheck } from './lib/ratelimit.js';
import { SessionSealer, type CookieOptions } from './lib/session.js';
import { createLeadSinks, type LeadSinkDeps } from './lib/sinks/config.js';
import type { AssetSource } from './lib/static.js';
import { fetchUpstream, type Upstream } from './lib/upstream.js';
import type { ElementRenderer } from './ssr/types.js';

export interface ProxyDeps {
  /** Default: the runtime's global `fetch` to `config.apiUrl` (edge runtimes). Node uses an undici Pool. */
  upstream?: Upstream;
  /** Durable lead store (FileLeadStore on Node). Default: in memory. */
  leadStore?: LeadStore;
  /** A lead outbox built by the runtime (the edge's Durable Object client); replaces `leadStore`. */
  leads?: LeadIntake;
  /** Rate limits kept by the runtime (the edge's Durable Objects). Default: in memory, `config.rateLimit`. */
  limiter?: RateCheck;
  /** Many dealers: each tenant's own lead outbox, opened when the tenant is added. Default: in memory. */
  tenantLeadStore?: (tenant: string) => Promise<LeadStore>;
  /** Many dealers, outboxes kept by the runtime (the edge: a Durable Object per tenant); replaces `tenantLeadStore`. */
  tenantLeads?: (tenant: string) => LeadIntake;
  /** Static files (widgets build + demo). Default: none (edge platforms serve assets themselves). */
  assets?: AssetSource;
  /** Sandbox mode: forwards GET /media/* to the sandbox. */
  media?: Upstream;
  compress?: Compressor;
  /** Who is connected: `getConnInfo` of the runtime's Hono adapter. Default: unknown (one shared bucket). */
  connInfo?: GetConnInfo;
  /** Operator figures (`/metrics`). Default: none (the route answers 404). */
  metrics?: ProxyMetrics;
  log?: (line: string) => void;
  now?: () => number;
  /** The email sink's mailer (Node: `smtpMailer`, lib/sinks/smtp.ts); without it leads are not emailed. */
  mailer?: LeadSinkDeps['mailer'];
  /** Server-side rendering of elements (Node: `litRenderer`, ssr/renderer.ts). Default: none (`/render` answers 404). */
  render?: ElementRenderer;
}

/** The session cookie's attributes: Secure when the proxy is on https or SameSite=None. */
export function cookieOptions(config: ProxyConfig, tenant?: string): CookieOptions {
  const secure = config.cookieSameSite === 'None' || (config.publicUrl?.startsWith('https:') ?? false);
  return tenant ? { secure, sameSite: config.cookieSameSite, tenant } : { secure, sameSite: config.cookieSameSite };
}

/** One dealer's services, from its configuration and the runtime's dependencies. */
export function createServices(config: ProxyConfig, deps: ProxyDeps = {}): ProxyServices & { cache: ResponseCache } {
  const upstream = deps.upstream ?? fetchUpstream(config.apiUrl, (req) => fetch(req));
  const origins = new Set<string>(config.allowedOrigins);
  if (config.publicUrl) origins.add(config.publicUrl);
  return {
    upstream,
    media: deps.media,
    assets: deps.assets,
    cache: new ResponseCache(config.cacheMaxEntries, deps.now),
    leads:
      deps.leads ??
      new LeadDesk(deps.leadStore ?? new MemoryLeadStore(), upstream, {
        apiKey: config.apiKey,
        timeoutMs: config.upstreamTimeoutMs,
        now: deps.now,
        sinks: createLeadSinks(config.leadSinks, config.apiKey, { mailer: deps.mailer, now: deps.now }),
      }),
    limiter: deps.limiter ?? new RateLimiter(config.rateLimit, deps.now),
    sessions: new SessionSealer(config.sessionSecret ?? crypto.randomUUID() + crypto.randomUUID()),
    cookie: cookieOptions(config),
    origins,
    health: new HealthProbe(upstream, config.apiKey, config.upstreamTimeoutMs, deps.now),
    compress: deps.compress,
    logger: jsonLogger(deps.log, config.log !== 'off', config.apiKey),
    metrics: deps.metrics,
    render: deps.render,
  };
}

/**
 * The proxy as a web-standard handler (`Request` → `Response`) on Hono. Nothing here touches
 * node:http, node:fs or node:zlib: those arrive as dependencies (upstream client, lead store,
 * static assets, compressor, client-address adapter), so the same app runs on Node (server.ts)
 * or an edge runtime (edge.ts).
 *
 * Layout: middleware (middleware.ts: context, log line, request checks), then small sub-apps
 * (routes/) mounted with `app.route()`, sharing one typed context (context.ts); every refusal is
 * thrown and answered here, in `onError` / `notFound`, in the CarStrel error envelope (errors.ts).
 */
import { Hono } from 'hono';
import type { GetConnInfo } from 'hono/conninfo';
import type { ProxyEnv, ProxyServices, ProxyVariables } from './context.js';
import type { ProxyConfig } from './lib/config.js';
import { isRefusal, refuse, refusalResponse } from './lib/errors.js';
import { RateLimiter } from './lib/ratelimit.js';
import { ResponseCache } from './lib/cache.js';
import { fetchUpstream, type Upstream } from './lib/upstream.js';
import { LeadDesk, MemoryLeadStore, type LeadStore } from './lib/leads.js';
import { SessionSealer } from './lib/session.js';
import type { Compressor } from './lib/compress.js';
import type { AssetSource } from './lib/static.js';
import { HealthProbe } from './lib/health.js';
import { jsonLogger } from './lib/logger.js';
import { unknownConnInfo } from './lib/conninfo.js';
import { checkRequest, provide, requestLog } from './middleware.js';
import { health } from './routes/health.js';
import { session } from './routes/session.js';
import { external } from './routes/external.js';
import { assets } from './routes/assets.js';

export interface ProxyDeps {
  /** Default: the runtime's global `fetch` to `config.apiUrl` (edge runtimes). Node uses an undici Pool. */
  upstream?: Upstream;
  /** Durable lead store (FileLeadStore on Node). Default: in memory. */
  leadStore?: LeadStore;
  /** Static files (widgets build + demo). Default: none (edge platforms serve assets themselves). */
  assets?: AssetSource;
  /** Sandbox mode: forwards GET /media/* to the sandbox. */
  media?: Upstream;
  compress?: Compressor;
  /** Who is connected: `getConnInfo` of the runtime's Hono adapter. Default: unknown (one shared bucket). */
  connInfo?: GetConnInfo;
  log?: (line: string) => void;
  now?: () => number;
}

export interface ProxyApp {
  fetch(req: Request, env?: unknown): Response | Promise<Response>;
  /** Add origins allowed by CORS/CSRF (the proxy's own origins, once it listens). */
  allowOrigins(...origins: string[]): void;
  readonly cache: ResponseCache;
  readonly leads: LeadDesk;
  close(): Promise<void>;
}

/** One dealer's services, from its configuration and the runtime's dependencies. */
export function createServices(config: ProxyConfig, deps: ProxyDeps = {}): ProxyServices {
  const upstream = deps.upstream ?? fetchUpstream(config.apiUrl, (req) => fetch(req));
  const origins = new Set<string>(config.allowedOrigins);
  if (config.publicUrl) origins.add(config.publicUrl);
  const secure = config.cookieSameSite === 'None' || (config.publicUrl?.startsWith('https:') ?? false);
  return {
    upstream,
    media: deps.media,
    assets: deps.assets,
    cache: new ResponseCache(config.cacheMaxEntries, deps.now),
    leads: new LeadDesk(deps.leadStore ?? new MemoryLeadStore(), upstream, {
      apiKey: config.apiKey,
      timeoutMs: config.upstreamTimeoutMs,
      now: deps.now,
    }),
    limiter: new RateLimiter(config.rateLimit, deps.now),
    sessions: new SessionSealer(config.sessionSecret ?? crypto.randomUUID() + crypto.randomUUID()),
    cookie: { secure, sameSite: config.cookieSameSite },
    origins,
    health: new HealthProbe(upstream, config.apiKey, config.upstreamTimeoutMs, deps.now),
    compress: deps.compress,
    logger: jsonLogger(deps.log, config.log !== 'off', config.apiKey),
  };
}

/**
 * The routes one dealer gets. Mounted at the root for a single dealer; a multi-dealer deployment
 * mounts them again under `/d/:tenant` behind a middleware that sets that dealer's `config`,
 * `services` and `path`. `assets` ends with the demo's catch-all `/:file`, so it comes last.
 */
export function dealerRoutes(): Hono<ProxyEnv> {
  return new Hono<ProxyEnv>()
    .route('/healthz', health)
    .route('/session', session)
    .route('/external', external)
    .route('/', assets);
}

export function createProxyApp(config: ProxyConfig, deps: ProxyDeps = {}): ProxyApp {
  const services = createServices(config, deps);
  const app = new Hono<ProxyEnv>()
    .use(provide(config, services, deps.connInfo ?? unknownConnInfo))
    .use(requestLog)
    .use(checkRequest);
  // Tenants (`/d/:tenant`) and the dealer console (`/admin`) mount here, before the root's routes.
  app.route('/', dealerRoutes());

  app.onError((err, c) => {
    // The context is incomplete when `provide` itself failed.
    const vars: Partial<ProxyVariables> = c.var;
    const cors = vars.cors ?? {};
    if (isRefusal(err)) return refusalResponse(err, cors);
    (vars.services ?? services).logger.error(err.message);
    return refusalResponse(refuse.internal(), cors);
  });
  app.notFound((c) => refusalResponse(refuse.notFound(c.req.method, c.var.url.pathname)));

  return {
    fetch: (req, env) => app.fetch(req, env),
    allowOrigins: (...origins) => origins.forEach((o) => services.origins.add(o)),
    cache: services.cache,
    leads: services.leads,
    async close() {
      await services.leads.close();
    },
  };
}

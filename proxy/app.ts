/**
 * The proxy as a web-standard handler (`Request` → `Response`) on Hono. Nothing here touches
 * node:http, node:fs or node:zlib: those arrive as dependencies (upstream client, lead store,
 * static assets, compressor, client-address adapter, figures), so the same app runs on Node
 * (server.ts) or an edge runtime (edge.ts).
 *
 * Layout: middleware (middleware.ts: context, log line, request checks), then small sub-apps
 * (routes/) mounted with `app.route()`, sharing one typed context (context.ts); every refusal is
 * thrown and answered here, in `onError` / `notFound`, in the CarStrel error envelope (errors.ts).
 * Many dealers (`CARSTREL_TENANTS`): the same dealer routes serve `/d/<id>/…` and each tenant's
 * hosts (tenants/routes.ts), each tenant with its own configuration and services.
 */
import { Hono } from 'hono';
import { getPath } from 'hono/utils/url';
import { admin } from './admin/routes.js';
import type { ProxyEnv, ProxyServices, ProxyVariables } from './context.js';
import type { ResponseCache } from './lib/cache.js';
import type { ProxyConfig } from './lib/config.js';
import { unknownConnInfo } from './lib/conninfo.js';
import { isRefusal, refuse, refusalResponse } from './lib/errors.js';
import type { LeadIntake } from './lib/leads.js';
import { timedUpstream } from './lib/metrics.js';
import { fetchUpstream } from './lib/upstream.js';
import { checkRequest, modeHeader, provide, requestLog } from './middleware.js';
import { assets } from './routes/assets.js';
import { builder } from './routes/builder.js';
import { external } from './routes/external.js';
import { health } from './routes/health.js';
import { metrics } from './routes/metrics.js';
import { render } from './routes/render.js';
import { session } from './routes/session.js';
import { createServices, type ProxyDeps } from './services.js';
import { TenantRegistry } from './tenants/registry.js';
import { tenantChooser, tenantPath, tenantsReport } from './tenants/routes.js';

export { createServices, type ProxyDeps } from './services.js';

export interface ProxyApp {
  fetch(req: Request, env?: unknown): Response | Promise<Response>;
  /** Add origins allowed by CORS/CSRF (the proxy's own origins, once it listens). */
  allowOrigins(...origins: string[]): void;
  readonly cache: ResponseCache;
  readonly leads: LeadIntake;
  /** Many dealers (`config.tenantsFile`): the tenants served; `apply()` them to load or reload. */
  readonly tenants?: TenantRegistry;
  /**
   * One dealer at the root (no tenants file): its configuration and services, for a runtime's own
   * fast path of the hot case (Node: fast-path.ts). Undefined with many dealers.
   */
  readonly dealer?: { config: ProxyConfig; services: ProxyServices };
  close(): Promise<void>;
}

/**
 * The routes one dealer gets, at the root. A multi-dealer deployment serves every tenant with
 * them: its router path drops the `/d/<id>` prefix (`tenantPath`), and `provide` sets the chosen
 * tenant's `config`, `services` and `path` before them. `assets` ends with the demo's catch-all
 * `/:file`, so it comes last. `modeHeader` says on every answer whether the key is a test key.
 */
export function dealerRoutes(): Hono<ProxyEnv> {
  return new Hono<ProxyEnv>()
    .use(modeHeader)
    .route('/healthz', health)
    .route('/session', session)
    .route('/external', external)
    .route('/render', render)
    .route('/builder', builder)
    .route('/', assets);
}

export function createProxyApp(config: ProxyConfig, deps: ProxyDeps = {}): ProxyApp {
  const base = deps.upstream ?? fetchUpstream(config.apiUrl, (req) => fetch(req));
  const upstream = deps.metrics ? timedUpstream(base, deps.metrics) : base;
  const services = createServices(config, { ...deps, upstream });
  const tenants = config.tenantsFile
    ? new TenantRegistry(config, {
        upstream,
        // Shared, partitioned per tenant by key: memory stays bounded whatever the number of tenants.
        cache: services.cache,
        limiter: services.limiter,
        assets: deps.assets,
        compress: deps.compress,
        metrics: deps.metrics,
        render: deps.render,
        openLeadStore: deps.tenantLeadStore,
        openLeads: deps.tenantLeads,
        log: deps.log,
        now: deps.now,
        mailer: deps.mailer,
      })
    : undefined;
  deps.metrics?.gauges(() => ({
    tenants: tenants?.size ?? 1,
    queues: tenants?.queues() ?? [
      { tenant: '', depth: services.leads.depth, oldestAgeSeconds: oldestAge(services.leads.queue().oldest) },
    ],
  }));

  if (tenants) services.tenantsReport = tenantsReport(tenants);
  // Tenants: the router sees the path below `/d/<id>`, and `provide` chooses the tenant (tenants/routes.ts).
  const app = new Hono<ProxyEnv>(tenants ? { getPath: tenantPath(getPath) } : {})
    .use(requestLog)
    .use(provide(config, services, deps.connInfo ?? unknownConnInfo, tenants && tenantChooser(tenants)))
    .use(checkRequest)
    .route('/metrics', metrics);
  // The dealer console (`/admin`, admin/routes.ts), before the dealer routes (never under `/external`).
  app.route('/admin', admin);
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
    tenants,
    dealer: tenants ? undefined : { config, services },
    async close() {
      await Promise.all([services.leads.close(), tenants?.close()]);
    },
  };
}

function oldestAge(oldest: string | null, now = Date.now()): number {
  return oldest === null ? 0 : Math.max(0, (now - Date.parse(oldest)) / 1000);
}

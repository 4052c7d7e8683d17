/**
 * Where tenants are served: `/d/<id>/…` (the dealer's routes, mounted again under the prefix behind
 * a middleware that sets that tenant's configuration, services and path), and the root for a Host
 * listed for a tenant. Any other request at the root is refused (404 in the envelope), except the
 * operator's `/healthz`: every tenant's upstream and queue, on loopback or with the operator token.
 */
import { Hono, type Context } from 'hono';
import type { ProxyEnv } from '../context.js';
import { operatorAccess } from '../middleware.js';
import { refuse } from '../lib/errors.js';
import { sendJson } from '../respond.js';
import type { Served, TenantRegistry } from './registry.js';

function serve(c: Context<ProxyEnv>, served: Served, path: string): void {
  c.set('config', served.config);
  c.set('services', served.services);
  c.set('path', path);
}

/** The root `/healthz` of a multi-dealer deployment. */
function operatorHealth(c: Context<ProxyEnv>, registry: TenantRegistry): Response {
  c.set('routeClass', 'health');
  const headers = { 'cache-control': 'no-store' };
  if (!operatorAccess(c))
    return sendJson(c, { statusCode: 200, message: 'ok', data: { status: 'ok', mode: 'tenants' } }, headers);
  const now = Date.now();
  const queues = new Map(registry.queues(now).map((q) => [q.tenant, q]));
  const tenants = registry.served().map(({ id, lastUpstream }) => {
    const q = queues.get(id);
    return {
      id,
      upstream: lastUpstream ?? null,
      queue: {
        depth: q?.depth ?? 0,
        oldest: q?.depth ? new Date(now - q.oldestAgeSeconds * 1000).toISOString() : null,
      },
    };
  });
  const unreachable = tenants.filter((t) => t.upstream && !t.upstream.reachable).map((t) => t.id);
  const keyRefused = tenants.filter((t) => t.upstream?.keyAccepted === false).map((t) => t.id);
  const ok = !unreachable.length && !keyRefused.length;
  return sendJson(
    c,
    {
      statusCode: 200,
      message: ok
        ? 'ok'
        : `degraded: ${[
            unreachable.length ? `CarStrel unreachable for ${unreachable.join(', ')}` : '',
            keyRefused.length ? `key refused for ${keyRefused.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; ')}`,
      data: {
        status: ok ? 'ok' : 'degraded',
        mode: 'tenants',
        tenants: tenants.length,
        reloads: registry.reloads,
        // Removed tenants whose outbox still delivers are listed here only.
        draining: [...queues.values()].filter((q) => q.depth && !registry.get(q.tenant)).map((q) => q.tenant),
        dealers: tenants,
      },
    },
    headers,
  );
}

/** Mount the tenants on `app`, before the root's own routes (`routes`: a fresh `dealerRoutes()`). */
export function mountTenants(app: Hono<ProxyEnv>, registry: TenantRegistry, routes: Hono<ProxyEnv>): void {
  const prefixed = new Hono<ProxyEnv>()
    .use(async (c, next) => {
      const id = c.req.param('tenant') ?? '';
      const served = registry.get(id);
      if (!served) throw refuse.unknownTenant(id);
      serve(c, served, c.var.url.pathname.slice(id.length + 3) || '/');
      await next();
    })
    .route('/', routes);
  app.route('/d/:tenant', prefixed);
  app.use(async (c, next) => {
    if (c.var.config.tenant !== undefined) return next(); // chosen by its prefix
    const served = registry.forHost(c.req.header('host'));
    if (served) {
      serve(c, served, c.var.url.pathname);
      return next();
    }
    if (c.var.url.pathname === '/healthz' && c.req.method === 'GET') return operatorHealth(c, registry);
    throw refuse.noTenantHere(c.req.method, c.var.url.pathname);
  });
}

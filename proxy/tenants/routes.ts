/**
 * Where tenants are served: `/d/<id>/…`, and the root for a Host listed for a tenant, by the same
 * dealer routes as a single dealer; `provide` (middleware.ts) asks `tenantChooser` which tenant a
 * request is for and sets that tenant's configuration, services and path before any route runs.
 * Any other request at the root is refused (404 in the envelope), except the operator's `/metrics`
 * and `/healthz` (`tenantsReport`: every tenant's upstream and queue, loopback or token only).
 *
 * The router sees the path below `/d/<id>` (`tenantPath`). Mounting the dealer routes a second
 * time under `/d/:tenant` instead cost every request a deeper route search and one more
 * middleware: about 8% of the CPU of a cached read, measured; this costs a prefix test.
 */
import { refuse } from '../lib/errors.js';
import type { Chooser } from '../middleware.js';
import type { TenantRegistry } from './registry.js';

/** The path the dealer routes see: below `/d/<id>` for a tenant's prefix, else the whole path. */
export function belowTenant(pathname: string): string {
  if (!pathname.startsWith('/d/')) return pathname;
  const end = pathname.indexOf('/', 3);
  return end === -1 ? '/' : pathname.slice(end);
}

/** The app's router path (Hono `getPath`) in a multi-dealer deployment: `/d/<id>/x` is routed as `/x`. */
export function tenantPath(getPath: (req: Request) => string): (req: Request) => string {
  return (req) => belowTenant(getPath(req));
}

/** The tenant of a request: by its `/d/<id>/` prefix, else by its Host; else the root's operator routes or a 404. */
export function tenantChooser(registry: TenantRegistry): Chooser {
  return (c, url) => {
    const { pathname } = url;
    if (pathname.startsWith('/d/')) {
      const end = pathname.indexOf('/', 3);
      const id = end === -1 ? pathname.slice(3) : pathname.slice(3, end);
      const served = registry.get(id);
      if (!served) return refuse.unknownTenant(id);
      // A literal, not a spread: this runs on every request, and a spread costs ten times more.
      return { config: served.config, services: served.services, path: end === -1 ? '/' : pathname.slice(end) };
    }
    const served = registry.forHost(c.req.header('host'));
    if (served) return { config: served.config, services: served.services, path: pathname };
    if (pathname === '/metrics' || pathname === '/healthz') return undefined;
    return refuse.noTenantHere(c.req.method, pathname);
  };
}

/** The operator's `/healthz` of a multi-dealer deployment: every tenant's last upstream answer and queue. */
export function tenantsReport(registry: TenantRegistry): () => unknown {
  return () => {
    const now = Date.now();
    const queues = new Map(registry.queues(now).map((q) => [q.tenant, q]));
    const dealers = registry.served().map(({ id, lastUpstream }) => {
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
    const unreachable = dealers.filter((t) => t.upstream && !t.upstream.reachable).map((t) => t.id);
    const keyRefused = dealers.filter((t) => t.upstream?.keyAccepted === false).map((t) => t.id);
    const ok = !unreachable.length && !keyRefused.length;
    const problems = [
      unreachable.length ? `CarStrel unreachable for ${unreachable.join(', ')}` : '',
      keyRefused.length ? `key refused for ${keyRefused.join(', ')}` : '',
    ].filter(Boolean);
    return {
      statusCode: 200,
      message: ok ? 'ok' : `degraded: ${problems.join('; ')}`,
      data: {
        status: ok ? 'ok' : 'degraded',
        mode: 'tenants',
        tenants: dealers.length,
        reloads: registry.reloads,
        // Removed tenants whose outbox still delivers show here only.
        draining: [...queues.values()].filter((q) => q.depth && !registry.get(q.tenant)).map((q) => q.tenant),
        dealers,
      },
    };
  };
}

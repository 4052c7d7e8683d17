/** Sandbox-only routes: GET /_sandbox/journal, GET|POST /_sandbox/faults, POST /_sandbox/reset. */
import type { SandboxApp } from '../app.js';
import type { Dealer } from '../data/dealers.js';
import { errors } from '../errors.js';
import { json, readJsonObject } from '../http.js';
import type { Store, Tenant } from '../store.js';
import { check, faultsBody } from '../validation.js';

const ROUTES: Record<string, string[]> = {
  '/_sandbox/journal': ['GET'],
  '/_sandbox/faults': ['GET', 'POST'],
  '/_sandbox/reset': ['POST'],
};

export async function sandboxRoutes(app: SandboxApp, req: Request, url: URL): Promise<Response> {
  const path = url.pathname.replace(/\/+$/, '');
  const allowed = ROUTES[path];
  if (!allowed) throw errors.unknownRoute(req.method, url.pathname);
  if (!allowed.includes(req.method)) throw errors.methodNotAllowed(req.method, url.pathname, allowed);
  switch (`${req.method} ${path}`) {
    case 'GET /_sandbox/journal':
      return json(journal(app, scopeOf(app, url)));
    case 'GET /_sandbox/faults':
      return json(app.faults.get());
    case 'POST /_sandbox/faults':
      return json(app.faults.set(check(faultsBody, await readJsonObject(req), 'field')));
    default:
      app.reset();
      return json({
        statusCode: 200,
        message: 'Sandbox reset: seed restored, faults, journal and rate limits cleared.',
      });
  }
}

/** `?dealer=<id|slug>` or `?key=<api key>` narrows the journal to one dealer. */
function scopeOf(app: SandboxApp, url: URL): { dealerId?: string; environment?: 'test' | 'live' } {
  const dealer = url.searchParams.get('dealer');
  const key = url.searchParams.get('key');
  if (key !== null) {
    const k = app.keys.get(key);
    if (!k) throw errors.badJournalScope('key');
    return { dealerId: k.dealerId, environment: k.environment };
  }
  if (dealer !== null) {
    const d = app.store.allDealers().find((x: Dealer) => x.id === dealer || x.slug === dealer);
    if (!d) throw errors.badJournalScope('dealer');
    return { dealerId: d.id };
  }
  return {};
}

/** What was recorded; every record carries dealerId and environment. */
export function journal(app: { store: Store }, scope: { dealerId?: string; environment?: 'test' | 'live' } = {}) {
  const tenants = app.store
    .seededTenants()
    .filter(
      (t: Tenant) =>
        (!scope.dealerId || t.dealer.id === scope.dealerId) &&
        (!scope.environment || t.environment === scope.environment),
    );
  const impressions: Record<string, number> = {};
  for (const t of tenants) for (const [id, n] of t.impressions) impressions[id] = (impressions[id] ?? 0) + n;
  return {
    impressions,
    testDrives: tenants.flatMap((t) => t.testDrives),
    contacts: tenants.flatMap((t) => t.contacts),
    newsletter: tenants.flatMap((t) => [...t.newsletter.values()]),
    customers: tenants.flatMap((t) =>
      [...t.customers.values()]
        .filter((c) => c.recorded)
        .map((c) => {
          const user = app.store.world(t.environment).userById.get(c.userId)!;
          return {
            dealerId: t.dealer.id,
            dealerSlug: t.dealer.slug,
            environment: t.environment,
            customerId: c.id,
            userId: c.userId,
            email: user.email,
            firstName: user.firstName,
            lastName: user.lastName,
            createdDate: c.createdDate,
          };
        }),
    ),
  };
}

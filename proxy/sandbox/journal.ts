/** What the sandbox recorded (`GET /_sandbox/journal`, `Sandbox.journal()`); every record carries dealerId and environment. */
import type { Environment } from './data/dealers.js';
import type { Store, Tenant } from './store.js';

export interface JournalScope {
  dealerId?: string;
  environment?: Environment;
}

export function journal(store: Store, scope: JournalScope = {}) {
  const tenants = store
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
        .flatMap((c) => {
          const user = store.world(t.environment).userById.get(c.userId);
          if (!user) return [];
          return [
            {
              dealerId: t.dealer.id,
              dealerSlug: t.dealer.slug,
              environment: t.environment,
              customerId: c.id,
              userId: c.userId,
              email: user.email,
              firstName: user.firstName,
              lastName: user.lastName,
              createdDate: c.createdDate,
            },
          ];
        }),
    ),
  };
}

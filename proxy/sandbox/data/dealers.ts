/** The demo dealers (organizations) and the sandbox API keys. */
import { slugify, stableId } from './prng.js';

export type Environment = 'test' | 'live';
export type Scope = 'metadata:read' | 'vehicles:read' | 'customers:read' | 'customers:write' | 'auth' | 'engagement';
export const ALL_SCOPES: readonly Scope[] = [
  'metadata:read',
  'vehicles:read',
  'customers:read',
  'customers:write',
  'auth',
  'engagement',
];

export interface PickupLocation {
  locationName: string;
  address: string;
}
export interface Dealer {
  id: string;
  slug: string;
  name: string;
  currency: string;
  locations: PickupLocation[];
  /** Inventory size of the seed. */
  vehicleCount: number;
  /** Share of luxury brands in the inventory, 0..1. */
  premiumShare: number;
}

export interface ApiKey {
  key: string;
  dealerId: string;
  environment: Environment;
  scopes: ReadonlySet<Scope>;
  label: string;
}

function dealer(
  slug: string,
  name: string,
  locations: PickupLocation[],
  premiumShare: number,
  vehicleCount = 360,
): Dealer {
  return { id: stableId(`dealer:${slug}`), slug, name, currency: 'USD', locations, vehicleCount, premiumShare };
}

export const DEALER_ONE = dealer(
  'dealer-one',
  'Summit Auto Group',
  [
    { locationName: 'Denver Downtown', address: '1550 Wewatta St, Denver, CO 80202' },
    { locationName: 'Boulder', address: '2400 30th St, Boulder, CO 80301' },
    { locationName: 'Colorado Springs', address: '750 N Academy Blvd, Colorado Springs, CO 80909' },
  ],
  0.3,
);

export const DEALER_TWO = dealer(
  'dealer-two',
  'Savanna Motors',
  [
    { locationName: 'Nairobi', address: '123 Main St, Nairobi' },
    { locationName: 'Westlands', address: 'Waiyaki Way 45, Westlands, Nairobi' },
    { locationName: 'Mombasa', address: 'Moi Avenue 210, Mombasa' },
  ],
  0.5,
);

export const BUILTIN_DEALERS: readonly Dealer[] = [DEALER_ONE, DEALER_TWO];

const all = new Set(ALL_SCOPES);
/** The built-in keys (documented in proxy/sandbox/README.md). */
export const BUILTIN_KEYS: readonly ApiKey[] = [
  { key: 'sk_test_sandbox', dealerId: DEALER_ONE.id, environment: 'test', scopes: all, label: 'dealer one (test)' },
  { key: 'sk_test_sandbox2', dealerId: DEALER_TWO.id, environment: 'test', scopes: all, label: 'dealer two (test)' },
  {
    key: 'sk_live_sandbox',
    dealerId: DEALER_ONE.id,
    environment: 'live',
    scopes: all,
    label: 'dealer one (live environment)',
  },
  {
    key: 'sk_test_sandbox_public',
    dealerId: DEALER_ONE.id,
    environment: 'test',
    scopes: new Set(ALL_SCOPES.filter((s) => !s.startsWith('customers:'))),
    label: 'dealer one (test) without the customers:* scopes -> 403 on /external/customers',
  },
];

/** A dealer made on the fly for an extra key naming an unknown dealer. */
export function extraDealer(name: string): Dealer {
  const slug = slugify(name) || 'dealer';
  return dealer(slug, name, DEALER_ONE.locations, 0.4);
}

/**
 * Parses extra keys: comma-separated `key:dealer[:scope+scope...]`, where dealer is
 * `dealer-one`, `dealer-two`, a dealer id, or any other name (a new dealer is seeded for it).
 * The environment comes from the key's prefix (sk_test_ or sk_live_).
 */
export function parseExtraKeys(spec: string | undefined): { keys: ApiKey[]; dealers: Dealer[] } {
  const keys: ApiKey[] = [];
  const dealers: Dealer[] = [];
  for (const raw of (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [key, dealerName, ...scopeParts] = raw.split(':');
    const scopeList = scopeParts.join(':'); // scopes contain ':' themselves (metadata:read)
    const environment: Environment | undefined = key?.startsWith('sk_test_')
      ? 'test'
      : key?.startsWith('sk_live_')
        ? 'live'
        : undefined;
    if (!key || !environment || key.length < 9) {
      throw new Error(
        `CARSTREL_SANDBOX_KEYS: "${raw}" must start with sk_test_ or sk_live_ followed by at least one character, e.g. sk_test_mine:dealer-one`,
      );
    }
    if (!dealerName)
      throw new Error(`CARSTREL_SANDBOX_KEYS: "${raw}" needs a dealer after the colon, e.g. ${key}:dealer-one`);
    let d = [...BUILTIN_DEALERS, ...dealers].find(
      (x) => x.slug === dealerName || x.id === dealerName || x.slug === slugify(dealerName),
    );
    if (!d) dealers.push((d = extraDealer(dealerName)));
    const scopes = scopeList ? scopeList.split('+') : [...ALL_SCOPES];
    const unknown = scopes.filter((s) => !ALL_SCOPES.includes(s as Scope));
    if (unknown.length)
      throw new Error(
        `CARSTREL_SANDBOX_KEYS: unknown scope(s) ${unknown.join(', ')} in "${raw}"; use ${ALL_SCOPES.join(', ')}`,
      );
    keys.push({
      key,
      dealerId: d.id,
      environment,
      scopes: new Set(scopes as Scope[]),
      label: `${d.slug} (${environment}, extra)`,
    });
  }
  return { keys, dealers };
}

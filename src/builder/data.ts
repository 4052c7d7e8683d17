import type { CarstrelClient } from '../api/client.js';
import type { BodyType, Brand, Vehicle, VehicleStats } from '../api/types.js';
import { slugify } from '../inventory/metadata.js';
import { LISTING_TYPES } from '../inventory/query.js';

/** One value an attribute may take, as the builder offers it: what goes in the snippet, and its label. */
export interface Option {
  value: string;
  label: string;
  /** Other names the elements accept for it (id, code, slugified name), all lower case. */
  aliases: string[];
  /** Brand options only: the brand's models. */
  models?: Option[];
}

/** The dealer's live data behind the builder's controls (brands, models, body types, listing types, vehicles). */
export interface LiveData {
  brands: Option[];
  bodyTypes: Option[];
  listingTypes: Option[];
  vehicles: Option[];
}

const PAGE_LIMIT = 100;
/** Bound on pages read for one list (a broken `totalPages` cannot loop for ever). */
const MAX_PAGES = 10;

async function all<T>(client: CarstrelClient, path: string, signal: AbortSignal): Promise<T[]> {
  const first = await client.list<T>(path, { page: 1, limit: PAGE_LIMIT }, { signal });
  const pages = Math.min(first.totalPages ?? 1, MAX_PAGES);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, (_, i) =>
      client.list<T>(path, { page: i + 2, limit: PAGE_LIMIT }, { signal }),
    ),
  );
  return [first, ...rest].flatMap((r) => (Array.isArray(r.data) ? r.data : []));
}

const lower = (xs: Array<string | undefined>): string[] =>
  xs.filter((x): x is string => !!x).map((x) => x.toLowerCase());

function brandOption(b: Brand): Option {
  const value = b.slug || slugify(b.name);
  return {
    value,
    label: b.name,
    aliases: lower([value, b.id, slugify(b.name)]),
    models: (b.models ?? []).map((m) => {
      const slug = m.slug || slugify(m.name);
      return { value: slug, label: `${m.name} (${b.name})`, aliases: lower([slug, m.id, slugify(m.name)]) };
    }),
  };
}

function bodyTypeOption(t: BodyType): Option {
  const value = slugify(t.name);
  return { value, label: t.name, aliases: lower([value, t.id, t.code]) };
}

function vehicleOption(v: Vehicle): Option {
  return { value: v.id, label: `${v.name} (${v.listingType})`, aliases: lower([v.id]) };
}

/**
 * Loads the live data (public reads only: lists, never a vehicle's detail, which would count as a
 * view). Listing types: those the stock summary counts, else the contract's three.
 */
export async function loadLiveData(client: CarstrelClient, signal: AbortSignal): Promise<LiveData> {
  const [brands, bodyTypes, stats, vehicles] = await Promise.all([
    all<Brand>(client, '/external/brands', signal),
    all<BodyType>(client, '/external/body-types', signal),
    client.get<VehicleStats>('/external/vehicles/stats/summary', undefined, { signal }).catch(() => undefined),
    all<Vehicle>(client, '/external/vehicles', signal),
  ]);
  const counted = Object.keys(stats?.data?.byListingType ?? {});
  const listingTypes = (counted.length ? counted : [...LISTING_TYPES]).map((lt) => {
    const n = stats?.data?.byListingType?.[lt as keyof NonNullable<VehicleStats['byListingType']>];
    return { value: lt, label: n === undefined ? lt : `${lt} (${n} vehicles)`, aliases: [lt] };
  });
  return {
    brands: brands.map(brandOption),
    bodyTypes: bodyTypes.map(bodyTypeOption),
    listingTypes,
    vehicles: vehicles.map(vehicleOption),
  };
}

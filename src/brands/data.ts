import type { CarstrelClient } from '../api/client.js';
import type { BodyType, Brand, ListingType, Vehicle, VehicleStats } from '../api/types.js';
import { safeHttpUrl } from '../shared/safe-url.js';

/** One shop-by tile: what it links to and how many vehicles are behind it. */
export interface Tile {
  id: string;
  slug: string;
  name: string;
  count: number;
  /** Logo or icon, only when it is an http(s) URL. */
  image?: string;
}

export interface StockSummary {
  available: number;
  sale: number;
  rental: number;
  auction: number;
}

export interface TilesResult {
  tiles: Tile[];
  summary?: StockSummary;
}

export type Group = 'brand' | 'body-type';

/** The largest page the API serves (contract D3) and a bound on pages, so a broken `totalPages` cannot loop. */
const PAGE_LIMIT = 100;
const MAX_PAGES = 20;

async function fetchAll<T>(client: CarstrelClient, path: string, signal: AbortSignal): Promise<T[]> {
  const first = await client.list<T>(path, { page: 1, limit: PAGE_LIMIT }, { signal });
  const pages = Math.min(first.totalPages ?? Math.ceil((first.total ?? 0) / PAGE_LIMIT), MAX_PAGES);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, (_, i) =>
      client.list<T>(path, { page: i + 2, limit: PAGE_LIMIT }, { signal }),
    ),
  );
  return [first, ...rest].flatMap((r) => (Array.isArray(r.data) ? r.data : []));
}

const count = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? Math.floor(x) : 0);

function summaryOf(stats: VehicleStats | undefined): StockSummary | undefined {
  if (!stats || typeof stats !== 'object') return undefined;
  const by = stats.byListingType ?? { sale: 0, rental: 0, auction: 0 };
  return {
    available: count(stats.availableVehicles),
    sale: count(by.sale),
    rental: count(by.rental),
    auction: count(by.auction),
  };
}

async function stats(client: CarstrelClient, signal: AbortSignal): Promise<VehicleStats> {
  return (await client.get<VehicleStats>('/external/vehicles/stats/summary', undefined, { signal })).data;
}

/** Brand tiles: brands with available vehicles (of `listingType` when given), from `vehicleCounts`. */
function brandTiles(brands: Brand[], listingType: ListingType | ''): Tile[] {
  return brands
    .map((b) => ({
      id: String(b.id),
      slug: String(b.slug ?? ''),
      name: String(b.name ?? ''),
      count: count(listingType ? b.vehicleCounts?.[listingType] : b.vehicleCounts?.total),
      image: safeHttpUrl(b.logoUrl),
    }))
    .filter((t) => t.count > 0 && t.name);
}

/**
 * Body-type tiles. The stats summary counts available vehicles by body-type name; with a listing
 * type, which the summary does not break down, each stocked body type is counted with a one-item
 * list request (`total`).
 */
async function bodyTypeTiles(
  client: CarstrelClient,
  types: BodyType[],
  summary: VehicleStats,
  listingType: ListingType | '',
  signal: AbortSignal,
): Promise<Tile[]> {
  const byName = summary.byBodyType ?? {};
  const stocked = types
    .map((b) => ({
      id: String(b.id),
      slug: String(b.code ?? '').toLowerCase(),
      name: String(b.name ?? ''),
      count: count(byName[b.name]),
      image: safeHttpUrl(b.iconUrl),
    }))
    .filter((t) => t.count > 0 && t.name);
  if (!listingType) return stocked;
  const counted = await Promise.all(
    stocked.map(async (t) => {
      const res = await client.list<Vehicle>(
        '/external/vehicles',
        { bodyTypeId: t.id, listingType, limit: 1 },
        { signal },
      );
      return { ...t, count: count(res.total) };
    }),
  );
  return counted.filter((t) => t.count > 0);
}

export async function loadTiles(
  client: CarstrelClient,
  group: Group,
  listingType: ListingType | '',
  withSummary: boolean,
  signal: AbortSignal,
): Promise<TilesResult> {
  if (group === 'body-type') {
    const [types, s] = await Promise.all([
      fetchAll<BodyType>(client, '/external/body-types', signal),
      stats(client, signal),
    ]);
    const tiles = await bodyTypeTiles(client, types, s, listingType, signal);
    return { tiles, summary: withSummary ? summaryOf(s) : undefined };
  }
  const [brands, s] = await Promise.all([
    fetchAll<Brand>(client, '/external/brands', signal),
    withSummary ? stats(client, signal) : Promise.resolve(undefined),
  ]);
  return { tiles: brandTiles(brands, listingType), summary: summaryOf(s) };
}

/**
 * A tile's link from a template with `{slug}`, `{id}`, `{name}` and `{listingType}` (URL-encoded),
 * resolved against the page. Default: this page with `?brand={slug}` or `?body-type={slug}` (and
 * `&listing-type=` when set), which a `carstrel-inventory` reads. `undefined` unless http(s).
 */
export function tileHref(
  tile: Tile,
  group: Group,
  template: string,
  listingType: string,
  base = location.href,
): string | undefined {
  const fallback = `?${group}={slug}${listingType ? '&listing-type={listingType}' : ''}`;
  const values: Record<string, string> = { slug: tile.slug, id: tile.id, name: tile.name, listingType };
  const filled = (template || fallback).replace(/\{(slug|id|name|listingType)\}/g, (_m, key: string) =>
    encodeURIComponent(values[key] ?? ''),
  );
  try {
    return safeHttpUrl(new URL(filled, base).href);
  } catch {
    return undefined;
  }
}

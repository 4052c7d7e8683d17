/** The 3 inventory operations, scoped to the calling dealer. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { VehicleSort } from '../../../src/api/types.js';
import type { SandboxEnv } from '../context.js';
import { catalog } from '../data/catalog.js';
import type { VehicleRec } from '../data/inventory.js';
import { mustGet } from '../data/lookup.js';
import { errors } from '../errors.js';
import { ok, paged } from '../http.js';
import { scope } from '../middleware.js';
import type { Tenant } from '../store.js';
import { check, intIn, numberIn, oneOf, pagination, uuidParam } from '../validation.js';
import { headlinePrice, vehicleView } from '../views.js';

const SORTS = ['createdDate', 'impressionsCount', 'year', 'mileage', 'price', 'name'] as const;

const vehicleQuery = z
  .object({
    ...pagination(20),
    brandId: uuidParam.optional(),
    modelId: uuidParam.optional(),
    bodyTypeId: uuidParam.optional(),
    minYear: intIn(1900, 2100).optional(),
    maxYear: intIn(1900, 2100).optional(),
    minPrice: numberIn(0, 1e9).optional(),
    maxPrice: numberIn(0, 1e9).optional(),
    listingType: oneOf(['sale', 'rental', 'auction'] as const).optional(),
    sort: oneOf(SORTS).default('createdDate'),
    order: oneOf(['asc', 'desc'] as const, true).default('desc'),
  })
  .refine((q) => q.minYear === undefined || q.maxYear === undefined || q.minYear <= q.maxYear, {
    path: ['minYear'],
    message: 'must not be greater than maxYear',
  })
  .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
    path: ['minPrice'],
    message: 'must not be greater than maxPrice',
  });

export function impressionsOf(t: Tenant, v: VehicleRec): number {
  return v.seedImpressions + (t.impressions.get(v.id) ?? 0);
}

function sortKey(t: Tenant, sort: VehicleSort): (v: VehicleRec) => number | string {
  switch (sort) {
    case 'createdDate':
      return (v) => v.createdDate;
    case 'impressionsCount':
      return (v) => impressionsOf(t, v);
    case 'year':
      return (v) => v.year;
    case 'mileage':
      return (v) => v.mileage;
    case 'price':
      return headlinePrice;
    case 'name':
      return (v) => v.name.toLowerCase();
  }
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function vehicleOf(t: Tenant, id: string): VehicleRec {
  const v = t.vehicleById.get(id.toLowerCase());
  if (!v) throw errors.notFound('vehicle', id);
  return v;
}

/** `:id` of the vehicle detail route: an id (UUID) or the vehicle's slug (contract: getVehicle). */
const vehicleKeyParam = z
  .string()
  .regex(
    /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9]+(?:-[a-z0-9]+)*)$/i,
    'must be a vehicle id (UUID) or slug (e.g. toyota-camry-2023-abc123)',
  );

function vehicleBySlug(t: Tenant, slug: string): VehicleRec {
  const v = t.vehicles.find((x) => x.slug === slug.toLowerCase());
  if (!v) throw errors.notFound('vehicle', slug);
  return v;
}

const read = scope('vehicles:read');

/** `/external/vehicles`: the list, the stats and one vehicle (which records an impression). */
export const vehicles = new Hono<SandboxEnv>()
  .get('/', read, (c) => {
    const q = check(vehicleQuery, c.var.query, 'param');
    const t = c.var.tenant;
    const lower = (s?: string) => s?.toLowerCase();
    const [brandId, modelId, bodyTypeId] = [lower(q.brandId), lower(q.modelId), lower(q.bodyTypeId)];
    const matches = t.vehicles.filter((v) => {
      if (v.status !== 'available') return false;
      const model = mustGet(catalog.byId.model, v.modelId, 'model');
      if (brandId && model.brandId !== brandId) return false;
      if (modelId && v.modelId !== modelId) return false;
      if (bodyTypeId && model.bodyTypeId !== bodyTypeId) return false;
      if (q.listingType && v.listingType !== q.listingType) return false;
      if (q.minYear !== undefined && v.year < q.minYear) return false;
      if (q.maxYear !== undefined && v.year > q.maxYear) return false;
      const price = headlinePrice(v);
      if (q.minPrice !== undefined && price < q.minPrice) return false;
      if (q.maxPrice !== undefined && price > q.maxPrice) return false;
      return true;
    });
    const key = sortKey(t, q.sort);
    const dir = q.order === 'asc' ? 1 : -1;
    matches.sort((a, b) => dir * compare(key(a), key(b)) || compare(a.id, b.id));
    return paged(
      matches.map((v) => vehicleView(v, impressionsOf(t, v), c.var.media)),
      q,
    );
  })
  .get('/stats/summary', read, (c) => {
    const t = c.var.tenant;
    const available = t.vehicles.filter((v) => v.status === 'available');
    const byListingType = { sale: 0, rental: 0, auction: 0 };
    const byBodyType: Record<string, number> = {};
    const byBrand: Record<string, number> = {};
    for (const v of available) {
      const model = mustGet(catalog.byId.model, v.modelId, 'model');
      byListingType[v.listingType]++;
      const body = mustGet(catalog.byId.bodyType, model.bodyTypeId, 'body type').name;
      const brand = mustGet(catalog.byId.brand, model.brandId, 'brand').name;
      byBodyType[body] = (byBodyType[body] ?? 0) + 1;
      byBrand[brand] = (byBrand[brand] ?? 0) + 1;
    }
    return ok({
      totalVehicles: t.vehicles.length,
      availableVehicles: available.length,
      byListingType,
      byBodyType,
      byBrand,
    });
  })
  .get('/:id', read, (c) => {
    const { id } = check(z.object({ id: vehicleKeyParam }), c.req.param(), 'param');
    const t = c.var.tenant;
    const v = uuidParam.safeParse(id).success ? vehicleOf(t, id) : vehicleBySlug(t, id);
    t.impressions.set(v.id, (t.impressions.get(v.id) ?? 0) + 1);
    return ok(vehicleView(v, impressionsOf(t, v), c.var.media));
  });

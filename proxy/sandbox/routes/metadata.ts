/** The 16 global metadata operations. */
import type { VehicleCounts } from '../../../src/api/types.js';
import { catalog, DRIVETRAIN_TYPES, ENGINE_TYPES, TRANSMISSION_TYPES } from '../data/catalog.js';
import { errors } from '../errors.js';
import { listed, ok, paged } from '../http.js';
import type { Tenant } from '../store.js';
import { check, pagination, uuidParam } from '../validation.js';
import { bodyTypeView, brandView, engineView, generationView, modelView, trimView } from '../views.js';
import { z } from 'zod';
import type { Route, RouteContext } from './types.js';

const pageQuery = z.object(pagination(50));
const modelsQuery = z.object({ ...pagination(50), brandId: uuidParam.optional() });

function idParam(ctx: RouteContext, name = 'id'): string {
  return check(z.object({ [name]: uuidParam }), ctx.params, 'param')[name] as string;
}

function find<T>(map: Map<string, T>, id: string, what: string): T {
  const found = map.get(id.toLowerCase());
  if (!found) throw errors.metadataNotFound(what, id);
  return found;
}

/** Counts of the calling dealer's available vehicles per brand. */
function brandCounts(t: Tenant): Map<string, VehicleCounts> {
  const counts = new Map<string, VehicleCounts>();
  for (const v of t.vehicles) {
    if (v.status !== 'available') continue;
    const brandId = catalog.byId.model.get(v.modelId)!.brandId;
    const c = counts.get(brandId) ?? { rental: 0, sale: 0, auction: 0, total: 0 };
    c[v.listingType]++;
    c.total++;
    counts.set(brandId, c);
  }
  return counts;
}

const EMPTY_COUNTS: VehicleCounts = { rental: 0, sale: 0, auction: 0, total: 0 };

export const metadataRoutes: Route[] = [
  {
    method: 'GET',
    path: '/external/brands',
    scope: 'metadata:read',
    handle: (ctx) => {
      const q = check(pageQuery, ctx.query, 'param');
      const counts = brandCounts(ctx.tenant);
      return paged(
        catalog.brands.map((b) => brandView(b, ctx.media, counts.get(b.id) ?? EMPTY_COUNTS)),
        q,
      );
    },
  },
  {
    method: 'GET',
    path: '/external/brands/:id',
    scope: 'metadata:read',
    handle: (ctx) => {
      const brand = find(catalog.byId.brand, idParam(ctx), 'brand');
      return ok(brandView(brand, ctx.media, brandCounts(ctx.tenant).get(brand.id) ?? EMPTY_COUNTS));
    },
  },
  {
    method: 'GET',
    path: '/external/brands/:brandId/models',
    scope: 'metadata:read',
    handle: (ctx) => {
      const brand = find(catalog.byId.brand, idParam(ctx, 'brandId'), 'brand');
      const models = [...(catalog.modelsOfBrand.get(brand.id) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
      return listed(models.map(modelView));
    },
  },
  {
    method: 'GET',
    path: '/external/models',
    scope: 'metadata:read',
    handle: (ctx) => {
      const q = check(modelsQuery, ctx.query, 'param');
      const brandOrder = new Map(catalog.brands.map((b, i) => [b.id, i]));
      const models = catalog.models
        .filter((m) => !q.brandId || m.brandId === q.brandId.toLowerCase())
        .sort((a, b) => brandOrder.get(a.brandId)! - brandOrder.get(b.brandId)! || a.name.localeCompare(b.name));
      return paged(models.map(modelView), q);
    },
  },
  {
    method: 'GET',
    path: '/external/models/:id',
    scope: 'metadata:read',
    handle: (ctx) => ok(modelView(find(catalog.byId.model, idParam(ctx), 'model'))),
  },
  {
    method: 'GET',
    path: '/external/body-types',
    scope: 'metadata:read',
    handle: (ctx) => listed(catalog.bodyTypes.map((b) => bodyTypeView(b, ctx.media))),
  },
  {
    method: 'GET',
    path: '/external/body-types/:id',
    scope: 'metadata:read',
    handle: (ctx) => ok(bodyTypeView(find(catalog.byId.bodyType, idParam(ctx), 'body type'), ctx.media)),
  },
  {
    method: 'GET',
    path: '/external/engines',
    scope: 'metadata:read',
    handle: () => listed(catalog.engines.map(engineView)),
  },
  {
    method: 'GET',
    path: '/external/engines/:id',
    scope: 'metadata:read',
    handle: (ctx) => ok(engineView(find(catalog.byId.engine, idParam(ctx), 'engine'))),
  },
  { method: 'GET', path: '/external/engine-types', scope: 'metadata:read', handle: () => ok([...ENGINE_TYPES]) },
  {
    method: 'GET',
    path: '/external/transmission-types',
    scope: 'metadata:read',
    handle: () => ok([...TRANSMISSION_TYPES]),
  },
  {
    method: 'GET',
    path: '/external/drivetrain-types',
    scope: 'metadata:read',
    handle: () => ok([...DRIVETRAIN_TYPES]),
  },
  {
    method: 'GET',
    path: '/external/generations',
    scope: 'metadata:read',
    handle: (ctx) => paged(catalog.generations.map(generationView), check(pageQuery, ctx.query, 'param')),
  },
  {
    method: 'GET',
    path: '/external/generations/:id',
    scope: 'metadata:read',
    handle: (ctx) => ok(generationView(find(catalog.byId.generation, idParam(ctx), 'generation'))),
  },
  {
    method: 'GET',
    path: '/external/trims',
    scope: 'metadata:read',
    handle: (ctx) => paged(catalog.trims.map(trimView), check(pageQuery, ctx.query, 'param')),
  },
  {
    method: 'GET',
    path: '/external/trims/:id',
    scope: 'metadata:read',
    handle: (ctx) => ok(trimView(find(catalog.byId.trim, idParam(ctx), 'trim'))),
  },
];

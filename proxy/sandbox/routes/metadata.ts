/** The 16 global metadata operations. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { VehicleCounts } from '../../../src/api/types.js';
import type { SandboxContext, SandboxEnv } from '../context.js';
import { catalog, DRIVETRAIN_TYPES, ENGINE_TYPES, TRANSMISSION_TYPES } from '../data/catalog.js';
import { mustGet } from '../data/lookup.js';
import { errors } from '../errors.js';
import { listed, ok, paged } from '../http.js';
import { scope } from '../middleware.js';
import type { Tenant } from '../store.js';
import { check, pagination, uuidParam } from '../validation.js';
import { bodyTypeView, brandView, engineView, generationView, modelView, trimView } from '../views.js';

const pageQuery = z.object(pagination(50));
const modelsQuery = z.object({ ...pagination(50), brandId: uuidParam.optional() });

function idParam(c: SandboxContext, name = 'id'): string {
  return check(z.object({ [name]: uuidParam }), c.req.param(), 'param')[name];
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
    const brandId = mustGet(catalog.byId.model, v.modelId, 'model').brandId;
    const c = counts.get(brandId) ?? { rental: 0, sale: 0, auction: 0, total: 0 };
    c[v.listingType]++;
    c.total++;
    counts.set(brandId, c);
  }
  return counts;
}

const EMPTY_COUNTS: VehicleCounts = { rental: 0, sale: 0, auction: 0, total: 0 };

const read = scope('metadata:read');

/** Brands, models, body types, engines and their types, generations, trims: the same for every dealer but the counts. */
export const metadata = new Hono<SandboxEnv>()
  .get('/brands', read, (c) => {
    const q = check(pageQuery, c.var.query, 'param');
    const counts = brandCounts(c.var.tenant);
    return paged(
      catalog.brands.map((b) => brandView(b, c.var.media, counts.get(b.id) ?? EMPTY_COUNTS)),
      q,
    );
  })
  .get('/brands/:id', read, (c) => {
    const brand = find(catalog.byId.brand, idParam(c), 'brand');
    return ok(brandView(brand, c.var.media, brandCounts(c.var.tenant).get(brand.id) ?? EMPTY_COUNTS));
  })
  .get('/brands/:brandId/models', read, (c) => {
    const brand = find(catalog.byId.brand, idParam(c, 'brandId'), 'brand');
    const models = [...(catalog.modelsOfBrand.get(brand.id) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    return listed(models.map(modelView));
  })
  .get('/models', read, (c) => {
    const q = check(modelsQuery, c.var.query, 'param');
    const brandOrder = new Map(catalog.brands.map((b, i) => [b.id, i]));
    const models = catalog.models
      .filter((m) => !q.brandId || m.brandId === q.brandId.toLowerCase())
      .sort(
        (a, b) =>
          mustGet(brandOrder, a.brandId, 'brand') - mustGet(brandOrder, b.brandId, 'brand') ||
          a.name.localeCompare(b.name),
      );
    return paged(models.map(modelView), q);
  })
  .get('/models/:id', read, (c) => ok(modelView(find(catalog.byId.model, idParam(c), 'model'))))
  .get('/body-types', read, (c) => listed(catalog.bodyTypes.map((b) => bodyTypeView(b, c.var.media))))
  .get('/body-types/:id', read, (c) =>
    ok(bodyTypeView(find(catalog.byId.bodyType, idParam(c), 'body type'), c.var.media)),
  )
  .get('/engines', read, () => listed(catalog.engines.map(engineView)))
  .get('/engines/:id', read, (c) => ok(engineView(find(catalog.byId.engine, idParam(c), 'engine'))))
  .get('/engine-types', read, () => ok([...ENGINE_TYPES]))
  .get('/transmission-types', read, () => ok([...TRANSMISSION_TYPES]))
  .get('/drivetrain-types', read, () => ok([...DRIVETRAIN_TYPES]))
  .get('/generations', read, (c) =>
    paged(catalog.generations.map(generationView), check(pageQuery, c.var.query, 'param')),
  )
  .get('/generations/:id', read, (c) => ok(generationView(find(catalog.byId.generation, idParam(c), 'generation'))))
  .get('/trims', read, (c) => paged(catalog.trims.map(trimView), check(pageQuery, c.var.query, 'param')))
  .get('/trims/:id', read, (c) => ok(trimView(find(catalog.byId.trim, idParam(c), 'trim'))));

import type { CarstrelClient } from '../api/client.js';
import type { Vehicle } from '../api/types.js';
import { isId } from '../shared/vehicle-data.js';
import type { FilterOptions } from './filters.js';
import { findByAlias, metadataFor, resolveRefs } from './metadata.js';
import { clampPageSize, toVehicleQuery, type InventoryState } from './query.js';

/** What the inventory loads: a page of vehicles for a state, and the choices of its filters. */

/** A page of results. */
export interface Results {
  vehicles: Vehicle[];
  total: number;
  page: number;
  pages: number;
}

/** The page of `GET /external/vehicles` for a state (its brand, model and body-type slugs resolved to ids). */
export async function loadResults(
  client: CarstrelClient,
  state: InventoryState,
  pageSize: number,
  signal: AbortSignal,
): Promise<Results> {
  const ids = await resolveRefs(metadataFor(client), state);
  const res = await client.list<Vehicle>('/external/vehicles', { ...toVehicleQuery(state, ids, pageSize) }, { signal });
  const vehicles = Array.isArray(res.data) ? res.data : [];
  const total = res.total ?? vehicles.length;
  return {
    vehicles,
    total,
    page: res.page ?? state.page,
    pages: res.totalPages ?? Math.ceil(total / clampPageSize(pageSize)),
  };
}

/** The choices of the shown filters; models only for a chosen brand (`brand`: slug or id). */
export async function loadFilterOptions(
  client: CarstrelClient,
  want: { brands: boolean; bodyTypes: boolean; models: boolean },
  brand: string,
): Promise<FilterOptions> {
  const meta = metadataFor(client);
  const [brands, bodyTypes] = await Promise.all([
    want.brands ? meta.brands() : [],
    want.bodyTypes ? meta.bodyTypes() : [],
  ]);
  const brandId = brand && (isId(brand) ? brand : findByAlias(brands, brand)?.id);
  const models = brandId && want.models ? await meta.models(brandId) : [];
  return { brands, bodyTypes, models };
}

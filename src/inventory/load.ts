import type { ReactiveControllerHost } from 'lit';
import type { CarstrelClient, Query } from '../api/client.js';
import type { ListEnvelope, Vehicle } from '../api/types.js';
import { putPrefetch, takeLoaderResponse, takePrefetch } from '../shared/prefetch.js';
import type { ServedData } from '../shared/served-task.js';
import { isId } from '../shared/vehicle-data.js';
import type { FilterOptions } from './filters-frame.js';
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

const VEHICLES = '/external/vehicles';

export type ResultsArgs = readonly [string, InventoryState, number];

/** The same page of results is asked for: same proxy, page size and state (field by field). */
export function sameResultsArgs([base, state, size]: ResultsArgs, [base2, state2, size2]: ResultsArgs): boolean {
  const keys = new Set([...Object.keys(state), ...Object.keys(state2)]) as Set<keyof InventoryState>;
  return base === base2 && Object.is(size, size2) && [...keys].every((k) => Object.is(state[k], state2[k]));
}

/** The query of `GET /external/vehicles` for a state (its brand, model and body-type slugs resolved to ids). */
async function resultsQuery(client: CarstrelClient, state: InventoryState, pageSize: number): Promise<Query> {
  const ids = await resolveRefs(metadataFor(client), state);
  return { ...toVehicleQuery(state, ids, pageSize) };
}

/** The page of results for a state: the loader's early response when it asked the same, else a request. */
export async function loadResults(
  client: CarstrelClient,
  state: InventoryState,
  pageSize: number,
  signal: AbortSignal,
): Promise<Results> {
  const query = await resultsQuery(client, state, pageSize);
  const url = client.url(VEHICLES, query);
  const early = takePrefetch<ListEnvelope<Vehicle>>(url);
  if (early) forget(url);
  const res = await (early ?? client.list<Vehicle>(VEHICLES, query, { signal, response: takeLoaderResponse(url) }));
  return toResults(res, state, pageSize);
}

function toResults(res: ListEnvelope<Vehicle>, state: InventoryState, pageSize: number): Results {
  const vehicles = Array.isArray(res.data) ? res.data : [];
  const total = res.total ?? vehicles.length;
  return {
    vehicles,
    total,
    page: res.page ?? state.page,
    pages: res.totalPages ?? Math.ceil(total / clampPageSize(pageSize)),
  };
}

/**
 * Early responses that have arrived, with the arguments they answer (`arrivedResults`): each
 * dropped when an element takes it (here or by `loadResults`), and at most `ARRIVED_MAX` kept
 * (the oldest dropped; an untaken one is stale after 15 s anyway, `shared/prefetch.ts`).
 */
const arrived: Array<{ args: ResultsArgs; url: string; list: ListEnvelope<Vehicle> }> = [];
const ARRIVED_MAX = 8;

function forget(url: string): void {
  const i = arrived.findIndex((a) => a.url === url);
  if (i >= 0) arrived.splice(i, 1);
}

/** How many early responses are kept, arrived and not taken (for the tests). */
export const arrivedCount = (): number => arrived.length;

/**
 * Starts, while the element's code loads, the request its first `loadResults` makes for this
 * state (and the filters' metadata it will ask for); the element takes the response once.
 */
export async function prefetchResults(
  client: CarstrelClient,
  state: InventoryState,
  pageSize: number,
): Promise<ListEnvelope<Vehicle>> {
  const query = await resultsQuery(client, state, pageSize);
  const url = client.url(VEHICLES, query);
  const list = client.list<Vehicle>(VEHICLES, query, { response: takeLoaderResponse(url) });
  putPrefetch(url, list);
  list.then(
    (value) => {
      forget(url);
      arrived.push({ args: [client.base, state, pageSize], url, list: value });
      if (arrived.length > ARRIVED_MAX) arrived.shift();
    },
    () => undefined,
  );
  return list;
}

/**
 * The early response for these arguments when it has already arrived (and is still fresh), as
 * results, taken: the element shows it in its first render, without a skeleton in between. Each
 * early response is used once, by this or by `loadResults`, never both.
 */
export function arrivedResults(args: ResultsArgs): Results | undefined {
  const i = arrived.findIndex((a) => sameResultsArgs(a.args, args));
  const hit = arrived[i];
  if (!hit) return undefined;
  arrived.splice(i, 1);
  return takePrefetch(hit.url) ? toResults(hit.list, args[1], args[2]) : undefined;
}

/**
 * The arguments of the `results` task; and, by a controller added before the task (so that it
 * runs first), the loader's early list when it has arrived by the element's first update, handed
 * to the task as a served value (`served-task.ts`): the first render draws the cards (no skeleton
 * render before them) and the task's first run takes it instead of asking.
 */
export function withArrivedResults(
  host: ReactiveControllerHost & { served?: ServedData; readonly hasUpdated: boolean },
  args: () => ResultsArgs,
): () => ResultsArgs {
  host.addController({
    hostUpdate() {
      if (host.hasUpdated || host.served?.results) return;
      const value = arrivedResults(args());
      if (value) host.served = { ...host.served, results: { args: args(), value } };
    },
  });
  return args;
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

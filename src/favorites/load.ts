import type { CarstrelClient } from '../api/client.js';
import type { Vehicle } from '../api/types.js';
import type { SavedVehicle } from './store.js';

/** Largest page the API serves, and a bound on pages, so a broken `totalPages` cannot loop. */
const PAGE_LIMIT = 100;
const MAX_PAGES = 20;

/** The vehicles found, and the ids that were looked for (an id asked and not found is no longer listed). */
export interface SavedData {
  found: Map<string, Vehicle>;
  asked: ReadonlySet<string>;
}

/**
 * Current data of saved vehicles from list requests only (`GET /external/vehicles`), never the
 * detail route, which records an impression. Vehicles with a known model are found with one
 * request per model (`?modelId=`); the others by paging through the list until all are found.
 * A vehicle that is not in the list any more (sold, withdrawn) is simply absent from the result.
 */
export async function loadSavedVehicles(
  client: CarstrelClient,
  entries: readonly SavedVehicle[],
  signal: AbortSignal,
): Promise<SavedData> {
  const found = new Map<string, Vehicle>();
  const wanted = new Set(entries.map((e) => e.id));
  const keep = (vehicles: Vehicle[] | undefined) => {
    for (const v of vehicles ?? []) if (wanted.has(v.id)) found.set(v.id, v);
  };
  const pages = async (query: Record<string, string>, done: () => boolean) => {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await client.list<Vehicle>('/external/vehicles', { ...query, page, limit: PAGE_LIMIT }, { signal });
      keep(res.data);
      if (done() || page >= (res.totalPages ?? 0)) return;
    }
  };
  const models = [...new Set(entries.map((e) => e.modelId).filter((m): m is string => !!m))];
  await Promise.all(
    models.map((modelId) => pages({ modelId }, () => entries.every((e) => e.modelId !== modelId || found.has(e.id)))),
  );
  if (entries.some((e) => !e.modelId && !found.has(e.id))) {
    await pages({}, () => entries.every((e) => found.has(e.id)));
  }
  return { found, asked: new Set(wanted) };
}

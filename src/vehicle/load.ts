import { CarstrelApiError, type CarstrelClient } from '../api/client.js';
import type { Vehicle } from '../api/types.js';
import { isId } from '../shared/vehicle-data.js';

/**
 * Loads one vehicle for a detail view with exactly one `GET /external/vehicles/:id` (each such
 * call records an impression upstream; contract D7).
 *
 * `key` is an id or a slug. The contract's `:id` accepts either; an upstream that refuses slugs
 * (400) is handled by finding the slug in the inventory list (list calls record no impression)
 * and then asking for the id: still one detail call per view.
 */
export async function loadVehicle(client: CarstrelClient, key: string, signal?: AbortSignal): Promise<Vehicle> {
  const path = (k: string) => `/external/vehicles/${encodeURIComponent(k)}`;
  try {
    return (await client.get<Vehicle>(path(key), undefined, { signal })).data;
  } catch (e) {
    if (isId(key) || !(e instanceof CarstrelApiError) || e.status !== 400) throw e;
  }
  const id = await idOfSlug(client, key, signal);
  return (await client.get<Vehicle>(path(id), undefined, { signal })).data;
}

const PAGE_LIMIT = 100;
const MAX_PAGES = 20;

async function idOfSlug(client: CarstrelClient, slug: string, signal?: AbortSignal): Promise<string> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await client.list<Vehicle>('/external/vehicles', { page, limit: PAGE_LIMIT }, { signal });
    const hit = (res.data ?? []).find((v) => v.slug === slug);
    if (hit) return hit.id;
    if (page >= (res.totalPages ?? 0)) break;
  }
  throw new CarstrelApiError(404, {
    statusCode: 404,
    message: `No vehicle "${slug}" is listed. Check the vehicle's slug or id.`,
    error: 'Not Found',
    timestamp: new Date().toISOString(),
  });
}

/**
 * The dealer's car behind a test drive, for the sinks: year, make, model, trim, mileage, price.
 *
 * Never `GET /external/vehicles/:id`: every call to it records an impression for the dealer, and a
 * lead is not a view. Instead the inventory list (`GET /external/vehicles?limit=100&page=…`, which
 * records nothing; through the typed client) is read into a small index, at most `maxPages` pages,
 * reloaded when a lead names a car it does not hold (at most every `reloadMs`). Best effort: while
 * CarStrel is unreachable the lead goes out with the car's id alone.
 */
import { CarstrelApiError } from '../../client/errors.js';
import { upstreamClient } from '../upstream-client.js';
import type { Upstream } from '../upstream.js';
import type { VehicleLookup } from './lead-event.js';
import type { VehicleFacts } from './types.js';

export interface InventoryOptions {
  now?: () => number;
  /** Deadline of each list call (default 3000 ms). */
  timeoutMs?: number;
  /** Pages of 100 read at most (default 20: 2000 cars). */
  maxPages?: number;
  /** Shortest time between two reloads (default 10 s). */
  reloadMs?: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A vehicle of the list as the sinks describe it (unknown parts left out). */
export function vehicleFacts(v: Record<string, unknown>): VehicleFacts {
  const model = isObject(v.model) ? v.model : {};
  const brand = isObject(model.brand) ? model.brand : {};
  const trim = isObject(v.trim) ? v.trim : {};
  const sale = isObject(v.saleOptions) ? v.saleOptions : {};
  const facts: VehicleFacts = {
    id: str(v.id),
    year: num(v.year),
    make: str(brand.name),
    model: str(model.name),
    trim: str(trim.name),
    mileage: num(v.mileage),
    price: num(sale.price),
  };
  return Object.fromEntries(Object.entries(facts).filter(([, x]) => x !== undefined));
}

export function inventoryLookup(upstream: Upstream, apiKey: string, opts: InventoryOptions = {}): VehicleLookup {
  const now = opts.now ?? Date.now;
  let index = new Map<string, VehicleFacts>();
  let loadedAt = -Infinity;
  let loading: Promise<void> | undefined;

  const client = upstreamClient(upstream, apiKey, opts.timeoutMs ?? 3000);
  const load = async (): Promise<void> => {
    const next = new Map<string, VehicleFacts>();
    for (let page = 1; page <= (opts.maxPages ?? 20); page++) {
      let body: unknown;
      try {
        body = await client.listVehicles({ limit: 100, page });
      } catch (err) {
        // A refusal ends the reading (what was read so far is kept); no answer keeps the old index.
        if (err instanceof CarstrelApiError) break;
        throw err;
      }
      // Stryker disable next-line StringLiteral: the message is dropped (load's catch keeps the old index)
      if (!isObject(body)) throw new Error('the vehicle list is not JSON'); // keeps the old index
      // Stryker disable next-line ArrayDeclaration: any non-car item in place of the empty list is skipped the same
      const data = Array.isArray(body.data) ? (body.data as unknown[]) : [];
      for (const v of data) {
        const facts = isObject(v) ? vehicleFacts(v) : {};
        if (facts.id) next.set(facts.id, facts);
      }
      const pages = num(body.totalPages);
      if (data.length < 100 || pages === undefined || page >= pages) break;
    }
    index = next;
  };

  return async (id) => {
    const known = index.get(id);
    if (known || now() - loadedAt < (opts.reloadMs ?? 10_000)) return known;
    loading ??= load()
      .catch(() => {
        /* unreachable or not JSON: keep the old index */
      })
      .finally(() => {
        loadedAt = now();
        loading = undefined;
      });
    await loading;
    return index.get(id);
  };
}

/**
 * The reference data a trade-in form picks the shopper's car from: brands, a brand's models
 * (`GET /external/brands/:id/models`), and a model's generations and trims. Each list is fetched
 * through the proxy (which caches reference data) once per proxy per page and shared by every
 * trade-in form on it; a failed fetch is forgotten, so "try again" fetches again.
 *
 * The contract has no per-model route for generations and trims (`GET /external/generations` and
 * `/external/trims` take only `page` and `limit`): both lists are fetched whole, once, when the
 * shopper first chooses a model, and filtered by `model.id`.
 */
import type { CarstrelClient } from '../api/client.js';
import type { Brand, Generation, Model, Trim } from '../api/types.js';

/** A model's generations (oldest first) and trims. */
export interface Variants {
  generations: Generation[];
  trims: Trim[];
}

export interface TradeInReference {
  brands(): Promise<Brand[]>;
  models(brandId: string): Promise<Model[]>;
  variants(modelId: string): Promise<Variants>;
}

/** The largest page the API serves (contract D3). */
const PAGE_LIMIT = 100;
/** A bound on pages fetched for one list, so that a broken `total` cannot loop for ever. */
const MAX_PAGES = 30;

/** Every page of a paginated list, the first telling how many there are. */
async function fetchAll<T>(client: CarstrelClient, path: string): Promise<T[]> {
  const first = await client.list<T>(path, { page: 1, limit: PAGE_LIMIT });
  const pages = Math.min(first.totalPages ?? Math.ceil((first.total ?? 0) / PAGE_LIMIT), MAX_PAGES);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, (_, i) => client.list<T>(path, { page: i + 2, limit: PAGE_LIMIT })),
  );
  return [first, ...rest].flatMap((r) => (Array.isArray(r.data) ? r.data : []));
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

const byClient = new WeakMap<CarstrelClient, TradeInReference>();

export function referenceFor(client: CarstrelClient): TradeInReference {
  const known = byClient.get(client);
  if (known) return known;
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    const cached = cache.get(key) as Promise<T> | undefined;
    if (cached) return cached;
    const p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
    return p;
  };
  const allGenerations = () => once('generations', () => fetchAll<Generation>(client, '/external/generations'));
  const allTrims = () => once('trims', () => fetchAll<Trim>(client, '/external/trims'));
  const reference: TradeInReference = {
    brands: () => once('brands', async () => (await fetchAll<Brand>(client, '/external/brands')).sort(byName)),
    models: (brandId) =>
      once(`models:${brandId}`, async () => {
        const res = await client.get<Model[]>(`/external/brands/${encodeURIComponent(brandId)}/models`);
        return (Array.isArray(res.data) ? res.data : []).slice().sort(byName);
      }),
    variants: async (modelId) => {
      const [generations, trims] = await Promise.all([allGenerations(), allTrims()]);
      return {
        generations: generations.filter((g) => g.model?.id === modelId).sort((a, b) => a.startYear - b.startYear),
        trims: trims.filter((t) => t.model?.id === modelId),
      };
    },
  };
  byClient.set(client, reference);
  return reference;
}

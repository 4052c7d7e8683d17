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
import { listAll, type CarstrelClient } from '../api/client.js';
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

/** A bound on pages fetched for one list, so that a broken `total` cannot loop for ever. */
const MAX_PAGES = 30;

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
  const allGenerations = () =>
    once('generations', () => listAll<Generation>(client, '/external/generations', MAX_PAGES));
  const allTrims = () => once('trims', () => listAll<Trim>(client, '/external/trims', MAX_PAGES));
  const reference: TradeInReference = {
    brands: () =>
      once('brands', async () => (await listAll<Brand>(client, '/external/brands', MAX_PAGES)).sort(byName)),
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

import { CarstrelApiError, listAll, type CarstrelClient } from '../api/client.js';
import type { BodyType, Brand, Model } from '../api/types.js';
import { isId } from '../shared/vehicle-data.js';

/**
 * Reference data for the filters and for CMS presets given as slugs (`brand="toyota"`).
 * Metadata changes rarely, so each list is fetched once per proxy per page and shared by every
 * inventory on it (a failed fetch is forgotten, so a retry fetches again).
 */
export interface Metadata {
  brands(): Promise<Brand[]>;
  bodyTypes(): Promise<BodyType[]>;
  models(brandId: string): Promise<Model[]>;
}

/** A bound on pages fetched for one list, so that a broken `totalPages` cannot loop for ever. */
const MAX_PAGES = 20;

function remembered<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

const byClient = new WeakMap<CarstrelClient, Metadata>();

export function metadataFor(client: CarstrelClient): Metadata {
  let m = byClient.get(client);
  if (!m) {
    const cache = new Map<string, Promise<unknown>>();
    const once = <T>(key: string, load: () => Promise<T>) => remembered(cache as Map<string, Promise<T>>, key, load);
    m = {
      brands: () => once('brands', () => listAll<Brand>(client, '/external/brands', MAX_PAGES)),
      bodyTypes: () => once('body-types', () => listAll<BodyType>(client, '/external/body-types', MAX_PAGES)),
      models: (brandId) =>
        once(
          `models:${brandId}`,
          async () => (await client.get<Model[]>(`/external/brands/${encodeURIComponent(brandId)}/models`)).data ?? [],
        ),
    };
    byClient.set(client, m);
  }
  return m;
}

/** `"Pick-up Truck"` → `"pick-up-truck"`. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Names a brand, model or body type may be given by: id, slug, code, slugified name. */
export function aliasesOf(item: { id: string; name?: string; slug?: string; code?: string }): string[] {
  return [item.id, item.slug, item.code, item.name && slugify(item.name)]
    .filter((x): x is string => !!x)
    .map((x) => x.toLowerCase());
}

export function findByAlias<T extends { id: string; name?: string; slug?: string; code?: string }>(
  items: T[],
  value: string,
): T | undefined {
  const wanted = value.trim().toLowerCase();
  return items.find((item) => aliasesOf(item).includes(wanted));
}

export type RefKind = 'brand' | 'model' | 'body-type';

/** A CMS editor's or URL's value that names nothing: refused like the API would, saying what to fix. */
export function unknownRef(kind: RefKind, value: string): CarstrelApiError {
  return new CarstrelApiError(400, {
    statusCode: 400,
    message: `No ${kind} "${value}" is known. Use the slug or id of one that exists (for example a ${kind} slug such as "${kind === 'brand' ? 'toyota' : kind === 'model' ? 'camry' : 'suv'}").`,
    error: 'Bad Request',
    timestamp: new Date().toISOString(),
  });
}

export interface ResolvedRefs {
  brandId?: string;
  modelId?: string;
  bodyTypeId?: string;
}

/** Turns slugs into ids (ids pass through without a request). Unknown values are refused. */
export async function resolveRefs(
  meta: Metadata,
  refs: { brand?: string; model?: string; bodyType?: string },
): Promise<ResolvedRefs> {
  const out: ResolvedRefs = {};
  if (refs.brand) {
    out.brandId = isId(refs.brand) ? refs.brand : findByAlias(await meta.brands(), refs.brand)?.id;
    if (!out.brandId) throw unknownRef('brand', refs.brand);
  }
  if (refs.model) {
    if (isId(refs.model)) out.modelId = refs.model;
    else if (out.brandId) out.modelId = findByAlias(await meta.models(out.brandId), refs.model)?.id;
    else out.modelId = await modelIdAcrossBrands(meta, refs.model);
    if (!out.modelId) throw unknownRef('model', refs.model);
  }
  if (refs.bodyType) {
    out.bodyTypeId = isId(refs.bodyType) ? refs.bodyType : findByAlias(await meta.bodyTypes(), refs.bodyType)?.id;
    if (!out.bodyTypeId) throw unknownRef('body-type', refs.bodyType);
  }
  return out;
}

/** A model slug without a brand: looked up in the brands' embedded model lists. */
async function modelIdAcrossBrands(meta: Metadata, slug: string): Promise<string | undefined> {
  for (const brand of await meta.brands()) {
    const hit = findByAlias(brand.models ?? [], slug);
    if (hit) return hit.id;
  }
  return undefined;
}

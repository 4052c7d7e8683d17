/** Turns stored records into the contract's response shapes (media URLs made absolute here). */
import type {
  BodyType,
  Brand,
  Engine,
  Generation,
  Media,
  Model,
  Trim,
  Vehicle,
  VehicleCounts,
} from '../../src/api/types.js';
import {
  catalog,
  type BodyTypeRec,
  type BrandRec,
  type EngineRec,
  type GenerationRec,
  type ModelRec,
  type TrimRec,
} from './data/catalog.js';
import type { MediaRec, VehicleRec } from './data/inventory.js';
import { must, mustGet } from './data/lookup.js';

export type MediaUrl = (path: string) => string;

export function brandView(b: BrandRec, media: MediaUrl, counts?: VehicleCounts): Brand {
  return {
    id: b.id,
    name: b.name,
    slug: b.slug,
    logoUrl: media(`brands/${b.slug}.svg`),
    countryOfOrigin: b.countryOfOrigin,
    models: (catalog.modelsOfBrand.get(b.id) ?? []).map((m) => ({ id: m.id, name: m.name, slug: m.slug })),
    ...(counts ? { vehicleCounts: counts } : {}),
  };
}

export function modelView(m: ModelRec): Model {
  const brand = mustGet(catalog.byId.brand, m.brandId, 'brand');
  const body = mustGet(catalog.byId.bodyType, m.bodyTypeId, 'body type');
  return {
    id: m.id,
    name: m.name,
    slug: m.slug,
    brand: { id: brand.id, name: brand.name },
    bodyType: { id: body.id, name: body.name },
  };
}

export function bodyTypeView(b: BodyTypeRec, media: MediaUrl): BodyType {
  return {
    id: b.id,
    name: b.name,
    code: b.code,
    description: b.description,
    iconUrl: media(`body-types/${b.code.toLowerCase()}.svg`),
  };
}

export function engineView(e: EngineRec): Engine {
  return {
    id: e.id,
    name: e.name,
    type: e.type,
    displacement: e.displacement,
    horsepower: e.horsepower,
    transmission: e.transmission,
  };
}

export function generationView(g: GenerationRec): Generation {
  const m = mustGet(catalog.byId.model, g.modelId, 'model');
  return {
    id: g.id,
    name: g.name,
    slug: g.slug,
    model: { id: m.id, name: m.name },
    startYear: g.startYear,
    endYear: g.endYear,
  };
}

export function trimView(t: TrimRec): Trim {
  const m = mustGet(catalog.byId.model, t.modelId, 'model');
  return { id: t.id, name: t.name, slug: t.slug, model: { id: m.id, name: m.name } };
}

function mediaView(m: MediaRec, media: MediaUrl): Media {
  return {
    id: m.id,
    url: m.absoluteUrl ?? media(must(m.path, `the path of media ${m.id}`)),
    type: m.type,
    category: m.category,
    isFeatured: m.isFeatured,
    sortOrder: m.sortOrder,
  };
}

export function vehicleView(v: VehicleRec, impressions: number, media: MediaUrl): Vehicle {
  const model = mustGet(catalog.byId.model, v.modelId, 'model');
  const brand = mustGet(catalog.byId.brand, model.brandId, 'brand');
  const body = mustGet(catalog.byId.bodyType, model.bodyTypeId, 'body type');
  const trim = v.trimId ? mustGet(catalog.byId.trim, v.trimId, 'trim') : null;
  return {
    id: v.id,
    name: v.name,
    slug: v.slug,
    description: v.description,
    year: v.year,
    mileage: v.mileage,
    exteriorColor: v.exteriorColor,
    interiorColor: v.interiorColor,
    listingType: v.listingType,
    status: v.status,
    model: {
      id: model.id,
      name: model.name,
      slug: model.slug,
      brand: { id: brand.id, name: brand.name, logoUrl: media(`brands/${brand.slug}.svg`) },
      bodyType: { id: body.id, name: body.name, code: body.code },
    },
    trim: trim ? { id: trim.id, name: trim.name, slug: trim.slug } : null,
    engine: engineView(mustGet(catalog.byId.engine, v.engineId, 'engine')),
    drivetrain: v.drivetrain,
    media: v.media.map((m) => mediaView(m, media)),
    saleOptions: v.saleOptions,
    rentalOptions: v.rentalOptions,
    auctionOptions: v.auctionOptions,
    features: v.features,
    pickupDetails: v.pickupDetails,
    impressionsCount: impressions,
    createdDate: v.createdDate,
    updatedDate: v.updatedDate,
  };
}

/** Headline price (contract D5): sale price, rental daily rate, or auction current/starting bid. */
export function headlinePrice(v: VehicleRec): number {
  if (v.saleOptions) return v.saleOptions.price;
  if (v.rentalOptions) return v.rentalOptions.dailyRate;
  if (v.auctionOptions) return v.auctionOptions.currentBid ?? v.auctionOptions.startingBid;
  return 0;
}

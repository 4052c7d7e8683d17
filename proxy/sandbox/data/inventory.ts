/**
 * Seeded vehicle inventory of a dealer: deterministic (same data on every start), realistic.
 *
 * XSS fixtures (dealer one, test and live environment alike; status available, oldest createdDate,
 * sale). The widgets must render their text as text and refuse the non-http(s) URL:
 *   cb468732-dd1d-5c91-91b1-a8a8a2ddfe80  slug `xss-script-in-name`: name contains <script>alert("xss-name")</script>
 *   ac5ad77f-291d-564d-ba2f-4dc5d62b4566  slug `xss-img-in-description`: description `<img src=x onerror=alert(1)>`,
 *                                         a feature `<svg onload=alert(2)>`, pickup location/address with markup
 *   9c842758-8a57-5216-bfb1-0177c6e4657c  slug `xss-javascript-media-url`: featured media url `javascript:alert(document.domain)`
 * (`XSS_FIXTURES` below; a test checks these ids stay what this comment says.)
 *
 * A vehicle with no similar ones (dealer one): `NO_SIMILAR_FIXTURE`, slug `koenigsegg-jesko-one-off`,
 * listed just after the XSS fixtures (oldest first),
 * a 2,950,000 USD coupe, the only vehicle of its brand, and no other coupe within a factor of
 * four of its price (nothing "same body type or brand, nearby price" exists for it).
 * The brand Lotus has no vehicle at all (`UNSTOCKED_BRANDS` in catalog.ts).
 */
import type {
  AuctionOptions,
  DrivetrainType,
  ListingType,
  RentalOptions,
  SaleOptions,
  VehicleStatus,
} from '../../../src/api/types.js';
import { catalog, enginesFor, UNSTOCKED_BRANDS, type BrandRec, type ModelRec } from './catalog.js';
import type { Dealer } from './dealers.js';
import { must, mustGet } from './lookup.js';
import { rng, slugify, stableId, type Rng } from './prng.js';

/** All seeded dates are relative to this instant, so the data is the same on every start. */
export const SEED_ANCHOR = Date.parse('2026-11-27T00:00:00Z');
const DAY = 86_400_000;

export interface MediaRec {
  id: string;
  /** Path under the media base URL, or an absolute URL used verbatim (the XSS fixture). */
  path?: string;
  absoluteUrl?: string;
  type: 'photo';
  category: 'exterior' | 'interior' | 'detail';
  isFeatured: boolean;
  sortOrder: number;
}

export interface VehicleRec {
  id: string;
  dealerId: string;
  name: string;
  slug: string;
  description: string;
  year: number;
  mileage: number;
  exteriorColor: string;
  interiorColor: string;
  listingType: ListingType;
  status: VehicleStatus;
  modelId: string;
  trimId: string | null;
  engineId: string;
  drivetrain: DrivetrainType;
  media: MediaRec[];
  saleOptions: SaleOptions | null;
  rentalOptions: RentalOptions | null;
  auctionOptions: AuctionOptions | null;
  features: Record<string, string[]>;
  pickupDetails: { address: string; locationName: string };
  /** Views before the sandbox started (the journal adds the recorded ones). */
  seedImpressions: number;
  createdDate: string;
  updatedDate: string;
}

export const COLOURS: ReadonlyArray<[name: string, hex: string]> = [
  ['Silver', '#c3c7cc'],
  ['Black', '#1d1f24'],
  ['White', '#f3f3f0'],
  ['Red', '#b4232c'],
  ['Blue', '#23539e'],
  ['Grey', '#6d737b'],
  ['Green', '#2f6d47'],
  ['Beige', '#d6c6a5'],
  ['Orange', '#e0691c'],
  ['Yellow', '#e5bf1f'],
  ['Brown', '#6a4a30'],
  ['Navy', '#1e2b4f'],
];
const INTERIORS = ['Black', 'Beige', 'Grey', 'Brown', 'Red', 'Ivory'];

const FEATURES: Record<string, string[]> = {
  safety: [
    'ABS',
    'Airbags',
    'Lane Keep Assist',
    'Blind Spot Monitor',
    'Adaptive Cruise Control',
    'Rear Camera',
    'Automatic Emergency Braking',
    'Parking Sensors',
  ],
  exterior: ['Alloy Wheels', 'LED Headlights', 'Sunroof', 'Roof Rails', 'Tow Hitch', 'Power Tailgate', 'Fog Lights'],
  interior: [
    'Leather Seats',
    'Heated Seats',
    'Dual-Zone Climate',
    'Keyless Entry',
    'Third Row Seating',
    'Ventilated Seats',
    'Power Seats',
  ],
  entertainment: [
    'Bluetooth',
    'CarPlay',
    'Android Auto',
    'Premium Audio',
    'Navigation',
    'Wireless Charging',
    'USB-C Ports',
  ],
};

const OPENERS = [
  'Well-maintained {body} with a full service history.',
  'One-owner {body}, garage kept and smoke free.',
  'Clean {body} that drives like new.',
  'Low-mileage {body} in excellent condition.',
  'Certified pre-owned {body}, inspected bumper to bumper.',
  'Sharp {colour} {body} with a spotless interior.',
];
const MIDDLES = [
  'The {engine} pulls smoothly and the {transmission} gearbox shifts cleanly.',
  'Recent service includes new brakes, fresh oil and a wheel alignment.',
  'Tyres have plenty of tread left and the paint is free of major marks.',
  'It comes with two keys, the owner manuals and a clean title.',
  'Ideal for commuting, weekend trips and everything in between.',
];
const CLOSERS = [
  'Book a test drive today.',
  'Financing and trade-ins welcome.',
  'Ask us about extended warranty options.',
  'Available for pickup at {location}.',
];

/** The markup-carrying vehicles every widget must render as text. */
export const XSS_FIXTURES = [
  { slug: 'xss-script-in-name', id: stableId('vehicle:dealer-one:xss-script-in-name') },
  { slug: 'xss-img-in-description', id: stableId('vehicle:dealer-one:xss-img-in-description') },
  { slug: 'xss-javascript-media-url', id: stableId('vehicle:dealer-one:xss-javascript-media-url') },
] as const;

/** The one vehicle for which no similar vehicle exists (see the header comment). */
export const NO_SIMILAR_FIXTURE = {
  slug: 'koenigsegg-jesko-one-off',
  id: stableId('vehicle:dealer-one:no-similar'),
  price: 2_950_000,
} as const;

export function seedInventory(dealer: Dealer): VehicleRec[] {
  const r = rng(`inventory:${dealer.slug}`);
  const stocked = catalog.brands.filter((b) => !UNSTOCKED_BRANDS.has(b.slug));
  const premium = stocked.filter((b) => b.tier === 'premium' || b.tier === 'exotic' || b.tier === 'electric');
  const regular = stocked.filter((b) => !premium.includes(b));
  const usedSlugs = new Set<string>();
  const vehicles: VehicleRec[] = [];
  for (let i = 0; i < dealer.vehicleCount; i++) {
    const brand = r.pick(r.chance(dealer.premiumShare) ? premium : regular);
    const model = r.pick(mustGet(catalog.modelsOfBrand, brand.id, 'models of brand'));
    vehicles.push(makeVehicle(r, dealer, brand, model, stableId(`vehicle:${dealer.slug}:${i}`), usedSlugs));
  }
  if (dealer.slug === 'dealer-one')
    vehicles.push(...xssFixtures(dealer, usedSlugs), noSimilarFixture(dealer, usedSlugs));
  return vehicles;
}

function noSimilarFixture(dealer: Dealer, usedSlugs: Set<string>): VehicleRec {
  const brand = must(
    catalog.brands.find((b) => b.slug === 'koenigsegg'),
    'brand koenigsegg',
  );
  const model = must(mustGet(catalog.modelsOfBrand, brand.id, 'models of brand')[0], 'model jesko');
  const v = makeVehicle(rng('inventory:no-similar'), dealer, brand, model, NO_SIMILAR_FIXTURE.id, usedSlugs);
  usedSlugs.delete(v.slug);
  usedSlugs.add(NO_SIMILAR_FIXTURE.slug);
  const created = new Date(SEED_ANCHOR - 590 * DAY).toISOString();
  return {
    ...v,
    slug: NO_SIMILAR_FIXTURE.slug,
    status: 'available',
    listingType: 'sale',
    saleOptions: {
      price: NO_SIMILAR_FIXTURE.price,
      currency: dealer.currency,
      isNegotiable: false,
      financingAvailable: true,
    },
    rentalOptions: null,
    auctionOptions: null,
    createdDate: created,
    updatedDate: created,
  };
}

function makeVehicle(
  r: Rng,
  dealer: Dealer,
  brand: BrandRec,
  model: ModelRec,
  id: string,
  usedSlugs: Set<string>,
): VehicleRec {
  const generation = r.pick(mustGet(catalog.generationsOfModel, model.id, 'generations of model'));
  const lastYear = Math.min(generation.endYear ?? 2026, 2026);
  const year = r.int(Math.max(generation.startYear, 2012), lastYear);
  const age = 2026 - year;
  const trim = r.pick(mustGet(catalog.trimsOfModel, model.id, 'trims of model'));
  const engine = r.pick(enginesFor(model, brand));
  const [exteriorColor] = r.pick(COLOURS);
  const interiorColor = r.pick(INTERIORS);
  const mileage = age === 0 ? r.int(5, 1500) : Math.round((age * r.int(8000, 19000)) / 100) * 100;
  const listingType: ListingType = r.chance(0.6) ? 'sale' : r.chance(0.6) ? 'rental' : 'auction';
  const roll = r.next();
  const status: VehicleStatus = roll < 0.05 ? 'sold' : roll < 0.11 ? 'reserved' : 'available';
  const marketValue =
    Math.round((model.basePrice * trim.priceFactor * Math.pow(0.87, age) * (0.9 + r.next() * 0.2)) / 100) * 100;
  const location = r.pick(dealer.locations);
  const name = `${year} ${brand.name} ${model.name} ${trim.name}`;
  let slug = `${brand.slug}-${model.slug}-${year}-${id.slice(0, 6)}`;
  while (usedSlugs.has(slug)) slug += 'x';
  usedSlugs.add(slug);
  const created = SEED_ANCHOR - r.int(1, 540) * DAY - r.int(0, DAY / 1000) * 1000;
  const updated = Math.min(created + r.int(0, 20) * DAY + r.int(0, 3600) * 1000, SEED_ANCHOR);
  const body = mustGet(catalog.byId.bodyType, model.bodyTypeId, 'body type');
  const fill = (s: string) =>
    s
      .replaceAll('{body}', body.name.toLowerCase())
      .replaceAll('{colour}', exteriorColor.toLowerCase())
      .replaceAll('{engine}', engine.name)
      .replaceAll('{transmission}', engine.transmission.replace('_', '-'))
      .replaceAll('{location}', location.locationName);
  const description = [r.pick(OPENERS), ...r.sample(MIDDLES, 2), r.pick(CLOSERS)].map(fill).join(' ');
  return {
    id,
    dealerId: dealer.id,
    name,
    slug,
    description,
    year,
    mileage,
    exteriorColor,
    interiorColor,
    listingType,
    status,
    modelId: model.id,
    trimId: trim.id,
    engineId: engine.id,
    drivetrain: drivetrainFor(r, model, brand),
    media: makeMedia(r, id, brand, model, exteriorColor),
    saleOptions:
      listingType === 'sale'
        ? {
            price: marketValue,
            currency: dealer.currency,
            isNegotiable: r.chance(0.6),
            financingAvailable: r.chance(0.7),
          }
        : null,
    rentalOptions: listingType === 'rental' ? rentalFor(r, marketValue, dealer.currency) : null,
    auctionOptions: listingType === 'auction' ? auctionFor(r, marketValue, dealer.currency, created) : null,
    features: Object.fromEntries(Object.entries(FEATURES).map(([k, pool]) => [k, r.sample(pool, r.int(1, 4))])),
    pickupDetails: { ...location },
    seedImpressions: Math.round(Math.pow(r.next(), 2) * 900),
    createdDate: new Date(created).toISOString(),
    updatedDate: new Date(updated).toISOString(),
  };
}

function drivetrainFor(r: Rng, model: ModelRec, brand: BrandRec): DrivetrainType {
  if (model.bodyCode === 'PICKUP') return r.chance(0.7) ? '4WD' : 'RWD';
  if (model.bodyCode === 'SUV') return r.chance(0.7) ? 'AWD' : '4WD';
  if (brand.tier === 'exotic' || model.bodyCode === 'COUPE' || model.bodyCode === 'CONVERTIBLE')
    return r.chance(0.7) ? 'RWD' : 'AWD';
  return r.chance(0.75) ? 'FWD' : 'AWD';
}

function rentalFor(r: Rng, value: number, currency: string): RentalOptions {
  const dailyRate = Math.max(29, Math.round(value / 700));
  return {
    dailyRate,
    weeklyRate: Math.round(dailyRate * 6),
    monthlyRate: Math.round(dailyRate * 22),
    deposit: Math.round(Math.max(250, value * 0.02) / 50) * 50,
    currency,
    minimumDays: r.pick([1, 1, 2, 3]),
    mileageLimitPerDay: r.chance(0.3) ? null : r.pick([150, 200, 250, 300]),
    insuranceIncluded: r.chance(0.5),
  };
}

function auctionFor(r: Rng, value: number, currency: string, created: number): AuctionOptions {
  const startingBid = Math.round((value * 0.6) / 100) * 100;
  const bidCount = r.chance(0.2) ? 0 : r.int(1, 40);
  const currentBid = bidCount === 0 ? null : Math.round((startingBid + (value * 0.5 * bidCount) / 40) / 50) * 50;
  const reservePrice = r.chance(0.3) ? null : Math.round((value * 0.85) / 100) * 100;
  const start = Math.max(created, SEED_ANCHOR - r.int(1, 10) * DAY);
  return {
    startingBid,
    currentBid,
    reservePrice,
    reserveMet: reservePrice === null ? currentBid !== null : (currentBid ?? 0) >= reservePrice,
    bidCount,
    auctionStart: new Date(start).toISOString(),
    auctionEnd: new Date(SEED_ANCHOR + r.int(3, 40) * DAY).toISOString(),
    buyNowPrice: r.chance(0.5) ? Math.round((value * 1.05) / 100) * 100 : null,
    currency,
  };
}

const VIEWS: ReadonlyArray<[view: string, category: MediaRec['category']]> = [
  ['side', 'exterior'],
  ['front', 'exterior'],
  ['rear', 'exterior'],
  ['interior', 'interior'],
  ['dusk', 'exterior'],
  ['wheel', 'detail'],
];

function makeMedia(r: Rng, vehicleId: string, brand: BrandRec, model: ModelRec, colour: string): MediaRec[] {
  const count = r.int(3, 6);
  return VIEWS.slice(0, count).map(([view, category], i) => ({
    id: stableId(`media:${vehicleId}:${i}`),
    path: `vehicles/${brand.slug}/${model.bodyCode.toLowerCase()}/${slugify(colour)}/${view}.svg`,
    type: 'photo',
    category,
    isFeatured: i === 0,
    sortOrder: i + 1,
  }));
}

function xssFixtures(dealer: Dealer, usedSlugs: Set<string>): VehicleRec[] {
  const r = rng('inventory:xss');
  const toyota = must(
    catalog.brands.find((b) => b.slug === 'toyota'),
    'brand toyota',
  );
  const camry = must(
    mustGet(catalog.modelsOfBrand, toyota.id, 'models of brand').find((m) => m.slug === 'camry'),
    'model camry',
  );
  const base = (fx: (typeof XSS_FIXTURES)[number]) => {
    const v = makeVehicle(r, dealer, toyota, camry, fx.id, usedSlugs);
    usedSlugs.delete(v.slug);
    usedSlugs.add(fx.slug);
    return {
      ...v,
      slug: fx.slug,
      status: 'available' as const,
      listingType: 'sale' as const,
      saleOptions: v.saleOptions ?? {
        price: 18500,
        currency: dealer.currency,
        isNegotiable: true,
        financingAvailable: true,
      },
      rentalOptions: null,
      auctionOptions: null,
      createdDate: new Date(SEED_ANCHOR - 600 * DAY).toISOString(),
      updatedDate: new Date(SEED_ANCHOR - 600 * DAY).toISOString(),
    };
  };
  const [a, b, c] = XSS_FIXTURES;
  return [
    { ...base(a), name: '2020 Toyota Camry <script>alert("xss-name")</script>' },
    {
      ...base(b),
      description: '<img src=x onerror=alert(1)> Perfect commuter. <b>Bold claims</b> & "quotes".',
      features: {
        safety: ['<svg onload=alert(2)>'],
        exterior: ['Alloy Wheels'],
        interior: ['Leather Seats'],
        entertainment: ['Bluetooth'],
      },
      pickupDetails: {
        locationName: '"><img src=x onerror=alert(3)>',
        address: '<a href="javascript:alert(4)">1 Main St</a>',
      },
    },
    (() => {
      const v = base(c);
      const media = v.media.map((m) => ({ ...m, isFeatured: false }));
      media[0] = { ...media[0], path: undefined, absoluteUrl: 'javascript:alert(document.domain)', isFeatured: true };
      return { ...v, media };
    })(),
  ];
}

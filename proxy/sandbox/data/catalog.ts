/**
 * Global vehicle metadata (brands, models, body types, engines, generations, trims).
 * Pure data, built once; ids are stable (`stableId`) so they are the same on every start.
 */
import { mustGet } from './lookup.js';
import { slugify, stableId } from './prng.js';

export interface BodyTypeRec {
  id: string;
  name: string;
  code: string;
  description: string;
}
export interface EngineRec {
  id: string;
  name: string;
  type: 'petrol' | 'diesel' | 'electric' | 'hybrid' | 'plugin_hybrid';
  displacement: string | null;
  horsepower: number;
  transmission: 'automatic' | 'manual' | 'cvt' | 'dct' | 'semi_automatic';
  class: EngineClass;
}
export interface BrandRec {
  id: string;
  name: string;
  slug: string;
  countryOfOrigin: string;
  tier: Tier;
}
export interface ModelRec {
  id: string;
  name: string;
  slug: string;
  brandId: string;
  bodyTypeId: string;
  bodyCode: string;
  basePrice: number;
}
export interface GenerationRec {
  id: string;
  name: string;
  slug: string;
  modelId: string;
  startYear: number;
  endYear: number | null;
}
export interface TrimRec {
  id: string;
  name: string;
  slug: string;
  modelId: string;
  priceFactor: number;
}

type Tier = 'value' | 'mainstream' | 'premium' | 'exotic' | 'electric';
type EngineClass = 'small' | 'mid' | 'large' | 'truck' | 'sport' | 'ev';

const BODY_TYPES: Array<[code: string, name: string, description: string]> = [
  ['SEDAN', 'Sedan', 'Four-door passenger car with a separate boot.'],
  ['SUV', 'SUV', 'Sport utility vehicle: raised ride height, often all-wheel drive.'],
  ['HATCHBACK', 'Hatchback', 'Compact car with a rear door that opens upwards.'],
  ['COUPE', 'Coupe', 'Two-door car with a fixed roof and a sporty profile.'],
  ['CONVERTIBLE', 'Convertible', 'Car with a folding or removable roof.'],
  ['PICKUP', 'Pickup Truck', 'Light truck with an open cargo bed.'],
  ['VAN', 'Van', 'Panel or passenger van for cargo or many seats.'],
  ['WAGON', 'Wagon', 'Estate car with an extended roofline and cargo area.'],
  ['CROSSOVER', 'Crossover', 'Car-based SUV: compact, efficient, higher seating.'],
  ['MINIVAN', 'Minivan', 'Family vehicle with sliding doors and three rows.'],
];

const ENGINES: Array<
  [
    name: string,
    type: EngineRec['type'],
    displacement: string | null,
    hp: number,
    transmission: EngineRec['transmission'],
    cls: EngineClass,
  ]
> = [
  ['1.0L 3-Cylinder Turbo', 'petrol', '1.0', 100, 'manual', 'small'],
  ['1.2L 3-Cylinder', 'petrol', '1.2', 82, 'manual', 'small'],
  ['1.5L 4-Cylinder', 'petrol', '1.5', 121, 'cvt', 'small'],
  ['1.6L 4-Cylinder Diesel', 'diesel', '1.6', 115, 'manual', 'small'],
  ['1.8L Hybrid', 'hybrid', '1.8', 121, 'cvt', 'small'],
  ['2.0L 4-Cylinder', 'petrol', '2.0', 158, 'automatic', 'mid'],
  ['2.0L 4-Cylinder Turbo', 'petrol', '2.0', 255, 'dct', 'mid'],
  ['2.0L 4-Cylinder Diesel', 'diesel', '2.0', 190, 'automatic', 'mid'],
  ['2.5L 4-Cylinder', 'petrol', '2.5', 203, 'automatic', 'mid'],
  ['2.5L Hybrid', 'hybrid', '2.5', 219, 'cvt', 'mid'],
  ['2.5L Plug-in Hybrid', 'plugin_hybrid', '2.5', 302, 'cvt', 'mid'],
  ['3.0L 6-Cylinder Turbo', 'petrol', '3.0', 382, 'automatic', 'large'],
  ['3.0L V6 Diesel', 'diesel', '3.0', 282, 'automatic', 'large'],
  ['3.5L V6', 'petrol', '3.5', 301, 'automatic', 'large'],
  ['2.8L 4-Cylinder Turbo Diesel', 'diesel', '2.8', 201, 'automatic', 'truck'],
  ['5.0L V8', 'petrol', '5.0', 400, 'automatic', 'truck'],
  ['3.5L V6 EcoBoost', 'petrol', '3.5', 400, 'automatic', 'truck'],
  ['4.0L V8 Twin-Turbo', 'petrol', '4.0', 620, 'dct', 'sport'],
  ['3.9L V8 Twin-Turbo', 'petrol', '3.9', 612, 'dct', 'sport'],
  ['2.0L Turbo Manual', 'petrol', '2.0', 228, 'manual', 'sport'],
  ['Electric 60 kWh', 'electric', null, 283, 'automatic', 'ev'],
  ['Electric 82 kWh Dual Motor', 'electric', null, 425, 'automatic', 'ev'],
  ['Electric 100 kWh Tri Motor', 'electric', null, 1020, 'automatic', 'ev'],
];

/** [brand, country, tier, trims, models: [name, bodyCode, base price USD]] */
const BRANDS: Array<[string, string, Tier, string[], Array<[string, string, number]>]> = [
  [
    'Toyota',
    'Japan',
    'mainstream',
    ['LE', 'SE', 'XLE', 'Limited'],
    [
      ['Camry', 'SEDAN', 28000],
      ['Corolla', 'SEDAN', 22000],
      ['RAV4', 'SUV', 30000],
      ['Land Cruiser', 'SUV', 85000],
      ['Hilux', 'PICKUP', 36000],
      ['Prius', 'HATCHBACK', 28000],
      ['Sienna', 'MINIVAN', 39000],
    ],
  ],
  [
    'Honda',
    'Japan',
    'mainstream',
    ['LX', 'Sport', 'EX', 'Touring'],
    [
      ['Civic', 'SEDAN', 24000],
      ['Accord', 'SEDAN', 28000],
      ['CR-V', 'SUV', 30000],
      ['Fit', 'HATCHBACK', 17000],
      ['Odyssey', 'MINIVAN', 38000],
    ],
  ],
  [
    'Nissan',
    'Japan',
    'mainstream',
    ['S', 'SV', 'SL', 'Platinum'],
    [
      ['Altima', 'SEDAN', 26000],
      ['Leaf', 'HATCHBACK', 29000],
      ['X-Trail', 'SUV', 29000],
      ['Navara', 'PICKUP', 33000],
      ['370Z', 'COUPE', 31000],
    ],
  ],
  [
    'Mazda',
    'Japan',
    'mainstream',
    ['Sport', 'Touring', 'Grand Touring', 'Signature'],
    [
      ['Mazda3', 'HATCHBACK', 23000],
      ['Mazda6', 'SEDAN', 27000],
      ['CX-5', 'SUV', 29000],
      ['MX-5', 'CONVERTIBLE', 29000],
      ['CX-30', 'CROSSOVER', 25000],
    ],
  ],
  [
    'Subaru',
    'Japan',
    'mainstream',
    ['Base', 'Premium', 'Sport', 'Limited'],
    [
      ['Impreza', 'SEDAN', 22000],
      ['Outback', 'WAGON', 30000],
      ['Forester', 'SUV', 29000],
      ['BRZ', 'COUPE', 30000],
      ['Crosstrek', 'CROSSOVER', 26000],
    ],
  ],
  [
    'Mitsubishi',
    'Japan',
    'value',
    ['ES', 'SE', 'SEL', 'GT'],
    [
      ['Outlander', 'SUV', 28000],
      ['Pajero', 'SUV', 38000],
      ['L200', 'PICKUP', 30000],
      ['Eclipse Cross', 'CROSSOVER', 26000],
      ['Mirage', 'HATCHBACK', 16000],
    ],
  ],
  [
    'Lexus',
    'Japan',
    'premium',
    ['Base', 'Premium', 'F Sport', 'Luxury'],
    [
      ['ES', 'SEDAN', 42000],
      ['RX', 'SUV', 49000],
      ['NX', 'CROSSOVER', 41000],
      ['LC', 'COUPE', 98000],
      ['IS', 'SEDAN', 40000],
    ],
  ],
  [
    'Suzuki',
    'Japan',
    'value',
    ['GA', 'GL', 'GLX'],
    [
      ['Swift', 'HATCHBACK', 15000],
      ['Vitara', 'SUV', 24000],
      ['Jimny', 'SUV', 23000],
      ['Ertiga', 'MINIVAN', 19000],
      ['Ciaz', 'SEDAN', 17000],
    ],
  ],
  [
    'Ford',
    'United States',
    'mainstream',
    ['XL', 'XLT', 'Lariat', 'Platinum'],
    [
      ['F-150', 'PICKUP', 42000],
      ['Mustang', 'COUPE', 33000],
      ['Explorer', 'SUV', 38000],
      ['Focus', 'HATCHBACK', 21000],
      ['Ranger', 'PICKUP', 33000],
      ['Transit', 'VAN', 46000],
    ],
  ],
  [
    'Chevrolet',
    'United States',
    'mainstream',
    ['LS', 'LT', 'RS', 'Premier'],
    [
      ['Silverado', 'PICKUP', 41000],
      ['Malibu', 'SEDAN', 25000],
      ['Camaro', 'COUPE', 31000],
      ['Tahoe', 'SUV', 58000],
      ['Equinox', 'CROSSOVER', 28000],
    ],
  ],
  [
    'Jeep',
    'United States',
    'mainstream',
    ['Sport', 'Latitude', 'Limited', 'Rubicon'],
    [
      ['Wrangler', 'SUV', 36000],
      ['Grand Cherokee', 'SUV', 42000],
      ['Compass', 'CROSSOVER', 29000],
      ['Gladiator', 'PICKUP', 40000],
      ['Renegade', 'CROSSOVER', 26000],
    ],
  ],
  [
    'Tesla',
    'United States',
    'electric',
    ['Standard Range', 'Long Range', 'Performance'],
    [
      ['Model 3', 'SEDAN', 40000],
      ['Model S', 'SEDAN', 75000],
      ['Model X', 'SUV', 80000],
      ['Model Y', 'CROSSOVER', 45000],
      ['Cybertruck', 'PICKUP', 80000],
    ],
  ],
  [
    'Dodge',
    'United States',
    'mainstream',
    ['SXT', 'GT', 'R/T', 'Scat Pack'],
    [
      ['Charger', 'SEDAN', 34000],
      ['Challenger', 'COUPE', 33000],
      ['Durango', 'SUV', 40000],
      ['Grand Caravan', 'MINIVAN', 30000],
      ['Journey', 'CROSSOVER', 25000],
    ],
  ],
  [
    'Cadillac',
    'United States',
    'premium',
    ['Luxury', 'Premium Luxury', 'Sport'],
    [
      ['Escalade', 'SUV', 82000],
      ['CT5', 'SEDAN', 38000],
      ['XT5', 'CROSSOVER', 45000],
      ['XT4', 'CROSSOVER', 37000],
      ['CT4', 'SEDAN', 34000],
    ],
  ],
  [
    'GMC',
    'United States',
    'mainstream',
    ['SLE', 'SLT', 'AT4', 'Denali'],
    [
      ['Sierra', 'PICKUP', 44000],
      ['Yukon', 'SUV', 60000],
      ['Acadia', 'SUV', 38000],
      ['Terrain', 'CROSSOVER', 29000],
      ['Savana', 'VAN', 40000],
    ],
  ],
  [
    'Volkswagen',
    'Germany',
    'mainstream',
    ['S', 'SE', 'SEL', 'R-Line'],
    [
      ['Golf', 'HATCHBACK', 24000],
      ['Passat', 'SEDAN', 27000],
      ['Tiguan', 'SUV', 29000],
      ['Touareg', 'SUV', 55000],
      ['Transporter', 'VAN', 42000],
      ['Amarok', 'PICKUP', 40000],
    ],
  ],
  [
    'BMW',
    'Germany',
    'premium',
    ['Base', 'xDrive', 'M Sport', 'Luxury Line'],
    [
      ['3 Series', 'SEDAN', 44000],
      ['5 Series', 'SEDAN', 57000],
      ['X3', 'SUV', 48000],
      ['X5', 'SUV', 65000],
      ['Z4', 'CONVERTIBLE', 53000],
      ['4 Series', 'COUPE', 49000],
    ],
  ],
  [
    'Mercedes-Benz',
    'Germany',
    'premium',
    ['Base', 'AMG Line', 'Avantgarde', 'Exclusive'],
    [
      ['C-Class', 'SEDAN', 46000],
      ['E-Class', 'SEDAN', 58000],
      ['GLC', 'SUV', 48000],
      ['GLE', 'SUV', 62000],
      ['Sprinter', 'VAN', 52000],
      ['CLA', 'COUPE', 40000],
    ],
  ],
  [
    'Audi',
    'Germany',
    'premium',
    ['Premium', 'Premium Plus', 'Prestige', 'S line'],
    [
      ['A3', 'HATCHBACK', 36000],
      ['A4', 'SEDAN', 42000],
      ['A6', 'SEDAN', 57000],
      ['Q5', 'SUV', 46000],
      ['Q7', 'SUV', 60000],
      ['TT', 'COUPE', 52000],
    ],
  ],
  [
    'Porsche',
    'Germany',
    'exotic',
    ['Base', 'S', 'GTS', 'Turbo'],
    [
      ['911', 'COUPE', 115000],
      ['Cayenne', 'SUV', 85000],
      ['Macan', 'CROSSOVER', 62000],
      ['Panamera', 'SEDAN', 95000],
      ['Taycan', 'SEDAN', 92000],
    ],
  ],
  [
    'Opel',
    'Germany',
    'value',
    ['Edition', 'Elegance', 'GS Line'],
    [
      ['Astra', 'HATCHBACK', 24000],
      ['Corsa', 'HATCHBACK', 19000],
      ['Insignia', 'WAGON', 32000],
      ['Mokka', 'CROSSOVER', 25000],
      ['Zafira', 'MINIVAN', 30000],
    ],
  ],
  [
    'Volvo',
    'Sweden',
    'premium',
    ['Core', 'Plus', 'Ultimate'],
    [
      ['XC90', 'SUV', 58000],
      ['XC60', 'SUV', 46000],
      ['S60', 'SEDAN', 42000],
      ['V60', 'WAGON', 45000],
      ['XC40', 'CROSSOVER', 38000],
    ],
  ],
  [
    'Hyundai',
    'South Korea',
    'mainstream',
    ['SE', 'SEL', 'N Line', 'Limited'],
    [
      ['Elantra', 'SEDAN', 22000],
      ['Tucson', 'SUV', 28000],
      ['Santa Fe', 'SUV', 33000],
      ['i30', 'HATCHBACK', 21000],
      ['Kona', 'CROSSOVER', 24000],
      ['Staria', 'VAN', 38000],
    ],
  ],
  [
    'Kia',
    'South Korea',
    'mainstream',
    ['LX', 'S', 'EX', 'GT-Line'],
    [
      ['Sportage', 'SUV', 28000],
      ['Sorento', 'SUV', 32000],
      ['Rio', 'HATCHBACK', 18000],
      ['K5', 'SEDAN', 26000],
      ['Carnival', 'MINIVAN', 35000],
      ['Stinger', 'SEDAN', 38000],
    ],
  ],
  [
    'Genesis',
    'South Korea',
    'premium',
    ['Standard', 'Advanced', 'Prestige'],
    [
      ['G70', 'SEDAN', 40000],
      ['G80', 'SEDAN', 50000],
      ['GV70', 'SUV', 45000],
      ['GV80', 'SUV', 56000],
      ['GV60', 'CROSSOVER', 52000],
    ],
  ],
  [
    'Peugeot',
    'France',
    'value',
    ['Active', 'Allure', 'GT'],
    [
      ['208', 'HATCHBACK', 21000],
      ['308', 'HATCHBACK', 26000],
      ['3008', 'CROSSOVER', 33000],
      ['508', 'SEDAN', 38000],
      ['5008', 'SUV', 36000],
    ],
  ],
  [
    'Renault',
    'France',
    'value',
    ['Life', 'Zen', 'Intens'],
    [
      ['Clio', 'HATCHBACK', 19000],
      ['Megane', 'HATCHBACK', 24000],
      ['Captur', 'CROSSOVER', 23000],
      ['Duster', 'SUV', 20000],
      ['Kangoo', 'VAN', 26000],
    ],
  ],
  [
    'Citroën',
    'France',
    'value',
    ['Feel', 'Shine', 'Max'],
    [
      ['C3', 'HATCHBACK', 18000],
      ['C4', 'HATCHBACK', 25000],
      ['C5 Aircross', 'SUV', 31000],
      ['Berlingo', 'VAN', 25000],
      ['C5 X', 'SEDAN', 36000],
    ],
  ],
  [
    'Fiat',
    'Italy',
    'value',
    ['Pop', 'Lounge', 'Sport'],
    [
      ['500', 'HATCHBACK', 17000],
      ['Panda', 'HATCHBACK', 15000],
      ['Tipo', 'SEDAN', 19000],
      ['Doblo', 'VAN', 23000],
      ['500X', 'CROSSOVER', 25000],
    ],
  ],
  [
    'Alfa Romeo',
    'Italy',
    'premium',
    ['Sprint', 'Veloce', 'Quadrifoglio'],
    [
      ['Giulia', 'SEDAN', 44000],
      ['Stelvio', 'SUV', 47000],
      ['Tonale', 'CROSSOVER', 43000],
      ['Giulietta', 'HATCHBACK', 28000],
      ['4C', 'COUPE', 66000],
    ],
  ],
  [
    'Ferrari',
    'Italy',
    'exotic',
    ['Base', 'Assetto Fiorano'],
    [
      ['Roma', 'COUPE', 230000],
      ['296 GTB', 'COUPE', 320000],
      ['Portofino', 'CONVERTIBLE', 220000],
      ['Purosangue', 'SUV', 400000],
      ['SF90', 'COUPE', 520000],
    ],
  ],
  [
    'Land Rover',
    'United Kingdom',
    'premium',
    ['S', 'SE', 'HSE', 'Autobiography'],
    [
      ['Range Rover', 'SUV', 105000],
      ['Defender', 'SUV', 58000],
      ['Discovery', 'SUV', 60000],
      ['Evoque', 'CROSSOVER', 48000],
      ['Velar', 'SUV', 62000],
    ],
  ],
  [
    'Jaguar',
    'United Kingdom',
    'premium',
    ['S', 'SE', 'R-Dynamic'],
    [
      ['XE', 'SEDAN', 42000],
      ['XF', 'SEDAN', 48000],
      ['F-Pace', 'SUV', 55000],
      ['E-Pace', 'CROSSOVER', 46000],
      ['F-Type', 'CONVERTIBLE', 78000],
    ],
  ],
  [
    'Mini',
    'United Kingdom',
    'mainstream',
    ['Classic', 'Signature', 'John Cooper Works'],
    [
      ['Cooper', 'HATCHBACK', 26000],
      ['Countryman', 'CROSSOVER', 32000],
      ['Clubman', 'WAGON', 31000],
      ['Cooper Convertible', 'CONVERTIBLE', 32000],
      ['Paceman', 'COUPE', 27000],
    ],
  ],
  [
    'Škoda',
    'Czech Republic',
    'value',
    ['Active', 'Ambition', 'Style', 'RS'],
    [
      ['Octavia', 'WAGON', 27000],
      ['Superb', 'SEDAN', 35000],
      ['Kodiaq', 'SUV', 36000],
      ['Fabia', 'HATCHBACK', 18000],
      ['Karoq', 'CROSSOVER', 29000],
    ],
  ],
  // Kept out of the random inventory (UNSTOCKED_BRANDS): Lotus has no vehicle at any dealer (a
  // brand with zero vehicles), Koenigsegg only dealer one's one-off fixture (a vehicle with no similar ones).
  [
    'Lotus',
    'United Kingdom',
    'exotic',
    ['Base', 'Sport'],
    [
      ['Emira', 'COUPE', 99000],
      ['Eletre', 'SUV', 107000],
    ],
  ],
  ['Koenigsegg', 'Sweden', 'exotic', ['Absolut'], [['Jesko', 'COUPE', 3000000]]],
];

/**
 * Slugs of brands the seeded inventories never pick at random. They exercise the empty cases:
 * `lotus` has zero vehicles everywhere; `koenigsegg` has only `NO_SIMILAR_FIXTURE` (inventory.ts).
 */
export const UNSTOCKED_BRANDS: ReadonlySet<string> = new Set(['lotus', 'koenigsegg']);

/** Generation names for a few well-known models; the rest get "Mk N". */
const GENERATION_NAMES: Record<string, [string, string]> = {
  'toyota/camry': ['XV70', 'XV80'],
  'toyota/corolla': ['E170', 'E210'],
  'honda/civic': ['FC', 'FL'],
  'bmw/3-series': ['F30', 'G20'],
  'mercedes-benz/c-class': ['W205', 'W206'],
  'volkswagen/golf': ['Mk7', 'Mk8'],
  'ford/f-150': ['P552', 'P702'],
  'porsche/911': ['991', '992'],
};

export interface Catalog {
  bodyTypes: BodyTypeRec[];
  engines: EngineRec[];
  brands: BrandRec[];
  models: ModelRec[];
  generations: GenerationRec[];
  trims: TrimRec[];
  byId: {
    bodyType: Map<string, BodyTypeRec>;
    engine: Map<string, EngineRec>;
    brand: Map<string, BrandRec>;
    model: Map<string, ModelRec>;
    generation: Map<string, GenerationRec>;
    trim: Map<string, TrimRec>;
  };
  modelsOfBrand: Map<string, ModelRec[]>;
  trimsOfModel: Map<string, TrimRec[]>;
  generationsOfModel: Map<string, GenerationRec[]>;
}

export const ENGINE_TYPES = ['PETROL', 'DIESEL', 'ELECTRIC', 'HYBRID', 'PLUGIN_HYBRID'] as const;
export const TRANSMISSION_TYPES = ['MANUAL', 'AUTOMATIC', 'CVT', 'DCT', 'SEMI_AUTOMATIC'] as const;
export const DRIVETRAIN_TYPES = ['FWD', 'RWD', 'AWD', '4WD'] as const;

function buildCatalog(): Catalog {
  const bodyTypes = BODY_TYPES.map(([code, name, description]) => ({
    id: stableId(`body-type:${code}`),
    name,
    code,
    description,
  }));
  const bodyByCode = new Map(bodyTypes.map((b) => [b.code, b]));
  const engines = ENGINES.map(([name, type, displacement, horsepower, transmission, cls]) => ({
    id: stableId(`engine:${name}`),
    name,
    type,
    displacement,
    horsepower,
    transmission,
    class: cls,
  }));
  const brands: BrandRec[] = [];
  const models: ModelRec[] = [];
  const generations: GenerationRec[] = [];
  const trims: TrimRec[] = [];
  for (const [brandName, country, tier, trimNames, modelDefs] of BRANDS) {
    const brandSlug = slugify(brandName);
    brands.push({
      id: stableId(`brand:${brandSlug}`),
      name: brandName,
      slug: brandSlug,
      countryOfOrigin: country,
      tier,
    });
    const brandId = brands[brands.length - 1].id;
    modelDefs.forEach(([modelName, bodyCode, basePrice], mi) => {
      const slug = slugify(modelName);
      const model: ModelRec = {
        id: stableId(`model:${brandSlug}/${slug}`),
        name: modelName,
        slug,
        brandId,
        bodyTypeId: mustGet(bodyByCode, bodyCode, 'body type').id,
        bodyCode,
        basePrice,
      };
      models.push(model);
      const names = GENERATION_NAMES[`${brandSlug}/${slug}`] ?? [`Mk${6 + (mi % 3)}`, `Mk${7 + (mi % 3)}`];
      const switchYear = 2017 + ((brandSlug.length + mi) % 5);
      generations.push(
        {
          id: stableId(`generation:${brandSlug}/${slug}/0`),
          name: names[0],
          slug: `${slug}-${slugify(names[0])}`,
          modelId: model.id,
          startYear: switchYear - 7,
          endYear: switchYear - 1,
        },
        {
          id: stableId(`generation:${brandSlug}/${slug}/1`),
          name: names[1],
          slug: `${slug}-${slugify(names[1])}`,
          modelId: model.id,
          startYear: switchYear,
          endYear: null,
        },
      );
      trimNames.forEach((trimName, ti) => {
        trims.push({
          id: stableId(`trim:${brandSlug}/${slug}/${slugify(trimName)}`),
          name: trimName,
          slug: slugify(trimName),
          modelId: model.id,
          priceFactor: 1 + ti * 0.12,
        });
      });
    });
  }
  brands.sort((a, b) => a.name.localeCompare(b.name));
  const group = <T, K>(items: T[], key: (t: T) => K) => {
    const m = new Map<K, T[]>();
    for (const it of items) m.set(key(it), [...(m.get(key(it)) ?? []), it]);
    return m;
  };
  const index = <T extends { id: string }>(items: T[]) => new Map(items.map((i) => [i.id, i]));
  return {
    bodyTypes,
    engines,
    brands,
    models,
    generations,
    trims,
    byId: {
      bodyType: index(bodyTypes),
      engine: index(engines),
      brand: index(brands),
      model: index(models),
      generation: index(generations),
      trim: index(trims),
    },
    modelsOfBrand: group(models, (m) => m.brandId),
    trimsOfModel: group(trims, (t) => t.modelId),
    generationsOfModel: group(generations, (g) => g.modelId),
  };
}

export const catalog: Catalog = buildCatalog();

/** Engines that suit a model: by brand tier and body type. */
export function enginesFor(model: ModelRec, brand: BrandRec): EngineRec[] {
  const classes: EngineClass[] =
    brand.tier === 'electric'
      ? ['ev']
      : brand.tier === 'exotic'
        ? ['sport']
        : model.bodyCode === 'PICKUP' || model.bodyCode === 'VAN'
          ? ['truck', 'mid']
          : model.bodyCode === 'HATCHBACK'
            ? ['small', 'mid']
            : model.bodyCode === 'COUPE' || model.bodyCode === 'CONVERTIBLE'
              ? ['sport', 'mid', 'large']
              : brand.tier === 'premium'
                ? ['mid', 'large', 'ev']
                : ['small', 'mid', 'large'];
  return catalog.engines.filter((e) => classes.includes(e.class));
}

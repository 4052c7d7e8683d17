import type { Catalogue } from '../shared/i18n.js';
import type { LanguagePacks } from '../shared/language-packs.js';

const en = {
  filters: 'Filter vehicles',
  filtersToggle: 'Filters',
  filtersActive: 'Filters ({count} active)',
  brand: 'Brand',
  anyBrand: 'All brands',
  model: 'Model',
  anyModel: 'All models',
  bodyType: 'Body type',
  anyBodyType: 'All body types',
  listingType: 'Listing',
  anyListingType: 'All listing types',
  year: 'Year',
  price: 'Price',
  from: 'From',
  to: 'To',
  sort: 'Sort by',
  'sort.createdDate:desc': 'Newest listings',
  'sort.createdDate:asc': 'Oldest listings',
  'sort.price:asc': 'Price: low to high',
  'sort.price:desc': 'Price: high to low',
  'sort.year:desc': 'Year: newest first',
  'sort.year:asc': 'Year: oldest first',
  'sort.mileage:asc': 'Mileage: lowest first',
  'sort.mileage:desc': 'Mileage: highest first',
  'sort.impressionsCount:desc': 'Most viewed',
  'sort.name:asc': 'Name: A to Z',
  'sort.name:desc': 'Name: Z to A',
  clear: 'Clear filters',
  loading: 'Loading vehicles…',
  count: '{count} vehicles',
  countOne: '1 vehicle',
  pageOf: 'Page {page} of {pages}',
  empty: 'No vehicles match these filters.',
  pastEnd: 'There is no page {page}: the results end on page {pages}.',
  errorTitle: 'The vehicles could not be loaded.',
  retry: 'Try again',
  retryIn: 'Too many requests. Try again in {seconds} s.',
  pagination: 'Result pages',
  previous: 'Previous page',
  next: 'Next page',
  goToPage: 'Page {page}',
  viewDetails: 'View details of {name}',
  mileage: 'Mileage',
  noPhoto: 'No photo',
};

export type InventoryKey = keyof typeof en;

/** Strings of `carstrel-inventory`. English here; the other languages are modules loaded when an element's language asks for them. */
export const inventoryMessages: Catalogue<InventoryKey> = { en };

/** The other languages of `inventoryMessages`, each its own small chunk (language-packs.ts). */
export const inventoryPacks: LanguagePacks<InventoryKey> = { fr: () => import('./messages.fr.js') };

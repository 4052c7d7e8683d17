import type { Catalogue } from '../shared/i18n.js';
import type { LanguagePacks } from '../shared/language-packs.js';

const en = {
  loading: 'Loading vehicle…',
  loaded: '{name} loaded',
  errorTitle: 'This vehicle could not be loaded.',
  notFound: 'This vehicle is no longer available.',
  retry: 'Try again',
  retryIn: 'Too many requests. Try again in {seconds} s.',
  back: 'Back to all vehicles',
  photos: 'Photos of {name}',
  photoOf: 'Photo {index} of {count}',
  previousPhoto: 'Previous photo',
  nextPhoto: 'Next photo',
  fullScreen: 'View photos full screen',
  close: 'Close',
  noPhoto: 'No photo available',
  specs: 'Specifications',
  year: 'Year',
  mileage: 'Mileage',
  exteriorColor: 'Exterior colour',
  interiorColor: 'Interior colour',
  engine: 'Engine',
  horsepower: '{hp} hp',
  fuel: 'Fuel',
  transmission: 'Transmission',
  'fuel.petrol': 'Petrol',
  'fuel.diesel': 'Diesel',
  'fuel.electric': 'Electric',
  'fuel.hybrid': 'Hybrid',
  'fuel.plugin_hybrid': 'Plug-in hybrid',
  'gearbox.manual': 'Manual',
  'gearbox.automatic': 'Automatic',
  'gearbox.cvt': 'CVT',
  'gearbox.dct': 'Dual-clutch (DCT)',
  'gearbox.semi_automatic': 'Semi-automatic',
  drivetrain: 'Drivetrain',
  bodyType: 'Body type',
  brand: 'Brand',
  trim: 'Trim',
  features: 'Features',
  'group.safety': 'Safety',
  'group.exterior': 'Exterior',
  'group.interior': 'Interior',
  'group.entertainment': 'Entertainment',
  'group.comfort': 'Comfort',
  'group.technology': 'Technology',
  description: 'Description',
  price: 'Price',
  pickup: 'Pickup location',
  testDrive: 'Book a test drive',
  similar: 'Similar vehicles',
};

export type VehicleKey = keyof typeof en;

/** Strings of `carstrel-vehicle`. English here; the other languages are modules loaded when an element's language asks for them. */
export const vehicleMessages: Catalogue<VehicleKey> = { en };

/** The other languages of `vehicleMessages`, each its own small chunk (language-packs.ts). */
export const vehiclePacks: LanguagePacks<VehicleKey> = { fr: () => import('./messages.fr.js') };

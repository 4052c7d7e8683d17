import type { Catalogue } from '../shared/i18n.js';

const en = {
  heading: 'Book a test drive',
  vehicle: 'Vehicle',
  vehicleById: 'Vehicle reference {id}',
  noVehicle: 'Choose a vehicle on this page first, then book its test drive here.',
  name: 'Your name',
  email: 'Email',
  phone: 'Phone',
  phoneHint: 'Only if you prefer a call.',
  preferredDate: 'Preferred date',
  dateHint: 'Today or later. The dealer confirms the time with you.',
  send: 'Request test drive',
  sentTitle: 'Test drive requested',
  sentBody: 'The dealer will contact you to confirm the date.',
  sentBodyFor: 'Your request for the {name} is with the dealer, who will contact you to confirm the date.',
  queuedTitle: 'Test drive request received',
  prefilled: 'Filled in from your account.',
};

const fr: Record<keyof typeof en, string> = {
  heading: 'Réserver un essai',
  vehicle: 'Véhicule',
  vehicleById: 'Véhicule référence {id}',
  noVehicle: 'Choisissez d’abord un véhicule sur cette page, puis réservez son essai ici.',
  name: 'Votre nom',
  email: 'E-mail',
  phone: 'Téléphone',
  phoneHint: 'Seulement si vous préférez un appel.',
  preferredDate: 'Date souhaitée',
  dateHint: 'Aujourd’hui ou plus tard. Le concessionnaire confirme l’heure avec vous.',
  send: 'Demander un essai',
  sentTitle: 'Essai demandé',
  sentBody: 'Le concessionnaire vous contactera pour confirmer la date.',
  sentBodyFor:
    'Votre demande pour le véhicule {name} est transmise au concessionnaire, qui vous contactera pour confirmer la date.',
  queuedTitle: 'Demande d’essai reçue',
  prefilled: 'Rempli à partir de votre compte.',
};

export type TestDriveMessageKey = keyof typeof en;

export const testDriveMessages: Catalogue<TestDriveMessageKey> = { en, fr };

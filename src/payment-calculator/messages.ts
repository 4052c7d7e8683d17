import type { Catalogue } from '../shared/i18n.js';

/** Strings of `carstrel-payment-calculator`. */
export const paymentMessages = {
  en: {
    label: 'Payment estimate',
    price: 'Vehicle price',
    priceOf: 'Price of {name}',
    downPayment: 'Down payment',
    term: 'Term',
    months: '{count} months',
    rate: 'Interest rate (APR, %)',
    perMonth: '/ month',
    result: 'Estimated payment: {amount} per month',
    breakdown: '{count} payments · borrowed {principal} · total interest {interest}',
    disclaimer:
      'This is an estimate, not an offer of credit. Your actual rate, payment and terms depend on approval and may differ.',
    waiting: 'Loading the vehicle price…',
    noVehicle: 'Enter a price to see a monthly payment.',
    noSalePrice: 'No payment estimate for this vehicle: it has no fixed sale price.',
    vehicleError: 'The vehicle price could not be loaded, so there is no estimate.',
    'problem.price': 'Enter a price above 0.',
    'problem.downPayment': 'Enter a down payment of 0 or more.',
    'problem.downPaymentTooHigh': 'The down payment must be less than the price.',
    'problem.rate': 'Enter a rate between 0 and 100 %.',
    'problem.term': 'Choose a term.',
  },
  fr: {
    label: 'Estimation de mensualité',
    price: 'Prix du véhicule',
    priceOf: 'Prix de {name}',
    downPayment: 'Apport',
    term: 'Durée',
    months: '{count} mois',
    rate: 'Taux d’intérêt (TAEG, %)',
    perMonth: '/ mois',
    result: 'Mensualité estimée : {amount} par mois',
    breakdown: '{count} mensualités · emprunt {principal} · intérêts totaux {interest}',
    disclaimer:
      'Ceci est une estimation, pas une offre de crédit. Le taux, la mensualité et les conditions réels dépendent de l’acceptation du dossier et peuvent différer.',
    waiting: 'Chargement du prix du véhicule…',
    noVehicle: 'Saisissez un prix pour voir une mensualité.',
    noSalePrice: 'Pas d’estimation pour ce véhicule : il n’a pas de prix de vente fixe.',
    vehicleError: 'Le prix du véhicule n’a pas pu être chargé : pas d’estimation.',
    'problem.price': 'Saisissez un prix supérieur à 0.',
    'problem.downPayment': 'Saisissez un apport de 0 ou plus.',
    'problem.downPaymentTooHigh': 'L’apport doit être inférieur au prix.',
    'problem.rate': 'Saisissez un taux entre 0 et 100 %.',
    'problem.term': 'Choisissez une durée.',
  },
} satisfies Catalogue<string>;

export type PaymentKey = keyof (typeof paymentMessages)['en'];

import type { Catalogue } from './i18n.js';
import type { LanguagePacks } from './language-packs.js';

const en = {
  'badge.sale': 'For sale',
  'badge.rental': 'For rent',
  'badge.auction': 'Auction',
  'price.sale': '{amount}',
  'price.perDay': '{amount} / day',
  'price.perWeek': '{amount} / week',
  'price.perMonth': '{amount} / month',
  'price.deposit': 'Deposit {amount}',
  'price.minimumDays': 'Minimum {count} days',
  'price.mileageLimit': '{distance} per day included',
  'price.unlimitedMileage': 'Unlimited mileage',
  'price.insurance': 'Insurance included',
  'price.currentBid': 'Current bid {amount}',
  'price.startingBid': 'Starting bid {amount}',
  'price.bids': '{count} bids',
  'price.endsAt': 'Ends {date}',
  'price.ended': 'Auction ended {date}',
  'price.reserveMet': 'Reserve met',
  'price.reserveNotMet': 'Reserve not met',
  'price.buyNow': 'Buy now {amount}',
  'price.negotiable': 'Negotiable',
  'price.financing': 'Financing available',
  'price.onRequest': 'Price on request',
  'price.monthlyFrom': 'From {amount}/month (estimate)',
  'status.reserved': 'Reserved',
  'status.sold': 'Sold',
};

export type ListingKey = keyof typeof en;

/**
 * Strings shared by the listing elements (inventory, vehicle, favourites): listing badges and price
 * blocks. English here; the other languages load on demand (language-packs.ts).
 */
export const listingMessages: Catalogue<ListingKey> = { en };

/** The other languages of `listingMessages`, each its own small chunk. */
export const listingPacks: LanguagePacks<ListingKey> = { fr: () => import('./listing-messages.fr.js') };

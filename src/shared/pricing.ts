import type { Vehicle } from '../api/types.js';
import {
  formatDateTime,
  formatDistance,
  formatNumber,
  formatPrice,
  isAmount,
  safeCurrency,
  type DistanceUnit,
} from './format.js';
import type { Translate } from './i18n.js';
import type { ListingKey } from './listing-messages.js';

/**
 * The price block of a vehicle, per listing type (contract decisions D5/D6): a sale price, rental
 * rates, or an auction's bids. Computed as plain data (`PriceLine[]`) so that cards and the detail
 * view render it their own way and tests can check the text.
 */
export interface PriceLine {
  /** Catalogue key of the line. */
  key: ListingKey;
  /** The headline line (sale price, daily rate, current/starting bid). */
  primary?: boolean;
  params?: Record<string, string | number>;
}

export interface PriceOptions {
  locale: string;
  /** ISO 4217 code that wins over the data's own; empty to use the data's (else USD). */
  currency?: string;
  /** Only the lines a card shows. */
  compact?: boolean;
  distanceUnit?: DistanceUnit;
  now?: Date;
}

/** A listing's options block as the schema types it; anything but an object reads as absent. */
const asOptions = <T extends object>(x: T | null | undefined): T | undefined =>
  x && typeof x === 'object' ? x : undefined;

/** The currency the vehicle's amounts are shown in: attribute, else the options block, else USD. */
export function currencyOf(vehicle: Vehicle, override?: string): string {
  if (override) return safeCurrency(override);
  const block = asOptions(vehicle.saleOptions) ?? asOptions(vehicle.rentalOptions) ?? asOptions(vehicle.auctionOptions);
  return safeCurrency(block?.currency);
}

/** The amount search engines and analytics see: D5's headline price. */
export function headlinePrice(vehicle: Vehicle): number | undefined {
  const sale = asOptions(vehicle.saleOptions);
  const rental = asOptions(vehicle.rentalOptions);
  const auction = asOptions(vehicle.auctionOptions);
  if (vehicle.listingType === 'sale' && isAmount(sale?.price)) return sale.price;
  if (vehicle.listingType === 'rental' && isAmount(rental?.dailyRate)) return rental.dailyRate;
  if (vehicle.listingType === 'auction') {
    if (isAmount(auction?.currentBid)) return auction.currentBid;
    if (isAmount(auction?.startingBid)) return auction.startingBid;
  }
  return undefined;
}

export function priceLines(vehicle: Vehicle, opts: PriceOptions): PriceLine[] {
  const money = (n: number) => formatPrice(n, currencyOf(vehicle, opts.currency), opts.locale);
  const lines: PriceLine[] = [];
  const add = (key: ListingKey, params?: PriceLine['params'], primary = false) => lines.push({ key, params, primary });

  if (vehicle.listingType === 'sale') {
    const o = asOptions(vehicle.saleOptions);
    if (isAmount(o?.price)) add('price.sale', { amount: money(o.price) }, true);
    if (o?.isNegotiable === true) add('price.negotiable');
    if (!opts.compact && o?.financingAvailable === true) add('price.financing');
  } else if (vehicle.listingType === 'rental') {
    const o = asOptions(vehicle.rentalOptions);
    if (isAmount(o?.dailyRate)) add('price.perDay', { amount: money(o.dailyRate) }, true);
    if (isAmount(o?.weeklyRate)) add('price.perWeek', { amount: money(o.weeklyRate) });
    if (!opts.compact) {
      if (isAmount(o?.monthlyRate)) add('price.perMonth', { amount: money(o.monthlyRate) });
      if (isAmount(o?.deposit)) add('price.deposit', { amount: money(o.deposit) });
      if (isAmount(o?.minimumDays) && o.minimumDays > 1)
        add('price.minimumDays', { count: formatNumber(o.minimumDays, opts.locale) });
      if (isAmount(o?.mileageLimitPerDay))
        add('price.mileageLimit', {
          distance: formatDistance(o.mileageLimitPerDay, opts.distanceUnit ?? 'km', opts.locale),
        });
      else if (o && o.mileageLimitPerDay === null) add('price.unlimitedMileage');
      if (o?.insuranceIncluded === true) add('price.insurance');
    }
  } else if (vehicle.listingType === 'auction') {
    const o = asOptions(vehicle.auctionOptions);
    if (isAmount(o?.currentBid)) add('price.currentBid', { amount: money(o.currentBid) }, true);
    else if (isAmount(o?.startingBid)) add('price.startingBid', { amount: money(o.startingBid) }, true);
    const end = formatDateTime(o?.auctionEnd, opts.locale);
    if (o && end) {
      const ended = new Date(o.auctionEnd).getTime() <= (opts.now ?? new Date()).getTime();
      add(ended ? 'price.ended' : 'price.endsAt', { date: end });
    }
    if (!opts.compact && isAmount(o?.bidCount)) add('price.bids', { count: formatNumber(o.bidCount, opts.locale) });
    if (typeof o?.reserveMet === 'boolean') add(o.reserveMet ? 'price.reserveMet' : 'price.reserveNotMet');
    if (isAmount(o?.buyNowPrice)) add('price.buyNow', { amount: money(o.buyNowPrice) });
  }
  if (!lines.some((l) => l.primary)) lines.unshift({ key: 'price.onRequest', primary: true });
  return lines;
}

/** The lines as text, in order (for tests, JSON-LD descriptions and screen-reader summaries). */
export function priceText(lines: PriceLine[], t: Translate<ListingKey>): string[] {
  return lines.map((l) => t(l.key, l.params));
}

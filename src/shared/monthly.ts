import type { Vehicle } from '../api/types.js';
import { monthlyPayment } from '../payment-calculator/payment.js';
import { formatPrice, isAmount } from './format.js';
import type { Translate } from './i18n.js';
import type { ListingKey } from './listing-messages.js';
import { currencyOf } from './pricing.js';

/**
 * "From $X/month" on inventory cards and the vehicle page, when the dealer opts in with the
 * `monthly-payment` attribute: `monthly-payment` alone uses the defaults (6.9 % over 60 months,
 * nothing down, as `carstrel-payment-calculator`); `monthly-payment="rate=4.9 term=72 down=10%"`
 * sets any of them (`down` an amount, or a percentage of the price). Sale listings only; the
 * amount is the standard amortised loan's payment (`monthlyPayment`), rounded up to a whole unit.
 */

export interface MonthlyTerms {
  /** Annual percentage rate. */
  rate: number;
  /** Months. */
  term: number;
  /** Down payment: an amount, or a percentage of the price when `downIsPercent`. */
  down: number;
  downIsPercent: boolean;
}

export const DEFAULT_TERMS: MonthlyTerms = { rate: 6.9, term: 60, down: 0, downIsPercent: false };

/** The terms of a `monthly-payment` attribute; `undefined` when absent or `off` (the line is not shown). */
export function parseMonthlyTerms(value: string | null | undefined): MonthlyTerms | undefined {
  if (value === undefined || value === null || value.trim().toLowerCase() === 'off') return undefined;
  const terms = { ...DEFAULT_TERMS };
  for (const [, key, raw] of value.matchAll(/(rate|term|down)\s*[=:]\s*([0-9.]+%?)/gi)) {
    const n = Number(raw.replace('%', ''));
    if (!Number.isFinite(n) || n < 0) continue;
    const k = key.toLowerCase();
    if (k === 'rate' && n <= 100) terms.rate = n;
    else if (k === 'term' && Number.isInteger(n) && n >= 1 && n <= 600) terms.term = n;
    else if (k === 'down' && (!raw.endsWith('%') || n < 100)) {
      terms.down = n;
      terms.downIsPercent = raw.endsWith('%');
    }
  }
  return terms;
}

/** The monthly payment of a sale listing under `terms`, rounded up; `undefined` when there is none. */
export function monthlyFrom(v: Vehicle, terms: MonthlyTerms): number | undefined {
  const price = v.listingType === 'sale' ? v.saleOptions?.price : undefined;
  if (!isAmount(price) || price <= 0) return undefined;
  const down = terms.downIsPercent ? (price * terms.down) / 100 : terms.down;
  if (down >= price) return undefined;
  return Math.ceil(monthlyPayment(price - down, terms.rate, terms.term));
}

/** The "From $X/month (estimate)" line of `v`, or `undefined`. */
export function monthlyLine(
  v: Vehicle,
  terms: MonthlyTerms | undefined,
  o: { tl: Translate<ListingKey>; locale: string; currency: string },
): string | undefined {
  const amount = terms && monthlyFrom(v, terms);
  if (amount === undefined) return undefined;
  return o.tl('price.monthlyFrom', { amount: formatPrice(amount, currencyOf(v, o.currency), o.locale) });
}

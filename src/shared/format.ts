/**
 * Number, price and date formatting with `Intl`, shared by the listing elements. Formatters are
 * cached per (locale, options) because `Intl` constructors are comparatively expensive and a page
 * of cards formats dozens of values.
 */

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/** A BCP 47 tag `Intl` accepts, else `en`: a CMS editor's typo must not break the page. */
export function safeLocale(locale: string | undefined): string {
  if (!locale) return 'en';
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** An ISO 4217 code in upper case, else `fallback`. */
export function safeCurrency(currency: unknown, fallback = 'USD'): string {
  if (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency)) return fallback;
  return currency.toUpperCase();
}

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(safeLocale(locale), options)));
  return f;
}

/** `35000` → `$35,000` (en-US, USD) or `35 000 €` (fr, EUR); whole amounts drop the cents. */
export function formatPrice(amount: number, currency: string, locale: string): string {
  const whole = Number.isInteger(amount);
  return numberFormat(locale, {
    style: 'currency',
    currency: safeCurrency(currency),
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: whole ? 0 : 2,
  }).format(amount);
}

export type DistanceUnit = 'km' | 'mi';

/** `15000` → `15,000 km`. */
export function formatDistance(value: number, unit: DistanceUnit, locale: string): string {
  return numberFormat(locale, {
    style: 'unit',
    unit: unit === 'mi' ? 'mile' : 'kilometer',
    maximumFractionDigits: 0,
  }).format(value);
}

export function formatNumber(value: number, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** A date and time in the shopper's locale, or `undefined` for an unparseable value. */
export function formatDateTime(iso: unknown, locale: string): string | undefined {
  if (typeof iso !== 'string') return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  const key = `d|${locale}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f)
    cache.set(key, (f = new Intl.DateTimeFormat(safeLocale(locale), { dateStyle: 'medium', timeStyle: 'short' })));
  return f.format(date);
}

/** True for a finite number (API fields may be missing, null or junk). */
export function isAmount(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

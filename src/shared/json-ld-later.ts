import type { Vehicle } from '../api/types.js';
import type { DistanceUnit } from './format.js';
import type * as JsonLd from './json-ld.js';

/*
 * The listing elements' structured data for crawlers (schema.org `Car`), written after the first
 * paint: json-ld.ts is a dynamic import, its own small chunk outside a page's first JavaScript.
 */

let jsonLd: Promise<typeof JsonLd> | undefined;

/**
 * Writes the structured data (schema.org `Car`s) of the shown `vehicles` for crawlers, once its
 * module has arrived; no vehicles (an error) removes it. One promise for every call: the writes
 * run in the order they were asked for, so the last one wins.
 */
export function writeJsonLd(
  host: HTMLElement,
  vehicles: Vehicle[],
  o: { url: (v: Vehicle) => string | undefined; currency: string; unit: DistanceUnit } = {
    url: () => undefined,
    currency: '',
    unit: 'km',
  },
): void {
  void (jsonLd ??= import('./json-ld.js')).then(({ carJsonLd, setJsonLd }) =>
    setJsonLd(
      host,
      vehicles.map((v) => carJsonLd(v, { url: o.url(v), currency: o.currency, distanceUnit: o.unit })),
    ),
  );
}

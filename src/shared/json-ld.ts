import type { Vehicle } from '../api/types.js';
import type { DistanceUnit } from './format.js';
import { jsonScript, TRUSTED_TYPES_POLICY } from './page-marks.js';
import { currencyOf, headlinePrice } from './pricing.js';
import { safeHttpUrl } from './safe-url.js';
import { orderedPhotos } from './vehicle-data.js';

/**
 * Structured data for search engines: schema.org `Car` with an `Offer`, written as a
 * `<script type="application/ld+json">` child of the element (light DOM, where crawlers read it;
 * a script of that type is never executed nor rendered).
 */

const AVAILABILITY: Record<string, string> = {
  available: 'https://schema.org/InStock',
  reserved: 'https://schema.org/LimitedAvailability',
  sold: 'https://schema.org/SoldOut',
};

const clean = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ''));

export function carJsonLd(
  vehicle: Vehicle,
  opts: { url?: string; currency?: string; distanceUnit?: DistanceUnit } = {},
): Record<string, unknown> {
  const price = headlinePrice(vehicle);
  const url = opts.url ? safeHttpUrl(opts.url) : undefined;
  return clean({
    '@type': 'Car',
    name: vehicle.name,
    url,
    description: vehicle.description ?? undefined,
    image: orderedPhotos(vehicle).map((m) => m.href),
    brand: vehicle.model?.brand?.name ? { '@type': 'Brand', name: vehicle.model.brand.name } : undefined,
    model: vehicle.model?.name,
    vehicleModelDate: vehicle.year ? String(vehicle.year) : undefined,
    bodyType: vehicle.model?.bodyType?.name,
    color: vehicle.exteriorColor ?? undefined,
    vehicleInteriorColor: vehicle.interiorColor ?? undefined,
    mileageFromOdometer:
      typeof vehicle.mileage === 'number'
        ? { '@type': 'QuantitativeValue', value: vehicle.mileage, unitCode: opts.distanceUnit === 'mi' ? 'SMI' : 'KMT' }
        : undefined,
    vehicleEngine: vehicle.engine?.name ? { '@type': 'EngineSpecification', name: vehicle.engine.name } : undefined,
    vehicleTransmission: vehicle.engine?.transmission ?? undefined,
    driveWheelConfiguration: (vehicle as { drivetrain?: string | null }).drivetrain ?? undefined,
    offers:
      price === undefined
        ? undefined
        : clean({
            '@type': 'Offer',
            price,
            priceCurrency: currencyOf(vehicle, opts.currency),
            availability: AVAILABILITY[vehicle.status],
            businessFunction:
              vehicle.listingType === 'rental'
                ? 'http://purl.org/goodrelations/v1#LeaseOut'
                : 'http://purl.org/goodrelations/v1#Sell',
            url,
          }),
  });
}

/** Serialises for a script element: `<` is escaped so that no value can close the script. */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

interface ScriptPolicy {
  createScript(text: string): string;
}

/**
 * The text of a JSON-LD script goes through a Trusted Types policy named `carstrel` where the
 * browser has Trusted Types: pages that require them for script sinks (a strict CSP) accept it when
 * their `trusted-types` directive lists `carstrel` (README). The policy only passes JSON without `<`,
 * which no script could run. One policy per page, shared by every copy of the bundle.
 */
function scriptText(json: string): string {
  const g = globalThis as unknown as Record<symbol, ScriptPolicy | null | undefined> & {
    trustedTypes?: { createPolicy(name: string, rules: ScriptPolicy): ScriptPolicy };
  };
  const key = TRUSTED_TYPES_POLICY;
  if (g.trustedTypes && g[key] === undefined) {
    try {
      g[key] = g.trustedTypes.createPolicy('carstrel', { createScript: jsonScript });
    } catch {
      g[key] = null; // not allowed by the page's policy: the structured data is left out
    }
  }
  const policy = g[key];
  if (policy === null) throw new TypeError('Trusted Types policy "carstrel" not allowed');
  return policy ? policy.createScript(json) : json;
}

/** The script's content: one item, or a `@graph` of them. */
export function jsonLdBody(items: Array<Record<string, unknown>>): Record<string, unknown> {
  return items.length === 1
    ? { '@context': 'https://schema.org', ...items[0] }
    : { '@context': 'https://schema.org', '@graph': items };
}

/**
 * Places (or replaces, or with `undefined` removes) the element's JSON-LD script in its light DOM.
 * A script already there (a server render's, `proxy/ssr/renderer.ts`) is taken over, never doubled.
 */
export function setJsonLd(host: HTMLElement, items: Array<Record<string, unknown>> | undefined): void {
  let script = host.querySelector<HTMLScriptElement>(':scope > script[data-carstrel-jsonld]');
  if (!items || items.length === 0) {
    script?.remove();
    return;
  }
  let text: string;
  try {
    text = scriptText(jsonLdText(jsonLdBody(items)));
  } catch {
    script?.remove();
    return;
  }
  if (!script) {
    script = document.createElement('script');
    script.type = 'application/ld+json';
    script.dataset.carstrelJsonld = '';
    host.append(script);
  }
  script.textContent = text;
}

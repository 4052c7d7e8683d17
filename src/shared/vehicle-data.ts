import type { Media, Vehicle } from '../api/types.js';
import { safeHttpUrl } from './safe-url.js';

/**
 * Readers of vehicle data that both listing elements need. Everything from the API is checked
 * before use: media URLs only when http(s), missing optional fields tolerated.
 */

export interface Photo {
  id: string;
  href: string;
  category?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a CarStrel id (ids are UUIDs, contract D4); anything else is treated as a slug. */
export function isId(value: string): boolean {
  return UUID.test(value);
}

/** Photos with a safe URL: the featured one first, then by `sortOrder` (stable for ties). */
export function orderedPhotos(vehicle: Pick<Vehicle, 'media'>): Photo[] {
  const media: Media[] = Array.isArray(vehicle.media) ? vehicle.media : [];
  return media
    .map((m, index) => ({ m, index, href: safeHttpUrl(m?.url) }))
    .filter((x): x is { m: Media; index: number; href: string } => !!x.href && (x.m.type ?? 'photo') === 'photo')
    .sort(
      (a, b) =>
        Number(b.m.isFeatured === true) - Number(a.m.isFeatured === true) ||
        (a.m.sortOrder ?? Number.MAX_SAFE_INTEGER) - (b.m.sortOrder ?? Number.MAX_SAFE_INTEGER) ||
        a.index - b.index,
    )
    .map(({ m, href }) => ({ id: String(m.id), href, category: m.category }));
}

/** The card photo: the featured one, else the first by `sortOrder`. */
export function featuredPhoto(vehicle: Pick<Vehicle, 'media'>): Photo | undefined {
  return orderedPhotos(vehicle)[0];
}

/**
 * A card's link from a template such as `/cars/{slug}` or `/vehicle.html?id={id}`; placeholders are
 * URL-encoded. Without a template: this page with `?vehicle={id}` (other parameters kept).
 */
export function vehicleHref(
  vehicle: Pick<Vehicle, 'id' | 'slug'>,
  template: string,
  param = 'vehicle',
  base = location.href,
): string {
  if (!template) {
    const url = new URL(base);
    url.searchParams.set(param, vehicle.id);
    url.hash = '';
    return url.href;
  }
  const filled = template.replace(/\{(id|slug)\}/g, (_m, name: 'id' | 'slug') =>
    encodeURIComponent(String(vehicle[name] ?? '')),
  );
  return new URL(filled, base).href;
}

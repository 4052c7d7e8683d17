/**
 * Helpers for the listing elements' browser tests (`carstrel-inventory`, `carstrel-vehicle`),
 * against the real proxy and sandbox. Not part of any element bundle.
 */
import type { Brand, ListEnvelope, Vehicle } from '../api/types.js';
import type { CarstrelInventory } from '../inventory/carstrel-inventory.js';
import type { CarstrelVehicle } from '../vehicle/carstrel-vehicle.js';
import { $, $$, apiBase, until } from './browser.js';

/**
 * Waits until the inventory shows results (every card drawn, each with its "Save" toggle, whose
 * code loads after the first render), the empty state or the error state, with its real filters
 * and page navigation (loaded after the first render too: their placeholders' options have no
 * value, the navigation's row is reserved by `.pagination-space`).
 */
export async function settled(el: CarstrelInventory): Promise<void> {
  await until(
    () =>
      ($(el, '.empty, .error') ||
        ($(el, '.grid:not(.skeleton)') &&
          !$(el, '.grid .placeholder') &&
          $$(el, '.grid:not(.skeleton) [part~="card"]').every((card) => card.querySelector('[part="save-toggle"]')))) &&
      !$(el, '.filters option:not([value]), .results > .pagination-space'),
    8000,
    'the inventory to settle',
  );
  await el.updateComplete;
}

/** Waits until the vehicle view shows its vehicle or its error. */
export async function shown(el: CarstrelVehicle): Promise<void> {
  await until(() => $(el, '[part="base"], [part="error"]'), 8000, 'the vehicle view to settle');
  await el.updateComplete;
}

/** The inventory's cards. */
export const cards = (el: CarstrelInventory) => $$(el, 'li[part~="card"]');

/** The names on the inventory's cards, in order. */
export const titles = (el: CarstrelInventory) =>
  cards(el).map((c) => c.querySelector('.title')?.textContent?.trim() ?? '');

/** Selects an option of a shadow-DOM select the way a user's change does. */
export async function choose(el: CarstrelInventory, selector: string, value: string): Promise<void> {
  const select = $<HTMLSelectElement>(el, selector);
  if (!select) throw new Error(`no select ${selector}`);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

/** A CarStrel API answer through the test proxy. */
export async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${apiBase()}${path}`);
  return (await res.json()) as T;
}

/** Vehicles of `GET /external/vehicles?{query}`. */
export async function listVehicles(query: string): Promise<Vehicle[]> {
  return (await api<ListEnvelope<Vehicle>>(`/external/vehicles?${query}`)).data;
}

export async function brandBySlug(slug: string): Promise<Brand> {
  for (let page = 1; page < 10; page++) {
    const res = await api<ListEnvelope<Brand>>(`/external/brands?limit=100&page=${page}`);
    const hit = res.data.find((b) => b.slug === slug);
    if (hit) return hit;
    if (page >= (res.totalPages ?? 1)) break;
  }
  throw new Error(`no brand ${slug}`);
}

/** Records every request URL the widgets make, passing them through to the real proxy. */
export function recordRequests() {
  const urls: URL[] = [];
  const original = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(new URL(input instanceof Request ? input.url : String(input), location.href));
    return original(input, init);
  };
  return {
    vehicleLists: () => urls.filter((u) => u.pathname === '/external/vehicles'),
    restore: () => (window.fetch = original),
  };
}

/**
 * Serves the successful answers of the routes `matches` accepts through `edit` (imperfect dealer
 * data); everything else passes through. Returns the restore function.
 */
export function serveEdited<T>(matches: (pathname: string) => boolean, edit: (body: T) => void): () => void {
  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await original(input, init);
    if (!matches(new URL(String(input), location.href).pathname) || !res.ok) return res;
    const body = (await res.json()) as T;
    edit(body);
    return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
  };
  return () => (window.fetch = original);
}

/** Serves the vehicle list (`GET /external/vehicles`) through `edit`. */
export const editVehicleList = (edit: (vehicles: Vehicle[]) => void) =>
  serveEdited<ListEnvelope<Vehicle>>(
    (path) => path === '/external/vehicles',
    (body) => edit(body.data),
  );

/** Serves the vehicle detail route (`GET /external/vehicles/:id`) through `edit`. */
export const editVehicleDetail = (edit: (vehicle: Vehicle) => void) =>
  serveEdited<{ data: Vehicle }>(
    (path) => /^\/external\/vehicles\/[^/]+$/.test(path),
    (body) => edit(body.data),
  );

/** `name=value` of every attribute under `root` whose value contains `needle` (text content is not checked: it is inert). */
export function attributesContaining(root: ParentNode, needle: string): string[] {
  return [...root.querySelectorAll('*')].flatMap((el) =>
    [...el.attributes].filter((a) => a.value.includes(needle)).map((a) => `${a.name}=${a.value}`),
  );
}

/** `url` with the query parameter `name` set to `value`. */
export function withParam(url: string, name: string, value: string): string {
  const out = new URL(url);
  out.searchParams.set(name, value);
  return out.href;
}

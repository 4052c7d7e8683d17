/**
 * Responses started early by the loader, handed to the element that asks for the same URL.
 *
 * The loader starts an element's first list request while the element's code is still loading
 * (`src/elements.ts`, PREFETCH_MODULES). The element, when it makes that request, takes the early
 * response instead of asking again. An entry is used at most once, and only while it is fresh;
 * an element whose request differs (its attributes changed before it ran) simply does not find it.
 * Only requests that record nothing upstream are ever started early.
 *
 * Earlier still, the loader itself starts the plain inventories' first list request before any
 * chunk has arrived (`src/loader/preload.ts`): its `Response`, taken once by `takeLoaderResponse`,
 * is read by the client as the answer of the same request.
 */

import { globalConfig } from '../api/client.js';

/** Older early responses are not used (the element asks again). */
const FRESH_MS = 15_000;

const early = new Map<string, { response: Promise<unknown>; at: number }>();

/** Keeps `response` for the first element that asks for `url`. */
export function putPrefetch(url: string, response: Promise<unknown>): void {
  response.catch(() => undefined); // an early failure is reported when (if) the element takes it
  early.set(url, { response, at: Date.now() });
}

/** The early response for `url`, once; undefined when there is none (or it is stale). */
export function takePrefetch<T>(url: string): Promise<T> | undefined {
  const hit = early.get(url);
  early.delete(url);
  return hit && Date.now() - hit.at < FRESH_MS ? (hit.response as Promise<T>) : undefined;
}

/** The loader's early `Response` for `url`, once (the loader drops one nobody took after 15 s). */
export function takeLoaderResponse(url: string): Promise<Response> | undefined {
  const early = globalConfig().early;
  const hit = early?.get(url);
  early?.delete(url);
  return hit;
}

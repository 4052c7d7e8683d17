import { COMPACT_WIDTH } from '../inventory/footprint.js';
import type { BuilderElements } from './types.js';

/** The builder's state: the element picked and the attributes set (name → value, non-empty only). */
export interface BuilderState {
  element: string;
  values: Record<string, string>;
  /** The language of the dealer's page (its `<html lang>`), for the render's preloads; English when unset. */
  lang?: string;
}

/** The page languages the builder offers (code, name in that language): English first, the default. */
export const PAGE_LANGUAGES: ReadonlyArray<readonly [string, string]> = [
  ['en', 'English'],
  ['fr', 'Français'],
  ['de', 'Deutsch'],
  ['es', 'Español'],
  ['it', 'Italiano'],
  ['nl', 'Nederlands'],
  ['pt', 'Português'],
];

/** Reads `?element=carstrel-inventory&brand=toyota&page-size=6&lang=fr`: the element's own attributes, the page's language. */
export function stateFromQuery(search: string, elements: BuilderElements, fallback: string): BuilderState {
  const params = new URLSearchParams(search);
  const asked = params.get('element') ?? '';
  const element = asked in elements ? asked : fallback;
  const values: Record<string, string> = {};
  for (const attr of elements[element]?.attributes ?? []) {
    const v = params.get(attr.name);
    if (v !== null && v !== '') values[attr.name] = v;
  }
  const lang = PAGE_LANGUAGES.find(([code]) => code !== 'en' && code === params.get('lang'))?.[0];
  return lang ? { element, values, lang } : { element, values };
}

/** The state as a query: `element` first, then the attributes in the element's own order. */
export function queryOf(state: BuilderState, elements: BuilderElements): string {
  const params = new URLSearchParams({ element: state.element });
  for (const [name, value] of orderedValues(state, elements)) params.set(name, value);
  if (state.lang && state.lang !== 'en') params.set('lang', state.lang);
  return `?${params.toString()}`;
}

export function orderedValues(state: BuilderState, elements: BuilderElements): Array<[string, string]> {
  return (elements[state.element]?.attributes ?? [])
    .filter((a) => (state.values[a.name] ?? '') !== '')
    .map((a) => [a.name, state.values[a.name]]);
}

const escapeAttr = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The element's tag with its attributes, as HTML. */
export function elementTag(state: BuilderState, elements: BuilderElements): string {
  const attrs = orderedValues(state, elements)
    .map(([name, value]) => ` ${name}="${escapeAttr(value)}"`)
    .join('');
  return `<${state.element}${attrs}></${state.element}>`;
}

/** The script URL a page loads: the proxy's public base + `/carstrel.js`. */
export const scriptUrl = (base: string): string => `${base.replace(/\/+$/, '')}/carstrel.js`;

/**
 * The elements whose server render a snippet preloads: the lists. Never a vehicle: its render is
 * the vehicle's one impression, and a preload the page does not use would make the loader's own
 * request a second one.
 */
const PRELOADED = ['carstrel-inventory', 'carstrel-brands', 'carstrel-blog'];

/**
 * The viewport width under which an inventory is drawn compact: `COMPACT_WIDTH` of the element plus
 * a page's usual side margins. Between the two the loader may ask another layout than the one
 * preloaded; it then fetches its own (one request more, nothing wrong on the page).
 */
const PHONE_VIEWPORT = COMPACT_WIDTH + 40;

/**
 * The `<link rel="preload">` tags of the element's server render (`/render/<element>`, what the loader
 * asks for first: `src/loader/render.ts` adopts a preload of the same render): the page's browser
 * starts it while `carstrel.js` is still on its way, so the render and the script no longer come one
 * after the other. An inventory gets one for wide pages and one for phones (its compact layout). They
 * are in the page's language (`state.lang`, English unless the editor picks another): the loader
 * uses a preload only in the language the element is shown in.
 */
export function renderPreloads(base: string, state: BuilderState, elements: BuilderElements): string[] {
  if (!PRELOADED.includes(state.element)) return [];
  const query = new URLSearchParams(orderedValues(state, elements));
  if (!query.has('lang')) query.set('lang', state.lang ?? 'en');
  const href = `${base.replace(/\/+$/, '')}/render/${state.element}?${query}`;
  const link = (url: string, media = '') =>
    `<link rel="preload" as="fetch" crossorigin href="${escapeAttr(url)}"${media && ` media="${media}"`}>`;
  if (state.element !== 'carstrel-inventory') return [link(href)];
  return [
    link(href, `(min-width: ${PHONE_VIEWPORT}px)`),
    link(`${href}&layout=compact&columns=1`, `(max-width: ${PHONE_VIEWPORT - 0.02}px)`),
  ];
}

/**
 * The snippet a page gets, as README advises: the render's preloads, then a plain (not `async`)
 * script tag right before the element, so that the loader reserves the element's space before
 * anything after it is shown.
 */
export function htmlSnippet(base: string, state: BuilderState, elements: BuilderElements): string {
  return [
    ...renderPreloads(base, state, elements),
    `<script src="${escapeAttr(scriptUrl(base))}"></script>`,
    elementTag(state, elements),
  ].join('\n');
}

/** WordPress plugin shortcode: `[carstrel_inventory brand="toyota" page_size="6"]` (`_` for `-`). */
export function shortcode(state: BuilderState, elements: BuilderElements): string {
  const attrs = orderedValues(state, elements)
    .map(([name, value]) => ` ${name.replace(/-/g, '_')}="${value.replace(/["[\]]/g, '')}"`)
    .join('');
  return `[${state.element.replace(/-/g, '_')}${attrs}]`;
}

/** Wix Custom Element: Velo code setting the attributes after the element is on the page. */
export function veloCode(state: BuilderState, elements: BuilderElements, id = '#customElement1'): string {
  const lines = orderedValues(state, elements).map(
    ([name, value]) => `  $w('${id}').setAttribute('${name}', ${JSON.stringify(value)});`,
  );
  return `$w.onReady(() => {\n${lines.join('\n') || '  // no attributes: the defaults'}\n});`;
}

import type { BuilderElements } from './types.js';

/** The builder's state: the element picked and the attributes set (name → value, non-empty only). */
export interface BuilderState {
  element: string;
  values: Record<string, string>;
}

/** Reads `?element=carstrel-inventory&brand=toyota&page-size=6`: only the element's own attributes. */
export function stateFromQuery(search: string, elements: BuilderElements, fallback: string): BuilderState {
  const params = new URLSearchParams(search);
  const asked = params.get('element') ?? '';
  const element = asked in elements ? asked : fallback;
  const values: Record<string, string> = {};
  for (const attr of elements[element]?.attributes ?? []) {
    const v = params.get(attr.name);
    if (v !== null && v !== '') values[attr.name] = v;
  }
  return { element, values };
}

/** The state as a query: `element` first, then the attributes in the element's own order. */
export function queryOf(state: BuilderState, elements: BuilderElements): string {
  const params = new URLSearchParams({ element: state.element });
  for (const [name, value] of orderedValues(state, elements)) params.set(name, value);
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

/** The snippet a page gets: the script tag with this proxy's public origin, then the element. */
export function htmlSnippet(base: string, state: BuilderState, elements: BuilderElements): string {
  return `<script src="${escapeAttr(scriptUrl(base))}" async></script>\n${elementTag(state, elements)}`;
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

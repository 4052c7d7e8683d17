/**
 * What `/render/<element>` accepts as attributes: the element's own (its observed attributes),
 * with the values it understands. A refusal names the attribute and says what it takes, so an
 * editor's typo is explained before the page is published.
 */
import { WIDE_LAYOUT, type Layout } from '../../src/inventory/footprint.js';
import { refuse, type Refusal } from '../lib/errors.js';

type Rule = { integer: [number, number] } | { number: true } | { oneOf: readonly string[] } | { url: true };

const LISTING_TYPES = { oneOf: ['sale', 'rental', 'auction'] } as const;
const DISTANCE = { oneOf: ['km', 'mi'] } as const;
const YEAR = { integer: [1900, 2100] as [number, number] };
const PRICE = { number: true } as const;

const RULES: Record<string, Record<string, Rule>> = {
  '*': { api: { url: true } },
  'carstrel-inventory': {
    'page-size': { integer: [1, 100] },
    page: { integer: [1, 10_000] },
    'min-year': YEAR,
    'max-year': YEAR,
    'min-price': PRICE,
    'max-price': PRICE,
    'listing-type': LISTING_TYPES,
    sort: { oneOf: ['createdDate', 'impressionsCount', 'year', 'mileage', 'price', 'name'] },
    order: { oneOf: ['asc', 'desc'] },
    'distance-unit': DISTANCE,
    'url-state': { oneOf: ['push', 'replace', 'off'] },
    link: { oneOf: ['', 'none'] },
  },
  'carstrel-vehicle': { 'distance-unit': DISTANCE },
  'carstrel-brands': {
    group: { oneOf: ['brand', 'body-type'] },
    'listing-type': LISTING_TYPES,
    sort: { oneOf: ['name', 'count'] },
  },
  'carstrel-blog': { limit: { integer: [1, 100] } },
};

/**
 * Render parameters, not attributes: the layout the element draws at the page's width, which the
 * server does not know (the loader asks for it: src/loader/render.ts). Only the inventory has one.
 */
const LAYOUT_PARAMETERS: Record<string, { layout: Rule; columns: Rule }> = {
  'carstrel-inventory': { layout: { oneOf: ['wide', 'compact'] }, columns: { integer: [1, 100] } },
};

function check(
  name: string,
  value: string,
  rule: Rule,
  badValue: typeof refuse.badAttribute = refuse.badAttribute,
): Refusal | undefined {
  if ('oneOf' in rule) {
    const listed = rule.oneOf.filter(Boolean).map((v) => `"${v}"`);
    return rule.oneOf.includes(value) ? undefined : badValue(name, value, `one of ${listed.join(', ')}`);
  }
  if ('url' in rule)
    return /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(value) ? undefined : badValue(name, value, 'an http(s) URL');
  const n = value.trim() === '' ? NaN : Number(value);
  if ('number' in rule) return Number.isFinite(n) && n >= 0 ? undefined : badValue(name, value, 'a number, 0 or more');
  const [min, max] = rule.integer;
  return Number.isInteger(n) && n >= min && n <= max
    ? undefined
    : badValue(name, value, `a whole number from ${min} to ${max}`);
}

/** Throws a 400 Refusal naming the first attribute the element does not take, or whose value it cannot use. */
export function checkAttributes(
  tag: string,
  observed: readonly string[],
  attributes: ReadonlyMap<string, string>,
): void {
  const rules = { ...RULES['*'], ...RULES[tag] };
  for (const [name, value] of attributes) {
    if (!observed.includes(name))
      throw refuse.unknownAttribute(tag, name, observed.filter((a) => a.includes('-')).slice(0, 3));
    const rule = rules[name];
    const refusal = rule && check(name, value, rule);
    if (refusal) throw refusal;
  }
  if (tag === 'carstrel-vehicle' && !attributes.get('vehicle-id')?.trim() && !attributes.get('slug')?.trim())
    throw refuse.vehicleRequired();
}

/**
 * Takes the render parameters out of the attributes (`layout`, `columns`: the element's layout, for
 * an element that has one) and returns the layout they ask for (`WIDE_LAYOUT` when absent); throws a
 * 400 Refusal naming a parameter whose value is not one it takes. For other elements they stay
 * attributes, which `checkAttributes` refuses.
 */
export function takeLayout(tag: string, attributes: Map<string, string>): Layout {
  const rules = LAYOUT_PARAMETERS[tag];
  if (!rules) return WIDE_LAYOUT;
  const layout = attributes.get('layout');
  const columns = attributes.get('columns');
  for (const [name, value, rule] of [
    ['layout', layout, rules.layout],
    ['columns', columns, rules.columns],
  ] as const) {
    const refusal = value === undefined ? undefined : check(name, value, rule, refuse.badRenderParameter);
    if (refusal) throw refusal;
    attributes.delete(name);
  }
  return {
    compact: layout === undefined ? WIDE_LAYOUT.compact : layout === 'compact',
    columns: columns === undefined ? WIDE_LAYOUT.columns : Number(columns),
  };
}

import type { LiveData, Option } from './data.js';
import type { BuilderAttribute } from './types.js';

/** Levenshtein distance (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[t.length];
}

/** The `count` values closest to `value` by edit distance (ties in the given order). */
export function closest(value: string, candidates: readonly string[], count = 3): string[] {
  return candidates
    .map((c, i) => ({ c, i, d: editDistance(value, c) }))
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .slice(0, count)
    .map((x) => x.c);
}

/** The live options behind an attribute, if the builder has data for it. */
export function optionsFor(
  name: string,
  data: LiveData | undefined,
  values: Record<string, string>,
): Option[] | undefined {
  if (!data) return undefined;
  switch (name) {
    case 'brand':
      return data.brands;
    case 'model': {
      const brand = find(data.brands, values.brand ?? '');
      return brand ? brand.models : data.brands.flatMap((b) => b.models ?? []);
    }
    case 'body-type':
      return data.bodyTypes;
    case 'listing-type':
      return data.listingTypes;
    case 'vehicle-id':
      return data.vehicles;
    default:
      return undefined;
  }
}

export function find(options: readonly Option[], value: string): Option | undefined {
  const wanted = value.trim().toLowerCase();
  return wanted ? options.find((o) => o.aliases.includes(wanted)) : undefined;
}

const NOUNS: Record<string, string> = {
  brand: 'brand',
  model: 'model',
  'body-type': 'body type',
  'listing-type': 'listing type',
  'vehicle-id': 'vehicle id',
};

/**
 * What is wrong with one attribute's value, in words an editor can act on (undefined: nothing).
 * An unknown slug is named, said to be unknown, and followed by the closest known ones.
 */
export function problemOf(
  attr: BuilderAttribute,
  value: string,
  data: LiveData | undefined,
  values: Record<string, string>,
): string | undefined {
  if (value === '') return undefined;
  if (attr.kind === 'number' && !/^-?\d+(\.\d+)?$/.test(value.trim()))
    return `“${value}” is not a number. Use digits only, e.g. ${attr.default ?? '12'}.`;
  if (attr.kind === 'choice' && attr.choices && !attr.choices.includes(value))
    return `“${value}” is not one of ${attr.choices.map((c) => `“${c}”`).join(', ')}.`;
  const options = optionsFor(attr.name, data, values);
  if (!options || find(options, value)) return undefined;
  const noun = NOUNS[attr.name] ?? attr.name;
  const near = closest(
    value,
    options.map((o) => o.value),
  );
  const within = attr.name === 'model' && values.brand ? ` of brand “${values.brand}”` : '';
  return near.length
    ? `Unknown ${noun} “${value}”${within}: this dealer has no ${noun} with that name. Closest: ${near.join(', ')}.`
    : `Unknown ${noun} “${value}”${within}: this dealer has none.`;
}

/** Problems of every set attribute, by attribute name. */
export function problemsOf(
  attributes: readonly BuilderAttribute[],
  values: Record<string, string>,
  data: LiveData | undefined,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const attr of attributes) {
    const problem = problemOf(attr, values[attr.name] ?? '', data, values);
    if (problem) out.set(attr.name, problem);
  }
  return out;
}

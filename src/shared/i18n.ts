/**
 * Message catalogues. Each area keeps its strings in one catalogue (`messages.ts` beside its
 * elements) with the same keys in every language; `translator()` picks the language from the
 * element's `lang` attribute, else the closest `[lang]` ancestor (the page), else `navigator`.
 * English is the fallback for any language or key that is missing.
 */
export type Catalogue<K extends string> = { en: Record<K, string> } & Partial<
  Record<string, Partial<Record<K, string>>>
>;

export type Params = Record<string, string | number>;

export type Translate<K extends string> = (key: K, params?: Params) => string;

/** The language in effect for an element: `lang` on it or an ancestor, else the browser's. */
export function languageOf(el: Element): string {
  const own = el.closest('[lang]')?.getAttribute('lang');
  return (own || globalThis.navigator?.language || 'en').toLowerCase();
}

/** Best catalogue match for a BCP 47 tag: exact (`pt-br`), then primary subtag (`pt`), then `en`. */
export function pickLanguage(available: readonly string[], lang: string): string {
  const tag = lang.toLowerCase();
  if (available.includes(tag)) return tag;
  const primary = tag.split('-')[0];
  return available.includes(primary) ? primary : 'en';
}

export function translator<K extends string>(catalogue: Catalogue<K>, lang: string): Translate<K> {
  const chosen = catalogue[pickLanguage(Object.keys(catalogue), lang)] ?? {};
  return (key, params) => {
    const template = (chosen as Partial<Record<K, string>>)[key] ?? catalogue.en[key] ?? key;
    return params
      ? template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
      : template;
  };
}

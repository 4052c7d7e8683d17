import { languageOf, pickLanguage, type Catalogue } from './i18n.js';

/**
 * Languages loaded on demand. A catalogue may keep only English in its module and list its other
 * languages as packs (`{ fr: () => import('./messages.fr.js') }`), each its own small chunk: a
 * page downloads the strings of its own language only. The element's update waits for its pack
 * (see `loadLanguage`), so the first paint is already in the page's language; a server render
 * awaits it before rendering.
 */
export type LanguagePacks<K extends string> = Record<string, () => Promise<{ default: Partial<Record<K, string>> }>>;

/** Packs on their way, by catalogue and language: each is asked for once per page. */
const loading = new WeakMap<object, Map<string, Promise<void>>>();

/**
 * Adds to `catalogue` the language `el` is in (its `lang`, the page's, the browser's) from
 * `packs` when the catalogue lacks it. Undefined when nothing is missing (English, a language
 * without a pack, or one already loaded); else a promise that settles once it is in. A pack that
 * fails to load leaves English (the catalogue's fallback) and is not asked for again.
 */
export function loadLanguage<K extends string>(
  el: Element,
  catalogue: Catalogue<K>,
  packs: LanguagePacks<K>,
): Promise<void> | undefined {
  const tag = pickLanguage(Object.keys(packs), languageOf(el));
  const pack = packs[tag];
  if (!pack || catalogue[tag]) return undefined;
  const started = loading.get(catalogue) ?? new Map<string, Promise<void>>();
  loading.set(catalogue, started);
  let arriving = started.get(tag);
  if (!arriving) {
    arriving = pack().then(
      (module) => void (catalogue[tag] = module.default),
      () => void (catalogue[tag] = {}),
    );
    started.set(tag, arriving);
  }
  return arriving;
}

/** `loadLanguage` for several catalogues at once: undefined when none lacks anything. */
export function loadLanguages(
  el: Element,
  ...sets: Array<readonly [Catalogue<string>, LanguagePacks<string>]>
): Promise<unknown> | undefined {
  const arriving = sets
    .map(([catalogue, packs]) => loadLanguage(el, catalogue, packs))
    .filter((p): p is Promise<void> => p !== undefined);
  return arriving.length ? Promise.all(arriving) : undefined;
}

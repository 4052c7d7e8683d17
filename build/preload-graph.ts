/**
 * What the loader needs from the elements build's manifest (`dist/widgets/.vite/manifest.json`):
 * for each element, every file of its static import graph, so that it can preload them all at
 * once instead of discovering them one level at a time.
 */
export interface ManifestEntry {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
}
export type Manifest = Record<string, ManifestEntry>;

/** The files an entry loads before it runs (itself first, then its static imports, transitively). */
export function staticGraph(manifest: Manifest, key: string, seen: string[] = []): string[] {
  const entry = manifest[key];
  if (!entry) throw new Error(`${key} is not in the elements manifest; run \`vite build\` first.`);
  if (seen.includes(entry.file)) return seen;
  seen.push(entry.file);
  for (const dep of entry.imports ?? []) staticGraph(manifest, dep, seen);
  return seen;
}

/**
 * Element name → the files to preload for it: its entry first, then the rest of its graph and the
 * graph of its prefetch module (started by the loader, see `src/loader/`), without repeats.
 */
export function preloadLists(
  manifest: Manifest,
  elements: Record<string, string>,
  prefetch: Record<string, string> = {},
): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(elements).map(([name, src]) => {
      const files = staticGraph(manifest, src);
      const early = prefetch[name];
      return [name, early ? staticGraph(manifest, early, files) : files];
    }),
  );
}

/**
 * The same lists in the loader's compact form: the files once (without their `chunks/` folder),
 * each element's list as indexes into them, and each prefetch module's index.
 */
export function loaderTables(
  manifest: Manifest,
  elements: Record<string, string>,
  prefetch: Record<string, string> = {},
): { files: string[]; chunks: Record<string, number[]>; prefetch: Record<string, number> } {
  const files: string[] = [];
  const index = (file: string) => {
    const name = file.replace(/^chunks\//, '');
    if (!files.includes(name)) files.push(name);
    return files.indexOf(name);
  };
  const lists = preloadLists(manifest, elements, prefetch);
  return {
    files,
    chunks: Object.fromEntries(Object.entries(lists).map(([name, list]) => [name, list.map(index)])),
    prefetch: Object.fromEntries(
      Object.entries(prefetch).map(([name, src]) => [name, index(staticGraph(manifest, src)[0] ?? src)]),
    ),
  };
}

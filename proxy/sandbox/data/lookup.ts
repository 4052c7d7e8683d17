/**
 * Lookups that cannot miss: every id a seeded record holds was taken from the catalog or the store that
 * built it. A miss means broken seed data, so it throws an error that names what is missing.
 */
export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Sandbox data: ${what} is missing`);
  return value;
}

/** `map.get(key)` for a key the seed data guarantees. */
export function mustGet<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  return must(map.get(key), `${what} ${String(key)}`);
}

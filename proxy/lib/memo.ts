/**
 * A memo bounded by its number of entries: once full it starts over, so memory stays bounded
 * whatever keys clients send (the hot entries, every shopper's first page, come back at once).
 */
export class BoundedMemo<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly max: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(key, value);
  }
}

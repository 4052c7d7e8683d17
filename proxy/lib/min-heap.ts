/**
 * An indexed binary min-heap: ids with a numeric key (a lead's next attempt time), the smallest
 * key on top. `set` inserts or moves an id in O(log n), `delete` removes one in O(log n), `peek`
 * is O(1); nothing is ever spread into function arguments, so it works for any number of entries.
 */
export class IndexedMinHeap {
  private readonly ids: string[] = [];
  private readonly keys: number[] = [];
  private readonly index = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  keyOf(id: string): number | undefined {
    const i = this.index.get(id);
    // Stryker disable next-line ConditionalExpression: `false`: keys[undefined] is undefined too
    return i === undefined ? undefined : this.keys[i];
  }

  /** The id with the smallest key (ties: any of them). */
  peek(): { id: string; key: number } | undefined {
    const id = this.ids[0];
    return id === undefined ? undefined : { id, key: this.keys[0] };
  }

  /** Insert `id`, or change its key. */
  set(id: string, key: number): void {
    const at = this.index.get(id);
    if (at === undefined) {
      this.ids.push(id);
      this.keys.push(key);
      this.index.set(id, this.ids.length - 1);
      this.up(this.ids.length - 1);
      return;
    }
    const old = this.keys[at];
    this.keys[at] = key;
    // Stryker disable next-line EqualityOperator: sifting up an unchanged key moves nothing
    if (key < old) this.up(at);
    // No `else`, so that this line carries its own directive (after a sift up, the slot holds a key no larger
    // than its children, which sifts nowhere down).
    // Stryker disable next-line ConditionalExpression,EqualityOperator: `true`/`>=`: an unchanged key sifts nowhere
    if (key > old) this.down(at);
  }

  delete(id: string): boolean {
    const at = this.index.get(id);
    if (at === undefined) return false;
    const last = this.ids.length - 1;
    // Stryker disable next-line ConditionalExpression: `true`: swapping the last entry with itself changes nothing
    if (at !== last) this.swap(at, last);
    this.ids.pop();
    this.keys.pop();
    this.index.delete(id);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: `true`/`<=`: up/down past the end do nothing
    if (at < this.ids.length) {
      this.up(at);
      this.down(at);
    }
    return true;
  }

  /** Lower every key above `key` to `key` (skipping those `keep` says to leave), in O(n). */
  // Stryker disable next-line ArrowFunction: `() => undefined` keeps nothing either
  lowerAllTo(key: number, keep: (id: string, current: number) => boolean = () => false): void {
    // Stryker disable next-line EqualityOperator: keys[length] is undefined, never above `key`
    for (let i = 0; i < this.keys.length; i++) {
      const current = this.keys[i];
      // Stryker disable next-line EqualityOperator: `>=`: lowering a key equal to `key` to `key` changes nothing
      if (current > key && !keep(this.ids[i], current)) this.keys[i] = key;
    }
    // Stryker disable next-line ArithmeticOperator: `+ 1`: starting lower, at leaves, sifts nothing more
    for (let i = (this.ids.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  clear(): void {
    this.ids.length = 0;
    this.keys.length = 0;
    this.index.clear();
  }

  private less(a: number, b: number): boolean {
    return this.keys[a] < this.keys[b];
  }

  private swap(a: number, b: number): void {
    const ia = this.ids[a];
    const ib = this.ids[b];
    const ka = this.keys[a];
    this.ids[a] = ib;
    this.ids[b] = ia;
    this.keys[a] = this.keys[b];
    this.keys[b] = ka;
    this.index.set(ib, a);
    this.index.set(ia, b);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.ids.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: `true`/`<=`: keys[n] is undefined, never less
      if (l < n && this.less(l, m)) m = l;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: `true`/`<=`: keys[n] is undefined, never less
      if (r < n && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}

/** The lead schedule's indexed min-heap, checked against a plain sorted reference. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IndexedMinHeap } from '../../../proxy/lib/min-heap.js';

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('IndexedMinHeap', () => {
  it('always has the smallest key on top, through inserts, key changes and deletes', () => {
    const random = prng(13);
    const heap = new IndexedMinHeap();
    const ref = new Map<string, number>();
    for (let step = 0; step < 20_000; step++) {
      const id = `id${Math.floor(random() * 500)}`;
      const op = random();
      if (op < 0.6) {
        const key = Math.floor(random() * 1000);
        heap.set(id, key);
        ref.set(id, key);
      } else if (op < 0.85) {
        assert.equal(heap.delete(id), ref.delete(id));
      } else if (op < 0.9) {
        const at = Math.floor(random() * 1000);
        heap.lowerAllTo(at, (_id, key) => key % 7 === 0);
        for (const [k, v] of ref) if (v > at && v % 7 !== 0) ref.set(k, at);
      }
      assert.equal(heap.size, ref.size);
      const top = heap.peek();
      const min = ref.size ? Math.min(...ref.values()) : undefined;
      assert.equal(top?.key, min, `step ${step}`);
      if (top) assert.equal(ref.get(top.id), top.key);
    }
    for (const [id, key] of ref) assert.equal(heap.keyOf(id), key);
  });

  it('drains in key order', () => {
    const heap = new IndexedMinHeap();
    const keys = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    keys.forEach((k, i) => heap.set(`n${i}`, k));
    const out: number[] = [];
    for (let top = heap.peek(); top; top = heap.peek()) {
      out.push(top.key);
      heap.delete(top.id);
    }
    assert.deepEqual(
      out,
      [...keys].sort((a, b) => a - b),
    );
  });

  it('lowerAllTo re-orders from the root: a kept top above lowered keys gives way', () => {
    const heap = new IndexedMinHeap();
    heap.set('kept', 5);
    heap.set('a', 10);
    heap.set('b', 20);
    heap.lowerAllTo(3, (id) => id === 'kept');
    assert.deepEqual(heap.peek()?.key, 3);
    assert.equal(heap.keyOf('kept'), 5);
    heap.lowerAllTo(1);
    assert.deepEqual([heap.keyOf('kept'), heap.keyOf('a'), heap.keyOf('b')], [1, 1, 1], 'no keep: every key lowered');
  });

  it('answers has/keyOf for ids it holds and not for others, and clear empties it', () => {
    const heap = new IndexedMinHeap();
    heap.set('x', 1);
    assert.equal(heap.has('x'), true);
    assert.equal(heap.has('y'), false);
    assert.equal(heap.keyOf('y'), undefined);
    heap.clear();
    assert.equal(heap.size, 0);
    assert.equal(heap.has('x'), false);
    assert.equal(heap.peek(), undefined);
    heap.set('z', 2);
    assert.deepEqual(heap.peek(), { id: 'z', key: 2 }, 'usable again after clear');
  });
});

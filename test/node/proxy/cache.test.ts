import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResponseCache, etagFor, etagMatches, freshness } from '../../../proxy/lib/cache.js';
import { UpstreamError, type UpstreamResponse } from '../../../proxy/lib/upstream.js';

const policy = { ttl: 1000, swr: 1000, sie: 5000 };
const body = (s: string) => new TextEncoder().encode(s);
const ok = (s: string): UpstreamResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: body(s),
});
const shape = (r: UpstreamResponse) => ({ 'content-type': String(r.headers['content-type']) });
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('phase: freshness (RFC 5861)', () => {
  it('classifies ages', () => {
    assert.equal(freshness(0, policy), 'fresh');
    assert.equal(freshness(1500, policy), 'stale-revalidate');
    assert.equal(freshness(3000, policy), 'stale-if-error');
    assert.equal(freshness(6000, policy), 'expired');
  });
  it('an entry is stale from the moment its age reaches the TTL, and past the stale windows at their ends', () => {
    assert.equal(freshness(999, policy), 'fresh');
    assert.equal(freshness(1000, policy), 'stale-revalidate');
    assert.equal(freshness(1999, policy), 'stale-revalidate');
    assert.equal(freshness(2000, policy), 'stale-if-error');
    assert.equal(freshness(5999, policy), 'stale-if-error');
    assert.equal(freshness(6000, policy), 'expired');
  });
});

describe('ETag', () => {
  it('differs for different bodies and matches If-None-Match lists and weak forms', () => {
    const a = etagFor(body('{"a":1}'));
    assert.notEqual(a, etagFor(body('{"a":2}')));
    assert.equal(a, etagFor(body('{"a":1}')));
    assert.ok(etagMatches(`"x", ${a}`, a));
    assert.ok(etagMatches(`W/${a}`, a));
    assert.ok(!etagMatches('"other"', a));
    assert.ok(!etagMatches(null, a));
  });
  it('tells apart same-length bodies whose bytes hash alike front to back', () => {
    // These two bodies collide under a forward 32-bit FNV-1a and end alike: only the backward pass
    // over every byte keeps their ETags apart (else a browser would get a 304 for the other body).
    const [x, y] = ['{"v":"24vv0hbn"}', '{"v":"tzxqnuxz"}'].map(body);
    assert.notEqual(etagFor(x), etagFor(y));
  });
  it('If-None-Match: * matches any stored response', () => {
    const a = etagFor(body('{"a":1}'));
    assert.equal(etagMatches('*', a), true);
    assert.equal(etagMatches(' * ', a), true);
  });
  it('weak comparison drops a leading W/ only, on either side', () => {
    assert.equal(etagMatches('"x"', 'W/"x"'), true);
    assert.equal(etagMatches('W/"x"', 'W/"x"'), true);
    assert.equal(etagMatches('"aW/b"', '"aW/b"'), true, 'W/ inside a tag is part of it');
    assert.equal(etagMatches('"aW/b"', '"ab"'), false);
    assert.equal(etagMatches('W/"x"', 'W/"y"'), false);
  });
});

describe('ResponseCache', () => {
  it('MISS then HIT within the TTL', async () => {
    let now = 0;
    let calls = 0;
    const c = new ResponseCache(10, () => now);
    const load = async () => (calls++, ok('v1'));
    assert.equal((await c.fetch('k', policy, load, shape)).state, 'MISS');
    now = 999;
    assert.equal((await c.fetch('k', policy, load, shape)).state, 'HIT');
    assert.equal(calls, 1);
  });
  it('coalesces concurrent identical misses into one upstream call', async () => {
    let calls = 0;
    const c = new ResponseCache(10);
    const load = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
      return ok('v');
    };
    const all = await Promise.all(Array.from({ length: 25 }, () => c.fetch('k', policy, load, shape)));
    assert.equal(calls, 1);
    assert.ok(all.every((r) => text(r.entry.body) === 'v'));
  });
  it('serves stale while revalidating once in the background', async () => {
    let now = 0;
    let version = 1;
    let calls = 0;
    const c = new ResponseCache(10, () => now);
    const load = async () => (calls++, ok(`v${version}`));
    await c.fetch('k', policy, load, shape);
    now = 1500;
    version = 2;
    const stale = await c.fetch('k', policy, load, shape);
    assert.equal(stale.state, 'STALE');
    assert.equal(text(stale.entry.body), 'v1');
    await new Promise((r) => setImmediate(r));
    const fresh = await c.fetch('k', policy, load, shape);
    assert.equal(fresh.state, 'HIT');
    assert.equal(text(fresh.entry.body), 'v2');
    assert.equal(calls, 2);
  });
  it('serves stale if upstream fails (error or 5xx) within stale-if-error, then gives up', async () => {
    let now = 0;
    const c = new ResponseCache(10, () => now);
    await c.fetch('k', policy, async () => ok('v1'), shape);
    now = 3000;
    const down = async (): Promise<UpstreamResponse> => {
      throw new UpstreamError('unreachable');
    };
    const r1 = await c.fetch('k', policy, down, shape);
    assert.equal(r1.state, 'STALE-IF-ERROR');
    const r2 = await c.fetch('k', policy, async () => ({ status: 503, headers: {}, body: body('{}') }), shape);
    assert.equal(r2.state, 'STALE-IF-ERROR');
    now = 6001;
    await assert.rejects(c.fetch('k', policy, down, shape), UpstreamError);
  });
  it('counts a plain 500 from upstream as a failure: the stale entry is served', async () => {
    let now = 0;
    const c = new ResponseCache(10, () => now);
    await c.fetch('k', policy, async () => ok('v1'), shape);
    now = 3000;
    const r = await c.fetch('k', policy, async () => ({ status: 500, headers: {}, body: body('{}') }), shape);
    assert.equal(r.state, 'STALE-IF-ERROR');
    assert.equal(text(r.entry.body), 'v1');
  });
  it('within stale-if-error, an upstream that answers replaces the stale entry', async () => {
    let now = 0;
    const c = new ResponseCache(10, () => now);
    await c.fetch('k', policy, async () => ok('v1'), shape);
    now = 3000;
    const r = await c.fetch('k', policy, async () => ok('v2'), shape);
    assert.equal(r.state, 'MISS');
    assert.equal(text(r.entry.body), 'v2');
    assert.equal((await c.fetch('k', policy, async () => ok('v3'), shape)).state, 'HIT');
  });
  it('keeps an entry in memory for its whole stale-if-error window (the longer of the two)', async () => {
    // The bound lives in the LRU's own clock (real time): a long stale-if-error, a short revalidate window.
    let now = 0;
    const c = new ResponseCache(10, () => now);
    const p = { ttl: 1, swr: 1, sie: 60_000 };
    await c.fetch('k', p, async () => ok('v1'), shape);
    await new Promise((r) => setTimeout(r, 50));
    now = 500;
    const down = async (): Promise<UpstreamResponse> => {
      throw new UpstreamError('unreachable');
    };
    const r = await c.fetch('k', p, down, shape);
    assert.equal(r.state, 'STALE-IF-ERROR');
    assert.equal(text(r.entry.body), 'v1');
  });
  it('frees an entry once its last stale window is over', async () => {
    let now = 0;
    const c = new ResponseCache(10, () => now);
    const p = { ttl: 1, swr: 1, sie: 20 };
    await c.fetch('k', p, async () => ok('v1'), shape);
    assert.equal(c.size, 1);
    await new Promise((r) => setTimeout(r, 80));
    now = 100;
    await assert.rejects(
      c.fetch('k', p, async () => Promise.reject(new UpstreamError('unreachable')), shape),
      UpstreamError,
    );
    assert.equal(c.size, 0);
  });
  it('stores only 200s and stays within its bound (LRU)', async () => {
    const c = new ResponseCache(2);
    let calls = 0;
    const notFound = async () => (calls++, { status: 404, headers: {}, body: body('{}') });
    await c.fetch('nf', policy, notFound, shape);
    await c.fetch('nf', policy, notFound, shape);
    assert.equal(calls, 2);
    for (const k of ['a', 'b', 'c']) await c.fetch(k, policy, async () => ok(k), shape);
    assert.equal(c.size, 2);
  });
  it('stays within its memory bound too', async () => {
    const c = new ResponseCache(100, Date.now, 10_000);
    for (let i = 0; i < 10; i++) await c.fetch(`k${i}`, policy, async () => ok('x'.repeat(2000)), shape);
    assert.ok(c.size <= 2, `kept ${c.size} entries of 4 KB (counted) in 10 KB`);
    assert.equal(c.size > 0, true);
  });
  it('with max 0 it never stores', async () => {
    const c = new ResponseCache(0);
    let calls = 0;
    await c.fetch('k', policy, async () => (calls++, ok('x')), shape);
    await c.fetch('k', policy, async () => (calls++, ok('x')), shape);
    assert.equal(calls, 2);
    assert.equal(c.size, 0);
  });
});

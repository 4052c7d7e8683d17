/** Small parts: PRNG and ids, rate-limit windows, route matching, media rendering. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countInWindow, RateLimiter } from '../../../proxy/lib/ratelimit.js';
import { rng, slugify, stableId } from '../../../proxy/sandbox/data/prng.js';
import { errors } from '../../../proxy/sandbox/errors.js';
import { createSandbox } from '../../../proxy/sandbox/index.js';
import { escapeXml, renderMedia } from '../../../proxy/sandbox/media.js';
import { KEY } from './helpers.js';

const sandbox = createSandbox({ mediaBaseUrl: 'http://media.test' });

interface Answer {
  status: number;
  allow: string | null;
  body: { message?: string; data?: { totalVehicles?: unknown } };
}

async function call(method: string, path: string): Promise<Answer> {
  const res = await sandbox.fetch(new Request(`http://sandbox.test${path}`, { method, headers: { 'x-api-key': KEY } }));
  return { status: res.status, allow: res.headers.get('allow'), body: await res.json() };
}

describe('sandbox units', () => {
  it('rng is deterministic per seed and stableId is a stable UUID-shaped id', () => {
    const a = rng('x');
    const b = rng('x');
    assert.deepEqual(
      [a.next(), a.int(1, 6), a.pick(['p', 'q', 'r'])],
      [b.next(), b.int(1, 6), b.pick(['p', 'q', 'r'])],
    );
    assert.notEqual(rng('y').next(), rng('x').next());
    assert.equal(stableId('vehicle:1'), stableId('vehicle:1'));
    assert.notEqual(stableId('vehicle:1'), stableId('vehicle:2'));
    assert.match(stableId('vehicle:1'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(slugify('Citroën C5 X'), 'citroen-c5-x');
  });

  it('rate limiter (fixed window, as SANDBOX_RATE_LIMIT uses): a full window refuses with Retry-After until the minute rolls over', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ external: 2 }, () => now, 'fixed-window');
    assert.deepEqual(limiter.take('k', 'external'), { limit: 2, remaining: 1, retryAfter: undefined });
    assert.equal(limiter.take('k', 'external')?.remaining, 0);
    now += 15_000;
    const full = limiter.take('k', 'external');
    assert.equal(full?.retryAfter, 45);
    const refusal = errors.rateLimited(full?.retryAfter ?? 0, 2);
    assert.equal(refusal.status, 429);
    assert.equal(refusal.headers['retry-after'], '45');
    assert.equal(limiter.take('other', 'external')?.retryAfter, undefined, 'each key has its own window');
    now += 45_000;
    assert.equal(limiter.take('k', 'external')?.retryAfter, undefined, 'a new minute, a new window');
    limiter.take('k', 'external');
    limiter.clear();
    assert.equal(limiter.take('k', 'external')?.remaining, 1, 'clear() forgets every key');
    assert.equal(new RateLimiter('off').take('k', 'get'), undefined, 'no limit configured');
  });

  it('countInWindow: opens a window at the first request, counts, and rolls over after a minute', () => {
    const first = countInWindow(undefined, 1, 5_000);
    assert.deepEqual(first, { window: { start: 5_000, count: 1 } });
    assert.equal(countInWindow(first.window, 1, 64_999).retryAfter, 1);
    assert.deepEqual(countInWindow(first.window, 1, 65_000), { window: { start: 65_000, count: 1 } });
  });

  it('route matching: literal beats parameter, parameters are decoded, 405 lists the allowed methods, 404 otherwise', async () => {
    const stats = await call('GET', '/external/vehicles/stats/summary');
    assert.equal(stats.status, 200);
    assert.equal(typeof stats.body.data?.totalVehicles, 'number');
    const bySlug = await call('GET', '/external/vehicles/no-such%2Dslug');
    assert.equal(bySlug.status, 404);
    assert.match(bySlug.body.message ?? '', /No vehicle with id no-such-slug /);
    const put = await call('PUT', '/external/customers/1');
    assert.deepEqual([put.status, put.allow], [405, 'GET, PATCH']);
    assert.match(put.body.message ?? '', /^PUT is not supported on \/external\/customers\/1\. Use GET or PATCH\.$/);
    const head = await sandbox.fetch(
      new Request('http://sandbox.test/external/test-drives', { method: 'HEAD', headers: { 'x-api-key': KEY } }),
    );
    assert.deepEqual([head.status, head.headers.get('allow')], [405, 'POST']);
    assert.equal((await call('GET', '/external/unknown')).status, 404);
  });

  it('route matching: one trailing slash is tolerated; encoded or doubled path words are unknown routes', async () => {
    assert.equal((await call('GET', '/external/engine-types/')).status, 200);
    assert.equal((await call('GET', '/_sandbox/faults/')).status, 200);
    for (const path of ['/external/engine-type%73', '/external/engine-types//', '/external//engine-types']) {
      const res = await call('GET', path);
      assert.equal(res.status, 404, path);
      assert.match(res.body.message ?? '', /^Unrecognized request URL \(GET /, path);
    }
  });

  it('media: known paths render SVG with escaped text, unknown paths render nothing', () => {
    assert.match(renderMedia('vehicles/toyota/sedan/red/side.svg')!, /^<svg /);
    assert.match(renderMedia('body-types/pickup.svg')!, /Pickup Truck icon/);
    for (const bad of [
      'vehicles/toyota/sedan/red/side.png',
      'vehicles/nope/sedan/red/side.svg',
      'vehicles/toyota/boat/red/side.svg',
      'brands/../x.svg',
      'blogs/0.svg',
      '',
    ]) {
      assert.equal(renderMedia(bad), undefined, bad);
    }
    assert.equal(escapeXml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

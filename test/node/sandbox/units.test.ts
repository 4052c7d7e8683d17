/** Small pure parts: PRNG and ids, rate-limit windows, route matching, media rendering. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchRoute } from '../../../proxy/sandbox/app.js';
import { rng, slugify, stableId } from '../../../proxy/sandbox/data/prng.js';
import { SandboxError } from '../../../proxy/sandbox/errors.js';
import { escapeXml, renderMedia } from '../../../proxy/sandbox/media.js';
import { RateLimiter } from '../../../proxy/sandbox/rate-limit.js';

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

  it('rate limiter: a full window refuses with Retry-After until the minute rolls over', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(2, () => now);
    limiter.take('k');
    limiter.take('k');
    now += 15_000;
    const err = (() => {
      try {
        limiter.take('k');
      } catch (e) {
        return e as SandboxError;
      }
      return undefined;
    })();
    assert.equal(err?.status, 429);
    assert.equal(err?.headers['retry-after'], '45');
    now += 45_000;
    assert.doesNotThrow(() => limiter.take('k'));
    assert.doesNotThrow(() => new RateLimiter(undefined).take('k'), 'no limit configured');
  });

  it('route matching: literal beats parameter, 405 lists the allowed methods, 404 otherwise', () => {
    assert.equal(matchRoute('GET', '/external/vehicles/stats/summary').route.path, '/external/vehicles/stats/summary');
    assert.deepEqual({ ...matchRoute('GET', '/external/vehicles/abc').params }, { id: 'abc' });
    assert.deepEqual({ ...matchRoute('GET', '/external/brands/b%20x/models').params }, { brandId: 'b x' });
    assert.throws(
      () => matchRoute('PUT', '/external/customers/1'),
      (e: SandboxError) => e.status === 405 && e.headers.allow === 'GET, PATCH',
    );
    assert.throws(
      () => matchRoute('GET', '/external/unknown'),
      (e: SandboxError) => e.status === 404,
    );
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

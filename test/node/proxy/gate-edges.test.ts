/** The rate limits' and CORS phases' edges (proxy/lib/ratelimit.ts, proxy/lib/cors.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOrigin, corsHeaders, EXPOSED_HEADERS, ownOrigins, preflight } from '../../../proxy/lib/cors.js';
import { Refusal } from '../../../proxy/lib/errors.js';
import { countInWindow, RateLimiter, takeToken } from '../../../proxy/lib/ratelimit.js';
import { BEARER_RESPONSE_HEADER } from '../../../src/login/session.js';

describe('token bucket: the edges', () => {
  it('exactly one token left is enough; a clock going back refills nothing', () => {
    const r = takeToken({ tokens: 1, updatedAt: 0 }, 60, 0);
    assert.equal(r.retryAfter, undefined);
    assert.deepEqual(r.bucket, { tokens: 0, updatedAt: 0 });
    const back = takeToken({ tokens: 1, updatedAt: 5_000 }, 60, 0);
    assert.equal(back.retryAfter, undefined, 'the token it had is still there');
    assert.deepEqual(back.bucket, { tokens: 0, updatedAt: 0 });
  });
  it('the wait is what the missing part of a token takes, rounded up to whole seconds', () => {
    assert.equal(takeToken({ tokens: 0.5, updatedAt: 0 }, 60, 0).retryAfter, 1);
    assert.equal(takeToken({ tokens: 0, updatedAt: 0 }, 6, 0).retryAfter, 10);
    assert.equal(takeToken({ tokens: 0.25, updatedAt: 0 }, 1, 0).retryAfter, 45);
    assert.deepEqual(takeToken({ tokens: 0.25, updatedAt: 0 }, 1, 0).bucket, { tokens: 0.25, updatedAt: 0 });
  });
});

describe('fixed window: the edges', () => {
  it('counts from the first request, refuses at the limit until the minute is over', () => {
    let r = countInWindow(undefined, 2, 1_000);
    assert.deepEqual(r, { window: { start: 1_000, count: 1 } });
    r = countInWindow(r.window, 2, 2_000);
    assert.deepEqual(r, { window: { start: 1_000, count: 2 } });
    assert.deepEqual(countInWindow(r.window, 2, 2_000), { window: { start: 1_000, count: 2 }, retryAfter: 59 });
    assert.equal(countInWindow(r.window, 2, 60_999).retryAfter, 1, 'the last millisecond of the window');
    assert.deepEqual(countInWindow(r.window, 2, 61_000), { window: { start: 61_000, count: 1 } }, 'a new window');
    assert.equal(countInWindow({ start: 0, count: 5 }, 5, 400).retryAfter, 60, 'rounded up');
  });
  it('a RateLimiter on fixed windows tells the limit, what remains and when to come back', () => {
    let now = 0;
    const rl = new RateLimiter({ a: 2, b: 1 }, () => now, 'fixed-window');
    assert.deepEqual(rl.take('c1', 'a'), { limit: 2, remaining: 1, retryAfter: undefined });
    assert.deepEqual(rl.take('c1', 'a'), { limit: 2, remaining: 0, retryAfter: undefined });
    assert.deepEqual(rl.take('c1', 'a'), { limit: 2, remaining: 0, retryAfter: 60 });
    assert.equal(rl.check('c2', 'a'), undefined, 'per client');
    assert.equal(rl.check('c1', 'b'), undefined, 'per class');
    now = 30_000;
    assert.equal(rl.check('c1', 'a'), 30);
    now = 60_000;
    assert.deepEqual(rl.take('c1', 'a'), { limit: 2, remaining: 1, retryAfter: undefined }, 'a new window');
    assert.deepEqual(rl.take('c1', 'a'), { limit: 2, remaining: 0, retryAfter: undefined });
    rl.clear();
    assert.deepEqual(rl.take('c1', 'a'), { limit: 2, remaining: 1, retryAfter: undefined }, 'cleared: a fresh window');
  });
  it('a RateLimiter on token buckets tells whole tokens remaining', () => {
    let now = 0;
    const rl = new RateLimiter({ a: 3 }, () => now);
    assert.deepEqual(rl.take('c', 'a'), { limit: 3, remaining: 2, retryAfter: undefined });
    now = 10_000; // half a token back
    assert.deepEqual(rl.take('c', 'a'), { limit: 3, remaining: 1, retryAfter: undefined });
    assert.equal(new RateLimiter('off').take('c', 'auth'), undefined);
    // Unlike a fixed window, a bucket gives a token back before the minute is over.
    now = 0;
    const bucket = new RateLimiter({ a: 2 }, () => now);
    const window = new RateLimiter({ a: 2 }, () => now, 'fixed-window');
    for (const limiter of [bucket, window]) {
      limiter.check('c', 'a');
      limiter.check('c', 'a');
    }
    now = 30_000;
    assert.equal(bucket.check('c', 'a'), undefined);
    assert.equal(window.check('c', 'a'), 30);
  });
});

describe('CORS: the edges', () => {
  const site = 'https://www.dealer.example';
  const allowed = new Set([site]);
  it('a listed origin gets exactly these headers; any other only Vary', () => {
    assert.deepEqual(corsHeaders(site, allowed), {
      'access-control-allow-origin': site,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': EXPOSED_HEADERS.join(', '),
      vary: 'Origin',
    });
    // What the widgets read from a cross-origin answer (src/), and what a retrying client needs.
    for (const header of [
      BEARER_RESPONSE_HEADER,
      'x-carstrel-mode',
      'retry-after',
      'idempotency-key',
      'idempotent-replayed',
    ])
      assert.ok(EXPOSED_HEADERS.includes(header), header);
    assert.deepEqual(corsHeaders('https://other.example', allowed), { vary: 'Origin' });
    assert.deepEqual(corsHeaders('', allowed), { vary: 'Origin' });
    assert.deepEqual(corsHeaders(null, allowed), { vary: 'Origin' });
  });
  it('own origins: loopback under both names, and the public URL when there is one', () => {
    assert.deepEqual(ownOrigins(9000, 'https://proxy.dealer.example'), [
      'http://127.0.0.1:9000',
      'http://localhost:9000',
      'https://proxy.dealer.example',
    ]);
    assert.equal(ownOrigins(9000, '').length, 2);
  });
  it('no Origin at all (null, undefined or empty) is a non-browser client', () => {
    assert.equal(checkOrigin('', allowed), undefined);
    assert.equal(checkOrigin(null, allowed), undefined);
    assert.match(checkOrigin('https://x.example', allowed, undefined)?.message ?? '', /https:\/\/x\.example/);
  });
  it('preflight: any case and spacing, the full answer, and refusals that say what was asked', () => {
    const ok = preflight(site, 'post', ' Content-Type ,IDEMPOTENCY-KEY,, ', ['GET', 'POST'], allowed);
    assert.ok(!(ok instanceof Refusal));
    assert.deepEqual(ok.headers, {
      'access-control-allow-origin': site,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'accept, content-type, idempotency-key, authorization, x-carstrel-session',
      'access-control-max-age': '600',
      vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    });
    assert.ok(!(preflight(site, 'GET', null, ['GET'], allowed) instanceof Refusal), 'no headers asked');
    const noOrigin = preflight(null, 'GET', null, ['GET'], allowed);
    assert.ok(noOrigin instanceof Refusal && noOrigin.message.includes('(none)'));
    const noMethod = preflight(site, null, null, ['GET'], allowed);
    assert.ok(noMethod instanceof Refusal && noMethod.message.includes('Method (none)'));
    const badHeader = preflight(site, 'GET', 'accept, x-api-key', ['GET'], allowed);
    assert.ok(badHeader instanceof Refusal && badHeader.message.includes('"accept, x-api-key"'));
  });
});

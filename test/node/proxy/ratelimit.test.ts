import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter, takeToken } from '../../../proxy/lib/ratelimit.js';

describe('phase: takeToken (token bucket)', () => {
  it('starts full, empties, then tells how long to wait', () => {
    let b;
    for (let i = 0; i < 3; i++) {
      const r = takeToken(b, 3, 0);
      assert.equal(r.retryAfter, undefined);
      b = r.bucket;
    }
    const r = takeToken(b, 3, 0);
    assert.equal(r.retryAfter, 20); // 3 per minute: one token every 20 s
  });
  it('refills with time, never beyond capacity', () => {
    const empty = { tokens: 0, updatedAt: 0 };
    assert.equal(takeToken(empty, 60, 999).retryAfter, 1);
    assert.equal(takeToken(empty, 60, 1000).retryAfter, undefined);
    assert.equal(takeToken(empty, 60, 10 * 60_000).bucket.tokens, 59);
  });
});

describe('RateLimiter', () => {
  it('limits per client and class, and can be switched off', () => {
    let now = 0;
    const rl = new RateLimiter({ get: 100, post: 2, auth: 1 }, () => now);
    assert.equal(rl.check('a', 'auth'), undefined);
    assert.ok((rl.check('a', 'auth') ?? 0) > 0);
    assert.equal(rl.check('b', 'auth'), undefined, 'another client has its own bucket');
    assert.equal(rl.check('a', 'post'), undefined, 'another class has its own bucket');
    now = 60_000;
    assert.equal(rl.check('a', 'auth'), undefined, 'refilled after a minute');
    const off = new RateLimiter('off');
    for (let i = 0; i < 1000; i++) assert.equal(off.check('a', 'auth'), undefined);
  });
});

/**
 * After a 429 the notice counts down once a second and the form stays held until a retry may
 * succeed (src/forms/retry-countdown.ts).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Failure } from '../../../src/forms/refusal.js';
import { RetryCountdown } from '../../../src/forms/retry-countdown.js';

/** A Lit host that counts its update requests. */
function host() {
  const controllers: ReactiveController[] = [];
  const h = {
    controllers,
    updates: 0,
    addController: (c: ReactiveController) => void controllers.push(c),
    removeController: () => undefined,
    requestUpdate: () => void h.updates++,
    updateComplete: Promise.resolve(true),
  };
  return h satisfies ReactiveControllerHost & Record<string, unknown>;
}

/**
 * setInterval/clearInterval on a clock the test moves (node 20's mock.timers keeps firing an
 * interval cleared from its own callback, which is exactly what the countdown does).
 */
const clock = {
  now: 0,
  timers: new Map<number, { fn: () => void; every: number; next: number }>(),
  lastId: 0,
  tick(ms: number) {
    const end = clock.now + ms;
    for (;;) {
      const due = [...clock.timers.entries()]
        .filter(([, t]) => t.next <= end)
        .sort(([, a], [, b]) => a.next - b.next)[0];
      if (!due) break;
      clock.now = due[1].next;
      due[1].next += due[1].every;
      due[1].fn();
    }
    clock.now = end;
  },
};
const real = { setInterval: globalThis.setInterval, clearInterval: globalThis.clearInterval };
beforeEach(() => {
  clock.now = 0;
  clock.timers.clear();
  Object.assign(globalThis, {
    setInterval: (fn: () => void, every: number) => {
      clock.timers.set(++clock.lastId, { fn, every, next: clock.now + every });
      return clock.lastId;
    },
    clearInterval: (id: number | undefined) => void clock.timers.delete(id ?? -1),
  });
});
afterEach(() => Object.assign(globalThis, real));

describe('forms retry countdown', () => {
  it('counts down once a second, rewording the notice, then stops at zero', () => {
    const h = host();
    const failure: Failure = { status: 429, message: 'Try again in 3 s.', retryable: true, retryIn: 3 };
    const countdown = new RetryCountdown(
      h,
      () => failure,
      (s) => `Try again in ${s} s.`,
    );
    assert.deepEqual(h.controllers, [countdown]);
    countdown.start();
    clock.tick(999);
    assert.equal(failure.retryIn, 3);
    clock.tick(1);
    assert.deepEqual([failure.retryIn, failure.message, h.updates], [2, 'Try again in 2 s.', 1]);
    clock.tick(1000);
    assert.deepEqual([failure.retryIn, failure.message, h.updates], [1, 'Try again in 1 s.', 2]);
    clock.tick(1000);
    assert.deepEqual([failure.retryIn, failure.message, h.updates], [0, 'Try again in 1 s.', 3]);
    // Stopped: a later value (another 429) is not counted by this run.
    failure.retryIn = 5;
    clock.tick(5000);
    assert.deepEqual([failure.retryIn, h.updates], [5, 3]);
  });
  it('stops when the failure is gone or has nothing to count', () => {
    const h = host();
    let failure: Failure | undefined = { status: 429, message: 'm', retryable: true, retryIn: 5 };
    const countdown = new RetryCountdown(h, () => failure, String);
    countdown.start();
    failure = undefined;
    clock.tick(1000);
    failure = { status: 429, message: 'm', retryable: true, retryIn: 5 };
    clock.tick(3000);
    assert.equal(failure.retryIn, 5);
    assert.equal(h.updates, 0);
    const other: Failure = { status: 429, message: 'm', retryable: true, retryIn: 0 };
    failure = other;
    countdown.start();
    clock.tick(1000);
    other.retryIn = 5;
    clock.tick(3000);
    assert.equal(other.retryIn, 5);
  });
  it('a restart does not count twice as fast', () => {
    const h = host();
    const failure: Failure = { status: 429, message: 'm', retryable: true, retryIn: 10 };
    const countdown = new RetryCountdown(h, () => failure, String);
    countdown.start();
    countdown.start();
    clock.tick(3000);
    assert.equal(failure.retryIn, 7);
  });
  it('stops when the element leaves the page, and on stop()', () => {
    const h = host();
    const failure: Failure = { status: 429, message: 'm', retryable: true, retryIn: 10 };
    const countdown = new RetryCountdown(h, () => failure, String);
    countdown.start();
    clock.tick(1000);
    countdown.hostDisconnected();
    clock.tick(3000);
    assert.equal(failure.retryIn, 9);
    countdown.start();
    clock.tick(1000);
    countdown.stop();
    countdown.stop();
    clock.tick(3000);
    assert.equal(failure.retryIn, 8);
  });
});

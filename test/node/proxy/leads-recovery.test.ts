/**
 * Prompt recovery, end to end (a real proxy on node:http, its file journal, a fake CarStrel):
 * leads queued during an outage all flow within 15 s of CarStrel's return, each exactly once.
 */
import assert from 'node:assert/strict';
import { describe, it, after, before } from 'node:test';
import { envelope, type Seen } from './fake-upstream.js';
import { startHarness, type Harness } from './harness.js';
import { until } from './lead-fakes.js';

describe('recovery after an outage', () => {
  const state = { down: true, accepted: new Map<string, number>() };
  let h: Harness;
  before(async () => {
    h = await startHarness({ CARSTREL_LOG: 'off' }, (s: Seen) => {
      if (state.down) return { drop: true };
      if (s.method === 'POST') {
        const key = String(s.headers['idempotency-key']);
        state.accepted.set(key, (state.accepted.get(key) ?? 0) + 1);
        return { status: 201, body: envelope({ id: key }, 201) };
      }
      return { body: envelope([]) };
    });
  });
  after(() => h.close());

  it(
    'rule: 50 leads queued while CarStrel is down are all delivered within 15 s of its return, each exactly once',
    { timeout: 60_000 },
    async () => {
      const keys = Array.from({ length: 50 }, (_, i) => `recovery-lead-${String(i).padStart(4, '0')}`);
      for (const key of keys) {
        const r = await fetch(`${h.proxy.url}/external/contact/submit`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify({ name: 'Kim', email: `${key}@example.com`, message: 'Call me' }),
        });
        assert.equal(r.status, 202);
        await r.arrayBuffer();
      }
      // Down long enough for backoff (and probe intervals) to have grown.
      await new Promise((r) => setTimeout(r, 10_000));
      assert.equal(state.accepted.size, 0);
      assert.equal(h.proxy.app.leads.depth, 50);
      state.down = false;
      const back = Date.now();
      const all = await until(() => state.accepted.size === 50, 15_000, 50);
      const took = Date.now() - back;
      assert.ok(all, `${state.accepted.size} of 50 delivered 15 s after CarStrel came back`);
      assert.ok(took <= 15_000, `took ${took} ms`);
      assert.deepEqual(
        keys.filter((k) => state.accepted.get(k) !== 1),
        [],
        'each lead accepted exactly once',
      );
      assert.ok(await until(() => h.proxy.app.leads.depth === 0, 2000), 'and recorded as delivered');
      const health = await (await fetch(`${h.proxy.url}/healthz`)).json();
      assert.equal(health.data.queue.depth, 0);
      assert.ok(
        [...state.accepted.values()].every((n) => n === 1),
        'still once each afterwards',
      );
    },
  );
});

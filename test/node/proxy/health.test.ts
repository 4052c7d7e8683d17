/** Health: the memoized upstream probe and the pure `/healthz` report. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HealthProbe, PROBE_MEMO_MS, healthReport, type Probe } from '../../../proxy/lib/health.js';
import type { LeadQueueHealth } from '../../../proxy/lib/leads.js';
import type { Upstream, UpstreamRequest } from '../../../proxy/lib/upstream.js';

function upstreamAnswering(status: number | 'fail') {
  const seen: UpstreamRequest[] = [];
  const upstream: Upstream = {
    async request(req) {
      seen.push(req);
      if (status === 'fail') throw new Error('down');
      return { status, headers: {}, body: new Uint8Array() };
    },
    async close() {},
  };
  return { upstream, seen };
}

describe('HealthProbe', () => {
  it('probes with the key and a short deadline, at most once per memo period', async () => {
    let now = 1_000;
    const { upstream, seen } = upstreamAnswering(200);
    const probe = new HealthProbe(upstream, 'sk_test_health1', 8000, () => now);
    const first = await probe.check();
    await probe.check();
    now += PROBE_MEMO_MS;
    await probe.check();
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.headers['x-api-key'], 'sk_test_health1');
    assert.equal(seen[0]?.timeoutMs, 2000);
    assert.deepEqual({ ...first, ms: 0 }, { reachable: true, keyAccepted: true, status: 200, ms: 0 });
    now += 1;
    await probe.check();
    assert.equal(seen.length, 2);
  });
  it('reports a refused key and an unreachable upstream', async () => {
    const refused = await new HealthProbe(upstreamAnswering(401).upstream, 'k', 8000).check();
    assert.equal(refused.reachable, true);
    assert.equal(refused.keyAccepted, false);
    const down = await new HealthProbe(upstreamAnswering('fail').upstream, 'k', 8000).check();
    assert.equal(down.reachable, false);
    assert.equal(down.keyAccepted, undefined);
    const failing = await new HealthProbe(upstreamAnswering(503).upstream, 'k', 8000).check();
    assert.equal(failing.reachable, false);
  });
});

describe('phase: healthReport', () => {
  const probe = (p: Partial<Probe>): Probe => ({ reachable: true, keyAccepted: true, status: 200, ms: 12, ...p });
  const queue = (q: Partial<LeadQueueHealth> = {}): LeadQueueHealth => ({
    depth: 0,
    bytes: 0,
    oldest: null,
    maxDepth: 10_000,
    maxBytes: 32 * 1024 * 1024,
    journal: { writable: true, error: null },
    upstream: 'up',
    ...q,
  });
  it('ok: mode, upstream, an empty queue and the cache size', () => {
    const r = healthReport({ mode: 'live', probe: probe({}), queue: queue(), cacheEntries: 3 });
    assert.equal(r.message, 'ok');
    assert.deepEqual(r.data, {
      status: 'ok',
      mode: 'live',
      upstream: { reachable: true, keyAccepted: true, status: 200, latencyMs: 12 },
      queue: queue(),
      cache: { entries: 3 },
    });
  });
  it('degraded, saying why and what still works, with the oldest queued lead', () => {
    const down = healthReport({
      mode: 'sandbox',
      probe: { reachable: false, ms: 2000 },
      queue: queue({ depth: 2, oldest: '2030-01-01T00:00:00.000Z', upstream: 'down' }),
      cacheEntries: 0,
    });
    assert.equal(down.data.status, 'degraded');
    assert.match(down.message, /unreachable; leads are queued/);
    assert.equal(down.data.queue.depth, 2);
    assert.equal(down.data.queue.oldest, '2030-01-01T00:00:00.000Z');
    assert.deepEqual(down.data.upstream, { reachable: false, keyAccepted: null, status: null, latencyMs: 2000 });
    const refused = healthReport({
      mode: 'live',
      probe: probe({ keyAccepted: false, status: 401 }),
      queue: queue(),
      cacheEntries: 0,
    });
    assert.equal(refused.data.status, 'degraded');
    assert.match(refused.message, /refuses the API key; check CARSTREL_API_KEY/);
  });
  it('degraded when the lead journal cannot be written, saying why', () => {
    const r = healthReport({
      mode: 'live',
      probe: probe({}),
      queue: queue({ journal: { writable: false, error: 'ENOSPC' } }),
      cacheEntries: 0,
    });
    assert.equal(r.data.status, 'degraded');
    assert.match(r.message, /lead journal cannot be written \(ENOSPC\)/);
    assert.deepEqual(r.data.queue.journal, { writable: false, error: 'ENOSPC' });
  });
});

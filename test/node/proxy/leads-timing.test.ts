/**
 * The lead desk against the clock: recovery after an outage on real timers (probes, the drain when
 * CarStrel is back) and scheduling with 200k pending leads. Apart from leads.test.ts because these
 * take seconds: the mutation groups of the small modules and the store do not rerun them per mutant.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LeadDesk, MemoryLeadStore, type LeadAnswer } from '../../../proxy/lib/leads.js';
import { okRes, pendingLead, scriptedUpstream, until } from './lead-fakes.js';

describe('LeadDesk recovery: drain as soon as CarStrel is back', () => {
  async function outage(n: number, opts: { probeMaxMs?: number } = {}) {
    const state = { up: false, accepted: new Map<string, number>() };
    const up = scriptedUpstream([], {
      probe: 'down',
      lead: (req) => {
        if (!state.up) return 'down';
        const key = req.headers['idempotency-key'] ?? '';
        state.accepted.set(key, (state.accepted.get(key) ?? 0) + 1);
        return okRes(201);
      },
    });
    const desk = new LeadDesk(new MemoryLeadStore(), up, {
      apiKey: 'k',
      timeoutMs: 1000,
      random: () => 1,
      probeMaxMs: opts.probeMaxMs,
    });
    const fwd = () => up.request({ method: 'POST', path: '/p', headers: {}, timeoutMs: 1000 });
    const answers: LeadAnswer[] = [];
    for (let i = 0; i < n; i++)
      answers.push(await desk.submit('/p', `key-outage-${i}`, `{"i":${i}}`, 'application/json', fwd));
    assert.ok(answers.every((a) => a.status === 202));
    assert.ok(await until(() => desk.queue().upstream === 'down', 1000), 'the failed intake probe marks CarStrel down');
    return { state, up, desk };
  }

  it('rule: while CarStrel is down only one lead at a time probes it; no lead is hammered', async () => {
    const { up, desk } = await outage(20, { probeMaxMs: 400 });
    const before = up.posts().length;
    await new Promise((r) => setTimeout(r, 1500));
    const during = up.posts().length - before;
    assert.ok(during >= 2 && during <= 8, `${during} lead attempts in 1.5 s with 20 leads queued`);
    assert.equal(desk.depth, 20);
    await desk.close();
  });

  it('rule: any upstream success the app reports drains the queue at once, resetting backoff, each lead once', async () => {
    const { state, up, desk } = await outage(30);
    for (const rec of desk.store.pending()) await desk.store.retryLater(rec.id, 12, Date.now() + 3600_000);
    // Three failed probes (0.5 s, 1 s, 2 s apart): the next one is 4 s away.
    const intake = up.posts().length;
    assert.ok(await until(() => up.posts().length >= intake + 3, 6000), 'the desk probes while down');
    state.up = true;
    up.probe = 'up';
    const t0 = Date.now();
    desk.noteUpstream(200);
    assert.ok(await until(() => desk.depth === 0, 1500), `delivered ${30 - desk.depth} of 30`);
    assert.ok(Date.now() - t0 < 1500, 'well before the next probe or any backoff would have fired');
    assert.equal(state.accepted.size, 30);
    assert.ok(
      [...state.accepted.values()].every((n) => n === 1),
      'each lead exactly once',
    );
    await desk.close();
  });

  it('rule: a failed upstream answer reported by the app does not count as a return', async () => {
    const { desk } = await outage(3);
    desk.noteUpstream(503);
    desk.noteUpstream(429);
    assert.equal(desk.queue().upstream, 'down');
    await desk.close();
  });

  it('rule: without any traffic, the probe finds CarStrel back and drains within probeMaxMs', async () => {
    const { state, up, desk } = await outage(50, { probeMaxMs: 1000 });
    await new Promise((r) => setTimeout(r, 1500));
    state.up = true;
    up.probe = 'up';
    const t0 = Date.now();
    assert.ok(await until(() => desk.depth === 0, 5000), `delivered ${50 - desk.depth} of 50`);
    assert.ok(Date.now() - t0 < 2500, `drained ${Date.now() - t0} ms after the return`);
    assert.equal(state.accepted.size, 50);
    assert.ok(
      [...state.accepted.values()].every((n) => n === 1),
      'each lead exactly once',
    );
    await desk.close();
  });

  it('rule: a lead that fails alone (CarStrel up) keeps its own backoff and does not stall the others', async () => {
    let now = 0;
    const up = scriptedUpstream([], {
      lead: (req) => (req.headers['idempotency-key'] === 'poison' ? okRes(500) : okRes(201)),
    });
    const store = new MemoryLeadStore();
    const desk = new LeadDesk(store, up, { apiKey: 'k', timeoutMs: 1000, now: () => now, random: () => 0.5 });
    await store.enqueue(pendingLead({ id: '/p poison', path: '/p', idempotencyKey: 'poison', nextAttemptAt: 0 }));
    for (let i = 0; i < 5; i++) await store.enqueue(pendingLead({ path: '/p', nextAttemptAt: 1 }));
    now = 10;
    await desk.deliverDue();
    assert.equal(desk.depth, 1, 'the five others are delivered');
    assert.equal(desk.queue().upstream, 'up', 'the probe showed CarStrel up: the failure is that lead’s own');
    const poison = store.get('/p poison');
    assert.ok(poison?.state === 'pending' && poison.nextAttemptAt > now, 'the failing lead waits its backoff');
    const posts = up.posts().length;
    desk.noteUpstream(200);
    await desk.deliverDue();
    assert.equal(up.posts().length, posts, 'an upstream success while up does not hammer it');
    await desk.close();
  });
});

describe('LeadDesk at scale', () => {
  it('rule: scheduling works with 200k pending leads (a heap, no argument spreading)', async () => {
    let now = 0;
    const n = 200_000;
    const store = new MemoryLeadStore({ maxPending: n, maxPendingBytes: 1e9 });
    for (let i = 0; i < n; i++)
      await store.enqueue(pendingLead({ path: '/p', nextAttemptAt: 1000 + ((i * 7919) % n), createdAt: i }));
    const up = scriptedUpstream([], { lead: () => okRes(201) });
    const desk = new LeadDesk(store, up, { apiKey: 'k', timeoutMs: 1000, now: () => now });
    assert.equal(store.nextDue()?.nextAttemptAt, 1000);
    now = 1000 + 99;
    await desk.deliverDue();
    assert.equal(up.posts().length, 100, 'exactly the 100 leads due');
    assert.equal(desk.depth, n - 100);
    const oldest = Array.from({ length: n }, (_, i) => i).find((i) => (i * 7919) % n >= 100);
    assert.equal(desk.queue().oldest, new Date(oldest ?? -1).toISOString(), 'the oldest still waiting');
    assert.equal(store.nextDue()?.nextAttemptAt, 1100);
    await desk.close();
  });
});

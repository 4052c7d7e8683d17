import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, appendFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LeadDesk, MemoryLeadStore, backoffDelay, IdempotencyMismatch } from '../../../proxy/lib/leads.js';
import { FileLeadStore, replayJournal } from '../../../proxy/lib/leads-file.js';
import {
  UpstreamError,
  type Upstream,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../../../proxy/lib/upstream.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const okRes = (status = 201): UpstreamResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: enc.encode(JSON.stringify({ statusCode: status, data: { id: 't1' } })),
});

function scriptedUpstream(answers: Array<UpstreamResponse | 'down'>): Upstream & { sent: UpstreamRequest[] } {
  const sent: UpstreamRequest[] = [];
  return {
    sent,
    async request(req) {
      sent.push(req);
      const a = answers.shift() ?? 'down';
      if (a === 'down') throw new UpstreamError('unreachable');
      return a;
    },
    async close() {},
  };
}

describe('phase: backoffDelay', () => {
  it('grows exponentially with full jitter and a cap', () => {
    assert.equal(backoffDelay(1, 0.999999), 1999);
    assert.equal(backoffDelay(3, 0.5), 4000);
    assert.equal(backoffDelay(30, 1), 300_000);
    assert.equal(backoffDelay(5, 0), 500, 'never zero');
  });
});


describe('LeadDesk', () => {
  const body = '{"email":"a@b.c"}';
  it('forwards when upstream answers and replays a repeated key without sending twice', async () => {
    const up = scriptedUpstream([okRes()]);
    const desk = new LeadDesk(new MemoryLeadStore(), up, { apiKey: 'k', timeoutMs: 1000 });
    const fwd = () => up.request({ method: 'POST', path: '/external/contact/submit', headers: {}, timeoutMs: 1000 });
    const a = await desk.submit('/external/contact/submit', 'key-00000001', body, 'application/json', fwd);
    const b = await desk.submit('/external/contact/submit', 'key-00000001', body, 'application/json', fwd);
    assert.equal(a.outcome, 'forwarded');
    assert.equal(b.outcome, 'replayed');
    assert.equal(b.status, 201);
    assert.equal(dec.decode(b.body), dec.decode(a.body));
    assert.equal(up.sent.length, 1);
  });
  it('refuses a key reused for a different lead', async () => {
    const up = scriptedUpstream([okRes()]);
    const desk = new LeadDesk(new MemoryLeadStore(), up, { apiKey: 'k', timeoutMs: 1000 });
    const fwd = () => up.request({ method: 'POST', path: '/p', headers: {}, timeoutMs: 1000 });
    await desk.submit('/p', 'key-00000002', body, 'application/json', fwd);
    await assert.rejects(
      desk.submit('/p', 'key-00000002', '{"email":"other@b.c"}', 'application/json', fwd),
      IdempotencyMismatch,
    );
  });
  it('coalesces a double click (same key, concurrently) into one upstream call', async () => {
    const up = scriptedUpstream([okRes()]);
    const desk = new LeadDesk(new MemoryLeadStore(), up, { apiKey: 'k', timeoutMs: 1000 });
    const fwd = async () => {
      await new Promise((r) => setTimeout(r, 20));
      return up.request({ method: 'POST', path: '/p', headers: {}, timeoutMs: 1000 });
    };
    const [a, b] = await Promise.all([
      desk.submit('/p', 'key-00000003', body, 'application/json', fwd),
      desk.submit('/p', 'key-00000003', body, 'application/json', fwd),
    ]);
    assert.equal(a, b);
    assert.equal(up.sent.length, 1);
  });
  it('queues when upstream is down or answers 5xx, then delivers with the key, once', async () => {
    let now = 1000;
    const up = scriptedUpstream(['down', { status: 503, headers: {}, body: enc.encode('{}') }, 'down', okRes()]);
    const delivered: string[] = [];
    const desk = new LeadDesk(new MemoryLeadStore(), up, {
      apiKey: 'sk_test_k',
      timeoutMs: 1000,
      now: () => now,
      random: () => 0.5,
      onDelivered: (r) => delivered.push(r.id),
    });
    const fwd = () => up.request({ method: 'POST', path: '/external/test-drives', headers: {}, timeoutMs: 1000 });
    const a = await desk.submit('/external/test-drives', 'key-00000004', body, 'application/json', fwd);
    assert.equal(a.status, 202);
    assert.equal(a.outcome, 'queued');
    const env = JSON.parse(dec.decode(a.body));
    assert.equal(env.statusCode, 202);
    assert.match(env.data.reference, /^lead_/);
    assert.equal(desk.depth, 1);
    const again = await desk.submit('/external/test-drives', 'key-00000004', body, 'application/json', fwd);
    assert.equal(again.status, 202, 'a repeated key while queued gets the same answer');
    assert.equal(JSON.parse(dec.decode(again.body)).data.reference, env.data.reference);
    for (let i = 0; i < 5 && desk.depth; i++) {
      now += 10 * 60_000;
      await desk.deliverDue();
    }
    assert.equal(desk.depth, 0);
    assert.deepEqual(delivered, ['/external/test-drives key-00000004']);
    const deliveries = up.sent.slice(1);
    assert.equal(deliveries.length, 3, '503, down, then success');
    assert.equal(deliveries.at(-1)!.headers['idempotency-key'], 'key-00000004');
    assert.equal(deliveries.at(-1)!.headers['x-api-key'], 'sk_test_k');
    const replay = await desk.submit('/external/test-drives', 'key-00000004', body, 'application/json', fwd);
    assert.equal(replay.status, 201, 'after delivery a repeated key gets the delivered answer');
    await desk.close();
  });
});

describe('LeadDesk when the journal fails', () => {
  it('never throws from delivery and backs off instead of hammering upstream', async () => {
    let now = 0;
    class BrokenDisk extends MemoryLeadStore {
      override async settle(): Promise<void> {
        throw new Error('ENOSPC');
      }
    }
    const store = new BrokenDisk();
    const up = scriptedUpstream([okRes(), okRes()]);
    const desk = new LeadDesk(store, up, { apiKey: 'k', timeoutMs: 1000, now: () => now, random: () => 0.5 });
    await store.enqueue({
      id: '/p k',
      path: '/p',
      fingerprint: 'f',
      reference: 'lead_x',
      state: 'pending',
      body: '{}',
      contentType: 'application/json',
      idempotencyKey: 'k',
      createdAt: 0,
      attempts: 1,
      nextAttemptAt: 0,
    });
    await desk.deliverDue();
    assert.equal(up.sent.length, 1);
    const rec = store.get('/p k')!;
    assert.equal(rec.state, 'pending');
    assert.ok(rec.nextAttemptAt > now, 'backed off');
    await desk.deliverDue();
    assert.equal(up.sent.length, 1, 'not sent again before its time');
    await desk.close();
  });
});

describe('FileLeadStore (append-only journal with fsync)', () => {
  it('survives a reopen, and a torn last line is ignored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leads-'));
    try {
      const s1 = await FileLeadStore.open(dir);
      const rec = {
        id: '/p k1',
        path: '/p',
        fingerprint: 'f',
        reference: 'lead_1',
        state: 'pending' as const,
        body: '{}',
        contentType: 'application/json',
        idempotencyKey: 'k1',
        createdAt: Date.now(),
        attempts: 1,
        nextAttemptAt: Date.now(),
      };
      await s1.enqueue(rec);
      await s1.settle({
        ...rec,
        id: '/p k2',
        idempotencyKey: 'k2',
        state: 'done',
        result: { status: 201, body: '{}' },
      });
      await s1.retryLater('/p k1', 2, 123);
      await s1.close();
      appendFileSync(join(dir, 'leads.jsonl'), '{"t":"queued","rec":{"id":"/p k3"');
      const s2 = await FileLeadStore.open(dir);
      assert.deepEqual(
        s2.pending().map((r) => [r.id, r.attempts]),
        [['/p k1', 2]],
      );
      assert.equal(s2.get('/p k2')?.state, 'done');
      assert.equal(s2.get('/p k3'), undefined);
      await s2.close();
      assert.equal(
        replayJournal(readFileSync(join(dir, 'leads.jsonl'), 'utf8'), Date.now()).size,
        2,
        'compacted journal keeps the live state',
      );
      assert.equal(
        statSync(join(dir, 'leads.jsonl')).mode & 0o077,
        0,
        'the journal (names, emails) is private to the proxy user',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('compacts while running: the journal stays bounded and keeps every live record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leads-'));
    try {
      let now = 0;
      const s1 = await FileLeadStore.open(dir, { now: () => now, compactEvery: 10 });
      const base = {
        path: '/p',
        fingerprint: 'f',
        body: '{}',
        contentType: 'application/json',
        attempts: 1,
        nextAttemptAt: 0,
      };
      await s1.enqueue({
        ...base,
        id: '/p keep',
        reference: 'lead_keep',
        state: 'pending',
        idempotencyKey: 'keep',
        createdAt: 0,
      });
      for (let i = 0; i < 25; i++) {
        await s1.settle({
          ...base,
          id: `/p k${i}`,
          reference: `lead_${i}`,
          state: 'done',
          idempotencyKey: `k${i}`,
          createdAt: now,
          result: { status: 201, body: '{}' },
        });
        now += 3 * 3600_000; // three hours per lead: the early ones pass the 24 h retention
      }
      await s1.close();
      const lines = readFileSync(join(dir, 'leads.jsonl'), 'utf8').trim().split('\n');
      assert.ok(lines.length < 20, `journal has ${lines.length} lines`);
      const s2 = await FileLeadStore.open(dir, { now: () => now });
      assert.equal(s2.get('/p keep')?.state, 'pending', 'a queued lead survives every compaction');
      assert.equal(s2.get('/p k24')?.state, 'done', 'the last settled result is kept');
      assert.equal(s2.get('/p k0'), undefined, 'results past retention are dropped');
      await s2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('forgets settled results after the retention period', () => {
    const old = JSON.stringify({ t: 'result', rec: { id: 'x', state: 'done', createdAt: 0 } });
    assert.equal(replayJournal(old, 2 * 24 * 3600 * 1000).size, 0);
  });
});

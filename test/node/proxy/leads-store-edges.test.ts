/**
 * The lead store at its edges: characters whose UTF-8 length is easy to get wrong, numbers JSON can
 * hold but a journal must not (1e999), the sinks' entries in the journal and in memory, "retry now"
 * next to held and already-due leads, concurrent appends at the limit, a settled lead across a restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MemoryLeadStore, parseEntry, settledLead, utf8Length } from '../../../proxy/lib/lead-store.js';
import { FileLeadStore } from '../../../proxy/lib/leads-file.js';
import type { SinkJob } from '../../../proxy/lib/sinks/jobs.js';
import { pendingLead } from './lead-fakes.js';

const enc = new TextEncoder();

const job = (id: string): SinkJob => ({
  id,
  reference: 'lead_j',
  createdAt: 0,
  lead: { path: '/external/contact/submit', body: '{"email":"a@b.c"}' },
  sinks: { webhook: { s: 'pending', attempts: 0, next: 0 } },
});

describe('lead store edges', () => {
  it('utf8Length: three-byte characters side by side, and a surrogate pair at its first code unit', () => {
    for (const s of ['€€', '\u0800\u0800', 'é\ud7ffx', '\ud800\udc00', '\ud800\udc00€'])
      assert.equal(utf8Length(s), enc.encode(s).length, JSON.stringify(s));
  });

  it('parseEntry: a number JSON reads as Infinity is refused; job and sink lines are read as such', () => {
    assert.equal(parseEntry('{"t":"attempt","id":"/p a","attempts":2,"nextAttemptAt":1e999}'), undefined);
    const j = job('/p a');
    assert.deepEqual(parseEntry(JSON.stringify({ t: 'job', rec: j })), { t: 'job', rec: j });
    const sink = { t: 'sink', id: '/p a', sink: 'webhook', state: { s: 'sent', at: 5, attempts: 1 } };
    assert.deepEqual(parseEntry(JSON.stringify(sink)), sink);
  });

  it("keeps a lead's sink job in memory: listed while pending, its sink states applied and counted, dropped when old", async () => {
    const store = new MemoryLeadStore({ retentionMs: 100 });
    const lead = pendingLead({ id: '/p j1', createdAt: 0 });
    await store.enqueue(lead, job('/p j1'));
    assert.equal(store.job('/p j1')?.reference, 'lead_j');
    assert.deepEqual(
      [...store.routing()].map((j) => j.id),
      ['/p j1'],
    );
    assert.deepEqual(store.sinkCounts(), { webhook: { pending: 1, failed: 0 } });
    await store.updateSink('/p j1', 'webhook', { s: 'sent', at: 10, attempts: 1 });
    assert.deepEqual(store.job('/p j1')?.sinks.webhook, { s: 'sent', at: 10, attempts: 1 });
    assert.deepEqual([...store.routing()], [], 'no sink waits any more');
    assert.deepEqual(store.sinkCounts(), { webhook: { pending: 0, failed: 0 } });
    // A later settle prunes past the retention period: the job goes, without the journal's hook in memory.
    await store.settle(
      settledLead({ id: '/p other', fingerprint: 'f', reference: 'o', createdAt: 0 }, 201, '{}', 1000),
    );
    assert.equal(store.job('/p j1'), undefined);
  });

  it('"retry now" leaves a lead already due earlier as it is, and a held lead out of the schedule', async () => {
    const store = new MemoryLeadStore();
    await store.enqueue(pendingLead({ id: '/p early', nextAttemptAt: 20 }));
    await store.enqueue(pendingLead({ id: '/p held', nextAttemptAt: 950 }));
    store.hold('/p held');
    store.pullForward(100);
    assert.deepEqual(
      store.pending().map((r) => [r.id, r.nextAttemptAt]),
      [
        ['/p early', 20],
        ['/p held', 950],
      ],
    );
    assert.equal(store.nextDue()?.id, '/p early');
    store.hold('/p early');
    assert.equal(store.nextDue(), undefined, 'both held: nothing is handed out, whatever "retry now" did');
  });

  it('a settled lead survives a restart of the journal, so a repeated key is answered from it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leads-store-edges-'));
    try {
      const now = Date.now();
      const s1 = await FileLeadStore.open(dir);
      await s1.settle(
        settledLead({ id: '/p s', fingerprint: 'f', reference: 'lead_s', createdAt: now }, 201, '{}', now),
      );
      await s1.close();
      const s2 = await FileLeadStore.open(dir);
      assert.equal(s2.get('/p s')?.state, 'done');
      await s2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('concurrent appends to the journal cannot overshoot the count or byte limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leads-store-edges-'));
    try {
      const s = await FileLeadStore.open(dir, { limits: { maxPending: 1 } });
      const both = await Promise.allSettled([
        s.enqueue(pendingLead({ id: '/p c1' })),
        s.enqueue(pendingLead({ id: '/p c2' })),
      ]);
      assert.deepEqual(
        both.map((r) => r.status),
        ['fulfilled', 'rejected'],
      );
      await s.close();
      const b = await FileLeadStore.open(join(dir, 'b'), { limits: { maxPendingBytes: 10 } });
      const bytes = await Promise.allSettled([
        b.enqueue(pendingLead({ id: '/p b1', body: '123456' })),
        b.enqueue(pendingLead({ id: '/p b2', body: '123456' })),
      ]);
      assert.deepEqual(
        bytes.map((r) => r.status),
        ['fulfilled', 'rejected'],
      );
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

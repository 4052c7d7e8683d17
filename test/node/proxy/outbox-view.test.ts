/**
 * The dealer console's outbox (lib/outbox-view.ts) built from a lead store: waiting leads and routed
 * leads newest first and bounded, each sink's state, the lead's kind; never a lead's fields; and
 * "retry now", which makes every waiting lead due at once and nudges CarStrel and the sinks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryLeadStore } from '../../../proxy/lib/lead-store.js';
import type { LeadQueueHealth, PendingLead } from '../../../proxy/lib/leads-types.js';
import { OUTBOX_LIST_MAX, outboxView, retryOutbox, type OutboxDesk } from '../../../proxy/lib/outbox-view.js';
import type { SinkJob } from '../../../proxy/lib/sinks/jobs.js';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const queue: LeadQueueHealth = {
  depth: 0,
  bytes: 0,
  oldest: null,
  maxDepth: 10,
  maxBytes: 100,
  journal: { writable: true, error: null },
  upstream: 'down',
};

function desk(store = new MemoryLeadStore(), extra: Partial<OutboxDesk> = {}): OutboxDesk {
  return { store, queue: () => queue, deliverDue: () => Promise.resolve(), ...extra };
}

const pending = (i: number, path: string, body: object, over: Partial<PendingLead> = {}): PendingLead => ({
  id: `${path} key-${i}`,
  path,
  fingerprint: `fp-${i}`,
  reference: `REF-${i}`,
  state: 'pending',
  body: JSON.stringify(body),
  contentType: 'application/json',
  idempotencyKey: `key-${i}`,
  createdAt: T0 + i * 1000,
  attempts: 1,
  nextAttemptAt: T0 + 60_000 + i,
  ...over,
});

const routedJob = (i: number, over: Partial<SinkJob> = {}): SinkJob => ({
  id: `/external/contact/submit key-${i}`,
  reference: `REF-${i}`,
  createdAt: T0 + i * 1000,
  sinks: {},
  ...over,
});

const settleWith = (store: MemoryLeadStore, j: SinkJob) =>
  store.settle(
    {
      id: j.id,
      fingerprint: 'fp',
      reference: j.reference,
      state: 'done',
      createdAt: j.createdAt,
      settledAt: j.createdAt,
      result: { status: 201, body: '{}' },
    },
    j,
  );

describe('outboxView', () => {
  it('lists waiting leads newest first with their kind, attempts and next try, and the queue as /healthz has it', async () => {
    const store = new MemoryLeadStore();
    await store.enqueue(pending(1, '/external/test-drives', { name: 'Ann Driver', phone: '555' }));
    await store.enqueue(pending(2, '/external/contact/submit', { subject: 'Trade-in', message: 'Make: X' }));
    await store.enqueue(pending(3, '/external/newsletter/subscribe', { email: 'ann@example.com' }));
    await store.enqueue(pending(4, '/external/contact/submit', { subject: 'Hello' }, { attempts: 3 }));
    await store.enqueue(pending(0, '/external/contact/submit', {}, { body: 'null' }));
    const view = outboxView(desk(store));
    assert.equal(view.queue, queue);
    assert.deepEqual(view.waiting, [
      { reference: 'REF-4', kind: 'contact', receivedAt: iso(T0 + 4000), attempts: 3, nextAttempt: iso(T0 + 60_004) },
      {
        reference: 'REF-3',
        kind: 'newsletter',
        receivedAt: iso(T0 + 3000),
        attempts: 1,
        nextAttempt: iso(T0 + 60_003),
      },
      { reference: 'REF-2', kind: 'trade-in', receivedAt: iso(T0 + 2000), attempts: 1, nextAttempt: iso(T0 + 60_002) },
      {
        reference: 'REF-1',
        kind: 'test-drive',
        receivedAt: iso(T0 + 1000),
        attempts: 1,
        nextAttempt: iso(T0 + 60_001),
      },
      { reference: 'REF-0', kind: 'contact', receivedAt: iso(T0), attempts: 1, nextAttempt: iso(T0 + 60_000) },
    ]);
    assert.deepEqual(view.leads, []);
    assert.doesNotMatch(JSON.stringify(view), /Ann|555|example\.com|Make: X/, "never a lead's fields");
  });

  it("lists routed leads newest first with each sink's state, the lead's kind even once its body is dropped", async () => {
    const store = new MemoryLeadStore();
    const job = routedJob;
    const settle = (j: SinkJob) => settleWith(store, j);
    await settle(
      job(1, {
        sinks: {
          webhook: { s: 'pending', attempts: 2, next: T0 + 90_000, error: 'HTTP 503' },
          email: { s: 'pending', attempts: 0, next: T0 + 1000 },
        },
        lead: { path: '/external/contact/submit', body: JSON.stringify({ subject: 'Trade-in', name: 'Bo' }) },
      }),
    );
    await settle(
      job(2, {
        id: '/external/test-drives key-2',
        sinks: {
          webhook: { s: 'sent', at: T0 + 5000, attempts: 1 },
          email: { s: 'failed', at: T0 + 6000, attempts: 5, error: 'mailbox full' },
        },
      }),
    );
    await settle(
      job(3, {
        sinks: { webhook: { s: 'sent', at: T0 + 7000, attempts: 1 } },
        lead: { path: '/external/contact/submit', body: 'not json' },
      }),
    );
    const view = outboxView(desk(store));
    assert.deepEqual(
      view.leads.map((l) => [l.reference, l.kind, l.receivedAt]),
      [
        ['REF-3', 'contact', iso(T0 + 3000)],
        ['REF-2', 'test-drive', iso(T0 + 2000)],
        ['REF-1', 'trade-in', iso(T0 + 1000)],
      ],
    );
    assert.deepEqual(view.leads[2].sinks, {
      webhook: { state: 'pending', attempts: 2, at: null, next: iso(T0 + 90_000), error: 'HTTP 503' },
      email: { state: 'pending', attempts: 0, at: null, next: iso(T0 + 1000), error: null },
    });
    assert.deepEqual(view.leads[1].sinks, {
      webhook: { state: 'delivered', attempts: 1, at: iso(T0 + 5000), next: null, error: null },
      email: { state: 'failed', attempts: 5, at: iso(T0 + 6000), next: null, error: 'mailbox full' },
    });
    assert.doesNotMatch(JSON.stringify(view), /Bo"/);
  });

  it(`lists at most ${OUTBOX_LIST_MAX} of each, the newest`, async () => {
    const store = new MemoryLeadStore({ maxPending: 1000 });
    const n = OUTBOX_LIST_MAX + 5;
    for (let i = 0; i < n; i++) await store.enqueue(pending(i, '/external/contact/submit', { subject: 'Hi' }));
    for (let i = 0; i < n; i++)
      await settleWith(store, routedJob(1000 + i, { sinks: { webhook: { s: 'sent', at: T0, attempts: 1 } } }));
    const view = outboxView(desk(store));
    assert.equal(view.leads.length, OUTBOX_LIST_MAX);
    assert.equal(view.leads[0].reference, `REF-${1000 + n - 1}`);
    assert.equal(view.leads.at(-1)?.reference, 'REF-1005');
    assert.equal(view.waiting.length, OUTBOX_LIST_MAX);
    assert.equal(view.waiting[0].reference, `REF-${n - 1}`);
    assert.equal(view.waiting.at(-1)?.reference, `REF-5`);
  });

  it('lists a lead whose body is not a JSON object (a string, a number, not JSON) as a contact, without failing', async () => {
    const store = new MemoryLeadStore();
    await store.enqueue(pending(1, '/external/contact/submit', {}, { body: '"Trade-in"' }));
    await store.enqueue(pending(2, '/external/contact/submit', {}, { body: '7' }));
    await store.enqueue(pending(3, '/external/contact/submit', {}, { body: 'subject=Trade-in' }));
    assert.deepEqual(
      outboxView(desk(store)).waiting.map((w) => [w.reference, w.kind]),
      [
        ['REF-3', 'contact'],
        ['REF-2', 'contact'],
        ['REF-1', 'contact'],
      ],
    );
  });

  it('works with a store that cannot list jobs (the edge)', () => {
    const store = new MemoryLeadStore();
    const bare = Object.assign(Object.create(store) as MemoryLeadStore, { jobs: undefined });
    assert.deepEqual(outboxView(desk(bare)).leads, []);
  });
});

describe('retryOutbox ("retry now")', () => {
  it('makes every waiting lead due now, then delivers what is due and retries every sink', async () => {
    const store = new MemoryLeadStore();
    await store.enqueue(pending(1, '/external/contact/submit', { subject: 'Hi' }));
    await store.enqueue(pending(2, '/external/contact/submit', { subject: 'Hi' }));
    let delivered = 0;
    let sinksRetried = 0;
    const now = T0 + 5000;
    retryOutbox(
      desk(store, {
        deliverDue: () => (delivered++, Promise.reject(new Error('upstream still down'))),
        routing: { retryNow: () => sinksRetried++ },
      }),
      now,
    );
    assert.deepEqual(
      store.pending().map((p) => p.nextAttemptAt),
      [now, now],
    );
    assert.equal(store.nextDue()?.nextAttemptAt, now);
    assert.equal(delivered, 1);
    assert.equal(sinksRetried, 1);
    await new Promise((r) => setImmediate(r)); // a failed delivery is not an unhandled rejection
  });
  it('works where no sink is configured', async () => {
    const store = new MemoryLeadStore();
    await store.enqueue(pending(1, '/external/contact/submit', { subject: 'Hi' }));
    retryOutbox(desk(store), T0);
    assert.equal(store.nextDue()?.nextAttemptAt, T0);
  });
});

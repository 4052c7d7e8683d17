/**
 * The lead store's own rules, in memory and fast: byte counts as UTF-8 really encodes them (the
 * limits are in bytes), a settled answer kept short, every journal line checked field by field
 * (a torn or foreign line is skipped, never replayed half-read), settled results forgotten at the
 * retention and count limits, held leads left where they are by "retry now".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryLeadStore, parseEntry, settledLead, utf8Length } from '../../../proxy/lib/lead-store.js';
import { RESULT_BODY_MAX, type SettledLead } from '../../../proxy/lib/leads-types.js';
import { pendingLead } from './lead-fakes.js';

const enc = new TextEncoder();

describe('utf8Length', () => {
  it('counts what TextEncoder writes, at every boundary of the encoding and for lone surrogates', () => {
    for (const s of [
      '',
      'a',
      '\u007f',
      '\u0080',
      'é',
      '\u07ff',
      '\u0800',
      '€',
      '\ud7ff',
      '😀',
      '\udbff\udfff',
      '\ue000',
      '\uffff',
      '\ud83d',
      'x\ud83d',
      '\udc00',
      '\udc00\ud83d',
      'a😀b€c\u0080',
    ])
      assert.equal(utf8Length(s), enc.encode(s).length, JSON.stringify(s));
  });
});

describe('settledLead', () => {
  const rec = { id: '/p k', fingerprint: 'f', reference: 'lead_r', createdAt: 5 };

  it('keeps an answer of up to RESULT_BODY_MAX bytes as it is, and keeps no request body', () => {
    const body = 'a'.repeat(RESULT_BODY_MAX);
    const s = settledLead(rec, 201, body, 9);
    assert.deepEqual(s, {
      id: '/p k',
      fingerprint: 'f',
      reference: 'lead_r',
      state: 'done',
      createdAt: 5,
      settledAt: 9,
      result: { status: 201, body },
    });
  });

  it('keeps a longer answer (counted in bytes) as a short envelope with its status and reference', () => {
    for (const body of ['a'.repeat(RESULT_BODY_MAX + 1), 'é'.repeat(RESULT_BODY_MAX / 2 + 1)]) {
      const s = settledLead(rec, 422, body, 9);
      assert.deepEqual(JSON.parse(s.result.body), {
        statusCode: 422,
        message: 'Received.',
        data: { reference: 'lead_r' },
      });
      assert.equal(s.result.status, 422);
    }
  });
});

describe('parseEntry: one journal line, checked', () => {
  const queued = pendingLead({ id: '/p k1', path: '/p', idempotencyKey: 'k1', createdAt: 3, nextAttemptAt: 7 });
  const result: SettledLead = {
    id: '/p k2',
    fingerprint: 'f',
    reference: 'lead_2',
    state: 'done',
    createdAt: 3,
    settledAt: 4,
    result: { status: 201, body: '{"ok":true}' },
  };
  const line = (v: unknown) => JSON.stringify(v);

  it('reads back what the store writes: queued, result and attempt entries', () => {
    assert.deepEqual(parseEntry(line({ t: 'queued', rec: queued })), { t: 'queued', rec: queued });
    assert.deepEqual(parseEntry(line({ t: 'result', rec: result })), { t: 'result', rec: result });
    const attempt = { t: 'attempt', id: '/p k1', attempts: 2, nextAttemptAt: 9 };
    assert.deepEqual(parseEntry(line(attempt)), attempt);
  });

  it('reduces a settled record written whole by an earlier version, and dates it at its creation if it has no settledAt', () => {
    const old = { ...result, body: '{"email":"a@b.c"}', path: '/p', settledAt: undefined };
    assert.deepEqual(parseEntry(line({ t: 'result', rec: old })), { t: 'result', rec: { ...result, settledAt: 3 } });
  });

  it('skips a torn, foreign or ill-typed line, whichever field is wrong', () => {
    const bad: unknown[] = [
      '{"t":"queued","rec":',
      'null',
      '7',
      '"text"',
      { t: 'other', rec: queued },
      { t: 'queued' },
      { t: 'queued', rec: 'x' },
      { t: 'attempt', id: 1, attempts: 2, nextAttemptAt: 9 },
      { t: 'attempt', id: 'a', attempts: '2', nextAttemptAt: 9 },
      { t: 'attempt', id: 'a', attempts: 2, nextAttemptAt: null },
      { t: 'attempt', id: 'a', attempts: 2, nextAttemptAt: Infinity },
      { t: 'result', rec: { ...result, result: undefined } },
      { t: 'result', rec: { ...result, result: { status: '201', body: '' } } },
      { t: 'result', rec: { ...result, result: { status: 201, body: 5 } } },
      { t: 'job' },
      { t: 'sink', id: 'a' },
    ];
    for (const field of ['id', 'fingerprint', 'reference', 'createdAt'] as const) {
      bad.push({ t: 'queued', rec: { ...queued, [field]: undefined } });
      bad.push({ t: 'result', rec: { ...result, [field]: undefined } });
    }
    for (const field of ['path', 'body', 'contentType', 'idempotencyKey'] as const)
      bad.push({ t: 'queued', rec: { ...queued, [field]: 1 } });
    for (const field of ['attempts', 'nextAttemptAt'] as const)
      bad.push({ t: 'queued', rec: { ...queued, [field]: '1' } });
    for (const v of bad) assert.equal(parseEntry(typeof v === 'string' ? v : line(v)), undefined, line(v));
  });
});

describe('MemoryLeadStore', () => {
  it('forgets settled results past the retention period, and the oldest beyond the count limit', async () => {
    const store = new MemoryLeadStore({ retentionMs: 1000, maxSettled: 2 });
    const settle = (key: string, at: number) =>
      store.settle(settledLead({ id: `/p ${key}`, fingerprint: 'f', reference: key, createdAt: at }, 201, '{}', at));
    await settle('a', 0);
    await settle('b', 1000);
    assert.ok(store.get('/p a'), 'exactly at the retention period: still kept');
    await settle('c', 1001);
    assert.equal(store.get('/p a'), undefined, 'past it: forgotten');
    assert.ok(store.get('/p b') && store.get('/p c'));
    await settle('d', 1002);
    assert.equal(store.get('/p b'), undefined, 'beyond the count: the oldest goes');
    assert.deepEqual(
      ['/p c', '/p d'].map((id) => store.get(id)?.state),
      ['done', 'done'],
    );
    assert.equal(store.stats().settled, 2);
  });

  it('counts pending bytes in UTF-8, refuses beyond the limits, and gives the room back on delivery', async () => {
    const store = new MemoryLeadStore({ maxPending: 2, maxPendingBytes: 10 });
    await store.enqueue(pendingLead({ id: '/p e', body: 'éé', createdAt: 4 }));
    assert.deepEqual([store.stats().pending, store.stats().pendingBytes, store.stats().oldestPendingAt], [1, 4, 4]);
    await assert.rejects(store.enqueue(pendingLead({ id: '/p big', body: '1234567' })), { name: 'QueueFull' });
    await store.enqueue(pendingLead({ id: '/p f', body: '123456' }));
    assert.equal(store.stats().pendingBytes, 10, 'exactly at the byte limit: taken');
    await assert.rejects(store.enqueue(pendingLead({ id: '/p g', body: '' })), { name: 'QueueFull' });
    await store.settle(settledLead({ id: '/p e', fingerprint: 'f', reference: 'e', createdAt: 4 }, 201, '{}', 5));
    assert.deepEqual([store.stats().pending, store.stats().pendingBytes], [1, 6]);
    await store.enqueue(pendingLead({ id: '/p g', body: 'abcd' }));
    assert.equal(store.stats().pending, 2, 'the settled lead left room');
  });

  it('"retry now" makes waiting leads due but leaves a lead being delivered where it is', async () => {
    const store = new MemoryLeadStore();
    await store.enqueue(pendingLead({ id: '/p a', nextAttemptAt: 500 }));
    await store.enqueue(pendingLead({ id: '/p b', nextAttemptAt: 900 }));
    await store.enqueue(pendingLead({ id: '/p c', nextAttemptAt: 50 }));
    store.hold('/p c');
    store.hold('/p unknown');
    store.pullForward(100);
    assert.deepEqual(
      store.pending().map((r) => [r.id, r.nextAttemptAt]),
      [
        ['/p a', 100],
        ['/p b', 100],
        ['/p c', 50],
      ],
    );
    const due = store.nextDue();
    assert.ok(due && due.id !== '/p c', 'the held lead is not handed out again');
    await store.retryLater('/p c', 2, 20);
    assert.equal(store.nextDue()?.id, '/p c', 'once its attempt is recorded it is scheduled again');
    await store.retryLater('/p gone', 2, 1);
    assert.equal(store.get('/p gone'), undefined, 'an attempt for a lead no longer waiting changes nothing');
  });
});

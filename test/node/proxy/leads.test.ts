import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Refusal } from '../../../proxy/lib/errors.js';
import { queuedLead } from '../../../proxy/lib/lead-store.js';
import { JSON_HEADERS, queuedBody } from '../../../proxy/lib/leads-answer.js';
import {
  LeadDesk,
  MemoryLeadStore,
  backoffDelay,
  probeDelay,
  retryable,
  retryAfterMs,
  IdempotencyMismatch,
} from '../../../proxy/lib/leads.js';
import { okRes, pendingLead, scriptedUpstream } from './lead-fakes.js';

const dec = new TextDecoder();
const body = '{"email":"a@b.c"}';

describe('phase: queuedBody (the 202 of a lead kept for later)', () => {
  it('tells the shopper, in JSON, that the lead is queued, with its reference and no need to resend', () => {
    assert.match(JSON_HEADERS['content-type'], /^application\/json/);
    const answer = JSON.parse(dec.decode(queuedBody('REF-7'))) as {
      statusCode: number;
      message: string;
      data: { queued: boolean; reference: string };
    };
    assert.equal(answer.statusCode, 202);
    assert.deepEqual(answer.data, { queued: true, reference: 'REF-7' });
    assert.match(answer.message, /saved.*delivered automatically/);
  });
});

describe('phase: backoffDelay', () => {
  it('grows exponentially with full jitter and a cap', () => {
    assert.equal(backoffDelay(1, 0.999999), 1999);
    assert.equal(backoffDelay(3, 0.5), 4000);
    assert.equal(backoffDelay(30, 1), 300_000);
    assert.equal(backoffDelay(5, 0), 500, 'never zero');
  });
});

describe('phase: probeDelay', () => {
  it('probes soon after an outage starts, then at most every probeMaxMs (so a return is seen within it)', () => {
    assert.equal(probeDelay(0, 1), 500);
    assert.equal(probeDelay(0, 0), 250);
    assert.equal(probeDelay(2, 1), 2000);
    assert.equal(probeDelay(50, 1), 5000);
    assert.equal(probeDelay(50, 0), 2500);
    assert.equal(probeDelay(50, 1, 1000), 1000);
  });
});

describe('phase: retryable / retryAfterMs', () => {
  it('rule: 5xx, 429 and 408 on a lead are retried; every other answer settles it', () => {
    for (const s of [500, 502, 503, 504, 429, 408]) assert.equal(retryable(s), true, String(s));
    for (const s of [200, 201, 204, 400, 401, 403, 404, 409, 413, 422]) assert.equal(retryable(s), false, String(s));
  });
  it('reads Retry-After of a 429/503 in seconds or as a date, capped at 5 min', () => {
    assert.equal(retryAfterMs(okRes(429, { 'retry-after': '7' }), 0), 7000);
    assert.equal(retryAfterMs(okRes(503, { 'retry-after': '99999' }), 0), 300_000);
    assert.equal(retryAfterMs(okRes(503, { 'retry-after': new Date(60_000).toUTCString() }), 0), 60_000);
    assert.equal(retryAfterMs(okRes(500, { 'retry-after': '7' }), 0), 0, 'only 429/503 carry it');
    assert.equal(retryAfterMs(okRes(429, { 'retry-after': 'soon' }), 0), 0);
    assert.equal(retryAfterMs(undefined, 0), 0);
  });
});

describe('phase: queuedLead', () => {
  const taken = {
    id: '/p key-00000009',
    path: '/p',
    fingerprint: 'fp',
    reference: 'lead_1',
    body,
    contentType: 'application/json',
    idempotencyKey: 'key-00000009',
    createdAt: 1_000_000,
  };
  it('keeps the whole request, counts the first attempt and waits the backoff when upstream did not answer', () => {
    assert.deepEqual(queuedLead(taken, undefined, 0.5), {
      ...taken,
      state: 'pending',
      attempts: 1,
      nextAttemptAt: 1_000_000 + backoffDelay(1, 0.5),
    });
  });
  it("waits for upstream's Retry-After when it is longer than the backoff, the backoff when it is shorter", () => {
    const limited = okRes(429, { 'retry-after': '60' });
    assert.equal(queuedLead(taken, limited, 0.99).nextAttemptAt, 1_000_000 + 60_000);
    const soon = okRes(503, { 'retry-after': '0' });
    assert.equal(queuedLead(taken, soon, 0.99).nextAttemptAt, 1_000_000 + backoffDelay(1, 0.99));
  });
});

describe('LeadDesk', () => {
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
    await desk.close();
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
    await desk.close();
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
    await desk.close();
  });
  it('queues when upstream is down or answers 5xx, then delivers with the key, once', async () => {
    let now = 1000;
    const up = scriptedUpstream(['down', { status: 503, headers: {}, body: new Uint8Array() }, 'down', okRes()]);
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
    const deliveries = up.posts().slice(1);
    assert.equal(deliveries.length, 3, '503, down, then success');
    assert.equal(deliveries.at(-1)?.headers['idempotency-key'], 'key-00000004');
    assert.equal(deliveries.at(-1)?.headers['x-api-key'], 'sk_test_k');
    const replay = await desk.submit('/external/test-drives', 'key-00000004', body, 'application/json', fwd);
    assert.equal(replay.status, 201, 'after delivery a repeated key gets the delivered answer');
    await desk.close();
  });

  for (const status of [429, 408]) {
    it(`rule: an upstream ${status} on a lead is retried, never final (at intake and at delivery)`, async () => {
      let now = 0;
      const busy = okRes(status, { 'retry-after': '20' });
      const up = scriptedUpstream([busy, busy, okRes(201)]);
      const desk = new LeadDesk(new MemoryLeadStore(), up, {
        apiKey: 'k',
        timeoutMs: 1000,
        now: () => now,
        random: () => 0,
      });
      const fwd = () => up.request({ method: 'POST', path: '/p', headers: {}, timeoutMs: 1000 });
      const a = await desk.submit('/p', `key-${status}-0001`, body, 'application/json', fwd);
      assert.equal(a.status, 202, `a ${status} at intake queues the lead`);
      assert.equal(desk.depth, 1);
      now += 60_000;
      await desk.deliverDue();
      assert.equal(up.posts().length, 2);
      assert.equal(desk.depth, 1, `a ${status} at delivery keeps the lead queued`);
      const rec = desk.store.get(`/p key-${status}-0001`);
      assert.equal(rec?.state, 'pending');
      if (status === 429 && rec?.state === 'pending')
        assert.ok(rec.nextAttemptAt >= now + 20_000, 'a 429 waits at least its Retry-After');
      now += 10 * 60_000;
      await desk.deliverDue();
      assert.equal(desk.depth, 0);
      assert.equal(up.posts().length, 3, 'delivered on the next attempt, once');
      assert.equal(desk.store.get(`/p key-${status}-0001`)?.state, 'done');
      await desk.close();
    });
  }

  it('rule: a settled lead keeps no request body, only what a repeated key needs', async () => {
    const big = JSON.stringify({ email: 'a@b.c', message: 'x'.repeat(60_000) });
    const long = {
      status: 201,
      headers: {},
      body: new TextEncoder().encode(JSON.stringify({ data: 'y'.repeat(5000) })),
    };
    const up = scriptedUpstream([okRes(), long]);
    const store = new MemoryLeadStore();
    const desk = new LeadDesk(store, up, { apiKey: 'k', timeoutMs: 1000 });
    const fwd = () => up.request({ method: 'POST', path: '/p', headers: {}, timeoutMs: 1000 });
    const a = await desk.submit('/p', 'key-settled-1', big, 'application/json', fwd);
    const rec = store.get('/p key-settled-1');
    assert.equal(rec?.state, 'done');
    assert.ok(rec && !('body' in rec), 'no request body');
    assert.ok(JSON.stringify(rec).length < 1000, `settled record is ${JSON.stringify(rec).length} chars`);
    assert.equal(rec?.state === 'done' && rec.result.body, dec.decode(a.body), 'the short answer is kept for replay');
    const b = await desk.submit('/p', 'key-settled-2', big, 'application/json', fwd);
    const rec2 = store.get('/p key-settled-2');
    assert.ok(rec2?.state === 'done' && rec2.result.body.length < 200, 'a long answer is kept as a short envelope');
    const replay = await desk.submit('/p', 'key-settled-2', big, 'application/json', fwd);
    assert.equal(replay.status, 201);
    assert.equal(JSON.parse(dec.decode(replay.body)).data.reference, b.reference);
    await desk.close();
  });

  it('rule: a full queue refuses a new lead visibly (503 + Retry-After), keeping what it holds', async () => {
    const up = scriptedUpstream([], { probe: 'down' });
    const store = new MemoryLeadStore({ maxPending: 2, maxPendingBytes: 1000 });
    const desk = new LeadDesk(store, up, { apiKey: 'k', timeoutMs: 1000 });
    const fwd = () => up.request({ method: 'POST', path: '/p', headers: {}, timeoutMs: 1000 });
    assert.equal((await desk.submit('/p', 'key-full-0001', body, 'application/json', fwd)).status, 202);
    assert.equal((await desk.submit('/p', 'key-full-0002', body, 'application/json', fwd)).status, 202);
    const refused = await desk.submit('/p', 'key-full-0003', body, 'application/json', fwd).catch((e: unknown) => e);
    assert.ok(refused instanceof Refusal, 'a refusal, not a crash');
    assert.equal(refused.status, 503);
    assert.equal(refused.headers['retry-after'], '30');
    assert.match(refused.message, /queue .* is full.*Send it again in 30 seconds/);
    assert.equal(desk.depth, 2, 'the queued leads are kept');
    assert.equal((await desk.submit('/p', 'key-full-0001', body, 'application/json', fwd)).status, 202, 'replay ok');
    await desk.close();

    const bytes = new MemoryLeadStore({ maxPending: 100, maxPendingBytes: 30 });
    const desk2 = new LeadDesk(bytes, up, { apiKey: 'k', timeoutMs: 1000 });
    assert.equal((await desk2.submit('/p', 'key-bytes-001', body, 'application/json', fwd)).status, 202);
    const over = await desk2.submit('/p', 'key-bytes-002', body, 'application/json', fwd).catch((e: unknown) => e);
    assert.ok(over instanceof Refusal && over.status === 503, 'the byte limit refuses too');
    assert.deepEqual(
      [bytes.stats().pending, bytes.stats().pendingBytes],
      [1, body.length],
      'pending count and bytes are tracked',
    );
    await desk2.close();
  });

  it('rule: a lead the journal cannot store is refused with 503, never a 500 or a crash', async () => {
    class BrokenDisk extends MemoryLeadStore {
      override async enqueue(): Promise<void> {
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      }
    }
    const up = scriptedUpstream([], { probe: 'down' });
    const desk = new LeadDesk(new BrokenDisk(), up, { apiKey: 'k', timeoutMs: 1000 });
    const fwd = () => up.request({ method: 'POST', path: '/p', headers: {}, timeoutMs: 1000 });
    const refused = await desk.submit('/p', 'key-broken-01', body, 'application/json', fwd).catch((e: unknown) => e);
    assert.ok(refused instanceof Refusal);
    assert.equal(refused.status, 503);
    assert.equal(refused.headers['retry-after'], '30');
    assert.match(refused.message, /could not save your request/);
    await desk.close();
  });
});

describe('LeadDesk when the journal fails', () => {
  it('never throws from delivery and backs off instead of hammering upstream', async () => {
    const now = 0;
    class BrokenDisk extends MemoryLeadStore {
      override async settle(): Promise<void> {
        throw new Error('ENOSPC');
      }
    }
    const store = new BrokenDisk();
    const up = scriptedUpstream([okRes(), okRes()]);
    const desk = new LeadDesk(store, up, { apiKey: 'k', timeoutMs: 1000, now: () => now, random: () => 0.5 });
    await store.enqueue(pendingLead({ id: '/p k', path: '/p', idempotencyKey: 'k' }));
    await desk.deliverDue();
    assert.equal(up.sent.length, 1);
    const rec = store.get('/p k');
    assert.equal(rec?.state, 'pending');
    assert.ok(rec?.state === 'pending' && rec.nextAttemptAt > now, 'backed off');
    await desk.deliverDue();
    assert.equal(up.sent.length, 1, 'not sent again before its time');
    await desk.close();
  });
});

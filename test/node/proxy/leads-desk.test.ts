/**
 * The lead desk's own rules, fast and on a controlled clock (node:test's mock timers or an injected
 * `now`): when it probes CarStrel and how often, how many leads it sends at once, what it sends, when
 * its timer fires, what it does once closed, and which leads reach the dealer's sinks. The slower
 * suites (leads-timing on real timers, sinks-outbox) check the same desk end to end.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { settledLead } from '../../../proxy/lib/lead-store.js';
import { LeadDesk, MemoryLeadStore, backoffDelay, type LeadDeskOptions } from '../../../proxy/lib/leads.js';
import type { LeadSink } from '../../../proxy/lib/sinks/types.js';
import {
  UpstreamError,
  type Upstream,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../../../proxy/lib/upstream.js';
import { okRes, pendingLead, scriptedUpstream, until } from './lead-fakes.js';

const body = '{"email":"a@b.c"}';
const unreachable = () => Promise.reject(new UpstreamError('unreachable'));
/** Let every pending promise chain run (setImmediate is never mocked here). */
const flush = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

function desk(store: MemoryLeadStore, up: Upstream, opts: Partial<LeadDeskOptions> = {}) {
  return new LeadDesk(store, up, { apiKey: 'sk_test_desk', timeoutMs: 5000, random: () => 1, ...opts });
}

/** An upstream whose lead POSTs wait until released, to see how many are in flight at once. */
function heldUpstream() {
  const held: Array<{ req: UpstreamRequest; answer: (a: UpstreamResponse | 'down') => void }> = [];
  let inFlight = 0;
  let most = 0;
  const up: Upstream & { held: typeof held; most: () => number; sent: UpstreamRequest[] } = {
    held,
    sent: [],
    most: () => most,
    request(req) {
      up.sent.push(req);
      if (req.method === 'GET') return Promise.resolve(okRes(200));
      inFlight++;
      most = Math.max(most, inFlight);
      return new Promise<UpstreamResponse>((resolve, reject) => {
        held.push({
          req,
          answer: (a) => {
            inFlight--;
            if (a === 'down') reject(new UpstreamError('unreachable'));
            else resolve(a);
          },
        });
      });
    },
    async close() {},
  };
  return up;
}

describe('LeadDesk: what it sends upstream', () => {
  it('delivers a queued lead as the same POST, with its key, the API key and JSON accepted', async () => {
    const store = new MemoryLeadStore();
    const up = scriptedUpstream([okRes(201)]);
    const d = desk(store, up);
    await store.enqueue(pendingLead({ path: '/external/test-drives', idempotencyKey: 'key-shape-01', body }));
    await d.deliverDue();
    assert.deepEqual(up.posts(), [
      {
        method: 'POST',
        path: '/external/test-drives',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'idempotency-key': 'key-shape-01',
          'x-api-key': 'sk_test_desk',
        },
        body: new TextEncoder().encode(body),
        timeoutMs: 5000,
      },
    ]);
    await d.close();
  });

  it('probes with an authenticated GET of an allowed route, within 2 s (or the shorter upstream timeout)', async () => {
    const store = new MemoryLeadStore();
    const up = scriptedUpstream([okRes(500)]);
    const d = desk(store, up);
    await store.enqueue(pendingLead({ path: '/p' }));
    await d.deliverDue();
    assert.deepEqual(up.probes(), [
      {
        method: 'GET',
        path: '/external/engine-types',
        headers: { 'x-api-key': 'sk_test_desk', accept: 'application/json' },
        timeoutMs: 2000,
      },
    ]);
    await d.close();

    const store2 = new MemoryLeadStore();
    const up2 = scriptedUpstream([okRes(500)]);
    const d2 = desk(store2, up2, { probePath: '/external/fuel-types', timeoutMs: 800 });
    await store2.enqueue(pendingLead({ path: '/p' }));
    await d2.deliverDue();
    assert.deepEqual(
      up2.probes().map((r) => [r.path, r.timeoutMs]),
      [['/external/fuel-types', 800]],
    );
    await d2.close();
  });

  it('counts each attempt and backs the lead off by it', async () => {
    const now = 50_000;
    const store = new MemoryLeadStore();
    const up = scriptedUpstream([okRes(503)]);
    const d = desk(store, up, { now: () => now, random: () => 0.5 });
    await store.enqueue(pendingLead({ id: '/p k-att', path: '/p', idempotencyKey: 'k-att', attempts: 2 }));
    await d.deliverDue();
    const rec = store.get('/p k-att');
    assert.ok(rec?.state === 'pending', `the lead is ${rec?.state ?? 'missing'}, not pending`);
    assert.equal(rec.attempts, 3);
    assert.equal(rec.nextAttemptAt, now + backoffDelay(3, 0.5));
    await d.close();
  });

  it('a delivered lead is settled once and never rescheduled (with or without an onDelivered hook)', async () => {
    class Counting extends MemoryLeadStore {
      retries = 0;
      override retryLater(id: string, attempts: number, at: number): Promise<void> {
        this.retries++;
        return super.retryLater(id, attempts, at);
      }
    }
    const store = new Counting();
    const d = desk(store, scriptedUpstream([okRes(201)]));
    await store.enqueue(pendingLead({ id: '/p k-once', path: '/p', idempotencyKey: 'k-once' }));
    await d.deliverDue();
    assert.equal(store.get('/p k-once')?.state, 'done');
    assert.equal(store.retries, 0, 'no retry written for a delivered lead');
    await d.close();

    const seen: string[] = [];
    const store2 = new Counting();
    const d2 = desk(store2, scriptedUpstream([okRes(201)]), { onDelivered: (r) => seen.push(r.id) });
    await store2.enqueue(pendingLead({ id: '/p k-hook', path: '/p', idempotencyKey: 'k-hook' }));
    await d2.deliverDue();
    assert.deepEqual(seen, ['/p k-hook']);
    assert.equal(store2.retries, 0);
    await d2.close();
  });

  it('a failure of the proxy itself while forwarding is not queued as an outage', async () => {
    const store = new MemoryLeadStore();
    const up = scriptedUpstream([], { probe: 'down' });
    const d = desk(store, up);
    const bug = new TypeError('broken forward');
    const failed = await d
      .submit('/p', 'key-bug-0001', body, 'application/json', () => Promise.reject(bug))
      .catch((e: unknown) => e);
    assert.equal(failed, bug);
    assert.equal(d.depth, 0);
    assert.equal(store.get('/p key-bug-0001'), undefined, 'nothing recorded: the same key may be sent again');
    assert.equal(up.sent.length, 0);
    await d.close();
  });
});

describe('LeadDesk: probing CarStrel', () => {
  it('rule: at most one probe a second, however many leads fail alone', async () => {
    let now = 10_000;
    const store = new MemoryLeadStore();
    const up = scriptedUpstream([], { lead: () => okRes(500) });
    const d = desk(store, up, { now: () => now, concurrency: 1 });
    for (let i = 0; i < 3; i++) await store.enqueue(pendingLead({ path: '/p' }));
    await d.deliverDue();
    assert.equal(up.posts().length, 3);
    assert.equal(up.probes().length, 1, 'one probe for three failures in the same second');
    assert.equal(d.queue().upstream, 'up');

    now += 999;
    await store.enqueue(pendingLead({ path: '/p', nextAttemptAt: now }));
    await d.deliverDue();
    assert.equal(up.probes().length, 1, 'its answer is reused for a second');
    now += 1;
    await store.enqueue(pendingLead({ path: '/p', nextAttemptAt: now }));
    await d.deliverDue();
    assert.equal(up.probes().length, 2, 'and asked again after it');
    await d.close();
  });

  it('rule: a return seen by the app counts as a fresh probe (no probe for a lead failing just after)', async () => {
    const now = 10_000;
    const store = new MemoryLeadStore();
    const up = scriptedUpstream([], { probe: 'down', lead: () => okRes(500) });
    const d = desk(store, up, { now: () => now });
    assert.equal((await d.submit('/p', 'key-fresh-01', body, 'application/json', unreachable)).status, 202);
    assert.ok(await until(() => d.queue().upstream === 'down', 1000));
    assert.equal(up.probes().length, 1);
    up.probe = 'up';
    d.noteUpstream(200);
    await d.deliverDue();
    assert.equal(up.posts().length, 1, 'the lead was tried and failed alone');
    assert.equal(up.probes().length, 1, 'no probe: CarStrel just answered');
    await d.close();
  });

  it('rule: while CarStrel is down no lead is sent besides the one probing it', async () => {
    const now = 10_000;
    const store = new MemoryLeadStore();
    const up = scriptedUpstream([], { probe: 'down' });
    const d = desk(store, up, { now: () => now, concurrency: 1 });
    for (let i = 0; i < 5; i++) await store.enqueue(pendingLead({ path: '/p' }));
    await d.deliverDue();
    assert.equal(up.posts().length, 1, 'the first failure and a failed probe stop the drain');
    assert.equal(up.probes().length, 1);
    assert.equal(d.queue().upstream, 'down');
    assert.equal(store.pending().filter((r) => r.attempts > 1).length, 1, 'the other four untouched');
    await d.close();
  });

  it('sends at most `concurrency` leads at once (default 4, at least 1)', async () => {
    for (const [concurrency, most] of [
      [undefined, 4],
      [2, 2],
      [0, 1],
    ] as const) {
      const store = new MemoryLeadStore();
      const up = heldUpstream();
      const d = desk(store, up, { now: () => 10_000, concurrency });
      for (let i = 0; i < 8; i++) await store.enqueue(pendingLead({ path: '/p' }));
      const done = d.deliverDue();
      while (store.pending().length) {
        await flush();
        for (const h of up.held.splice(0)) h.answer(okRes(201));
      }
      await done;
      assert.equal(up.sent.filter((r) => r.method === 'POST').length, 8);
      assert.equal(up.most(), most, `concurrency ${String(concurrency)}`);
      await d.close();
    }
  });
});

describe('LeadDesk: its timer', () => {
  it('sends a waiting lead when its time comes, not before', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
    const store = new MemoryLeadStore();
    const up = scriptedUpstream([], { lead: () => okRes(201) });
    const d = desk(store, up);
    await store.enqueue(pendingLead({ path: '/p', nextAttemptAt: 3100 }));
    await d.deliverDue();
    assert.equal(up.posts().length, 0);
    t.mock.timers.tick(3099);
    await flush();
    assert.equal(up.posts().length, 0, 'not before its time');
    t.mock.timers.tick(1);
    await flush();
    assert.equal(up.posts().length, 1, 'at its time');
    assert.equal(d.depth, 0);
    await d.close();
  });

  it('rule: while CarStrel is down, the head lead probes it at the probe interval, and new leads add no probe', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
    const store = new MemoryLeadStore();
    const up = scriptedUpstream([], { probe: 'down' });
    const d = desk(store, up);
    assert.equal((await d.submit('/p', 'key-down-0001', body, 'application/json', unreachable)).status, 202);
    await flush();
    assert.equal(d.queue().upstream, 'down', 'the intake probe failed');
    assert.equal(up.probes().length, 1);
    // random 1: the probe intervals are 500 ms, then 1000 ms (the lead's own backoff would be 2 s).
    t.mock.timers.tick(499);
    await flush();
    assert.equal(up.posts().length, 0);
    t.mock.timers.tick(1);
    await flush();
    assert.equal(up.posts().length, 1, 'the head lead, sent as the probe');
    t.mock.timers.tick(999);
    await flush();
    assert.equal(up.posts().length, 1);
    t.mock.timers.tick(1);
    await flush();
    assert.equal(up.posts().length, 2);

    assert.equal((await d.submit('/p', 'key-down-0002', body, 'application/json', unreachable)).status, 202);
    await flush();
    assert.equal(up.probes().length, 1, 'no GET probe while down: the head lead is the probe');
    await d.close();
  });

  it('a lead due weeks away does not wake the desk before (timers are capped, not overflowed)', async () => {
    let calls = 0;
    class Counting extends MemoryLeadStore {
      override nextDue() {
        calls++;
        return super.nextDue();
      }
    }
    const store = new Counting();
    const up = scriptedUpstream([], { lead: () => okRes(201) });
    const d = desk(store, up);
    await store.enqueue(pendingLead({ path: '/p', nextAttemptAt: Date.now() + 40 * 24 * 3600_000 }));
    await d.deliverDue();
    const before = calls;
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(calls - before <= 1, `${calls - before} wake-ups in 200 ms`);
    assert.equal(up.sent.length, 0);
    await d.close();
  });

  it('runs where setTimeout returns a number (an edge runtime: no unref)', async (t) => {
    const real = globalThis.setTimeout;
    t.mock.method(globalThis, 'setTimeout', (fn: () => void, ms?: number) => Number(real(fn, ms)));
    const store = new MemoryLeadStore();
    const up = scriptedUpstream([], { lead: () => okRes(201) });
    const d = desk(store, up);
    await store.enqueue(pendingLead({ path: '/p', nextAttemptAt: Date.now() + 50 }));
    await d.deliverDue();
    assert.ok(await until(() => d.depth === 0, 2000), 'delivered by the timer');
    await d.close();
  });
});

describe('LeadDesk: closed', () => {
  it('closes its store, and sends nothing once closed, even while CarStrel is down', async () => {
    class Closing extends MemoryLeadStore {
      closed = false;
      override async close(): Promise<void> {
        this.closed = true;
      }
    }
    const store = new Closing();
    const up = scriptedUpstream([], { probe: 'down' });
    const d = desk(store, up);
    assert.equal((await d.submit('/p', 'key-close-001', body, 'application/json', unreachable)).status, 202);
    assert.ok(await until(() => d.queue().upstream === 'down', 1000));
    const sent = up.sent.length;
    await d.close();
    assert.equal(store.closed, true);
    await d.deliverDue();
    await d.retryNow();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(up.sent.length, sent);
  });

  it('does not probe for a delivery that fails while it closes', async () => {
    const store = new MemoryLeadStore();
    const up = heldUpstream();
    const d = desk(store, up);
    await store.enqueue(pendingLead({ path: '/p' }));
    void d.deliverDue();
    await flush();
    assert.equal(up.held.length, 1);
    const closing = d.close();
    up.held[0].answer(okRes(503));
    await closing;
    assert.deepEqual(
      up.sent.map((r) => r.method),
      ['POST'],
    );
  });

  it('a drain asked for while CarStrel is down and nothing waits is a no-op', async () => {
    const now = 10_000;
    const store = new MemoryLeadStore();
    const up = scriptedUpstream([], { probe: 'down' });
    const d = desk(store, up, { now: () => now });
    await d.submit('/p', 'key-empty-001', body, 'application/json', unreachable);
    assert.ok(await until(() => d.queue().upstream === 'down', 1000));
    // Delivered meanwhile by another worker: the queue is empty, CarStrel still believed down.
    const rec = store.get('/p key-empty-001');
    assert.ok(rec?.state === 'pending', `the lead is ${rec?.state ?? 'missing'}, not pending`);
    await store.settle(settledLead(rec, 201, '{}', now));
    const sent = up.sent.length;
    await d.deliverDue();
    await d.retryNow();
    assert.equal(up.sent.length, sent);
    await d.close();
  });
});

describe('LeadDesk: start, view, health', () => {
  it('after a restart delivers what the journal holds at once (no sinks configured)', async () => {
    const store = new MemoryLeadStore();
    await store.enqueue(pendingLead({ path: '/p', nextAttemptAt: Date.now() + 3600_000 }));
    const up = scriptedUpstream([], { lead: () => okRes(201) });
    const d = desk(store, up);
    d.start();
    assert.ok(await until(() => d.depth === 0, 2000), 'the desk emptied within 2 s');
    assert.equal(up.posts().length, 1);
    await d.close();
  });

  it("the console's outbox lists waiting leads, and its retry-now sends them at once", async () => {
    const store = new MemoryLeadStore();
    await store.enqueue(pendingLead({ path: '/p', reference: 'lead_view_1', nextAttemptAt: Date.now() + 3600_000 }));
    const up = scriptedUpstream([], { lead: () => okRes(201) });
    const d = desk(store, up);
    const view = await d.view();
    assert.equal(view.queue.depth, 1);
    assert.ok(JSON.stringify(view).includes('lead_view_1'), 'the view shows lead_view_1');
    await d.retryNow();
    assert.ok(await until(() => d.depth === 0, 2000), 'the desk emptied within 2 s');
    assert.equal(up.posts().length, 1);
    await d.close();
  });

  it('reports an unwritable journal with a reason even when the store gives none', async () => {
    class Unwritable extends MemoryLeadStore {
      override stats() {
        return { ...super.stats(), writable: false, error: undefined };
      }
    }
    const d = desk(new Unwritable(), scriptedUpstream());
    assert.deepEqual(d.queue().journal, { writable: false, error: 'unknown' });
    await d.close();
  });
});

describe("LeadDesk: the car behind a test drive, for the dealer's sinks", () => {
  it("reads the inventory again on the proxy's clock: a car listed since is found once the reload time has passed", async () => {
    let now = 1_000_000;
    let listed: unknown[] = [];
    const reads: string[] = [];
    const up: Upstream = {
      request(req) {
        if (req.method === 'GET' && req.path.startsWith('/external/vehicles')) {
          reads.push(req.path);
          const page = { statusCode: 200, data: listed, totalPages: 1 };
          return Promise.resolve({ ...okRes(200), body: new TextEncoder().encode(JSON.stringify(page)) });
        }
        return Promise.resolve(okRes(200));
      },
      async close() {},
    };
    const events: Array<{ vehicle?: { id?: string; make?: string } }> = [];
    const s: LeadSink = {
      name: 'webhook',
      deliver(lead) {
        events.push(lead);
        return Promise.resolve();
      },
    };
    const d = desk(new MemoryLeadStore(), up, { sinks: [s], now: () => now });
    const drive = (key: string) =>
      d.submit('/external/test-drives', key, '{"vehicleId":"car-9","email":"a@b.c"}', 'application/json', () =>
        Promise.resolve(okRes(201)),
      );
    await drive('key-car-00001');
    assert.ok(await until(() => events.length === 1, 2000), `${events.length} events, not 1`);
    assert.deepEqual(events[0].vehicle, { id: 'car-9' }, 'not listed yet: the id alone');
    listed = [{ id: 'car-9', year: 2022, model: { name: 'Civic', brand: { name: 'Honda' } } }];
    now += 11_000;
    await drive('key-car-00002');
    assert.ok(await until(() => events.length === 2, 2000), `${events.length} events, not 2`);
    assert.equal(reads.length, 2, 'read again, 11 s later on the proxy clock');
    assert.equal(events[1].vehicle?.make, 'Honda');
    await d.close();
  });
});

describe('LeadDesk: sinks removed from the configuration', () => {
  it('a desk without sinks takes a key again whose old sink job is still stored', async () => {
    const down: LeadSink = { name: 'webhook', deliver: () => Promise.reject(new Error('HTTP 503')) };
    // One settled result kept: the second lead pushes the first one's record out, its sink job stays.
    const store = new MemoryLeadStore({ maxSettled: 1 });
    const first = desk(store, scriptedUpstream(), { sinks: [down] });
    const ok = () => Promise.resolve(okRes(201));
    await first.submit('/p', 'key-old-job-1', body, 'application/json', ok);
    await first.submit('/p', 'key-old-job-2', body, 'application/json', ok);
    await first.close();
    assert.equal(store.get('/p key-old-job-1'), undefined);
    assert.ok(store.job('/p key-old-job-1'), 'its job is still waiting for the sink');

    const second = desk(store, scriptedUpstream());
    const again = await second.submit('/p', 'key-old-job-1', body, 'application/json', ok);
    assert.equal(again.status, 201);
    assert.equal(again.outcome, 'forwarded');
    await second.close();
  });
});

describe("LeadDesk: which leads go to the dealer's sinks", () => {
  function sink(): LeadSink & { got: string[] } {
    const s = {
      name: 'webhook',
      got: [] as string[],
      deliver(lead: { reference: string }) {
        s.got.push(lead.reference);
        return Promise.resolve();
      },
    };
    return s;
  }
  it('a lead queued while CarStrel is down goes to the sinks at once, and /healthz reports each sink', async () => {
    const s = sink();
    const d = desk(new MemoryLeadStore(), scriptedUpstream([], { probe: 'down' }), { sinks: [s] });
    const a = await d.submit('/external/contact/submit', 'key-route-queued', body, 'application/json', unreachable);
    assert.equal(a.status, 202);
    assert.ok(await until(() => s.got.length === 1, 2000), `the sink got ${s.got.length} leads, not 1`);
    assert.deepEqual(s.got, [a.reference]);
    assert.deepEqual(Object.keys(d.queue().sinks ?? {}), ['webhook']);
    assert.equal(d.queue().sinks?.webhook.state, 'ok');
    await d.close();
  });

  for (const [status, routed] of [
    [200, true],
    [201, true],
    [299, true],
    [300, false],
    [400, false],
  ] as const) {
    it(`a lead CarStrel answers ${status} ${routed ? 'goes' : 'does not go'} to the sinks`, async () => {
      const s = sink();
      const store = new MemoryLeadStore();
      const d = desk(store, scriptedUpstream(), { sinks: [s] });
      const a = await d.submit('/external/contact/submit', `key-route-${status}`, body, 'application/json', () =>
        Promise.resolve(okRes(status)),
      );
      assert.equal(a.status, status);
      const id = `/external/contact/submit key-route-${status}`;
      if (routed) {
        assert.ok(await until(() => s.got.length === 1, 2000), `the sink got ${s.got.length} leads, not 1`);
        assert.deepEqual(s.got, [a.reference]);
      } else {
        await new Promise((r) => setTimeout(r, 100));
        assert.deepEqual(s.got, []);
        assert.equal(store.job(id), undefined);
      }
      await d.close();
    });
  }
});

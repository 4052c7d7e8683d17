/**
 * The sink outbox (sinks/runner.ts) on its own, on a mocked clock: when each lead is tried, how a
 * failing sink is paced (backoff per lead, one lead at a time behind a growing gate), how its
 * backlog drains once it is back, what is recorded after each attempt, giving up, restart and
 * close. Exact times, in milliseconds, without waiting for them (sinks-outbox.test.ts checks the
 * same outbox with the lead desk, on the real clock). Then the book of sink jobs (sinks/jobs.ts)
 * on its own: what it keeps, its limits, what it forgets, and the journal lines it reads back.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { settledLead, utf8Length } from '../../../proxy/lib/lead-store.js';
import { MemoryLeadStore } from '../../../proxy/lib/leads.js';
import {
  BACKLOG_FULL,
  JobBook,
  jobKey,
  parseJobEntry,
  type SinkJob,
  type SinkState,
} from '../../../proxy/lib/sinks/jobs.js';
import { SinkDesk, type SinkDeskOptions } from '../../../proxy/lib/sinks/runner.js';
import { SinkFailure, type LeadEvent, type LeadSink } from '../../../proxy/lib/sinks/types.js';

const T0 = Date.parse('2026-11-30T12:00:00Z');
const DAY = 24 * 3600 * 1000;

type Mode = 'ok' | 'fail' | 'throw' | 'hold';

interface Sink extends LeadSink {
  mode: Mode;
  calls: Array<{ at: number; lead: LeadEvent }>;
  /** Deliveries held open (mode `hold`): settle them by hand. */
  held: Array<{ ok: () => void; fail: () => void }>;
  closed: number;
}

function sink(name: string, mode: Mode = 'ok'): Sink {
  const s: Sink = {
    name,
    mode,
    calls: [],
    held: [],
    closed: 0,
    deliver(lead) {
      s.calls.push({ at: Date.now(), lead });
      if (s.mode === 'ok') return Promise.resolve();
      if (s.mode === 'fail') return Promise.reject(new SinkFailure('HTTP 503'));
      if (s.mode === 'throw') return Promise.reject(new Error('connect ECONNREFUSED https://user:pw@crm.example'));
      return new Promise<void>((ok, fail) => s.held.push({ ok, fail: () => fail(new SinkFailure('HTTP 502')) }));
    },
    close() {
      s.closed++;
      return Promise.resolve();
    },
  };
  return s;
}

/** Let every promise chain that is ready run (the clock does not move). */
async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((ok) => setImmediate(ok));
}

/** Move the mocked clock, letting what becomes due run at each step. */
async function advance(ms: number, step = 50): Promise<void> {
  for (let left = ms; left > 0; left -= step) {
    mock.timers.tick(Math.min(step, left));
    await flush();
  }
}

const PATH = '/external/contact/submit';
const idOf = (i: number) => `${PATH} key-${i}`;

describe('sink outbox (mocked clock)', () => {
  let store: MemoryLeadStore;
  const desks: SinkDesk[] = [];
  // A rejected promise nobody handles would stop the proxy (Node's default): the outbox leaves none.
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: T0 });
    store = new MemoryLeadStore();
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(async () => {
    while (desks.length) await desks.pop()?.close();
    await flush();
    mock.timers.reset();
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
  });

  function outbox(sinks: LeadSink[], opts: SinkDeskOptions = {}): SinkDesk {
    const d = new SinkDesk(store, sinks, { random: () => 0.5, ...opts });
    desks.push(d);
    return d;
  }

  /** A lead taken now (or at `createdAt`), stored with its job and handed to the outbox. */
  async function take(
    d: SinkDesk,
    i: number,
    opts: { createdAt?: number; body?: string; path?: string; sinks?: Record<string, SinkState> } = {},
  ): Promise<string> {
    const id = idOf(i);
    const createdAt = opts.createdAt ?? Date.now();
    const body = opts.body ?? JSON.stringify({ name: 'Kim', email: `kim${i}@example.com`, message: `Lead ${i}` });
    const job: SinkJob = d.newJob(id, `lead_${i}`, createdAt, {
      path: opts.path ?? PATH,
      body,
      page: 'https://www.dealer.example/contact',
    });
    if (opts.sinks) job.sinks = opts.sinks;
    await store.settle(
      settledLead({ id, fingerprint: 'f', reference: `lead_${i}`, createdAt }, 201, '{}', createdAt),
      job,
    );
    d.add(store.job(id)!);
    await flush();
    return id;
  }
  const state = (id: string, name: string) => store.job(id)!.sinks[name];

  it('tries a new lead at once, records it sent and drops its body', async () => {
    const hook = sink('webhook');
    const d = outbox([hook]);
    const job = d.newJob(idOf(1), 'lead_1', T0, { path: PATH, body: '{}' });
    assert.deepEqual(job.sinks, { webhook: { s: 'pending', attempts: 0, next: T0 } });
    const id = await take(d, 1);
    await flush();
    assert.equal(hook.calls.length, 1);
    assert.equal(hook.calls[0].at, T0);
    const lead = hook.calls[0].lead;
    assert.equal(lead.reference, 'lead_1');
    assert.equal(lead.receivedAt, T0);
    assert.equal(lead.kind, 'contact');
    assert.equal(lead.page, 'https://www.dealer.example/contact');
    assert.deepEqual(lead.contact, { name: 'Kim', email: 'kim1@example.com' });
    assert.deepEqual(state(id, 'webhook'), { s: 'sent', at: T0, attempts: 1 });
    assert.equal(store.job(id)!.lead, undefined, 'no body once every sink has it');
    assert.deepEqual(d.health(), { webhook: { pending: 0, failed: 0, state: 'ok', lastError: null } });
    await advance(10_000, 1000);
    assert.equal(hook.calls.length, 1, 'sent once');
  });

  it('records a failure with its reason and retries the lead after its backoff, not before', async () => {
    const hook = sink('webhook', 'fail');
    const d = outbox([hook]);
    const id = await take(d, 1);
    await flush();
    assert.deepEqual(state(id, 'webhook'), { s: 'pending', attempts: 1, next: T0 + 1000, error: 'HTTP 503' });
    assert.deepEqual(d.health(), { webhook: { pending: 1, failed: 0, state: 'failing', lastError: 'HTTP 503' } });
    await advance(999, 333);
    assert.equal(hook.calls.length, 1, 'not before its backoff');
    await advance(1, 1);
    assert.equal(hook.calls.length, 2);
    assert.equal(hook.calls[1].at, T0 + 1000);
    assert.deepEqual(state(id, 'webhook'), { s: 'pending', attempts: 2, next: T0 + 3000, error: 'HTTP 503' });
    hook.mode = 'throw';
    await advance(2000, 500);
    assert.equal(hook.calls.length, 3);
    assert.deepEqual(
      state(id, 'webhook'),
      { s: 'pending', attempts: 3, next: T0 + 7000, error: 'error' },
      'an unexpected error is recorded as "error", never its message (a URL, a secret)',
    );
    assert.equal(d.health().webhook.lastError, 'error');
    hook.mode = 'ok';
    await advance(4000, 500);
    assert.equal(hook.calls.length, 4);
    assert.deepEqual(state(id, 'webhook'), { s: 'sent', at: T0 + 7000, attempts: 4 });
    assert.deepEqual(d.health(), { webhook: { pending: 0, failed: 0, state: 'ok', lastError: null } });
  });

  it('delivers two leads at a time to a healthy sink, or as many as configured (at least one)', async () => {
    for (const [concurrency, width] of [
      [undefined, 2],
      [3, 3],
      [0, 1],
    ] as const) {
      store = new MemoryLeadStore();
      const hook = sink('webhook', 'hold');
      const d = outbox([hook], { concurrency });
      for (let i = 0; i < 4; i++) await take(d, i);
      await flush();
      assert.equal(hook.calls.length, width, `concurrency ${concurrency}`);
      hook.held.shift()!.ok();
      await flush();
      assert.equal(hook.calls.length, width + 1, 'the next one starts as soon as one ends');
      while (hook.held.length) {
        hook.held.shift()!.ok();
        await flush();
      }
      assert.equal(hook.calls.length, 4);
      assert.equal(new Set(hook.calls.map((c) => c.lead.reference)).size, 4);
    }
  });

  it('tries a failing sink one lead at a time, behind a gate that grows with each failure', async () => {
    const hook = sink('webhook', 'fail');
    const d = outbox([hook]);
    await take(d, 1); // fails: gate 375 ms (0.5 … 1 × 500 ms), lead 1 next at +1000 ms
    await flush();
    hook.mode = 'hold';
    await take(d, 2); // a new lead may try a failing sink at once
    await take(d, 3);
    await flush();
    assert.deepEqual(
      hook.calls.map((c) => c.lead.reference),
      ['lead_1', 'lead_2'],
      'one at a time while failing',
    );
    hook.mode = 'fail';
    hook.held.shift()!.fail(); // second failure: gate 750 ms
    await flush();
    assert.equal(d.health().webhook.lastError, 'HTTP 502');
    await advance(749, 749);
    assert.equal(hook.calls.length, 2, 'lead 3 is due but the gate holds it');
    await advance(1, 1);
    assert.equal(hook.calls.length, 3);
    assert.equal(hook.calls[2].lead.reference, 'lead_3');
    assert.equal(hook.calls[2].at, T0 + 750);
    // third failure: gate 1500 ms; lead 1 was due at +1000, it waits for the gate
    await advance(1499, 1499);
    assert.equal(hook.calls.length, 3);
    await advance(1, 1);
    assert.equal(hook.calls.length, 4);
    assert.notEqual(hook.calls[3].lead.reference, 'lead_3', 'lead 1 or 2, both due at +1000');
    assert.equal(hook.calls[3].at, T0 + 2250);
  });

  it("drains a sink's whole backlog at its first success, each lead once", async () => {
    const hook = sink('webhook', 'fail');
    const d = outbox([hook]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await take(d, i));
      await advance(1000, 250);
    }
    await advance(20_000, 500);
    const waiting = ids.map((id) => {
      const st = state(id, 'webhook');
      assert.equal(st.s, 'pending');
      return st.s === 'pending' ? st.next : 0;
    });
    const first = Math.min(...waiting);
    const last = Math.max(...waiting);
    assert.ok(last - first > 5000, `the leads wait for different times: ${waiting.map((t) => t - T0).join(', ')}`);
    hook.mode = 'ok';
    const before = hook.calls.length;
    await advance(first - Date.now(), 50);
    await advance(6000, 50); // past the longest gate
    for (const id of ids) {
      const st = state(id, 'webhook');
      assert.equal(st.s, 'sent');
      assert.ok(st.s === 'sent' && st.at < last, `${id} sent at ${st.s === 'sent' ? st.at - T0 : '-'}`);
    }
    assert.equal(hook.calls.length - before, 5, 'each lead once');
    assert.equal(d.health().webhook.state, 'ok');
  });

  it('"retry now" makes the waiting leads of one sink, or of all, due now; a lead in flight is not sent twice', async () => {
    const hook = sink('webhook', 'fail');
    const mail = sink('email', 'fail');
    const d = outbox([hook, mail]);
    await take(d, 1);
    await flush();
    assert.equal(hook.calls.length, 1);
    assert.equal(mail.calls.length, 1);
    d.retryNow('webhook');
    await flush();
    assert.equal(hook.calls.length, 2, 'the gate and the backoff are skipped');
    assert.equal(mail.calls.length, 1, 'the other sink keeps its schedule');
    d.retryNow();
    await flush();
    assert.equal(hook.calls.length, 3);
    assert.equal(mail.calls.length, 2);

    hook.mode = 'hold';
    d.retryNow();
    await flush();
    assert.equal(hook.calls.length, 4);
    d.retryNow('webhook');
    d.retryNow();
    await flush();
    assert.equal(hook.calls.length, 4, 'in flight: not tried again');
    hook.held.shift()!.ok();
    await flush();
    assert.equal(state(idOf(1), 'webhook').s, 'sent');
  });

  it('after a restart, every job still pending is due at once, for the sinks that wait for it only', async () => {
    const hook = sink('webhook', 'fail');
    const mail = sink('email');
    const d1 = outbox([hook, mail]);
    const id = await take(d1, 1);
    await advance(3000, 500);
    assert.equal(mail.calls.length, 1);
    await d1.close();
    assert.equal(state(id, 'webhook').s, 'pending');
    const next = state(id, 'webhook');
    assert.ok(next.s === 'pending' && next.next > Date.now() + 1000);

    const hook2 = sink('webhook');
    const mail2 = sink('email');
    const d2 = outbox([hook2, mail2]);
    await flush();
    assert.equal(hook2.calls.length, 0, 'nothing before start()');
    d2.start();
    await flush();
    assert.equal(hook2.calls.length, 1);
    assert.equal(hook2.calls[0].at, Date.now());
    assert.equal(mail2.calls.length, 0, 'the email sink had it');
    assert.deepEqual(Object.fromEntries(Object.entries(store.job(id)!.sinks).map(([k, v]) => [k, v.s])), {
      webhook: 'sent',
      email: 'sent',
    });
  });

  it('adds nothing for a job without its lead, nor to a sink that settled it', async () => {
    const hook = sink('webhook');
    const mail = sink('email');
    const d = outbox([hook, mail]);
    await take(d, 1, {
      sinks: { webhook: { s: 'sent', at: T0, attempts: 1 }, email: { s: 'pending', attempts: 0, next: T0 } },
    });
    await flush();
    assert.equal(hook.calls.length, 0);
    assert.equal(mail.calls.length, 1);
    d.add({
      id: idOf(2),
      reference: 'lead_2',
      createdAt: T0,
      sinks: { webhook: { s: 'pending', attempts: 0, next: T0 } },
    });
    await flush();
    assert.equal(hook.calls.length, 0, 'no lead to send');
  });

  it('gives a lead up once it is older than the give-up time: marked failed, body dropped, not tried again', async () => {
    const hook = sink('webhook', 'fail');
    const d = outbox([hook], { giveUpMs: 5000 });
    // taken 2 s ago: tried now (age 2 s), at +1 s (age 3 s), at +3 s (age 5 s: given up)
    const id = await take(d, 1, { createdAt: T0 - 2000 });
    await advance(1000, 250);
    assert.equal(hook.calls.length, 2);
    assert.equal(state(id, 'webhook').s, 'pending');
    await advance(2000, 250);
    assert.equal(hook.calls.length, 3);
    assert.deepEqual(state(id, 'webhook'), { s: 'failed', at: T0 + 3000, attempts: 3, error: 'HTTP 503' });
    assert.equal(store.job(id)!.lead, undefined);
    assert.deepEqual(d.health().webhook, { pending: 0, failed: 1, state: 'failing', lastError: 'HTTP 503' });
    await advance(60_000, 5000);
    assert.equal(hook.calls.length, 3, 'not tried again');
  });

  it('gives up after three days by default', async () => {
    const hook = sink('webhook', 'fail');
    const d = outbox([hook]);
    const young = await take(d, 1, { createdAt: T0 - 3 * DAY + 1 });
    const old = await take(d, 2, { createdAt: T0 - 3 * DAY });
    await flush();
    assert.equal(state(young, 'webhook').s, 'pending');
    assert.equal(state(old, 'webhook').s, 'failed');
  });

  it('waits for a lead due in weeks (beyond what one timer can hold) without trying it early', async () => {
    const hook = sink('webhook');
    const d = outbox([hook]);
    const due = T0 + 30 * DAY;
    await take(d, 1, { sinks: { webhook: { s: 'pending', attempts: 5, next: due } } });
    await flush();
    assert.equal(hook.calls.length, 0);
    await advance(25 * DAY, DAY);
    assert.equal(hook.calls.length, 0, 'not before it is due');
    await take(d, 2);
    assert.equal(hook.calls.length, 1, 'another lead is sent at once…');
    await advance(DAY, DAY);
    assert.equal(hook.calls.length, 1, '…and a success on a healthy sink pulls no waiting lead forward');
    await advance(4 * DAY, DAY);
    assert.equal(hook.calls.length, 2);
    assert.equal(hook.calls[1].at, due);
  });

  it('shows every sink as healthy with nothing pending before its first lead', () => {
    const d = outbox([sink('webhook'), sink('email')]);
    assert.deepEqual(d.health(), {
      webhook: { pending: 0, failed: 0, state: 'ok', lastError: null },
      email: { pending: 0, failed: 0, state: 'ok', lastError: null },
    });
  });

  it('after a restart with a sink added, the leads taken before go only to the sinks they were for', async () => {
    const hook = sink('webhook', 'fail');
    const d1 = outbox([hook]);
    const id = await take(d1, 1);
    await d1.close();
    const hook2 = sink('webhook');
    const mail = sink('email');
    const d2 = outbox([hook2, mail]);
    d2.start();
    await flush();
    assert.equal(hook2.calls.length, 1);
    assert.equal(mail.calls.length, 0);
    assert.deepEqual(Object.keys(store.job(id)!.sinks), ['webhook']);
    await take(d2, 2);
    assert.equal(mail.calls.length, 1, 'new leads go to the new sink');
  });

  it('never sends a lead that is in flight a second time, even when told to retry now', async () => {
    const hook = sink('webhook', 'hold');
    const d = outbox([hook]);
    await take(d, 1);
    d.retryNow();
    d.retryNow('webhook');
    await flush();
    assert.equal(hook.calls.length, 1, 'a healthy sink has room for two, but this lead is already being sent');
    hook.held.shift()!.ok();
    await flush();
    assert.equal(state(idOf(1), 'webhook').s, 'sent');
  });

  it('checks the store before each attempt: a lead settled meanwhile, or gone, is not sent', async () => {
    const hook = sink('webhook', 'fail');
    const mail = sink('email', 'fail');
    const d = outbox([hook, mail]);
    const id = await take(d, 1);
    await store.updateSink(id, 'webhook', { s: 'sent', at: Date.now(), attempts: 1 }); // another instance had it
    await advance(5000, 500);
    assert.equal(hook.calls.length, 1, 'not tried again');
    assert.ok(mail.calls.length > 1, 'the other sink, still waiting, is');
    d.add({
      id: 'gone',
      reference: 'lead_gone',
      createdAt: T0,
      lead: { path: PATH, body: '{}' },
      sinks: { webhook: { s: 'pending', attempts: 0, next: T0 } },
    });
    await advance(5000, 500);
    assert.equal(
      hook.calls.filter((c) => c.lead.reference === 'lead_gone').length,
      0,
      'a job the store does not hold is dropped',
    );
  });

  it('describes a lead again when its id comes back after the old one was forgotten', async () => {
    store = new MemoryLeadStore({ retentionMs: 1000 });
    const hook = sink('webhook');
    const d = outbox([hook]);
    await take(d, 1, { body: JSON.stringify({ name: 'First' }) });
    await advance(2000, 1000);
    await take(d, 2); // settles after the retention of lead 1: the book forgets it
    assert.equal(store.job(idOf(1)), undefined);
    await take(d, 1, { body: JSON.stringify({ name: 'Second' }) });
    assert.deepEqual(
      hook.calls.map((c) => c.lead.contact.name),
      ['First', 'Kim', 'Second'],
    );
  });

  it("close() waits for the sinks' own close; a sink without one is fine", async () => {
    let closeSink!: () => void;
    const sinkClosed = new Promise<void>((ok) => (closeSink = ok));
    const slow: LeadSink = { name: 'webhook', deliver: () => Promise.resolve(), close: () => sinkClosed };
    const bare: LeadSink = { name: 'email', deliver: () => Promise.resolve() };
    const d = outbox([slow, bare]);
    let closed = false;
    const closing = d.close().then(() => (closed = true));
    await flush();
    assert.equal(closed, false);
    closeSink();
    await closing;
    assert.equal(closed, true);
  });

  it('works where timers are plain numbers (edge runtimes)', async () => {
    const real = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms?: number) => Number(real(fn, ms))) as typeof setTimeout;
    try {
      const hook = sink('webhook', 'fail');
      const d = outbox([hook]);
      await take(d, 1);
      await advance(1000, 500);
      assert.equal(hook.calls.length, 2, 'retried after its backoff');
    } finally {
      globalThis.setTimeout = real;
    }
  });

  it('describes a lead once for every sink and retry (one inventory lookup)', async () => {
    const hook = sink('webhook', 'fail');
    const mail = sink('email');
    let lookups = 0;
    const d = outbox([hook, mail], {
      lookup: (id) => {
        lookups++;
        return Promise.resolve({ id, year: 2024, make: 'Mazda', model: 'CX-5' });
      },
    });
    await take(d, 1, {
      path: '/external/test-drives',
      body: JSON.stringify({ name: 'Kim', email: 'kim@example.com', vehicleId: 'veh_9' }),
    });
    await advance(4000, 500);
    assert.ok(hook.calls.length >= 3);
    assert.equal(lookups, 1);
    assert.deepEqual(mail.calls[0].lead.vehicle, { id: 'veh_9', year: 2024, make: 'Mazda', model: 'CX-5' });
    assert.equal(hook.calls.at(-1)!.lead, mail.calls[0].lead);
  });

  it('idle() and close() wait for the deliveries in flight; after close nothing is tried and the sinks are closed', async () => {
    const hook = sink('webhook', 'hold');
    const mail = sink('email', 'fail');
    const d = outbox([hook, mail]);
    await take(d, 1);
    await flush();
    let idle = false;
    const idled = d.idle().then(() => (idle = true));
    await flush();
    assert.equal(idle, false);
    hook.held.shift()!.ok();
    await idled;
    assert.equal(state(idOf(1), 'webhook').s, 'sent');

    hook.mode = 'hold';
    await take(d, 2);
    await flush();
    let closed = false;
    const closing = d.close().then(() => (closed = true));
    await flush();
    assert.equal(closed, false, 'close waits for the delivery in flight');
    hook.held.shift()!.ok();
    await closing;
    assert.equal(hook.closed, 1);
    assert.equal(mail.closed, 1);
    const calls = mail.calls.length;
    await take(d, 3);
    d.retryNow();
    await advance(10_000, 1000);
    assert.equal(mail.calls.length, calls, 'nothing tried after close');
    assert.equal(hook.calls.length, 2);
  });
});

describe('sink jobs: the bounded book and its journal lines', () => {
  const limits = { maxPending: 10, maxPendingBytes: 1000, maxSettled: 10, retentionMs: 60_000 };
  function book(over: Partial<typeof limits> = {}) {
    const dropped: string[] = [];
    return { book: new JobBook({ ...limits, ...over }, utf8Length, (key) => dropped.push(key)), dropped };
  }
  const pending = (next = 0): SinkState => ({ s: 'pending', attempts: 0, next });
  const job = (i: number, sinks: Record<string, SinkState>, body = 'x'.repeat(10), page?: string): SinkJob => ({
    id: idOf(i),
    reference: `lead_${i}`,
    createdAt: i,
    lead: { path: PATH, body, ...(page ? { page } : {}) },
    sinks,
  });

  it('holds the lead while a sink waits, then only the states; counts per sink; settled states stay', () => {
    const { book: b, dropped } = book();
    b.apply({ t: 'job', rec: job(1, { webhook: pending(), email: pending() }, 'héllo', 'https://p.example/') });
    assert.equal(b.pendingCount, 1);
    assert.equal(b.pendingBytes, 6 + 18, 'UTF-8 bytes of the body and the page');
    assert.deepEqual(
      [...b.pending()].map((j) => j.id),
      [idOf(1)],
    );
    assert.deepEqual(b.counts(), { webhook: { pending: 1, failed: 0 }, email: { pending: 1, failed: 0 } });

    b.apply({ t: 'sink', id: idOf(1), sink: 'webhook', state: { s: 'sent', at: 5, attempts: 1 } });
    assert.equal(b.pendingCount, 1, 'the email sink still waits');
    assert.equal(b.get(idOf(1))!.lead!.body, 'héllo');
    assert.deepEqual(b.counts(), { webhook: { pending: 0, failed: 0 }, email: { pending: 1, failed: 0 } });

    b.apply({ t: 'sink', id: idOf(1), sink: 'email', state: { s: 'failed', at: 6, attempts: 9, error: 'SMTP 550' } });
    assert.equal(b.pendingCount, 0);
    assert.equal(b.pendingBytes, 0);
    assert.deepEqual([...b.pending()], []);
    assert.deepEqual(b.get(idOf(1)), {
      id: idOf(1),
      reference: 'lead_1',
      createdAt: 1,
      sinks: {
        webhook: { s: 'sent', at: 5, attempts: 1 },
        email: { s: 'failed', at: 6, attempts: 9, error: 'SMTP 550' },
      },
    });
    assert.deepEqual(b.counts(), { webhook: { pending: 0, failed: 0 }, email: { pending: 0, failed: 1 } });

    // a settled state is final; unknown jobs and sinks, and a second job for the lead, change nothing
    b.apply({ t: 'sink', id: idOf(1), sink: 'webhook', state: pending(9) });
    b.apply({ t: 'sink', id: idOf(1), sink: 'sms', state: pending(9) });
    b.apply({ t: 'sink', id: idOf(2), sink: 'webhook', state: pending(9) });
    b.apply({ t: 'job', rec: job(1, { webhook: pending(), email: pending() }) });
    assert.equal(b.get(idOf(1))!.sinks.webhook.s, 'sent');
    assert.equal(b.get(idOf(2)), undefined);
    assert.equal(b.pendingCount, 0);
    assert.deepEqual(b.counts(), { webhook: { pending: 0, failed: 0 }, email: { pending: 0, failed: 1 } });
    const counts = b.counts();
    counts.email.failed = 99;
    assert.equal(b.counts().email.failed, 1, 'counts are a copy');
    assert.deepEqual(dropped, [], 'nothing left the book');
  });

  it('keeps a job whose sinks all settled, or that has no lead to send, without a body', () => {
    const { book: b } = book();
    b.apply({ t: 'job', rec: job(1, { webhook: { s: 'sent', at: 3, attempts: 1 } }) });
    b.apply({ t: 'job', rec: { ...job(2, { webhook: pending() }), lead: undefined } });
    b.apply({ t: 'job', rec: job(3, { webhook: pending() }) });
    assert.equal(b.pendingCount, 1);
    assert.equal(b.pendingBytes, 10);
    assert.equal(b.get(idOf(1))!.lead, undefined);
    assert.equal(b.get(idOf(2))!.lead, undefined);
    assert.deepEqual(
      [...b.all()].map((j) => j.id),
      [idOf(1), idOf(2), idOf(3)],
      'settled first, then pending',
    );
    assert.deepEqual(b.counts(), { webhook: { pending: 2, failed: 0 } });
  });

  it('admits a job within the count and byte limits, reserved room included; beyond them keeps it failed', () => {
    const { book: b } = book({ maxPending: 2, maxPendingBytes: 100 });
    const full = (i: number, now: number) => ({
      id: idOf(i),
      reference: `lead_${i}`,
      createdAt: i,
      sinks: {
        webhook: { s: 'failed', at: now, attempts: 0, error: BACKLOG_FULL },
        email: { s: 'failed', at: now, attempts: 0, error: BACKLOG_FULL },
      },
    });
    const two = () => ({ webhook: pending(), email: pending() });
    const a1 = b.admit(job(1, two()), 50);
    assert.equal(a1.job.lead!.body.length, 10);
    const a2 = b.admit(job(2, two()), 50);
    assert.equal(a2.job.id, idOf(2));
    assert.deepEqual(b.admit(job(3, two()), 50).job, full(3, 50), 'a third waiting job: no room');
    b.apply({ t: 'job', rec: a1.job });
    a1.release();
    a1.release();
    assert.deepEqual(b.admit(job(4, two()), 60).job, full(4, 60), 'one held, one reserved');
    a2.release();
    const a5 = b.admit(job(5, two()), 70);
    assert.ok(a5.job.lead, 'room again once the reservation is released');
    a5.release();

    const { book: c } = book({ maxPending: 10, maxPendingBytes: 100 });
    const held = c.admit(job(1, two(), 'x'.repeat(60)), 0);
    assert.ok(held.job.lead);
    assert.equal(c.admit(job(2, two(), 'x'.repeat(41)), 0).job.lead, undefined, '60 + 41 bytes > 100');
    const fits = c.admit(job(3, two(), 'x'.repeat(40)), 0);
    assert.ok(fits.job.lead, '60 + 40 bytes: exactly the limit');
    held.release();
    fits.release();
    c.apply({ t: 'job', rec: job(4, two(), 'x'.repeat(30), 'https://p.example/') }); // 30 + 18 bytes
    assert.equal(c.admit(job(5, two(), 'x'.repeat(53)), 0).job.lead, undefined);
    assert.ok(c.admit(job(6, two(), 'x'.repeat(52)), 0).job.lead);
  });

  it('forgets settled jobs past the retention time and beyond the count, oldest first, and says so', () => {
    const { book: b, dropped } = book({ maxSettled: 2, retentionMs: 1000 });
    const sent = (at: number): SinkState => ({ s: 'sent', at, attempts: 1 });
    b.apply({ t: 'job', rec: job(1, { webhook: sent(100) }) });
    b.apply({
      t: 'job',
      rec: job(2, { webhook: sent(200), email: { s: 'failed', at: 250, attempts: 1, error: 'e' } }),
    });
    b.apply({ t: 'job', rec: job(9, { webhook: pending() }) });
    assert.deepEqual(dropped, []);
    b.apply({ t: 'job', rec: job(3, { webhook: sent(300) }) });
    assert.deepEqual(dropped, [`sinks ${idOf(1)}`], 'beyond the count: the oldest');
    assert.equal(b.get(idOf(1)), undefined);
    assert.deepEqual(b.counts().email, { pending: 0, failed: 1 });
    b.prune(1250);
    assert.deepEqual(dropped, [`sinks ${idOf(1)}`], 'job 2 settled at 250 (its last sink): kept 1000 ms');
    b.prune(1251);
    assert.deepEqual(dropped, [`sinks ${idOf(1)}`, `sinks ${idOf(2)}`]);
    assert.deepEqual(b.counts().email, { pending: 0, failed: 0 });
    b.prune(10_000);
    assert.deepEqual(dropped.length, 3);
    assert.ok(b.get(idOf(9)), 'a pending job is never forgotten');
    assert.equal(jobKey('x'), 'sinks x');
  });

  it('reads back the journal lines it writes, and refuses damaged ones', () => {
    const rec = {
      id: 'i',
      reference: 'r',
      createdAt: 1,
      lead: { path: '/p', body: '{}', page: 'https://p.example/' },
      sinks: {
        a: { s: 'pending', attempts: 0, next: 5, error: 'HTTP 503' },
        b: { s: 'pending', attempts: 0, next: 5 },
        c: { s: 'sent', at: 2, attempts: 1 },
        d: { s: 'failed', at: 3, attempts: 2, error: 'e' },
      },
    };
    const line = (v: unknown) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
    assert.deepEqual(parseJobEntry(line({ t: 'job', rec })), { t: 'job', rec });
    assert.deepEqual(
      parseJobEntry(
        line({
          t: 'job',
          rec: {
            ...rec,
            extra: 1,
            lead: { path: '/p', body: '', page: 7, x: 1 },
            sinks: { c: { ...rec.sinks.c, x: 1 } },
          },
        }),
      ),
      { t: 'job', rec: { ...rec, lead: { path: '/p', body: '' }, sinks: { c: rec.sinks.c } } },
      'unknown fields dropped',
    );
    assert.deepEqual(parseJobEntry(line({ t: 'job', rec: { ...rec, lead: undefined } })), {
      t: 'job',
      rec: { ...rec, lead: undefined },
    });
    assert.deepEqual(
      parseJobEntry(
        line({ t: 'job', rec: { ...rec, sinks: { a: { s: 'pending', attempts: 0, next: 5, error: 7 } } } }),
      ),
      { t: 'job', rec: { ...rec, sinks: { a: { s: 'pending', attempts: 0, next: 5 } } } },
    );
    const state = { s: 'sent', at: 2, attempts: 1 };
    assert.deepEqual(parseJobEntry(line({ t: 'sink', id: 'i', sink: 'c', state })), {
      t: 'sink',
      id: 'i',
      sink: 'c',
      state,
    });
    const damaged: unknown[] = [
      { t: 'sink', id: 1, sink: 'c', state },
      { t: 'sink', id: 'i', state },
      { t: 'sink', id: 'i', sink: 'c', state: { s: 'sent', at: 2 } },
      { t: 'sink', id: 'i', sink: 'c', state: null },
      { t: 'sink', id: 'i', sink: 'c', state: { s: 'sent', attempts: 1 } },
      { t: 'sink', id: 'i', sink: 'c', state: { s: 'pending', attempts: 1 } },
      { t: 'sink', id: 'i', sink: 'c', state: { s: 'failed', at: 2, attempts: 1 } },
      { t: 'sink', id: 'i', sink: 'c', state: { s: 'gone', at: 2, attempts: 1, next: 1, error: 'e' } },
      { t: 'sink', id: 'i', sink: 'c', state: { s: 'sent', at: '2', attempts: 1 } },
      { t: 'result', rec },
      { rec },
      { t: 'job' },
      { t: 'job', rec: 'x' },
      { t: 'job', rec: { ...rec, id: 1 } },
      { t: 'job', rec: { ...rec, reference: undefined } },
      { t: 'job', rec: { ...rec, createdAt: '1' } },
      { t: 'job', rec: { ...rec, sinks: undefined } },
      { t: 'job', rec: { ...rec, sinks: { ...rec.sinks, e: { s: 'sent', at: 2 } } } },
      { t: 'job', rec: { ...rec, lead: 'x' } },
      { t: 'job', rec: { ...rec, lead: null } },
      { t: 'job', rec: { ...rec, lead: { body: '{}' } } },
      { t: 'job', rec: { ...rec, lead: { path: '/p' } } },
    ];
    for (const v of damaged) assert.equal(parseJobEntry(line(v)), undefined, JSON.stringify(v));
  });
});

/**
 * The sink side of the lead outbox (sinks/runner.ts) with the lead desk and both stores: retries
 * with backoff (at least three in the first minute, then longer), one sink's failure blocks neither
 * the other sink, the shopper's answer nor CarStrel; a dead sink's backlog drains when it is back;
 * delivery state survives a reopened journal; the journal stays bounded.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, afterEach } from 'node:test';
import { settledLead } from '../../../proxy/lib/lead-store.js';
import { FileLeadStore } from '../../../proxy/lib/leads-file.js';
import { LeadDesk, MemoryLeadStore, type LeadStore } from '../../../proxy/lib/leads.js';
import { SinkDesk } from '../../../proxy/lib/sinks/runner.js';
import { SinkFailure, type LeadEvent, type LeadSink } from '../../../proxy/lib/sinks/types.js';
import type { UpstreamResponse } from '../../../proxy/lib/upstream.js';
import { okRes, scriptedUpstream, until } from './lead-fakes.js';

interface FakeSink extends LeadSink {
  calls: Array<{ at: number; lead: LeadEvent; ok: boolean }>;
  up: boolean;
  delivered(): LeadEvent[];
}

function fakeSink(name: string, up = true): FakeSink {
  const sink: FakeSink = {
    name,
    calls: [],
    up,
    delivered: () => sink.calls.filter((c) => c.ok).map((c) => c.lead),
    deliver(lead) {
      sink.calls.push({ at: Date.now(), lead, ok: sink.up });
      return sink.up ? Promise.resolve() : Promise.reject(new SinkFailure('HTTP 503'));
    },
  };
  return sink;
}

const KEY = 'sk_test_outbox';
const body = (i: number) => JSON.stringify({ name: 'Kim', email: `kim${i}@example.com`, message: `Lead number ${i}` });
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

describe('lead outbox: sinks', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (closers.length) await closers.pop()?.();
  });
  function desk(
    store: LeadStore,
    sinks: LeadSink[],
    upstream = scriptedUpstream([], { lead: () => okRes(201) }),
    random = () => 0.5,
  ) {
    const d = new LeadDesk(store, upstream, { apiKey: KEY, timeoutMs: 500, sinks, random });
    closers.push(() => d.close());
    return d;
  }
  const submit = (
    d: LeadDesk,
    i: number,
    forward: () => Promise<UpstreamResponse> = () => Promise.resolve(okRes(201)),
  ) =>
    d.submit(
      '/external/contact/submit',
      `outbox-key-${String(i).padStart(4, '0')}`,
      body(i),
      'application/json',
      forward,
      {
        referer: 'https://www.dealer.example/contact#form',
      },
    );

  it(
    'retries a failing sink within seconds, at least three times in the first minute, then backs off',
    { timeout: 20_000 },
    async () => {
      const dead = fakeSink('webhook', false);
      const store = new MemoryLeadStore();
      const d = desk(store, [dead], undefined, () => 0.25);
      const answer = await submit(d, 1);
      assert.equal(answer.status, 201);
      assert.ok(await until(() => dead.calls.length >= 5, 12_000, 20), `${dead.calls.length} attempts`);
      const t = dead.calls.map((c) => c.at - dead.calls[0].at);
      assert.ok(t[3] < 6000, `four attempts within seconds: ${t.join(', ')}`);
      const gaps = t.slice(1).map((x, i) => x - t[i]);
      for (let i = 1; i < gaps.length; i++)
        assert.ok(gaps[i] > gaps[i - 1] * 1.5, `the waits grow: ${gaps.join(', ')}`);
      const st = store.job('/external/contact/submit outbox-key-0001')!.sinks.webhook;
      assert.equal(st.s, 'pending');
      assert.equal(st.s === 'pending' && st.error, 'HTTP 503');
      assert.equal(d.queue().sinks!.webhook.state, 'failing');
      assert.equal(d.queue().sinks!.webhook.pending, 1);
    },
  );

  it("one sink's failure blocks neither the other sink nor the shopper nor CarStrel", { timeout: 10_000 }, async () => {
    const dead = fakeSink('webhook', false);
    const ok = fakeSink('email');
    const upstream = scriptedUpstream([], { lead: () => okRes(201) });
    const d = desk(new MemoryLeadStore(), [dead, ok], upstream);
    const started = Date.now();
    const answer = await submit(d, 2, () =>
      upstream.request({ method: 'POST', path: '/external/contact/submit', headers: {}, timeoutMs: 500 }),
    );
    assert.equal(answer.status, 201);
    assert.ok(Date.now() - started < 200);
    assert.equal(upstream.posts().length, 1);
    assert.ok(await until(() => ok.delivered().length === 1, 2000));
    const lead = ok.delivered()[0];
    assert.equal(lead.kind, 'contact');
    assert.equal(lead.page, 'https://www.dealer.example/contact', 'the page, without its fragment');
    assert.deepEqual(lead.fields, JSON.parse(body(2)));
    await sleep(1500);
    assert.equal(ok.calls.length, 1, 'the healthy sink got it once');
    assert.ok(dead.calls.length >= 2);
  });

  it(
    'while CarStrel is down the lead is queued (202) and the sinks still get it at once',
    { timeout: 10_000 },
    async () => {
      const sink = fakeSink('email');
      const upstream = scriptedUpstream([], { probe: 'down' }); // every lead POST: unreachable
      const d = desk(new MemoryLeadStore(), [sink], upstream);
      const answer = await submit(d, 3, () =>
        upstream.request({ method: 'POST', path: '/external/contact/submit', headers: {}, timeoutMs: 500 }),
      );
      assert.equal(answer.status, 202);
      assert.ok(await until(() => sink.delivered().length === 1, 2000));
      assert.equal(sink.delivered()[0].reference, answer.reference);
    },
  );

  it('a refused lead (4xx) and a repeated key go to no sink', { timeout: 10_000 }, async () => {
    const sink = fakeSink('email');
    const d = desk(new MemoryLeadStore(), [sink]);
    const refused = await submit(d, 4, () => Promise.resolve(okRes(400)));
    assert.equal(refused.status, 400);
    await submit(d, 5);
    const replay = await submit(d, 5);
    assert.equal(replay.outcome, 'replayed');
    await sleep(500);
    assert.deepEqual(
      sink.calls.map((c) => c.lead.fields.email),
      ['kim5@example.com'],
    );
  });

  it("a dead sink's backlog drains, each lead once, as soon as it is back", { timeout: 30_000 }, async () => {
    const sink = fakeSink('webhook', false);
    const d = desk(new MemoryLeadStore(), [sink]);
    for (let i = 0; i < 30; i++) await submit(d, 100 + i);
    await sleep(4000);
    const whileDown = sink.calls.length;
    assert.ok(whileDown <= 30 + 10, `a dead sink is not hammered: ${whileDown} attempts for 30 leads in 4 s`);
    sink.up = true;
    const back = Date.now();
    assert.ok(await until(() => sink.delivered().length === 30, 15_000, 20), `${sink.delivered().length} of 30`);
    assert.ok(Date.now() - back < 12_000, `drained in ${Date.now() - back} ms`);
    await sleep(500);
    const refs = sink.delivered().map((l) => l.reference);
    assert.equal(new Set(refs).size, 30, 'each lead exactly once');
    assert.equal(d.queue().sinks!.webhook.pending, 0);
    assert.equal(d.queue().sinks!.webhook.state, 'ok');
  });

  it('delivery state survives a reopened journal; settled jobs keep no body', { timeout: 20_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sinks-outbox-'));
    closers.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    const down = fakeSink('webhook', false);
    const email = fakeSink('email');
    const store1 = await FileLeadStore.open(dir);
    const d1 = new LeadDesk(store1, scriptedUpstream(), { apiKey: KEY, timeoutMs: 500, sinks: [down, email] });
    await submit(d1, 7);
    assert.ok(await until(() => email.delivered().length === 1 && down.calls.length >= 1, 3000));
    await d1.close();

    const hook = fakeSink('webhook');
    const email2 = fakeSink('email');
    const store2 = await FileLeadStore.open(dir);
    const d2 = new LeadDesk(store2, scriptedUpstream(), { apiKey: KEY, timeoutMs: 500, sinks: [hook, email2] });
    d2.start();
    assert.ok(await until(() => hook.delivered().length === 1, 3000), 'the pending sink resumes after a restart');
    await sleep(500);
    assert.equal(email2.calls.length, 0, 'the sink that had it is not sent it again');
    await d2.close();

    const store3 = await FileLeadStore.open(dir);
    const job = store3.job('/external/contact/submit outbox-key-0007')!;
    assert.equal(job.lead, undefined, 'no body once every sink settled');
    assert.deepEqual(Object.fromEntries(Object.entries(job.sinks).map(([k, v]) => [k, v.s])), {
      webhook: 'sent',
      email: 'sent',
    });
    assert.ok(!readFileSync(store3.path, 'utf8').includes('Lead number 7'));
    await store3.close();
  });

  it(
    'a full backlog never refuses the shopper: the lead is kept as failed for the sinks, visibly',
    { timeout: 10_000 },
    async () => {
      const sink = fakeSink('email', false);
      const d = desk(new MemoryLeadStore({ maxPending: 1 }), [sink]);
      assert.equal((await submit(d, 8)).status, 201);
      const second = await submit(d, 9);
      assert.equal(second.status, 201);
      const job = d.store.job('/external/contact/submit outbox-key-0009')!;
      assert.deepEqual(job.sinks.email, {
        s: 'failed',
        at: job.sinks.email.s === 'failed' ? job.sinks.email.at : 0,
        attempts: 0,
        error: 'backlog full',
      });
      assert.equal(job.lead, undefined);
      assert.equal(d.queue().sinks!.email.failed, 1);
      assert.equal(d.queue().sinks!.email.pending, 1);
    },
  );

  it(
    'a lead undelivered past the give-up time is marked failed and its body dropped',
    { timeout: 10_000 },
    async () => {
      const store = new MemoryLeadStore();
      const id = '/external/newsletter/subscribe old-lead-0001';
      const sink = fakeSink('webhook', false);
      const sinks = new SinkDesk(store, [sink], { giveUpMs: 1000 });
      closers.push(() => sinks.close());
      const createdAt = Date.now() - 2000;
      const job = sinks.newJob(id, 'lead_old', createdAt, {
        path: '/external/newsletter/subscribe',
        body: '{"email":"old@example.com"}',
      });
      await store.settle(
        settledLead({ id, fingerprint: 'f', reference: 'lead_old', createdAt }, 200, '{}', createdAt),
        job,
      );
      sinks.add(store.job(id)!);
      assert.ok(await until(() => store.job(id)?.sinks.webhook?.s === 'failed', 3000));
      assert.equal(store.job(id)!.lead, undefined);
      assert.equal(sinks.health().webhook.failed, 1);
      await sleep(1000);
      assert.equal(sink.calls.length, 1, 'not tried again');
    },
  );
});

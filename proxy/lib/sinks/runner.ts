/**
 * The sink side of the lead outbox: delivers each routed lead to each sink once, from the lead
 * store's jobs (sinks/jobs.ts), independently of CarStrel and of the other sinks.
 *
 * Per sink, one lane: a min-heap of the leads it still waits for, by next attempt time. A new lead
 * is tried at once. A failure backs that lead off (full jitter, 1 s … 5 min: at least three more
 * tries in its first minute) and closes the lane for a short, growing while (0.25 s … 5 s), during
 * which it tries one lead at a time, so a dead sink is never hammered by its backlog. The first
 * success after failures makes every waiting lead due: the backlog drains. Each outcome is recorded
 * in the journal (`sent` before the lead is forgotten), so a restart resumes where it stopped; a
 * lead undelivered for `giveUpMs` (3 days) is marked failed and its body dropped.
 *
 * A crash between a sink's acceptance and its record means one repeat on restart: receivers can
 * drop it by the lead's `reference` (webhook `Idempotency-Key`, email Message-ID).
 */
import { backoffDelay, probeDelay } from '../lead-schedule.js';
import type { LeadStore } from '../lead-store.js';
import { IndexedMinHeap } from '../min-heap.js';
import type { RoutedLead, SinkHealth, SinkJob, SinkState } from './jobs.js';
import { describeLead, type VehicleLookup } from './lead-event.js';
import { SinkFailure, type LeadEvent, type LeadSink } from './types.js';

export interface SinkDeskOptions {
  now?: () => number;
  random?: () => number;
  /** The dealer's car of a test drive (inventory.ts). */
  lookup?: VehicleLookup;
  /** Leads delivered at once per healthy sink (default 2). */
  concurrency?: number;
  /** Longest pause of a failing sink's lane (default 5000 ms). */
  gateMaxMs?: number;
  /** A lead still undelivered this long after it was taken is marked failed (default 3 days). */
  giveUpMs?: number;
}

export const SINK_GIVE_UP_MS = 3 * 24 * 3600 * 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Lane {
  sink: LeadSink;
  heap: IndexedMinHeap;
  busy: number;
  /** Consecutive failures (0: healthy). */
  failures: number;
  /** No attempt before this while failing. */
  gateAt: number;
  lastError: string | null;
  timer?: ReturnType<typeof setTimeout>;
}

export class SinkDesk {
  private readonly lanes: Lane[];
  private readonly events = new Map<string, Promise<LeadEvent>>();
  private closed = false;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly store: LeadStore,
    sinks: LeadSink[],
    private readonly opts: SinkDeskOptions = {},
  ) {
    this.lanes = sinks.map((sink) => ({
      sink,
      heap: new IndexedMinHeap(),
      busy: 0,
      failures: 0,
      gateAt: 0,
      lastError: null,
    }));
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private random(): number {
    return (this.opts.random ?? Math.random)();
  }

  /** A new lead's job: every sink pending, due now. */
  newJob(id: string, reference: string, createdAt: number, lead: RoutedLead): SinkJob {
    const sinks: Record<string, SinkState> = {};
    for (const { sink } of this.lanes) sinks[sink.name] = { s: 'pending', attempts: 0, next: createdAt };
    return { id, reference, createdAt, lead, sinks };
  }

  /** Schedule a job the store now holds (a new lead, or one found at start). */
  add(job: SinkJob, dueBy?: number): void {
    // Stryker disable next-line LogicalOperator: pump() stops a closed desk and attempt() drops a job without its lead
    if (this.closed || !job.lead) return;
    for (const lane of this.lanes) {
      const st = job.sinks[lane.sink.name];
      if (st?.s !== 'pending') continue;
      lane.heap.set(job.id, dueBy === undefined ? st.next : Math.min(st.next, dueBy));
      // Stryker disable next-line LogicalOperator: the gate is only read while failing, and set again by each failure
      if (dueBy === undefined && lane.failures) lane.gateAt = 0; // a new lead may try a failing sink at once
      this.pump(lane);
    }
  }

  /** After a restart: every waiting lead is due now. */
  start(): void {
    const now = this.now();
    for (const job of this.store.routing()) this.add(job, now);
  }

  /** Make every waiting lead due now (the console's "retry now"; a sink said it is back). */
  retryNow(sink?: string): void {
    for (const lane of this.lanes) {
      if (sink && lane.sink.name !== sink) continue;
      lane.gateAt = 0;
      lane.heap.lowerAllTo(this.now(), (_id, key) => key === Infinity);
      this.pump(lane);
    }
  }

  health(): Record<string, SinkHealth> {
    const counts = this.store.sinkCounts();
    const out: Record<string, SinkHealth> = {};
    for (const { sink, failures, lastError } of this.lanes) {
      const c = counts[sink.name] ?? { pending: 0, failed: 0 };
      out[sink.name] = { ...c, state: failures ? 'failing' : 'ok', lastError };
    }
    return out;
  }

  /** Start what is due on a lane, and set its timer for what comes next. */
  private pump(lane: Lane): void {
    if (this.closed) return;
    // Stryker disable next-line ConditionalExpression: clearing nothing is harmless, and a stale timer's pump finds nothing early
    if (lane.timer) clearTimeout(lane.timer);
    lane.timer = undefined;
    const width = lane.failures ? 1 : Math.max(1, this.opts.concurrency ?? 2);
    while (lane.busy < width) {
      const top = lane.heap.peek();
      if (!top || top.key === Infinity) return;
      const at = Math.max(top.key, lane.failures ? lane.gateAt : 0);
      const wait = at - this.now();
      if (wait > 0) {
        lane.timer = setTimeout(() => this.pump(lane), Math.min(MAX_TIMER_MS, wait));
        lane.timer.unref?.();
        return;
      }
      lane.heap.set(top.id, Infinity); // held while it is tried
      lane.busy++;
      const run = this.attempt(lane, top.id).finally(() => {
        lane.busy--;
        this.running.delete(run);
        this.pump(lane);
      });
      this.running.add(run);
    }
  }

  /** The event of a job, described once (the vehicle lookup is shared by every sink and retry). */
  private event(job: SinkJob & { lead: RoutedLead }): Promise<LeadEvent> {
    let p = this.events.get(job.id);
    if (!p) {
      p = describeLead(job, this.opts.lookup);
      this.events.set(job.id, p);
      if (this.events.size > 1000) this.events.delete(this.events.keys().next().value ?? '');
    }
    return p;
  }

  private async attempt(lane: Lane, id: string): Promise<void> {
    const name = lane.sink.name;
    const job = this.store.job(id);
    const st = job?.sinks[name];
    if (!job?.lead || st?.s !== 'pending') {
      lane.heap.delete(id);
      return;
    }
    const attempts = st.attempts + 1;
    try {
      await lane.sink.deliver(await this.event({ ...job, lead: job.lead }));
    } catch (err) {
      const reason = err instanceof SinkFailure ? err.reason : 'error';
      return this.failed(lane, job, attempts, reason);
    }
    const recovered = lane.failures > 0;
    lane.failures = 0;
    lane.gateAt = 0;
    lane.lastError = null;
    lane.heap.delete(id);
    await this.store.updateSink(id, name, { s: 'sent', at: this.now(), attempts }).catch(() => {});
    this.forget(id);
    if (recovered) this.retryNow(name);
  }

  private async failed(lane: Lane, job: SinkJob, attempts: number, reason: string): Promise<void> {
    const now = this.now();
    lane.failures++;
    lane.lastError = reason;
    lane.gateAt = now + probeDelay(lane.failures - 1, this.random(), this.opts.gateMaxMs);
    if (now - job.createdAt >= (this.opts.giveUpMs ?? SINK_GIVE_UP_MS)) {
      lane.heap.delete(job.id);
      await this.store
        .updateSink(job.id, lane.sink.name, { s: 'failed', at: now, attempts, error: reason })
        .catch(() => {});
      this.forget(job.id);
      return;
    }
    const next = now + backoffDelay(attempts, this.random());
    lane.heap.set(job.id, next);
    await this.store
      .updateSink(job.id, lane.sink.name, { s: 'pending', attempts, next, error: reason })
      .catch(() => {});
  }

  /** Drop a job's described event once no sink waits for it. */
  private forget(id: string): void {
    const job = this.store.job(id);
    if (!job?.lead) this.events.delete(id);
  }

  /** Resolves once the deliveries in flight now have ended (an edge outbox's alarm waits for them). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  async close(): Promise<void> {
    this.closed = true;
    // Stryker disable next-line ConditionalExpression: clearing nothing is harmless, and a closed desk's pump does nothing
    for (const lane of this.lanes) if (lane.timer) clearTimeout(lane.timer);
    await Promise.allSettled([...this.running]);
    await Promise.allSettled(this.lanes.map((l) => l.sink.close?.() ?? Promise.resolve()));
  }
}

/**
 * No lead lost: lead POSTs (test drive, contact, newsletter subscribe) are idempotent by
 * `Idempotency-Key`, and when CarStrel is unreachable or answers 5xx/429/408 they are stored
 * durably (answer 202) and delivered later, once each.
 *
 * Delivery: while CarStrel is believed up, each lead is tried at its own time (exponential backoff
 * with full jitter, for a failure that concerns only that lead). A failed attempt is checked with a
 * cheap probe: if CarStrel is down, the desk stops trying leads and only probes (every ≤ 5 s); as
 * soon as a probe, any upstream answer the app reports (`noteUpstream`) or a new lead gets through,
 * every waiting lead is made due and the queue drains. A full queue or an unwritable journal is a
 * visible refusal (503 + Retry-After), never a crash.
 *
 * Sinks (the dealer's webhook, an ADF email): a lead CarStrel took, or that was queued for it, also
 * gets a job in the same store, written with the lead; `sinks/runner.ts` delivers it to each sink
 * once, whatever CarStrel and the other sinks are doing.
 *
 * Store: `lead-store.ts` (state and limits), `leads-file.ts` (the journal on Node). On an edge
 * runtime the same `LeadStore` interface would be backed by a Durable Object or a queue.
 */
import { refuse } from './errors.js';
import { InFlight, leadFingerprint, leadId, sameFingerprint } from './idempotency.js';
import { backoffDelay, probeDelay, retryable, retryAfterMs } from './lead-schedule.js';
import {
  QueueFull,
  queuedLead,
  settledLead,
  type LeadQueueHealth,
  type LeadStore,
  type PendingLead,
} from './lead-store.js';
import {
  IdempotencyMismatch,
  JSON_HEADERS,
  queuedBody,
  type LeadAnswer,
  type LeadDeskOptions,
  type LeadIntake,
  type LeadOrigin,
} from './leads-answer.js';
import { outboxView, retryOutbox, type OutboxView } from './outbox-view.js';
import { inventoryLookup } from './sinks/inventory.js';
import { pageOf } from './sinks/lead-event.js';
import { SinkDesk } from './sinks/runner.js';
import { UpstreamError, type Upstream, type UpstreamResponse } from './upstream.js';

export {
  IdempotencyMismatch,
  queuedBody,
  type LeadAnswer,
  type LeadDeskOptions,
  type LeadIntake,
  type LeadOrigin,
} from './leads-answer.js';
export { backoffDelay, probeDelay, retryable, retryAfterMs } from './lead-schedule.js';
export {
  MemoryLeadStore,
  QueueFull,
  RESULT_RETENTION_MS,
  DEFAULT_LEAD_LIMITS,
  type LeadLimits,
  type LeadQueueHealth,
  type LeadRecord,
  type LeadStore,
  type LeadStoreStats,
  type PendingLead,
  type SettledLead,
} from './lead-store.js';

/** Seconds a refused shopper is asked to wait (queue full, journal unwritable). */
export const REFUSAL_RETRY_AFTER_S = 30;
/** A probe's answer is reused this long, so a partial outage costs at most one probe per second. */
const PROBE_REUSE_MS = 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Lead intake and background delivery. */
export class LeadDesk implements LeadIntake {
  private readonly inflight = new InFlight<LeadAnswer>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private draining: Promise<void> | undefined;
  private closed = false;
  /** 'up': leads are tried at their time; 'down': only probes run, until something gets through. */
  private health: 'up' | 'down' = 'up';
  private failedProbes = 0;
  private checking: Promise<boolean> | undefined;
  private checked = { at: -Infinity, ok: true };
  /** Delivery to the dealer's sinks (none configured: undefined). */
  readonly routing: SinkDesk | undefined;
  /** The console's outbox list and its "retry now" (outbox-view.ts). */
  readonly view = (): Promise<OutboxView> => Promise.resolve(outboxView(this));
  readonly retryNow = (): Promise<void> => Promise.resolve(retryOutbox(this, this.now()));

  constructor(
    readonly store: LeadStore,
    private readonly upstream: Upstream,
    private readonly opts: LeadDeskOptions,
  ) {
    if (opts.sinks?.length)
      this.routing = new SinkDesk(store, opts.sinks, {
        now: opts.now,
        random: opts.random,
        lookup: inventoryLookup(upstream, opts.apiKey, { now: opts.now }),
      });
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private random(): number {
    return (this.opts.random ?? Math.random)();
  }

  get depth(): number {
    return this.store.stats().pending;
  }

  /** What `/healthz` reports about leads (O(1), whatever the queue depth). */
  queue(): LeadQueueHealth {
    const s = this.store.stats();
    return {
      depth: s.pending,
      bytes: s.pendingBytes,
      oldest: s.oldestPendingAt === undefined ? null : new Date(s.oldestPendingAt).toISOString(),
      maxDepth: s.limits.maxPending,
      maxBytes: s.limits.maxPendingBytes,
      journal: { writable: s.writable, error: s.writable ? null : (s.error ?? 'unknown') },
      upstream: this.health,
      ...(this.routing ? { sinks: this.routing.health() } : {}),
    };
  }

  /**
   * Tell the desk an upstream call was answered (any route, or the health probe). An answer that
   * shows CarStrel is back, while the desk believes it down, makes every waiting lead due now.
   */
  noteUpstream(status: number): void {
    if (this.closed || this.health === 'up' || retryable(status)) return;
    this.recovered();
  }

  private recovered(): void {
    this.health = 'up';
    this.failedProbes = 0;
    this.checked = { at: this.now(), ok: true };
    this.store.pullForward(this.now());
    void this.deliverDue();
  }

  private send(rec: PendingLead): Promise<UpstreamResponse> {
    return this.upstream.request({
      method: 'POST',
      path: rec.path,
      headers: {
        'content-type': rec.contentType,
        accept: 'application/json',
        'idempotency-key': rec.idempotencyKey,
        'x-api-key': this.opts.apiKey,
      },
      body: enc.encode(rec.body),
      timeoutMs: this.opts.timeoutMs,
    });
  }

  /**
   * Take a lead: answer a repeated key from the first result, else forward it now; if upstream
   * is unreachable, times out or answers 5xx/429/408, store it durably and answer 202 with a reference
   * (or refuse with 503 when the queue is full or the journal cannot be written).
   * `forward` sends it with the caller's full header set (bearer included). A key counts per
   * route and `customer` (`customerScope`; undefined = anonymous), its body checked by SHA-256,
   * also against a request with the same key still in flight (idempotency.ts).
   */
  async submit(
    path: string,
    idempotencyKey: string,
    body: string,
    contentType: string,
    forward: () => Promise<UpstreamResponse>,
    origin: LeadOrigin = {},
    customer?: string,
  ): Promise<LeadAnswer> {
    const fp = await leadFingerprint(path, body);
    const id = leadId(path, idempotencyKey, customer);
    return this.inflight.run(id, fp, () => this.take(id, fp, path, idempotencyKey, body, contentType, forward, origin));
  }

  private async take(
    id: string,
    fp: string,
    path: string,
    idempotencyKey: string,
    body: string,
    contentType: string,
    forward: () => Promise<UpstreamResponse>,
    origin: LeadOrigin,
  ): Promise<LeadAnswer> {
    const known = this.store.get(id);
    if (known) {
      if (!sameFingerprint(known.fingerprint, fp, path, body)) throw new IdempotencyMismatch();
      const { status, body: answer } =
        known.state === 'done'
          ? { status: known.result.status, body: enc.encode(known.result.body) }
          : { status: 202, body: queuedBody(known.reference) };
      return { status, body: answer, headers: JSON_HEADERS, outcome: 'replayed', reference: known.reference };
    }
    const createdAt = this.now();
    const reference = `lead_${crypto.randomUUID()}`;
    let res: UpstreamResponse | undefined;
    try {
      res = await forward();
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
    }
    // Routed to the sinks: a lead CarStrel took or that is queued for it (not one it refused), once.
    const page = pageOf(origin.referer, origin.origin);
    const route = (ok: boolean) =>
      ok && !this.store.job(id) ? this.routing?.newJob(id, reference, createdAt, { path, body, page }) : undefined;
    if (res && !retryable(res.status)) {
      this.noteUpstream(res.status);
      // Stored upstream. If the journal cannot record the answer, a repeated key is forwarded
      // again with the same Idempotency-Key (upstream answers it from its own record).
      const done = settledLead(
        { id, fingerprint: fp, reference, createdAt },
        res.status,
        dec.decode(res.body),
        createdAt,
      );
      const job = route(res.status >= 200 && res.status < 300);
      await this.store.settle(done, job).catch(() => {});
      this.routed(id);
      return { status: res.status, body: res.body, headers: res.headers, outcome: 'forwarded', reference };
    }
    const rec = queuedLead(
      { id, path, fingerprint: fp, reference, body, contentType, idempotencyKey, createdAt },
      res,
      this.random(),
    );
    try {
      await this.store.enqueue(rec, route(true));
    } catch (err) {
      throw err instanceof QueueFull
        ? refuse.leadQueueFull(REFUSAL_RETRY_AFTER_S)
        : refuse.leadNotSaved(REFUSAL_RETRY_AFTER_S);
    }
    this.routed(id);
    if (this.health === 'up') void this.check().then(() => this.schedule());
    this.schedule();
    return { status: 202, body: queuedBody(reference), headers: JSON_HEADERS, outcome: 'queued', reference };
  }

  /** Hand a lead's job, once the store holds it, to the sinks. */
  private routed(id: string): void {
    const job = this.store.job(id);
    if (job) this.routing?.add(job);
  }

  /** Start background delivery of what the store holds (after a restart: everything is due now). */
  start(): void {
    this.store.pullForward(this.now());
    this.schedule();
    this.routing?.start();
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let wait: number;
    if (this.health === 'down') {
      if (!this.store.stats().pending) return;
      wait = probeDelay(this.failedProbes, this.random(), this.opts.probeMaxMs);
    } else {
      const next = this.store.nextDue();
      if (!next) return;
      wait = next.nextAttemptAt - this.now();
    }
    // A failing disk must not crash the process: the lead stays pending and is retried.
    this.timer = setTimeout(() => void this.deliverDue().catch(() => {}), Math.min(MAX_TIMER_MS, Math.max(0, wait)));
    this.timer.unref?.();
  }

  /**
   * Deliver every lead whose time has come (while CarStrel is down: probe first, and drain only if
   * it is back); settle successes and final 4xx refusals, back off the rest.
   */
  deliverDue(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      this.schedule();
    });
    return this.draining;
  }

  private async drain(): Promise<void> {
    if (this.health === 'down') {
      // The probe while down is the lead due first, sent early: it tests the very route leads
      // need, costs no extra call, and a lead that fails alone is backed off out of the way.
      const head = this.store.nextDue();
      if (!head) return;
      this.store.hold(head.id);
      if (!(await this.deliverOne(head))) {
        this.failedProbes++;
        return;
      }
      this.recovered();
    }
    const workers: Promise<void>[] = [];
    for (let i = 0; i < Math.max(1, this.opts.concurrency ?? 4); i++) workers.push(this.work());
    await Promise.all(workers);
  }

  private async work(): Promise<void> {
    while (!this.closed && this.health === 'up') {
      const rec = this.store.nextDue();
      if (!rec || rec.nextAttemptAt > this.now()) return;
      this.store.hold(rec.id);
      if (!(await this.deliverOne(rec))) await this.check();
    }
  }

  /**
   * After a failed attempt: is CarStrel reachable at all? One GET probe at a time, its answer
   * reused for a second. A failed probe marks CarStrel down (the desk then only probes, see
   * `drain`); a good one means the failure concerned that lead only (it keeps its own backoff).
   */
  private check(): Promise<boolean> {
    if (this.now() - this.checked.at < PROBE_REUSE_MS) return Promise.resolve(this.checked.ok);
    this.checking ??= this.probe().then((ok) => {
      this.checking = undefined;
      this.checked = { at: this.now(), ok };
      if (ok && this.health === 'down') this.recovered();
      else if (!ok) {
        // Stryker disable next-line ConditionalExpression,StringLiteral,ArithmeticOperator: only this callback sets 'down', one check at a time: always 'up' here
        this.failedProbes = this.health === 'down' ? this.failedProbes + 1 : 0;
        this.health = 'down';
      }
      return ok;
    });
    return this.checking;
  }

  private async probe(): Promise<boolean> {
    if (this.closed) return false;
    try {
      const res = await this.upstream.request({
        method: 'GET',
        path: this.opts.probePath ?? '/external/engine-types',
        headers: { 'x-api-key': this.opts.apiKey, accept: 'application/json' },
        timeoutMs: Math.min(2000, this.opts.timeoutMs),
      });
      return !retryable(res.status);
    } catch {
      return false;
    }
  }

  /**
   * One delivery attempt: true when upstream settled it (stored, or finally refused), false when it
   * is to be retried. Never throws: if even the journal fails, the lead stays pending, backed off.
   */
  private async deliverOne(rec: PendingLead): Promise<boolean> {
    const attempts = rec.attempts + 1;
    let res: UpstreamResponse | undefined;
    try {
      res = await this.send(rec);
    } catch {
      /* unreachable or timed out: back off */
    }
    if (res && !retryable(res.status)) {
      const done = settledLead(rec, res.status, dec.decode(res.body), this.now());
      try {
        await this.store.settle(done);
        this.opts.onDelivered?.(done);
      } catch {
        await this.later(rec, attempts, undefined);
      }
      return true;
    }
    await this.later(rec, attempts, res);
    return false;
  }

  private later(rec: PendingLead, attempts: number, res: UpstreamResponse | undefined): Promise<void> {
    const now = this.now();
    const delay = Math.max(backoffDelay(attempts, this.random()), retryAfterMs(res, now));
    return this.store.retryLater(rec.id, attempts, now + delay).catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled(this.inflight.answers());
    await this.draining?.catch(() => {});
    await this.routing?.close();
    await this.store.close();
  }
}

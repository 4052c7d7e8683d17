/**
 * Per-sink delivery state of leads, kept in the same store and journal as upstream delivery.
 *
 * A lead routed to sinks (webhook, ADF email) has one job: the lead as taken (path, body, the page
 * it came from) while any sink still waits for it, and one small state per sink: pending (attempts,
 * next attempt), sent or failed. Once every sink has settled the job keeps only those states (no
 * body), for the same retention and count as settled leads. Jobs are bounded like waiting leads (a
 * count and a byte limit of their bodies); a job that finds no room is kept already failed, so a
 * full backlog is visible and never refuses the shopper.
 *
 * `JobBook` holds the state; the lead store applies journal entries to it (`job`, `sink`), so a
 * replayed journal and live operation cannot differ.
 */

export type SinkState =
  | { s: 'pending'; attempts: number; next: number; error?: string }
  | { s: 'sent'; at: number; attempts: number }
  | { s: 'failed'; at: number; attempts: number; error: string };

/** The lead as taken: what a sink needs to describe it. */
export interface RoutedLead {
  path: string;
  body: string;
  /** The page the lead was sent from (Referer, else Origin), when known. */
  page?: string;
}

export interface SinkJob {
  /** The lead's id (`${path} ${idempotencyKey}`). */
  id: string;
  reference: string;
  createdAt: number;
  /** Kept while a sink is pending, dropped once all have settled. */
  lead?: RoutedLead;
  sinks: Record<string, SinkState>;
}

export type JobEntry = { t: 'job'; rec: SinkJob } | { t: 'sink'; id: string; sink: string; state: SinkState };

/** Why a job was stored already failed: no room for its body. */
export const BACKLOG_FULL = 'backlog full';

/** Key of a job in the journal's per-record bookkeeping (distinct from its lead's id). */
export const jobKey = (id: string): string => `sinks ${id}`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';

function parseState(v: unknown): SinkState | undefined {
  if (!isObject(v) || !isNumber(v.attempts)) return undefined;
  if (v.s === 'pending' && isNumber(v.next))
    return { s: 'pending', attempts: v.attempts, next: v.next, ...(isString(v.error) ? { error: v.error } : {}) };
  if (v.s === 'sent' && isNumber(v.at)) return { s: 'sent', at: v.at, attempts: v.attempts };
  if (v.s === 'failed' && isNumber(v.at) && isString(v.error))
    return { s: 'failed', at: v.at, attempts: v.attempts, error: v.error };
  return undefined;
}

/** A `job` or `sink` journal line, checked (undefined when it is neither or is damaged). */
export function parseJobEntry(v: Record<string, unknown>): JobEntry | undefined {
  if (v.t === 'sink') {
    const state = parseState(v.state);
    return isString(v.id) && isString(v.sink) && state ? { t: 'sink', id: v.id, sink: v.sink, state } : undefined;
  }
  const r = v.rec;
  if (v.t !== 'job' || !isObject(r) || !isString(r.id) || !isString(r.reference) || !isNumber(r.createdAt))
    return undefined;
  if (!isObject(r.sinks)) return undefined;
  const sinks: Record<string, SinkState> = {};
  for (const [name, raw] of Object.entries(r.sinks)) {
    const state = parseState(raw);
    if (!state) return undefined;
    sinks[name] = state;
  }
  const l = r.lead;
  let lead: RoutedLead | undefined;
  if (l !== undefined) {
    if (!isObject(l) || !isString(l.path) || !isString(l.body)) return undefined;
    lead = { path: l.path, body: l.body, ...(isString(l.page) ? { page: l.page } : {}) };
  }
  return { t: 'job', rec: { id: r.id, reference: r.reference, createdAt: r.createdAt, lead, sinks } };
}

export const settledState = (s: SinkState): boolean => s.s !== 'pending';

/** When a job's last sink settled (its creation, while one is pending). */
function settledAt(job: SinkJob): number {
  let at = job.createdAt;
  for (const st of Object.values(job.sinks)) if (st.s !== 'pending') at = Math.max(at, st.at);
  return at;
}

/** UTF-8 size of what a job holds for delivery (the body dominates). */
function weight(job: SinkJob, size: (s: string) => number): number {
  return job.lead ? size(job.lead.body) + size(job.lead.page ?? '') : 0;
}

export interface JobLimits {
  maxPending: number;
  maxPendingBytes: number;
  maxSettled: number;
  retentionMs: number;
}

/** Counts per sink, for `/healthz` and the console. */
export interface SinkCounts {
  /** Leads this sink still waits to take. */
  pending: number;
  /** Leads this sink never took (given up, or no room to keep them). */
  failed: number;
}

/** One sink as `/healthz` shows it: its counts, and how its last attempt went. */
export interface SinkHealth extends SinkCounts {
  state: 'ok' | 'failing';
  lastError: string | null;
}

/** The jobs of one store: pending ones (with the lead) and settled ones (states only), bounded. */
export class JobBook {
  private readonly open = new Map<string, SinkJob>();
  private readonly done = new Map<string, SinkJob>();
  private readonly tallies = new Map<string, SinkCounts>();
  private bytes = 0;
  private reserved = { count: 0, bytes: 0 };

  constructor(
    private readonly limits: JobLimits,
    private readonly size: (s: string) => number,
    /** Told whenever a job leaves the state (the journal's size accounting). */
    private readonly dropped: (key: string) => void,
  ) {}

  get(id: string): SinkJob | undefined {
    return this.open.get(id) ?? this.done.get(id);
  }

  /** Jobs with a sink still waiting. */
  pending(): IterableIterator<SinkJob> {
    return this.open.values();
  }

  *all(): Generator<SinkJob> {
    yield* this.done.values();
    yield* this.open.values();
  }

  get pendingCount(): number {
    return this.open.size;
  }

  get pendingBytes(): number {
    return this.bytes;
  }

  /** Pending and failed leads per sink, in O(sinks). */
  counts(): Record<string, SinkCounts> {
    return Object.fromEntries([...this.tallies].map(([name, c]) => [name, { ...c }]));
  }

  /**
   * Room for a new job within the limits: the job itself and a release to call once it is applied,
   * or, without room, the job with every sink failed (`BACKLOG_FULL`) and nothing to hold.
   */
  admit(job: SinkJob, now: number): { job: SinkJob; release: () => void } {
    const size = weight(job, this.size);
    const count = this.open.size + this.reserved.count + 1;
    if (count > this.limits.maxPending || this.bytes + this.reserved.bytes + size > this.limits.maxPendingBytes) {
      const sinks: Record<string, SinkState> = {};
      for (const name of Object.keys(job.sinks))
        sinks[name] = { s: 'failed', at: now, attempts: 0, error: BACKLOG_FULL };
      return { job: { id: job.id, reference: job.reference, createdAt: job.createdAt, sinks }, release: () => {} };
    }
    this.reserved.count++;
    this.reserved.bytes += size;
    let released = false;
    return {
      job,
      release: () => {
        if (released) return;
        released = true;
        this.reserved.count--;
        this.reserved.bytes -= size;
      },
    };
  }

  /** The one state transition, shared by live operation and journal replay. */
  apply(e: JobEntry): void {
    if (e.t === 'job') {
      // A lead is routed once: a second job for the same lead (a key forwarded again) is ignored.
      if (!this.get(e.rec.id)) this.place(e.rec);
      return;
    }
    const job = this.get(e.id);
    const current = job?.sinks[e.sink];
    if (!job || !current || settledState(current)) return;
    this.remove(job.id, false);
    this.place({ ...job, sinks: { ...job.sinks, [e.sink]: e.state } });
  }

  /** Drop settled jobs past retention, then the oldest beyond the count limit. */
  prune(now: number): void {
    for (const [id, job] of this.done) {
      if (this.done.size <= this.limits.maxSettled && now - settledAt(job) <= this.limits.retentionMs) break;
      this.remove(id, true);
    }
  }

  private place(job: SinkJob): void {
    const waiting = Object.values(job.sinks).some((s) => !settledState(s));
    if (waiting && job.lead) {
      this.open.set(job.id, job);
      this.bytes += weight(job, this.size);
      this.tally(job, 1);
      return;
    }
    // Settled (or nothing left to send it with): keep the states only.
    const small = { id: job.id, reference: job.reference, createdAt: job.createdAt, sinks: job.sinks };
    this.done.set(job.id, small);
    this.tally(small, 1);
    this.prune(settledAt(small));
  }

  private remove(id: string, notify: boolean): void {
    const job = this.open.get(id) ?? this.done.get(id);
    if (!job) return;
    if (this.open.delete(id)) this.bytes -= weight(job, this.size);
    else this.done.delete(id);
    this.tally(job, -1);
    if (notify) this.dropped(jobKey(id));
  }

  private tally(job: SinkJob, by: 1 | -1): void {
    for (const [name, st] of Object.entries(job.sinks)) {
      const c = this.tallies.get(name) ?? { pending: 0, failed: 0 };
      if (st.s === 'pending') c.pending += by;
      else if (st.s === 'failed') c.failed += by;
      this.tallies.set(name, c);
    }
  }
}

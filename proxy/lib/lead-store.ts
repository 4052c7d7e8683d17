/**
 * The lead store's state, bounded by construction: pending leads (the whole request, needed to
 * send it again) within a count and a byte limit; settled leads only as what answering a repeated
 * key needs (fingerprint, reference, status, a short answer; never the request body), for a
 * retention period and up to a count. Pending leads are indexed by next attempt time in a min-heap,
 * so finding the next one due never scans or spreads the whole queue.
 *
 * `MemoryLeadStore` holds the state; `FileLeadStore` (leads-file.ts, Node) adds the journal. Both
 * change state only through `applyEntry`, so replaying a journal and running live cannot differ.
 */
import { IndexedMinHeap } from './min-heap.js';

/** A lead waiting for delivery: everything needed to send it again. */
export interface PendingLead {
  /** `${path} ${idempotencyKey}`: a key is scoped to its route. */
  id: string;
  path: string;
  fingerprint: string;
  reference: string;
  state: 'pending';
  body: string;
  contentType: string;
  idempotencyKey: string;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
}

/** A settled lead: only what answering a repeated key needs (no request body). */
export interface SettledLead {
  id: string;
  fingerprint: string;
  reference: string;
  state: 'done';
  createdAt: number;
  settledAt: number;
  /** The answer that settled it; an answer longer than `RESULT_BODY_MAX` is kept as a short envelope. */
  result: { status: number; body: string };
}

export type LeadRecord = PendingLead | SettledLead;

export type JournalEntry =
  | { t: 'queued'; rec: PendingLead }
  | { t: 'result'; rec: SettledLead }
  | { t: 'attempt'; id: string; attempts: number; nextAttemptAt: number };

export interface LeadLimits {
  /** Most leads waiting for delivery. */
  maxPending: number;
  /** Most bytes of waiting lead bodies (UTF-8). */
  maxPendingBytes: number;
  /** Most settled results kept to answer repeated keys (the oldest are forgotten first). */
  maxSettled: number;
  /** How long a settled result is kept. */
  retentionMs: number;
}

/** How long settled results are kept to answer repeated keys. */
export const RESULT_RETENTION_MS = 24 * 3600 * 1000;
/** Longest upstream answer kept for a settled lead (a lead's answer is a few hundred bytes). */
export const RESULT_BODY_MAX = 2048;

export const DEFAULT_LEAD_LIMITS: LeadLimits = {
  maxPending: 10_000,
  maxPendingBytes: 32 * 1024 * 1024,
  maxSettled: 50_000,
  retentionMs: RESULT_RETENTION_MS,
};

export interface LeadStoreStats {
  /** Leads waiting for delivery, and the bytes of their bodies. */
  pending: number;
  pendingBytes: number;
  /** When the oldest waiting lead was taken (ms since the epoch). */
  oldestPendingAt: number | undefined;
  settled: number;
  limits: LeadLimits;
  /** Whether the last write to the journal succeeded (always true in memory). */
  writable: boolean;
  /** Why the journal cannot be written (an error code such as ENOSPC), while it cannot. */
  error?: string;
}

/** The lead queue as `/healthz` shows it. */
export interface LeadQueueHealth {
  depth: number;
  bytes: number;
  /** When the oldest waiting lead was taken (ISO 8601), or null. */
  oldest: string | null;
  maxDepth: number;
  maxBytes: number;
  /** Whether the journal can be written; when not, why (an error code) and new leads are refused while CarStrel is down. */
  journal: { writable: boolean; error: string | null };
  /** CarStrel as the delivery loop sees it. */
  upstream: 'up' | 'down';
}

export interface LeadStore {
  get(id: string): LeadRecord | undefined;
  /** Durably record a settled lead (so a repeated key gets the same answer). */
  settle(rec: SettledLead): Promise<void>;
  /** Durably queue a lead for later delivery; rejects with `QueueFull` beyond the limits. */
  enqueue(rec: PendingLead): Promise<void>;
  /** Record a failed attempt (best effort: losing it only resets the backoff). */
  retryLater(id: string, attempts: number, nextAttemptAt: number): Promise<void>;
  /** The pending lead due first (smallest `nextAttemptAt`, held ones excepted), in O(1). */
  nextDue(): PendingLead | undefined;
  /** Take a lead out of the schedule while it is being delivered (until `settle` or `retryLater`). */
  hold(id: string): void;
  /** Make every pending lead due at `at` at the latest (in memory: a restart also resets backoff). */
  pullForward(at: number): void;
  pending(): PendingLead[];
  stats(): LeadStoreStats;
  close(): Promise<void>;
}

/** The queue is at its count or byte limit: the lead was not stored. */
export class QueueFull extends Error {
  override name = 'QueueFull';
}

/** UTF-8 length of a string, without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The settled form of a lead: its answer kept short, its request body dropped. */
export function settledLead(
  rec: { id: string; fingerprint: string; reference: string; createdAt: number },
  status: number,
  body: string,
  settledAt: number,
): SettledLead {
  const kept =
    utf8Length(body) <= RESULT_BODY_MAX
      ? body
      : JSON.stringify({ statusCode: status, message: 'Received.', data: { reference: rec.reference } });
  return {
    id: rec.id,
    fingerprint: rec.fingerprint,
    reference: rec.reference,
    state: 'done',
    createdAt: rec.createdAt,
    settledAt,
    result: { status, body: kept },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * One journal line, checked; `undefined` for a torn or foreign line. Settled records written by
 * earlier versions (with the whole request) are reduced to their settled form.
 */
export function parseEntry(line: string): JournalEntry | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(v)) return undefined;
  if (v.t === 'attempt') {
    if (!isString(v.id) || !isNumber(v.attempts) || !isNumber(v.nextAttemptAt)) return undefined;
    return { t: 'attempt', id: v.id, attempts: v.attempts, nextAttemptAt: v.nextAttemptAt };
  }
  const r = v.rec;
  if ((v.t !== 'queued' && v.t !== 'result') || !isObject(r)) return undefined;
  if (!isString(r.id) || !isString(r.fingerprint) || !isString(r.reference) || !isNumber(r.createdAt)) return undefined;
  const base = { id: r.id, fingerprint: r.fingerprint, reference: r.reference, createdAt: r.createdAt };
  if (v.t === 'result') {
    const res = r.result;
    if (!isObject(res) || !isNumber(res.status) || !isString(res.body)) return undefined;
    const settledAt = isNumber(r.settledAt) ? r.settledAt : r.createdAt;
    return { t: 'result', rec: settledLead(base, res.status, res.body, settledAt) };
  }
  if (!isString(r.path) || !isString(r.body) || !isString(r.contentType) || !isString(r.idempotencyKey))
    return undefined;
  if (!isNumber(r.attempts) || !isNumber(r.nextAttemptAt)) return undefined;
  return {
    t: 'queued',
    rec: {
      ...base,
      path: r.path,
      state: 'pending',
      body: r.body,
      contentType: r.contentType,
      idempotencyKey: r.idempotencyKey,
      attempts: r.attempts,
      nextAttemptAt: r.nextAttemptAt,
    },
  };
}

/** Lead state in memory (tests, single-request runtimes); the base of the file journal. */
export class MemoryLeadStore implements LeadStore {
  readonly limits: LeadLimits;
  protected readonly waiting = new Map<string, PendingLead>();
  protected readonly settled = new Map<string, SettledLead>();
  private readonly schedule = new IndexedMinHeap();
  private bytes = 0;
  /** Bytes of leads admitted but not yet written (so concurrent appends cannot overshoot). */
  private reserved = { count: 0, bytes: 0 };

  constructor(limits: Partial<LeadLimits> = {}) {
    this.limits = { ...DEFAULT_LEAD_LIMITS, ...limits };
  }

  get(id: string): LeadRecord | undefined {
    return this.waiting.get(id) ?? this.settled.get(id);
  }

  async settle(rec: SettledLead): Promise<void> {
    this.applyEntry({ t: 'result', rec });
  }

  async enqueue(rec: PendingLead): Promise<void> {
    this.reserve(rec)();
    this.applyEntry({ t: 'queued', rec });
  }

  async retryLater(id: string, attempts: number, nextAttemptAt: number): Promise<void> {
    this.applyEntry({ t: 'attempt', id, attempts, nextAttemptAt });
  }

  nextDue(): PendingLead | undefined {
    const top = this.schedule.peek();
    return top && top.key !== Infinity ? this.waiting.get(top.id) : undefined;
  }

  hold(id: string): void {
    if (this.waiting.has(id)) this.schedule.set(id, Infinity);
  }

  pullForward(at: number): void {
    for (const [id, r] of this.waiting)
      if (r.nextAttemptAt > at && this.schedule.keyOf(id) !== Infinity)
        this.waiting.set(id, { ...r, nextAttemptAt: at });
    this.schedule.lowerAllTo(at, (_id, key) => key === Infinity);
  }

  pending(): PendingLead[] {
    return [...this.waiting.values()];
  }

  stats(): LeadStoreStats {
    const oldest = this.waiting.values().next();
    return {
      pending: this.waiting.size,
      pendingBytes: this.bytes,
      oldestPendingAt: oldest.done ? undefined : oldest.value.createdAt,
      settled: this.settled.size,
      limits: this.limits,
      writable: true,
    };
  }

  async close(): Promise<void> {}

  /**
   * Claim room for a lead within the limits, or throw `QueueFull`; returns the release to call
   * once the lead is applied (or failed to be written).
   */
  protected reserve(rec: PendingLead): () => void {
    const size = utf8Length(rec.body);
    const count = this.waiting.size + this.reserved.count + 1;
    if (count > this.limits.maxPending || this.bytes + this.reserved.bytes + size > this.limits.maxPendingBytes)
      throw new QueueFull(`lead queue full (${this.limits.maxPending} leads, ${this.limits.maxPendingBytes} bytes)`);
    this.reserved.count++;
    this.reserved.bytes += size;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved.count--;
      this.reserved.bytes -= size;
    };
  }

  /** The one state transition, shared by live operation and journal replay. */
  protected applyEntry(e: JournalEntry): void {
    if (e.t === 'attempt') {
      const r = this.waiting.get(e.id);
      if (!r) return;
      this.waiting.set(e.id, { ...r, attempts: e.attempts, nextAttemptAt: e.nextAttemptAt });
      this.schedule.set(e.id, e.nextAttemptAt);
      return;
    }
    this.forget(e.rec.id);
    if (e.t === 'queued') {
      this.waiting.set(e.rec.id, e.rec);
      this.bytes += utf8Length(e.rec.body);
      this.schedule.set(e.rec.id, e.rec.nextAttemptAt);
    } else {
      this.settled.set(e.rec.id, e.rec);
      this.prune(e.rec.settledAt);
    }
  }

  /** Drop settled results past retention, then the oldest beyond the count limit. */
  protected prune(now: number): void {
    for (const [id, r] of this.settled) {
      if (this.settled.size <= this.limits.maxSettled && now - r.settledAt <= this.limits.retentionMs) break;
      this.settled.delete(id);
      this.dropped?.(id);
    }
  }

  /** Called whenever a record leaves the state (the journal keeps its size accounting with it). */
  protected dropped?(id: string): void;

  /** Every live record, as journal entries (for a snapshot): settled first, then pending in order. */
  protected *entries(): Generator<JournalEntry> {
    for (const rec of this.settled.values()) yield { t: 'result', rec };
    for (const rec of this.waiting.values()) yield { t: 'queued', rec };
  }

  private forget(id: string): void {
    const w = this.waiting.get(id);
    if (w) {
      this.waiting.delete(id);
      this.bytes -= utf8Length(w.body);
      this.schedule.delete(id);
    }
    if (w || this.settled.delete(id)) this.dropped?.(id);
  }
}

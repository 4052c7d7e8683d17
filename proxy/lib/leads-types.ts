/**
 * The lead store's records (and the queued record's one constructor, for Node and the edge),
 * journal entries, limits and interface (lead-store.ts holds the state, leads-file.ts the journal
 * on Node). Re-exported by lead-store.ts.
 */
import { backoffDelay, retryAfterMs } from './lead-schedule.js';
import { jobKey, type JobEntry, type SinkCounts, type SinkHealth, type SinkJob, type SinkState } from './sinks/jobs.js';
import type { UpstreamResponse } from './upstream.js';

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

/**
 * A lead just taken that CarStrel did not settle (`res` a retryable answer, or none): queued after
 * its first attempt, due again after the backoff or the answer's Retry-After, whichever is longer.
 */
export function queuedLead(
  lead: Pick<
    PendingLead,
    'id' | 'path' | 'fingerprint' | 'reference' | 'body' | 'contentType' | 'idempotencyKey' | 'createdAt'
  >,
  res: UpstreamResponse | undefined,
  random: number,
): PendingLead {
  const { createdAt } = lead;
  return {
    id: lead.id,
    path: lead.path,
    fingerprint: lead.fingerprint,
    reference: lead.reference,
    state: 'pending',
    body: lead.body,
    contentType: lead.contentType,
    idempotencyKey: lead.idempotencyKey,
    createdAt,
    attempts: 1,
    nextAttemptAt: createdAt + Math.max(backoffDelay(1, random), retryAfterMs(res, createdAt)),
  };
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
  | { t: 'attempt'; id: string; attempts: number; nextAttemptAt: number }
  | JobEntry;

/** The key of an entry's record in per-record bookkeeping (a lead's id, or its job's key). */
export function recordKey(e: JournalEntry): string {
  if (e.t === 'job') return jobKey(e.rec.id);
  if (e.t === 'sink') return jobKey(e.id);
  return e.t === 'attempt' ? e.id : e.rec.id;
}

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
  /** Leads some sink still waits for, and the bytes they hold. */
  routing: number;
  routingBytes: number;
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
  /** Each configured sink (webhook, email): leads it waits for, leads it never took, how it is doing. */
  sinks?: Record<string, SinkHealth>;
}

export interface LeadStore {
  get(id: string): LeadRecord | undefined;
  /** Durably record a settled lead (so a repeated key gets the same answer), and its sink job if any. */
  settle(rec: SettledLead, job?: SinkJob): Promise<void>;
  /** Durably queue a lead for later delivery (with its sink job); rejects with `QueueFull` beyond the limits. */
  enqueue(rec: PendingLead, job?: SinkJob): Promise<void>;
  /** A lead's sink job (pending, or settled and still retained). */
  job(id: string): SinkJob | undefined;
  /** Jobs some sink still waits for. */
  routing(): Iterable<SinkJob>;
  /** Every job held, settled (oldest first) then pending: the dealer console's outbox list. */
  jobs?(): Iterable<SinkJob>;
  /** Record a sink's new state for a lead: applied at once, journalled before it resolves (best effort). */
  updateSink(id: string, sink: string, state: SinkState): Promise<void>;
  /** Pending and failed leads per sink, in O(sinks). */
  sinkCounts(): Record<string, SinkCounts>;
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
  // Stryker disable next-line StringLiteral: read only by people (the desk and the edge tell it apart by instanceof)
  override name = 'QueueFull';
}

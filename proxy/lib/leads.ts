/**
 * No lead lost: lead POSTs (test drive, contact, newsletter subscribe) are idempotent by
 * `Idempotency-Key`, and when CarStrel is unreachable or answers 5xx they are stored durably
 * and delivered later with exponential backoff and full jitter.
 *
 * Store: an append-only JSON-lines journal, each append fsync'ed before the answer goes out, so a
 * `kill -9` loses nothing that was acknowledged. Replayed at start; compacted at start. On an
 * edge runtime the same `LeadStore` interface would be backed by a Durable Object or a queue
 * (Cloudflare Queues); the in-memory store exists for tests and single-request portability checks.
 */
import type { Upstream, UpstreamResponse } from './upstream.js';
import { UpstreamError } from './upstream.js';
import { IdempotencyMismatch, InFlight, leadFingerprint, leadId, sameFingerprint } from './idempotency.js';

export { IdempotencyMismatch };

export interface LeadRecord {
  /** `${path} ${idempotencyKey}`: a key is scoped to its route. */
  id: string;
  path: string;
  fingerprint: string;
  reference: string;
  state: 'pending' | 'done';
  /** Stored request, for later delivery. */
  body: string;
  contentType: string;
  idempotencyKey: string;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  /** The answer that settled it (upstream's, or the delivery's). */
  result?: { status: number; body: string };
}

export type JournalEntry =
  | { t: 'queued'; rec: LeadRecord }
  | { t: 'result'; rec: LeadRecord }
  | { t: 'attempt'; id: string; attempts: number; nextAttemptAt: number };

export interface LeadStore {
  get(id: string): LeadRecord | undefined;
  /** Durably record a settled lead (so a repeated key gets the same answer). */
  settle(rec: LeadRecord): Promise<void>;
  /** Durably queue a lead for later delivery. */
  enqueue(rec: LeadRecord): Promise<void>;
  /** Record a failed attempt (best effort: losing it only resets the backoff). */
  retryLater(id: string, attempts: number, nextAttemptAt: number): Promise<void>;
  pending(): LeadRecord[];
  close(): Promise<void>;
}

/** How long settled results are kept to answer repeated keys. */
export const RESULT_RETENTION_MS = 24 * 3600 * 1000;

export function apply(map: Map<string, LeadRecord>, e: JournalEntry): void {
  if (e.t === 'attempt') {
    const r = map.get(e.id);
    if (r && r.state === 'pending') map.set(e.id, { ...r, attempts: e.attempts, nextAttemptAt: e.nextAttemptAt });
  } else map.set(e.rec.id, e.rec);
}

export class MemoryLeadStore implements LeadStore {
  readonly records = new Map<string, LeadRecord>();
  get(id: string) {
    return this.records.get(id);
  }
  async settle(rec: LeadRecord) {
    apply(this.records, { t: 'result', rec });
  }
  async enqueue(rec: LeadRecord) {
    apply(this.records, { t: 'queued', rec });
  }
  async retryLater(id: string, attempts: number, nextAttemptAt: number) {
    apply(this.records, { t: 'attempt', id, attempts, nextAttemptAt });
  }
  pending() {
    return [...this.records.values()].filter((r) => r.state === 'pending');
  }
  async close() {}
}

/** Pure phase "backoff": full jitter over an exponential ceiling (1 s … 5 min). */
export function backoffDelay(attempts: number, random: number, baseMs = 1000, capMs = 300_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempts, 20));
  return Math.max(baseMs / 2, Math.floor(random * ceiling));
}

/** Upstream answers worth retrying later: 5xx, 429 (the dealer's key is rate-limited), 408. */
export function retryable(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

export interface LeadAnswer {
  status: number;
  body: Uint8Array;
  headers: Record<string, string | string[] | undefined>;
  /** 'forwarded' (upstream answered now), 'queued' (stored for later), 'replayed' (a repeated key). */
  outcome: 'forwarded' | 'queued' | 'replayed';
  reference?: string;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

function queuedBody(reference: string): Uint8Array {
  return enc.encode(
    JSON.stringify({
      statusCode: 202,
      message:
        'Received. The dealer system is unreachable right now, so your request is saved and will be delivered automatically; no need to send it again.',
      data: { queued: true, reference },
    }),
  );
}

/** Lead intake and background delivery. */
export class LeadDesk {
  private readonly inflight = new InFlight<LeadAnswer>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delivering = false;
  private closed = false;

  constructor(
    readonly store: LeadStore,
    private readonly upstream: Upstream,
    private readonly opts: {
      apiKey: string;
      timeoutMs: number;
      now?: () => number;
      random?: () => number;
      onDelivered?: (rec: LeadRecord) => void;
    },
  ) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  get depth(): number {
    return this.store.pending().length;
  }

  private send(rec: LeadRecord): Promise<UpstreamResponse> {
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
   * is unreachable, times out or answers 5xx/429/408, store it durably and answer 202 with a reference.
   * `forward` sends it with the caller's full header set (bearer included). A key counts per
   * route and `customer` (`customerScope`; undefined = anonymous), its body checked by SHA-256,
   * also against a request with the same key still in flight.
   */
  async submit(
    path: string,
    idempotencyKey: string,
    body: string,
    contentType: string,
    forward: () => Promise<UpstreamResponse>,
    customer?: string,
  ): Promise<LeadAnswer> {
    const fp = await leadFingerprint(path, body);
    const id = leadId(path, idempotencyKey, customer);
    return this.inflight.run(id, fp, () => this.take(id, fp, path, idempotencyKey, body, contentType, forward));
  }

  private async take(
    id: string,
    fp: string,
    path: string,
    idempotencyKey: string,
    body: string,
    contentType: string,
    forward: () => Promise<UpstreamResponse>,
  ): Promise<LeadAnswer> {
    const known = this.store.get(id);
    if (known) {
      if (!sameFingerprint(known.fingerprint, fp, path, body)) throw new IdempotencyMismatch();
      if (known.state === 'done' && known.result) {
        return {
          status: known.result.status,
          body: enc.encode(known.result.body),
          headers: { 'content-type': 'application/json; charset=utf-8' },
          outcome: 'replayed',
          reference: known.reference,
        };
      }
      return {
        status: 202,
        body: queuedBody(known.reference),
        headers: { 'content-type': 'application/json; charset=utf-8' },
        outcome: 'replayed',
        reference: known.reference,
      };
    }
    const now = this.now();
    const rec: LeadRecord = {
      id,
      path,
      fingerprint: fp,
      reference: `lead_${crypto.randomUUID()}`,
      state: 'pending',
      body,
      contentType,
      idempotencyKey,
      createdAt: now,
      attempts: 0,
      nextAttemptAt: now,
    };
    let res: UpstreamResponse | undefined;
    try {
      res = await forward();
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
    }
    if (res && !retryable(res.status)) {
      await this.store.settle({ ...rec, state: 'done', result: { status: res.status, body: dec.decode(res.body) } });
      return {
        status: res.status,
        body: res.body,
        headers: res.headers,
        outcome: 'forwarded',
        reference: rec.reference,
      };
    }
    rec.attempts = 1;
    rec.nextAttemptAt = now + backoffDelay(1, (this.opts.random ?? Math.random)());
    await this.store.enqueue(rec);
    this.schedule();
    return {
      status: 202,
      body: queuedBody(rec.reference),
      headers: { 'content-type': 'application/json; charset=utf-8' },
      outcome: 'queued',
      reference: rec.reference,
    };
  }

  /** Start background delivery of what the store holds (e.g. after a restart). */
  start(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.closed) return;
    const pending = this.store.pending();
    if (!pending.length) return;
    const next = Math.min(...pending.map((r) => r.nextAttemptAt));
    const wait = Math.max(0, next - this.now());
    if (this.timer) clearTimeout(this.timer);
    // A failing disk must not crash the process: the lead stays pending and is retried.
    this.timer = setTimeout(() => this.deliverDue().catch(() => {}), wait);
    this.timer.unref?.();
  }

  /** Try every lead whose time has come; settle successes (and final 4xx refusals), back off the rest. */
  async deliverDue(): Promise<void> {
    if (this.delivering || this.closed) return;
    this.delivering = true;
    try {
      for (const rec of this.store.pending()) {
        if (rec.nextAttemptAt > this.now() || this.closed) continue;
        await this.deliverOne(rec);
      }
    } finally {
      this.delivering = false;
      this.schedule();
    }
  }

  /** One delivery attempt. Never throws: if even the journal fails, the lead stays pending, backed off. */
  private async deliverOne(rec: LeadRecord): Promise<void> {
    const attempts = rec.attempts + 1;
    const later = () =>
      this.store.retryLater(rec.id, attempts, this.now() + backoffDelay(attempts, (this.opts.random ?? Math.random)()));
    let res: UpstreamResponse | undefined;
    try {
      res = await this.send(rec);
    } catch {
      /* unreachable or timed out: back off */
    }
    try {
      if (res && !retryable(res.status)) {
        const done: LeadRecord = { ...rec, state: 'done', result: { status: res.status, body: dec.decode(res.body) } };
        await this.store.settle(done);
        this.opts.onDelivered?.(done);
      } else await later();
    } catch {
      await later().catch(() => {});
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled(this.inflight.answers());
    await this.store.close();
  }
}

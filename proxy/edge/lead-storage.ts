/**
 * The lead outbox's state in its Durable Object's storage: the Node `MemoryLeadStore` in memory,
 * every change written to storage first (the journal's role on Node).
 *
 *   pending:<id>   a lead waiting for CarStrel (the whole request, to send it again)
 *   done:<id>      a settled result (what answering a repeated key needs), 24 h
 *   expiry:<t>:<id> the index that prunes those
 *   job:<id>       a lead's sink job (sinks/jobs.ts): the lead while a sink waits, then the states
 *   tenant         which tenant this outbox belongs to (many dealers), for deliveries after a restart
 */
import { RESULT_RETENTION_MS, type LeadRecord } from '../lib/lead-store.js';
import { MemoryLeadStore, type LeadLimits, type PendingLead, type SettledLead } from '../lib/leads.js';
import { jobKey, type SinkJob, type SinkState } from '../lib/sinks/jobs.js';
import type { DurableObjectStorage } from './platform.js';

/** Settled results kept in memory (all of them stay in storage for the retention period). */
const SETTLED_IN_MEMORY = 1000;

const PENDING = 'pending:';
const DONE = 'done:';
const EXPIRY = 'expiry:';
const JOB = 'job:';

/** A sortable key for a settled result's expiry index. */
function expiryKey(settledAt: number, id: string): string {
  return `${EXPIRY}${String(settledAt).padStart(15, '0')}:${id}`;
}

/** Lead state in memory, every change written to the Durable Object's storage first. */
export class DurableLeadStore extends MemoryLeadStore {
  private constructor(
    private readonly storage: DurableObjectStorage,
    limits: Partial<LeadLimits>,
  ) {
    super({ ...limits, maxSettled: SETTLED_IN_MEMORY });
  }

  static async open(storage: DurableObjectStorage, limits: Partial<LeadLimits>): Promise<DurableLeadStore> {
    const store = new DurableLeadStore(storage, limits);
    const pending = await storage.list<PendingLead>({ prefix: PENDING });
    for (const rec of pending.values()) store.applyEntry({ t: 'queued', rec });
    const jobs = await storage.list<SinkJob>({ prefix: JOB });
    for (const rec of jobs.values()) store.applyEntry({ t: 'job', rec });
    return store;
  }

  /** A record by id: in memory, else a settled result from storage. */
  async find(id: string): Promise<LeadRecord | undefined> {
    return this.get(id) ?? (await this.storage.get<SettledLead>(DONE + id));
  }

  override async settle(rec: SettledLead, job?: SinkJob): Promise<void> {
    const { entries, release } = this.withJob({ t: 'result', rec }, job, rec.settledAt);
    const first = entries[0];
    const routed = first?.t === 'job' ? { [JOB + rec.id]: first.rec } : {};
    try {
      // Issued together (no await between them), so the object's storage applies them atomically.
      await Promise.all([
        this.storage.delete(PENDING + rec.id),
        this.storage.put<unknown>({
          [DONE + rec.id]: rec,
          [expiryKey(rec.settledAt, rec.id)]: rec.id,
          ...routed,
        }),
      ]);
      entries.forEach((e) => this.applyEntry(e));
    } finally {
      release();
    }
    await this.forgetExpired(rec.settledAt);
  }

  override async enqueue(rec: PendingLead, job?: SinkJob): Promise<void> {
    const release = this.reserve(rec);
    const withJob = this.withJob({ t: 'queued', rec }, job, rec.createdAt);
    const first = withJob.entries[0];
    try {
      await this.storage.put<unknown>({
        [PENDING + rec.id]: rec,
        ...(first?.t === 'job' ? { [JOB + rec.id]: first.rec } : {}),
      });
      withJob.entries.forEach((e) => this.applyEntry(e));
    } finally {
      release();
      withJob.release();
    }
  }

  override async retryLater(id: string, attempts: number, nextAttemptAt: number): Promise<void> {
    const rec = this.get(id);
    if (rec?.state !== 'pending') return;
    await this.storage.put(PENDING + id, { ...rec, attempts, nextAttemptAt });
    this.applyEntry({ t: 'attempt', id, attempts, nextAttemptAt });
  }

  override async updateSink(id: string, sink: string, state: SinkState): Promise<void> {
    const job = this.job(id);
    const current = job?.sinks[sink];
    if (!job || !current || current.s !== 'pending') return;
    const next: SinkJob = { ...job, sinks: { ...job.sinks, [sink]: state } };
    // Once no sink waits, only the states are kept (as the job book keeps them).
    const waiting = Object.values(next.sinks).some((s) => s.s === 'pending');
    await this.storage.put(JOB + id, waiting ? next : { ...next, lead: undefined });
    this.applyEntry({ t: 'sink', id, sink, state });
  }

  /** The earliest next attempt of a sink still waiting for a lead (undefined: none waits). */
  nextSinkAttempt(): number | undefined {
    let at: number | undefined;
    for (const job of this.routing())
      for (const st of Object.values(job.sinks)) if (st.s === 'pending') at = Math.min(at ?? st.next, st.next);
    return at;
  }

  /** A settled job pruned from the book (past retention or the count) leaves storage too. */
  protected override dropped(key: string): void {
    if (key.startsWith(jobKey(''))) void this.storage.delete(JOB + key.slice(jobKey('').length));
  }

  /** Settled results past retention leave storage a few at a time (each settle does a little). */
  private async forgetExpired(now: number): Promise<void> {
    const old = await this.storage.list<string>({
      prefix: EXPIRY,
      end: expiryKey(now - RESULT_RETENTION_MS, ''),
      limit: 64,
    });
    if (!old.size) return;
    await this.storage.delete([...old.keys(), ...[...old.values()].map((id) => DONE + id)]);
  }
}

/**
 * A tenant's lead outbox, opened on its first write: a thousand tenants cost no file until one of
 * them takes a lead. (An outbox already on disk is opened at once, for its queued leads.) Until
 * then it holds nothing, which is exactly what an outbox that does not exist yet holds.
 */
import {
  DEFAULT_LEAD_LIMITS,
  type LeadLimits,
  type LeadRecord,
  type LeadStore,
  type LeadStoreStats,
  type PendingLead,
  type SettledLead,
} from '../lib/leads.js';
import type { SinkCounts, SinkJob, SinkState } from '../lib/sinks/jobs.js';

export class LazyLeadStore implements LeadStore {
  private store: LeadStore | undefined;
  private opening: Promise<LeadStore> | undefined;
  private readonly limits: LeadLimits;

  constructor(
    private readonly open: () => Promise<LeadStore>,
    limits: Partial<LeadLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LEAD_LIMITS, ...limits };
  }

  private ready(): Promise<LeadStore> {
    this.opening ??= this.open().then(
      (s) => (this.store = s),
      (err: unknown) => {
        this.opening = undefined; // a disk that failed once may work on the next lead
        throw err;
      },
    );
    return this.opening;
  }

  get(id: string): LeadRecord | undefined {
    return this.store?.get(id);
  }
  async settle(rec: SettledLead, job?: SinkJob): Promise<void> {
    await (await this.ready()).settle(rec, job);
  }
  async enqueue(rec: PendingLead, job?: SinkJob): Promise<void> {
    await (await this.ready()).enqueue(rec, job);
  }
  job(id: string): SinkJob | undefined {
    return this.store?.job(id);
  }
  routing(): Iterable<SinkJob> {
    return this.store?.routing() ?? [];
  }
  jobs(): Iterable<SinkJob> {
    return this.store?.jobs?.() ?? [];
  }
  async updateSink(id: string, sink: string, state: SinkState): Promise<void> {
    await this.store?.updateSink(id, sink, state);
  }
  sinkCounts(): Record<string, SinkCounts> {
    return this.store?.sinkCounts() ?? {};
  }
  async retryLater(id: string, attempts: number, nextAttemptAt: number): Promise<void> {
    await this.store?.retryLater(id, attempts, nextAttemptAt);
  }
  nextDue(): PendingLead | undefined {
    return this.store?.nextDue();
  }
  hold(id: string): void {
    this.store?.hold(id);
  }
  pullForward(at: number): void {
    this.store?.pullForward(at);
  }
  pending(): PendingLead[] {
    return this.store?.pending() ?? [];
  }
  stats(): LeadStoreStats {
    return (
      this.store?.stats() ?? {
        pending: 0,
        pendingBytes: 0,
        oldestPendingAt: undefined,
        settled: 0,
        limits: this.limits,
        writable: true,
        routing: 0,
        routingBytes: 0,
      }
    );
  }
  async close(): Promise<void> {
    const s = await this.opening?.catch(() => undefined);
    await s?.close();
  }
}

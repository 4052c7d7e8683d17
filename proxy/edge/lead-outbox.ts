/**
 * The lead outbox as a Durable Object (one per dealer): the edge's `LeadStore` and delivery loop.
 *
 * Intake is a short conversation with the worker that took the lead (`OutboxClient`): `begin`
 * answers a repeated key from the stored result (or claims the key, so a concurrent double click
 * waits for the first), the worker forwards the lead itself (with the shopper's bearer, which is
 * never stored), then `settle` records upstream's answer or `enqueue` stores the lead, durably
 * before the worker answers 202 (the Durable Object's output gate holds the answer until the
 * write is confirmed).
 *
 * Delivery is the Node `LeadDesk` (backoff with jitter, probing while CarStrel is down, draining
 * four at a time), running on this object's storage; the object's alarm is always set while a
 * lead waits, so delivery resumes after eviction, a crash or a `kill -9` of the runtime.
 */
import { QueueFull, RESULT_RETENTION_MS, type LeadRecord } from '../lib/lead-store.js';
import {
  LeadDesk,
  MemoryLeadStore,
  queuedBody,
  type LeadLimits,
  type PendingLead,
  type SettledLead,
} from '../lib/leads.js';
import { fetchUpstream } from '../lib/upstream.js';
import { edgeConfig } from './config.js';
import type { DurableObjectState, DurableObjectStorage, EdgeEnv } from './platform.js';

/** Longest wait between two alarms while a lead waits (the desk's own probe interval at most). */
const ALARM_MAX_MS = 5000;
/** Settled results kept in memory (all of them stay in storage for the retention period). */
const SETTLED_IN_MEMORY = 1000;

const PENDING = 'pending:';
const DONE = 'done:';
const EXPIRY = 'expiry:';

const dec = new TextDecoder();

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
    return store;
  }

  /** A record by id: in memory, else a settled result from storage. */
  async find(id: string): Promise<LeadRecord | undefined> {
    return this.get(id) ?? (await this.storage.get<SettledLead>(DONE + id));
  }

  override async settle(rec: SettledLead): Promise<void> {
    // Issued together (no await between them), so the object's storage applies them atomically.
    await Promise.all([
      this.storage.delete(PENDING + rec.id),
      this.storage.put({ [DONE + rec.id]: rec, [expiryKey(rec.settledAt, rec.id)]: rec.id }),
    ]);
    this.applyEntry({ t: 'result', rec });
    await this.forgetExpired(rec.settledAt);
  }

  override async enqueue(rec: PendingLead): Promise<void> {
    const release = this.reserve(rec);
    try {
      await this.storage.put(PENDING + rec.id, rec);
    } finally {
      release();
    }
    this.applyEntry({ t: 'queued', rec });
  }

  override async retryLater(id: string, attempts: number, nextAttemptAt: number): Promise<void> {
    const rec = this.get(id);
    if (rec?.state !== 'pending') return;
    await this.storage.put(PENDING + id, { ...rec, attempts, nextAttemptAt });
    this.applyEntry({ t: 'attempt', id, attempts, nextAttemptAt });
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

/** What `begin` answers: go ahead, a repeated key's first answer, or a key reused for another lead. */
export type BeginAnswer =
  { kind: 'go' } | { kind: 'replay'; status: number; body: string; reference: string } | { kind: 'mismatch' };

interface Claim {
  done: Promise<void>;
  release(): void;
}

/** The `LEADS` Durable Object class. */
export class LeadOutbox {
  private store!: DurableLeadStore;
  private desk!: LeadDesk;
  private readonly claims = new Map<string, Claim>();
  private readonly claimMs: number;

  constructor(
    private readonly state: DurableObjectState,
    env: EdgeEnv,
  ) {
    const config = edgeConfig(env);
    this.claimMs = config.upstreamTimeoutMs + 10_000;
    void state.blockConcurrencyWhile(async () => {
      this.store = await DurableLeadStore.open(state.storage, {
        maxPending: config.leadQueueMax,
        maxPendingBytes: config.leadQueueBytes,
      });
      this.desk = new LeadDesk(
        this.store,
        fetchUpstream(config.apiUrl, (req) => fetch(req)),
        { apiKey: config.apiKey, timeoutMs: config.upstreamTimeoutMs, probeMaxMs: ALARM_MAX_MS },
      );
      // Woken after eviction or a restart: every waiting lead is due now, as on Node.
      if (this.store.stats().pending) {
        this.desk.start();
        await this.rearm();
      }
    });
  }

  async fetch(req: Request): Promise<Response> {
    const op = new URL(req.url).pathname;
    try {
      if (op === '/stats') return Response.json(this.desk.queue());
      const msg = (await req.json()) as Record<string, unknown>;
      if (op === '/begin') return Response.json(await this.begin(String(msg.id), String(msg.fingerprint)));
      if (op === '/settle') {
        const rec = msg.rec as SettledLead;
        await this.store.settle(rec).finally(() => this.release(rec.id));
        this.desk.noteUpstream(rec.result.status);
        return Response.json(this.desk.queue());
      }
      if (op === '/enqueue') {
        const rec = msg.rec as PendingLead;
        try {
          await this.store.enqueue(rec);
        } finally {
          this.release(rec.id);
        }
        await this.rearm();
        void this.desk.deliverDue(); // schedules the desk's own timer for this lead
        return Response.json(this.desk.queue());
      }
      if (op === '/release') {
        this.release(String(msg.id));
        return Response.json({});
      }
      return Response.json({ error: `unknown operation ${op}` }, { status: 404 });
    } catch (err) {
      const full = err instanceof QueueFull;
      return Response.json({ error: full ? 'full' : 'unwritable' }, { status: full ? 507 : 503 });
    }
  }

  /** The alarm: deliver what is due (probing first while CarStrel is down), then set the next one. */
  async alarm(): Promise<void> {
    await this.desk.deliverDue();
    await this.rearm();
  }

  private async begin(id: string, fingerprint: string): Promise<BeginAnswer> {
    const running = this.claims.get(id);
    if (running) await running.done;
    const known = await this.store.find(id);
    if (known) {
      if (known.fingerprint !== fingerprint) return { kind: 'mismatch' };
      return known.state === 'done'
        ? { kind: 'replay', status: known.result.status, body: known.result.body, reference: known.reference }
        : { kind: 'replay', status: 202, body: dec.decode(queuedBody(known.reference)), reference: known.reference };
    }
    if (this.claims.has(id)) return this.begin(id, fingerprint);
    let release = () => {};
    const done = new Promise<void>((resolve) => (release = resolve));
    // A worker that never comes back (crashed mid-request) gives the key up after its deadline.
    const timer = setTimeout(() => this.release(id), this.claimMs);
    this.claims.set(id, {
      done,
      release: () => {
        clearTimeout(timer);
        release();
      },
    });
    return { kind: 'go' };
  }

  private release(id: string): void {
    const claim = this.claims.get(id);
    this.claims.delete(id);
    claim?.release();
  }

  /**
   * Keep the alarm set while a lead waits: at its next attempt, and while CarStrel is down (or
   * every waiting lead is being sent) at most ALARM_MAX_MS away, the desk's probe interval.
   */
  private async rearm(): Promise<void> {
    if (!this.store.stats().pending) {
      await this.state.storage.deleteAlarm();
      return;
    }
    const now = Date.now();
    const next = this.store.nextDue()?.nextAttemptAt;
    const soon = now + ALARM_MAX_MS;
    const at = Math.max(
      now,
      next === undefined ? soon : this.desk.queue().upstream === 'down' ? Math.min(next, soon) : next,
    );
    const current = await this.state.storage.getAlarm();
    if (current === null || current > at || current < now) await this.state.storage.setAlarm(at);
  }
}

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
 *
 * Sinks: the dealer's webhook (CARSTREL_LEAD_WEBHOOK); with many dealers, the tenant's own (its
 * `leads` block in the tenants document, read again as the key is). When the document changes a
 * tenant's sinks, a new desk takes over on the same storage, as on Node: the leads and sink jobs
 * already stored go to the new sinks.
 */
import { QueueFull } from '../lib/lead-store.js';
import { LeadDesk, queuedBody, type PendingLead, type SettledLead } from '../lib/leads.js';
import { createLeadSinks } from '../lib/sinks/config.js';
import type { RoutedLead } from '../lib/sinks/jobs.js';
import type { LeadSinksConfig } from '../lib/sinks/types.js';
import { fetchUpstream, type Upstream } from '../lib/upstream.js';
import type { TenantSpec } from '../tenants/file.js';
import { edgeConfig, type EdgeConfig } from './config.js';
import { DurableLeadStore } from './lead-storage.js';
import type { DurableObjectState, EdgeEnv } from './platform.js';
import { TenantsCache, tenantSource } from './tenants.js';

/** Longest wait between two alarms while a lead waits (the desk's own probe interval at most). */
const ALARM_MAX_MS = 5000;
/** While an outbox has no key for its tenant (removed from the tenants document), it looks again this often. */
const KEYLESS_RETRY_MS = 60_000;
/** Storage key of the tenant an outbox belongs to. */
const TENANT = 'tenant';
/** The header by which the worker names the tenant of an outbox it calls. */
export const TENANT_HEADER = 'x-carstrel-tenant';

const dec = new TextDecoder();

/** What `begin` answers: go ahead, a repeated key's first answer, or a key reused for another lead. */
export type BeginAnswer =
  { kind: 'go' } | { kind: 'replay'; status: number; body: string; reference: string } | { kind: 'mismatch' };

interface Claim {
  done: Promise<void>;
  release(): void;
}

/** A lead as taken, sent with `settle` (CarStrel took it) and `enqueue`, for the dealer's sinks. */
interface Routed {
  lead?: RoutedLead;
}

/** The `LEADS` Durable Object class: one per dealer (`idFromName("dealer")`, or the tenant's id). */
export class LeadOutbox {
  private store!: DurableLeadStore;
  private desk!: LeadDesk;
  private readonly claims = new Map<string, Claim>();
  private readonly claimMs: number;
  /** The key leads are delivered with: the dealer's, or its tenant's as the tenants document says now. */
  private apiKey: string;
  /** Many dealers: the tenant this outbox belongs to (told by the worker, kept in storage). */
  private tenant: string | undefined;
  private readonly tenants: TenantsCache | undefined;
  private readonly config: EdgeConfig;
  private upstream!: Upstream;
  /** The sinks the desk delivers to (their settings as JSON), to see when the tenants document changes them. */
  private sinks = '';
  /** Settles once a replaced desk has stopped and its successor has started (nothing is sent twice meanwhile). */
  private handover: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: DurableObjectState,
    env: EdgeEnv,
  ) {
    const config = (this.config = edgeConfig(env));
    this.claimMs = config.upstreamTimeoutMs + 10_000;
    this.apiKey = config.apiKey;
    const source = tenantSource(env);
    const log = (line: string) => console.log(line);
    this.tenants = source && new TenantsCache(source, env, log);
    void state.blockConcurrencyWhile(async () => {
      this.tenant = await state.storage.get<string>(TENANT);
      this.store = await DurableLeadStore.open(state.storage, {
        maxPending: config.leadQueueMax,
        maxPendingBytes: config.leadQueueBytes,
      });
      this.upstream = this.keyed(fetchUpstream(config.apiUrl, (req) => fetch(req)));
      // The dealer's sinks, or the tenant's (none until the worker names the tenant). An email sink
      // is refused by edgeConfig and by the tenants document's check (tenants.ts).
      this.desk = this.newDesk(source ? ((await this.spec())?.leadSinks ?? {}) : config.leadSinks);
      // Woken after eviction or a restart: every waiting lead and sink job is due now, as on Node.
      const { pending, routing } = this.store.stats();
      if (pending || routing) {
        if (await this.keyKnown()) this.desk.start();
        await this.rearm();
      }
    });
  }

  /**
   * Whether leads can be sent: always for one dealer; for a tenant, once the tenants document
   * names it (a lead of a tenant removed from it waits, never sent with another key or none).
   */
  private async keyKnown(): Promise<boolean> {
    if (!this.tenants) return true;
    const spec = await this.spec();
    if (spec) this.follow(spec.leadSinks ?? {});
    return this.apiKey !== '';
  }

  /** Many dealers: this outbox's tenant as the tenants document says now (its key noted), if it is there. */
  private async spec(): Promise<TenantSpec | undefined> {
    if (!this.tenants || !this.tenant) return undefined;
    try {
      const spec = (await this.tenants.current()).specs.find((t) => t.id === this.tenant);
      if (spec) this.apiKey = spec.apiKey;
      return spec;
    } catch (err) {
      console.error(`lead outbox of "${this.tenant}": tenants document unreadable: ${String(err)}`);
      return undefined;
    }
  }

  /** A desk on this object's storage delivering to `sinks` (the API key redacted from what they send). */
  private newDesk(sinks: LeadSinksConfig): LeadDesk {
    this.sinks = JSON.stringify(sinks);
    const currentKey = () => this.apiKey;
    return new LeadDesk(this.store, this.upstream, {
      // Read at send time: a tenant's rotated key is used for leads already queued, as on Node.
      get apiKey() {
        return currentKey();
      },
      timeoutMs: this.config.upstreamTimeoutMs,
      probeMaxMs: ALARM_MAX_MS,
      sinks: createLeadSinks(sinks, this.apiKey),
    });
  }

  /**
   * A tenant's sinks changed in the tenants document (or were just learnt): a new desk takes new
   * leads at once; once the old one has finished what it was sending, the new one starts and takes
   * over every stored lead and sink job (the store outlives desks: closing one leaves it as it is).
   */
  private follow(sinks: LeadSinksConfig): void {
    if (JSON.stringify(sinks) === this.sinks) return;
    const old = this.desk;
    const next = this.newDesk(sinks);
    this.desk = next;
    this.handover = old
      .close()
      .then(() => next.start())
      .catch((err: unknown) => console.error(`lead outbox of "${this.tenant ?? '?'}": desk handover: ${String(err)}`));
  }

  /** Many dealers: each call to CarStrel carries the tenant's key as the tenants document says now. */
  private keyed(upstream: Upstream): Upstream {
    if (!this.tenants) return upstream;
    return {
      request: async (req) => {
        await this.spec(); // the key only: a desk is never replaced from inside its own delivery
        return upstream.request({ ...req, headers: { ...req.headers, 'x-api-key': this.apiKey } });
      },
      close: () => upstream.close(),
    };
  }

  async fetch(req: Request): Promise<Response> {
    const op = new URL(req.url).pathname;
    const tenant = req.headers.get(TENANT_HEADER) ?? undefined;
    if (this.tenants && tenant && tenant !== this.tenant) {
      this.tenant = tenant;
      await this.state.storage.put(TENANT, tenant);
    }
    try {
      if (op === '/stats') return Response.json(this.desk.queue());
      const msg = (await req.json()) as Record<string, unknown> & Routed;
      if (op === '/begin') return Response.json(await this.begin(String(msg.id), String(msg.fingerprint)));
      if (op === '/settle') {
        const rec = msg.rec as SettledLead;
        if (this.tenants) await this.keyKnown(); // the tenant's sinks, before its job is made
        const ok = rec.result.status >= 200 && rec.result.status < 300;
        await this.store.settle(rec, ok ? this.job(rec, msg.lead) : undefined).finally(() => this.release(rec.id));
        this.desk.noteUpstream(rec.result.status);
        await this.routed(rec.id);
        return Response.json(this.desk.queue());
      }
      if (op === '/enqueue') {
        const rec = msg.rec as PendingLead;
        if (this.tenants) await this.keyKnown(); // the tenant's sinks, before its job is made
        try {
          await this.store.enqueue(rec, this.job(rec, msg.lead));
        } finally {
          this.release(rec.id);
        }
        await this.routed(rec.id);
        // Schedules the desk's own timer for this lead (after a desk handover, if one is under way).
        if (await this.keyKnown()) void this.handover.then(() => this.desk.deliverDue());
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

  /** A new lead's sink job (the dealer's sinks, each pending), unless it has one or there is no sink. */
  private job(rec: { id: string; reference: string; createdAt: number }, lead: RoutedLead | undefined) {
    if (!lead || this.store.job(rec.id)) return undefined;
    return this.desk.routing?.newJob(rec.id, rec.reference, rec.createdAt, lead);
  }

  /** Hand a lead's job, once stored, to the sinks; keep the alarm set while anything waits. */
  private async routed(id: string): Promise<void> {
    const job = this.store.job(id);
    if (job) this.desk.routing?.add(job);
    await this.rearm();
  }

  /** The alarm: deliver what is due (probing first while CarStrel is down), then set the next one. */
  async alarm(): Promise<void> {
    if (!(await this.keyKnown())) {
      // A tenant no longer in the tenants document: its leads wait, looked at again each minute.
      console.log(`lead outbox of "${this.tenant ?? '?'}": no key for its tenant, leads wait`);
      await this.state.storage.setAlarm(Date.now() + KEYLESS_RETRY_MS);
      return;
    }
    await this.handover;
    await this.desk.deliverDue();
    // Sink deliveries run on their own lanes; the alarm waits for those in flight.
    await this.desk.routing?.idle();
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
   * Keep the alarm set while a lead or a sink job waits: at the next attempt, and while CarStrel is
   * down (or every waiting lead is being sent) at most ALARM_MAX_MS away, the desk's probe interval.
   */
  private async rearm(): Promise<void> {
    const { pending, routing } = this.store.stats();
    if (!pending && !routing) {
      await this.state.storage.deleteAlarm();
      return;
    }
    const now = Date.now();
    const soon = now + ALARM_MAX_MS;
    let next = this.store.nextDue()?.nextAttemptAt;
    if (pending && (next === undefined || this.desk.queue().upstream === 'down')) next = Math.min(next ?? soon, soon);
    const sink = this.store.nextSinkAttempt();
    // A sink job being tried (held) has no time: the alarm comes back soon in case its attempt dies.
    const sinkAt = routing ? Math.max(now + 1000, sink ?? soon) : undefined;
    const at = Math.max(now, Math.min(next ?? Infinity, sinkAt ?? Infinity));
    const current = await this.state.storage.getAlarm();
    if (current === null || current > at || current < now) await this.state.storage.setAlarm(at);
  }
}

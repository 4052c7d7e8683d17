/**
 * The app's lead outbox on the edge (`LeadIntake`): a client of the dealer's `LeadOutbox` Durable
 * Object. The worker forwards a lead itself (with the shopper's bearer, which is never stored);
 * the object answers repeated keys, and stores, before the 202, what upstream could not take now.
 * Delivery happens in the object (its alarm), so this side has no timers.
 */
import { refuse } from '../lib/errors.js';
import { leadFingerprint, leadId } from '../lib/idempotency.js';
import { queuedLead, settledLead, type LeadQueueHealth } from '../lib/lead-store.js';
import {
  IdempotencyMismatch,
  queuedBody,
  retryable,
  type LeadAnswer,
  type LeadIntake,
  type LeadOrigin,
} from '../lib/leads.js';
import { REFUSAL_RETRY_AFTER_S } from '../lib/leads.js';
import { pageOf } from '../lib/sinks/lead-event.js';
import { UpstreamError, type UpstreamResponse } from '../lib/upstream.js';
import { TENANT_HEADER, type BeginAnswer } from './lead-outbox.js';
import type { DurableObjectStub } from './platform.js';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const enc = new TextEncoder();
const dec = new TextDecoder();

/** Raised when the outbox object cannot be reached or cannot write: the lead is refused (503), never lost. */
class OutboxUnavailable extends Error {
  override name = 'OutboxUnavailable';
}

export class OutboxClient implements LeadIntake {
  /** The queue as the outbox last reported it (refreshed by each lead and by `refresh`). */
  private last: LeadQueueHealth;

  constructor(
    private readonly outbox: () => DurableObjectStub,
    limits: { maxDepth: number; maxBytes: number },
    /** Many dealers: the tenant whose outbox this is (the object learns it from each call). */
    private readonly tenant?: string,
  ) {
    this.last = {
      depth: 0,
      bytes: 0,
      oldest: null,
      maxDepth: limits.maxDepth,
      maxBytes: limits.maxBytes,
      journal: { writable: true, error: null },
      upstream: 'up',
    };
  }

  get depth(): number {
    return this.last.depth;
  }

  queue(): LeadQueueHealth {
    return this.last;
  }

  /** Ask the outbox for its queue now (before `/healthz` answers). */
  async refresh(): Promise<LeadQueueHealth> {
    try {
      this.last = (await this.call('/stats', {})) as LeadQueueHealth;
    } catch {
      this.last = { ...this.last, journal: { writable: false, error: 'outbox unreachable' } };
    }
    return this.last;
  }

  /** The outbox learns whether CarStrel is back from its own probes and from each lead settled. */
  noteUpstream(): void {}

  /** Delivery runs in the outbox object, woken by its alarm. */
  start(): void {}

  async close(): Promise<void> {}

  async submit(
    path: string,
    idempotencyKey: string,
    body: string,
    contentType: string,
    forward: () => Promise<UpstreamResponse>,
    origin: LeadOrigin = {},
    customer?: string,
  ): Promise<LeadAnswer> {
    const id = leadId(path, idempotencyKey, customer);
    const fp = await leadFingerprint(path, body);
    const begun = (await this.call('/begin', { id, fingerprint: fp }).catch(() => {
      throw refuse.leadNotSaved(REFUSAL_RETRY_AFTER_S);
    })) as BeginAnswer;
    if (begun.kind === 'mismatch') throw new IdempotencyMismatch();
    if (begun.kind === 'replay')
      return {
        status: begun.status,
        body: enc.encode(begun.body),
        headers: JSON_HEADERS,
        outcome: 'replayed',
        reference: begun.reference,
      };

    const createdAt = Date.now();
    const reference = `lead_${crypto.randomUUID()}`;
    // The lead as taken, for the dealer's sinks (the outbox routes it if it has any).
    const lead = { path, body, page: pageOf(origin.referer, origin.origin) };
    let res: UpstreamResponse | undefined;
    try {
      res = await forward();
    } catch (err) {
      if (!(err instanceof UpstreamError)) {
        await this.call('/release', { id }).catch(() => {});
        throw err;
      }
    }
    if (res && !retryable(res.status)) {
      const done = settledLead(
        { id, fingerprint: fp, reference, createdAt },
        res.status,
        dec.decode(res.body),
        createdAt,
      );
      // Stored upstream: if the outbox cannot record it, a repeated key is forwarded again with the
      // same Idempotency-Key (upstream answers it from its own record), as on Node.
      await this.call('/settle', { rec: done, lead }).catch(() => {});
      return { status: res.status, body: res.body, headers: res.headers, outcome: 'forwarded', reference };
    }
    const rec = queuedLead(
      { id, path, fingerprint: fp, reference, body, contentType, idempotencyKey, createdAt },
      res,
      Math.random(),
    );
    try {
      await this.call('/enqueue', { rec, lead });
    } catch (err) {
      throw err instanceof QueueRefused && err.full
        ? refuse.leadQueueFull(REFUSAL_RETRY_AFTER_S)
        : refuse.leadNotSaved(REFUSAL_RETRY_AFTER_S);
    }
    return { status: 202, body: queuedBody(reference), headers: JSON_HEADERS, outcome: 'queued', reference };
  }

  private async call(op: string, msg: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await this.outbox().fetch(`https://outbox${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.tenant ? { [TENANT_HEADER]: this.tenant } : {}) },
        body: JSON.stringify(msg),
      });
    } catch (err) {
      throw new OutboxUnavailable('lead outbox unreachable', { cause: err });
    }
    const answer: unknown = await res.json();
    if (res.ok) {
      if (op !== '/begin' && op !== '/release') this.last = answer as LeadQueueHealth;
      return answer;
    }
    throw new QueueRefused(res.status === 507);
  }
}

/** The outbox refused to store a lead: its queue is full, or its storage cannot be written. */
class QueueRefused extends Error {
  override name = 'QueueRefused';
  constructor(readonly full: boolean) {
    super(full ? 'lead queue full' : 'lead outbox cannot write');
  }
}

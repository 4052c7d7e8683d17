/**
 * What the lead desk answers: the answer shapes, the 202 body of a queued lead, and the desk's
 * options. (The fingerprint that catches a key reused for another lead, and the key's scope, are
 * in idempotency.ts.)
 */
import type { LeadQueueHealth, SettledLead } from './lead-store.js';
import type { OutboxView } from './outbox-view.js';
import type { LeadSink } from './sinks/types.js';
import type { UpstreamResponse } from './upstream.js';

export interface LeadAnswer {
  status: number;
  body: Uint8Array;
  headers: Record<string, string | string[] | undefined>;
  /** 'forwarded' (upstream answered now), 'queued' (stored for later), 'replayed' (a repeated key). */
  outcome: 'forwarded' | 'queued' | 'replayed';
  reference?: string;
}

export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const enc = new TextEncoder();

/** The 202 answer to a lead stored for later delivery (the same on every runtime). */
export function queuedBody(reference: string): Uint8Array {
  return enc.encode(
    JSON.stringify({
      statusCode: 202,
      message:
        'Received. The dealer system is unreachable right now, so your request is saved and will be delivered automatically; no need to send it again.',
      data: { queued: true, reference },
    }),
  );
}

export { IdempotencyMismatch } from './idempotency.js';

export interface LeadDeskOptions {
  apiKey: string;
  timeoutMs: number;
  now?: () => number;
  random?: () => number;
  onDelivered?: (rec: SettledLead) => void;
  /** A cheap upstream GET that tells whether CarStrel is back (default /external/engine-types). */
  probePath?: string;
  /** Longest wait between probes while CarStrel is down (default 5000 ms). */
  probeMaxMs?: number;
  /** Leads delivered in parallel while draining (default 4). */
  concurrency?: number;
  /** Where each lead also goes (the dealer's webhook, ADF email); see `createLeadSinks`. */
  sinks?: LeadSink[];
}

/** Where a lead came from, for the sinks: the request's `Referer` and `Origin` (see `pageOf`). */
export interface LeadOrigin {
  referer?: string;
  origin?: string;
}

/**
 * What the app asks of a lead outbox: take a lead, hear about upstream answers, report the queue.
 * `LeadDesk` on Node (journal on disk); on the edge a client of the outbox Durable Object.
 */
export interface LeadIntake {
  submit(
    path: string,
    idempotencyKey: string,
    body: string,
    contentType: string,
    forward: () => Promise<UpstreamResponse>,
    origin?: LeadOrigin,
    /** The customer the key belongs to (`customerScope`), undefined when anonymous. */
    customer?: string,
  ): Promise<LeadAnswer>;
  noteUpstream(status: number): void;
  queue(): LeadQueueHealth;
  /** The queue asked for now, where the outbox lives elsewhere (the edge's Durable Object); else `queue()` is current. */
  refresh?(): Promise<LeadQueueHealth>;
  readonly depth: number;
  /** Start background delivery of what the store holds. */
  start(): void;
  close(): Promise<void>;
  /** The dealer console's outbox list (outbox-view.ts); absent where this outbox cannot be listed. */
  view?(): Promise<OutboxView>;
  /** The console's "retry now": every waiting lead due at once, for CarStrel and every sink. */
  retryNow?(): Promise<void>;
}

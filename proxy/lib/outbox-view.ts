/**
 * The lead outbox as the dealer console shows it (`GET /admin/api/outbox`): leads waiting for
 * CarStrel, and each routed lead with its state per sink (pending with the last error, delivered,
 * failed), newest first and bounded; and "retry now", which makes everything waiting due at once
 * (CarStrel and every sink). Built from a lead desk's store wherever the desk runs: in the Node
 * process (`LeadDesk.view`), or in the edge's outbox Durable Object (edge/lead-outbox.ts), which
 * answers it to the worker. Only references, kinds, times, attempts and sink errors: never a lead's
 * fields, the API key or a shopper's bearer.
 */
import type { OutboxLead, OutboxSink, OutboxView as ConsoleOutbox } from '../../src/admin/types.js';
import type { LeadQueueHealth, LeadStore } from './leads-types.js';
import type { SinkJob, SinkState } from './sinks/jobs.js';
import { kindOf } from './sinks/lead-event.js';

/** Most leads listed (the newest). */
export const OUTBOX_LIST_MAX = 200;

/** The console's view (src/admin/types.ts), with the queue as `/healthz` reports it. */
export type OutboxView = Omit<ConsoleOutbox, 'queue'> & { queue: LeadQueueHealth };

/** What the view and "retry now" need of a lead desk (`LeadDesk`, on Node and in the edge's outbox object). */
export interface OutboxDesk {
  readonly store: LeadStore;
  readonly routing?: { retryNow(): void };
  queue(): LeadQueueHealth;
  deliverDue(): Promise<void>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function routeOf(id: string): string {
  const space = id.indexOf(' ');
  // Stryker disable next-line ConditionalExpression,UnaryOperator: a lead's id always holds a space (idempotency.ts leadId)
  return space === -1 ? id : id.slice(0, space);
}

function fieldsOf(body: string | undefined): Record<string, unknown> {
  try {
    // Stryker disable next-line ConditionalExpression: `false`: JSON.parse(undefined) throws, and the catch answers {} too
    const v: unknown = body === undefined ? {} : JSON.parse(body);
    // (`true && v !== null` survives: a string's or a number's `subject` is undefined, as is {}'s.)
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function sinkView(st: SinkState): OutboxSink {
  if (st.s === 'pending')
    return { state: 'pending', attempts: st.attempts, at: null, next: iso(st.next), error: st.error ?? null };
  if (st.s === 'sent') return { state: 'delivered', attempts: st.attempts, at: iso(st.at), next: null, error: null };
  return { state: 'failed', attempts: st.attempts, at: iso(st.at), next: null, error: st.error };
}

function leadView(job: SinkJob): OutboxLead {
  const path = job.lead?.path ?? routeOf(job.id);
  return {
    reference: job.reference,
    kind: kindOf(path, fieldsOf(job.lead?.body)),
    receivedAt: iso(job.createdAt),
    sinks: Object.fromEntries(Object.entries(job.sinks).map(([name, st]) => [name, sinkView(st)])),
  };
}

/** A desk's outbox: waiting leads and routed leads, newest first, at most OUTBOX_LIST_MAX of each. */
export function outboxView(desk: OutboxDesk): OutboxView {
  const jobs = [...(desk.store.jobs?.() ?? [])];
  jobs.sort((a, b) => b.createdAt - a.createdAt);
  const waiting = desk.store
    .pending()
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, OUTBOX_LIST_MAX)
    .map((p) => ({
      reference: p.reference,
      kind: kindOf(p.path, fieldsOf(p.body)),
      receivedAt: iso(p.createdAt),
      attempts: p.attempts,
      nextAttempt: iso(p.nextAttemptAt),
    }));
  return { queue: desk.queue(), waiting, leads: jobs.slice(0, OUTBOX_LIST_MAX).map(leadView) };
}

/** "Retry now": every waiting lead due at once, for CarStrel (probing first while it is down) and every sink. */
export function retryOutbox(desk: OutboxDesk, now = Date.now()): void {
  desk.store.pullForward(now);
  void desk.deliverDue().catch(() => {});
  desk.routing?.retryNow();
}

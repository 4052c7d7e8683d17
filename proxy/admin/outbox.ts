/**
 * The lead outbox as the console shows it: leads waiting for CarStrel, and each routed lead with
 * its state per sink (pending with the last error, delivered, failed), newest first and bounded;
 * "retry now" makes everything waiting due at once (CarStrel and every sink). Read from the Node
 * lead desk (lib/leads.ts); a runtime whose outbox lives elsewhere (the edge) has none to list.
 */
import type { OutboxLead, OutboxSink, OutboxView as ConsoleOutbox } from '../../src/admin/types.js';
import type { LeadIntake } from '../lib/leads-answer.js';
import { LeadDesk, type LeadQueueHealth } from '../lib/leads.js';
import type { SinkJob, SinkState } from '../lib/sinks/jobs.js';
import { kindOf } from '../lib/sinks/lead-event.js';

/** Most leads listed (the newest). */
export const OUTBOX_LIST_MAX = 200;

/** The console's view (src/admin/types.ts), with the queue as `/healthz` reports it. */
export type OutboxView = Omit<ConsoleOutbox, 'queue'> & { queue: LeadQueueHealth };

const iso = (ms: number): string => new Date(ms).toISOString();

function routeOf(id: string): string {
  const space = id.indexOf(' ');
  return space === -1 ? id : id.slice(0, space);
}

function fieldsOf(body: string | undefined): Record<string, unknown> {
  try {
    const v: unknown = body === undefined ? {} : JSON.parse(body);
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

/** The outbox of a dealer, or undefined when this runtime's outbox cannot be listed. */
export function outboxView(leads: LeadIntake): OutboxView | undefined {
  if (!(leads instanceof LeadDesk)) return undefined;
  const jobs = [...(leads.store.jobs?.() ?? [])];
  jobs.sort((a, b) => b.createdAt - a.createdAt);
  const waiting = leads.store
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
  return { queue: leads.queue(), waiting, leads: jobs.slice(0, OUTBOX_LIST_MAX).map(leadView) };
}

/** "Retry now": every waiting lead due at once, for CarStrel and every sink. False when there is no outbox here. */
export function retryNow(leads: LeadIntake, now = Date.now()): boolean {
  if (!(leads instanceof LeadDesk)) return false;
  leads.store.pullForward(now);
  void leads.deliverDue().catch(() => {});
  leads.routing?.retryNow();
  return true;
}

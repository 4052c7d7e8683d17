/** Test doubles for the lead desk: a scripted upstream that tells lead POSTs from probe GETs. */
import {
  UpstreamError,
  type Upstream,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../../../proxy/lib/upstream.js';
import type { PendingLead } from '../../../proxy/lib/lead-store.js';

const enc = new TextEncoder();

export const okRes = (status = 201, headers: Record<string, string> = {}): UpstreamResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: enc.encode(JSON.stringify({ statusCode: status, data: { id: 't1' } })),
});

export type Answer = UpstreamResponse | 'down';

export interface ScriptedUpstream extends Upstream {
  /** Every request, in order. */
  sent: UpstreamRequest[];
  /** Lead POSTs only. */
  posts(): UpstreamRequest[];
  /** Probe GETs only. */
  probes(): UpstreamRequest[];
  /** What a probe GET gets: 'up' (200) or 'down' (unreachable). */
  probe: 'up' | 'down';
}

/**
 * Lead POSTs take `answers` in order (or `lead(req)` once they run out; default: unreachable);
 * probe GETs answer per `probe`.
 */
export function scriptedUpstream(
  answers: Answer[] = [],
  opts: { probe?: 'up' | 'down'; lead?: (req: UpstreamRequest) => Answer } = {},
): ScriptedUpstream {
  const up: ScriptedUpstream = {
    sent: [],
    probe: opts.probe ?? 'up',
    posts: () => up.sent.filter((r) => r.method === 'POST'),
    probes: () => up.sent.filter((r) => r.method === 'GET'),
    async request(req) {
      up.sent.push(req);
      const a =
        req.method === 'GET'
          ? up.probe === 'up'
            ? okRes(200)
            : 'down'
          : (answers.shift() ?? opts.lead?.(req) ?? 'down');
      if (a === 'down') throw new UpstreamError('unreachable');
      return a;
    },
    async close() {},
  };
  return up;
}

let seq = 0;
/** A pending lead as the desk would queue it. */
export function pendingLead(over: Partial<PendingLead> = {}): PendingLead {
  const key = over.idempotencyKey ?? `key-${String(++seq).padStart(8, '0')}`;
  const path = over.path ?? '/external/contact/submit';
  return {
    id: `${path} ${key}`,
    path,
    fingerprint: 'f',
    reference: `lead_${key}`,
    state: 'pending',
    body: '{"email":"a@b.c"}',
    contentType: 'application/json',
    idempotencyKey: key,
    createdAt: 0,
    attempts: 1,
    nextAttemptAt: 0,
    ...over,
  };
}

export function until(cond: () => boolean, timeoutMs: number, stepMs = 20): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const tick = () => {
      if (cond()) return resolve(true);
      if (Date.now() > end) return resolve(false);
      setTimeout(tick, stepMs);
    };
    tick();
  });
}

/**
 * Health: one memoized probe of the upstream (is it reachable, does it accept the key) and the pure
 * report built from it, the lead queue and the cache (`GET /healthz`).
 */
import { CarstrelApiError } from '../client/errors.js';
import type { LeadQueueHealth } from './leads.js';
import { upstreamClient } from './upstream-client.js';
import type { Upstream } from './upstream.js';

export interface Probe {
  reachable: boolean;
  keyAccepted?: boolean;
  status?: number;
  ms: number;
}

/** How long one probe answers for, so that a health checker cannot turn into upstream load. */
export const PROBE_MEMO_MS = 5000;

export class HealthProbe {
  private last: { at: number; result: Promise<Probe> } | undefined;

  constructor(
    private readonly upstream: Upstream,
    private readonly apiKey: string,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A cheap authenticated read (`/external/engine-types`), at most once per PROBE_MEMO_MS. */
  check(): Promise<Probe> {
    const now = this.now();
    if (!this.last || now - this.last.at > PROBE_MEMO_MS) this.last = { at: now, result: this.probe() };
    return this.last.result;
  }

  private probe(): Promise<Probe> {
    const t0 = performance.now();
    const ms = () => Math.round(performance.now() - t0);
    return upstreamClient(this.upstream, this.apiKey, Math.min(2000, this.timeoutMs))
      .listEngineTypes()
      .then((): Probe => ({ reachable: true, keyAccepted: true, status: 200, ms: ms() }))
      .catch((err: unknown): Probe => {
        if (!(err instanceof CarstrelApiError)) return { reachable: false, ms: ms() };
        const status = err.status;
        return { reachable: status < 500, keyAccepted: status !== 401 && status !== 403, status, ms: ms() };
      });
  }
}

export interface HealthFacts {
  mode: 'live' | 'sandbox';
  probe: Probe;
  /** The lead queue (`LeadDesk.queue()`, O(1)): depth, oldest, limits, whether the journal can be written. */
  queue: LeadQueueHealth;
  cacheEntries: number;
}

/** Phase "health report": the `/healthz` body; `degraded` says what is wrong and what still works. */
export function healthReport({ mode, probe, queue, cacheEntries }: HealthFacts) {
  const ok = probe.reachable && probe.keyAccepted !== false && queue.journal.writable;
  return {
    statusCode: 200,
    message: ok
      ? 'ok'
      : !queue.journal.writable
        ? `degraded: the lead journal cannot be written (${queue.journal.error}); while CarStrel is unreachable new leads are refused with 503`
        : !probe.reachable
          ? 'degraded: CarStrel is unreachable; leads are queued and delivered when it is back'
          : 'degraded: CarStrel refuses the API key; check CARSTREL_API_KEY',
    data: {
      status: ok ? 'ok' : 'degraded',
      mode,
      upstream: {
        reachable: probe.reachable,
        keyAccepted: probe.keyAccepted ?? null,
        status: probe.status ?? null,
        latencyMs: probe.ms,
      },
      queue,
      cache: { entries: cacheEntries },
    },
  };
}

/**
 * The operator figures (metrics.ts) in the Prometheus text format, with prom-client (Node). One
 * registry per proxy, plus the client's default process figures (memory, event loop lag, …).
 * Tenant ids are labels; an unknown id never becomes one (it is refused before it is counted).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Gauges, ProxyMetrics } from './metrics.js';

export function promMetrics(opts: { processMetrics?: boolean } = {}): ProxyMetrics {
  const register = new Registry();
  if (opts.processMetrics !== false) collectDefaultMetrics({ register });
  let read: (() => Gauges) | undefined;
  let snapshot: Gauges | undefined;
  /** One read per scrape, shared by the gauges below. */
  const current = (): Gauges | undefined => {
    if (!snapshot && read) {
      const g = read();
      snapshot = { tenants: g.tenants, queues: [...g.queues] };
    }
    return snapshot;
  };

  const requests = new Counter({
    name: 'carstrel_requests_total',
    help: 'Requests answered, by route class, status and tenant.',
    labelNames: ['route_class', 'status', 'tenant'] as const,
    registers: [register],
  });
  const cache = new Counter({
    name: 'carstrel_cache_results_total',
    help: 'Public reads by cache result (HIT, MISS, STALE, STALE-IF-ERROR) and tenant.',
    labelNames: ['result', 'tenant'] as const,
    registers: [register],
  });
  const upstream = new Histogram({
    name: 'carstrel_upstream_duration_seconds',
    help: 'Duration of upstream calls (page requests, lead deliveries, health probes), by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [register],
  });
  const reloads = new Counter({
    name: 'carstrel_tenant_reloads_total',
    help: 'Re-reads of the tenants file, by result (ok, or error: the running configuration was kept).',
    labelNames: ['result'] as const,
    registers: [register],
  });
  new Gauge({
    name: 'carstrel_tenants',
    help: 'Tenants served.',
    registers: [register],
    collect() {
      const g = current();
      if (g) this.set(g.tenants);
    },
  });
  new Gauge({
    name: 'carstrel_lead_queue_depth',
    help: 'Leads queued for delivery, by tenant.',
    labelNames: ['tenant'] as const,
    registers: [register],
    collect() {
      this.reset();
      for (const q of current()?.queues ?? []) this.set({ tenant: q.tenant }, q.depth);
    },
  });
  new Gauge({
    name: 'carstrel_lead_oldest_age_seconds',
    help: 'Seconds the oldest queued lead has waited for delivery, by tenant (0 when none).',
    labelNames: ['tenant'] as const,
    registers: [register],
    collect() {
      this.reset();
      for (const q of current()?.queues ?? []) this.set({ tenant: q.tenant }, q.oldestAgeSeconds);
    },
  });

  return {
    request({ routeClass, status, tenant, cache: result }) {
      requests.inc({ route_class: routeClass, status: String(status), tenant });
      if (result) cache.inc({ result, tenant });
    },
    upstream: (seconds, outcome) => upstream.observe({ outcome }, seconds),
    reload: (result) => reloads.inc({ result }),
    gauges(fn) {
      read = fn;
    },
    async render() {
      snapshot = undefined;
      try {
        return { contentType: register.contentType, body: await register.metrics() };
      } finally {
        snapshot = undefined;
      }
    },
  };
}

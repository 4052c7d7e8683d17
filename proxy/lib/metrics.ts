/**
 * Operator figures, as an interface the app records into (web-standard: the Prometheus client
 * itself is Node-only and arrives as a dependency, see prom.ts). What is counted: requests by
 * route class, status and tenant; cache results; upstream latency; lead queues; tenant reloads.
 */
import type { Upstream } from './upstream.js';
import { UpstreamError } from './upstream.js';

export interface RequestSample {
  /** `reference`, `list`, `detail`, `lead`, `auth`, … for the API; `asset`, `session`, `health`, … otherwise. */
  routeClass: string;
  status: number;
  /** The tenant's id; '' for a single dealer, or a request no tenant was chosen for. */
  tenant: string;
  /** Cache result (HIT, MISS, STALE, STALE-IF-ERROR) of a public read. */
  cache?: string;
}

export interface QueueSample {
  tenant: string;
  depth: number;
  /** Seconds the oldest queued lead has waited (0 when none). */
  oldestAgeSeconds: number;
}

/** Read when the figures are rendered (a scrape), never on the request path. */
export interface Gauges {
  tenants: number;
  queues: Iterable<QueueSample>;
}

export interface ProxyMetrics {
  request(sample: RequestSample): void;
  /** One upstream call: its duration and `ok` (< 500), `error` (5xx), `timeout` or `unreachable`. */
  upstream(seconds: number, outcome: 'ok' | 'error' | 'timeout' | 'unreachable'): void;
  reload(result: 'ok' | 'error'): void;
  gauges(read: () => Gauges): void;
  /** The Prometheus text exposition. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** Route class of a path below a dealer's mount point (the API's classes are set by the API route). */
export function routeClassOf(path: string): string {
  if (path.startsWith('/external/')) return 'external';
  if (path === '/healthz') return 'health';
  if (path === '/metrics') return 'metrics';
  if (path === '/session' || path.startsWith('/session/')) return 'session';
  if (path === '/carstrel.js' || path === '/sw.js' || path.startsWith('/chunks/') || path.startsWith('/media/'))
    return 'asset';
  return 'other';
}

/** The upstream, timing every call into `metrics` (page requests, lead deliveries and probes alike). */
export function timedUpstream(upstream: Upstream, metrics: ProxyMetrics): Upstream {
  return {
    async request(req) {
      // No closure per call: this runs on every forwarded request.
      const started = performance.now();
      try {
        const res = await upstream.request(req);
        metrics.upstream((performance.now() - started) / 1000, res.status >= 500 ? 'error' : 'ok');
        return res;
      } catch (err) {
        metrics.upstream((performance.now() - started) / 1000, err instanceof UpstreamError ? err.kind : 'unreachable');
        throw err;
      }
    },
    close: () => upstream.close(),
  };
}

/**
 * Many dealers, one deployment: the tenants being served, each with its own configuration and
 * services, swapped whole on a reload while requests already running keep the ones they started
 * with (they hold their own reference in the request context).
 *
 * What is a tenant's own: its outbox (`openLeadStore(id)`, a directory per tenant), its lead
 * deliverer (which reads the tenant's key at send time, so a rotated key is used for leads already
 * queued) and its lead sinks (the `leads` block: a reload that changes them hands the queued leads
 * to the new ones), its session key (derived from the session secret and the id) and cookie name, its
 * origins, its log lines (`tenant` on each), its health probe. What is shared but partitioned:
 * the response cache (keys prefixed with the id and a key generation, so a rotated key never sees
 * the answers of the old one) and the rate-limit buckets (keyed by id and client), so that memory
 * stays bounded for a thousand tenants. A removed tenant stops being served at once; its outbox
 * keeps delivering what it holds, and comes back as it was if the tenant is added again.
 */
import type { CacheView, ProxyServices } from '../context.js';
import type { ResponseCache } from '../lib/cache.js';
import type { Compressor } from '../lib/compress.js';
import type { ProxyConfig } from '../lib/config.js';
import { HealthProbe } from '../lib/health.js';
import { LeadDesk, MemoryLeadStore, type LeadIntake, type LeadStore } from '../lib/leads.js';
import { jsonLogger } from '../lib/logger.js';
import type { ProxyMetrics, QueueSample } from '../lib/metrics.js';
import type { RateCheck } from '../lib/ratelimit.js';
import { SessionSealer } from '../lib/session.js';
import { createLeadSinks, type LeadSinkDeps } from '../lib/sinks/config.js';
import type { AssetSource } from '../lib/static.js';
import type { Upstream } from '../lib/upstream.js';
import { cookieOptions } from '../services.js';
import type { ElementRenderer } from '../ssr/types.js';
import type { TenantSpec } from './file.js';

/** A tenant's configuration and services as one request sees them. */
export interface Served {
  config: ProxyConfig;
  services: ProxyServices;
}

export interface TenantDeps {
  /** The upstream every tenant shares (one connection pool); each request carries its tenant's key. */
  upstream: Upstream;
  cache: ResponseCache;
  limiter: RateCheck;
  /** The widgets build (tenants serve no demo pages). */
  assets?: AssetSource;
  compress?: Compressor;
  metrics?: ProxyMetrics;
  /** Server-side rendering of elements (`/render`), shared by every tenant. */
  render?: ElementRenderer;
  /** Opens a tenant's own outbox. Default: in memory. */
  openLeadStore?: (tenant: string) => Promise<LeadStore>;
  /** A tenant's lead outbox kept by the runtime (the edge's Durable Object, one per tenant); replaces `openLeadStore`. */
  openLeads?: (tenant: string) => LeadIntake;
  log?: (line: string) => void;
  now?: () => number;
  /** The email sink's mailer (Node: `smtpMailer`); without it a tenant's leads are not emailed. */
  mailer?: LeadSinkDeps['mailer'];
}

export interface ReloadSummary {
  added: string[];
  removed: string[];
  changed: string[];
  tenants: number;
}

/** A tenant's part of the shared cache: its keys carry its id (classes, not closures: one shape for all tenants). */
class CachePart implements CacheView {
  constructor(
    private readonly shared: ResponseCache,
    private readonly prefix: string,
  ) {}
  fetch(...[key, policy, load, shape]: Parameters<ResponseCache['fetch']>): ReturnType<ResponseCache['fetch']> {
    return this.shared.fetch(this.prefix + key, policy, load, shape);
  }
  get size(): number {
    return this.shared.size;
  }
}

/** A tenant's rate-limit buckets, in the shared limiter: keyed by its id and the client. */
class LimiterPart implements RateCheck {
  constructor(
    private readonly shared: RateCheck,
    private readonly prefix: string,
  ) {}
  check(client: string, cls: Parameters<RateCheck['check']>[1]): ReturnType<RateCheck['check']> {
    return this.shared.check(this.prefix + client, cls);
  }
}

/** What the last upstream call made for a tenant said (page requests, lead deliveries, probes alike). */
export interface LastUpstream {
  reachable: boolean;
  keyAccepted: boolean | null;
  status: number | null;
  at: string;
}

function observed(upstream: Upstream, note: (seen: LastUpstream) => void): Upstream {
  return {
    async request(req) {
      try {
        const res = await upstream.request(req);
        note({
          reachable: res.status < 500,
          keyAccepted: res.status !== 401 && res.status !== 403,
          status: res.status,
          at: new Date().toISOString(),
        });
        return res;
      } catch (err) {
        note({ reachable: false, keyAccepted: null, status: null, at: new Date().toISOString() });
        throw err;
      }
    },
    close: () => upstream.close(),
  };
}

function widgetsOnly(assets: AssetSource | undefined): AssetSource | undefined {
  return assets && { widget: (name) => assets.widget(name), demo: () => Promise.resolve(undefined) };
}

function sameSpec(a: TenantSpec, b: TenantSpec): boolean {
  return (
    a.apiKey === b.apiKey &&
    a.allowedOrigins.join('\n') === b.allowedOrigins.join('\n') &&
    a.hosts.join('\n') === b.hosts.join('\n') &&
    sameSinks(a, b)
  );
}

function sameSinks(a: TenantSpec, b: TenantSpec): boolean {
  return JSON.stringify(a.leadSinks ?? {}) === JSON.stringify(b.leadSinks ?? {});
}

/**
 * The store as a tenant's lead desk sees it: closing a desk (its sinks changed on a reload) leaves
 * the store open for the desk that replaces it; the tenant closes the store itself.
 */
function keepOpen(store: LeadStore): LeadStore {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'close') return () => Promise.resolve();
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** `host:port` → `host`, for a Host header with a port matched against a host listed without one. */
function withoutPort(host: string): string {
  const colon = host.lastIndexOf(':');
  return colon > 0 && !host.endsWith(']') ? host.slice(0, colon) : host;
}

class Tenant {
  spec: TenantSpec;
  served: Served;
  /** Bumped when the key changes: the cache part of the old key is left to age out. */
  private generation = 0;
  /** Its lead outbox: on Node a desk, replaced (same store, queued leads and jobs kept) when a reload changes its sinks. */
  leads: LeadIntake;
  private readonly sessions: SessionSealer;
  private readonly upstream: Upstream;
  lastUpstream: LastUpstream | undefined;

  constructor(
    spec: TenantSpec,
    /** Its store (undefined when the runtime keeps the outbox: `deps.openLeads`). */
    private readonly store: LeadStore | undefined,
    secret: string,
    private readonly base: ProxyConfig,
    private readonly deps: TenantDeps,
  ) {
    this.spec = spec;
    this.upstream = observed(deps.upstream, (seen) => (this.lastUpstream = seen));
    this.leads = deps.openLeads?.(spec.id) ?? this.desk(spec);
    this.sessions = new SessionSealer(`${secret}\u0000tenant:${spec.id}`);
    this.served = this.build(spec, undefined);
  }

  get id(): string {
    return this.spec.id;
  }

  /** A lead desk on the tenant's store, with the tenant's own sinks (its `leads` block). */
  private desk(spec: TenantSpec): LeadDesk {
    const currentKey = () => this.spec.apiKey;
    return new LeadDesk(keepOpen(this.store ?? new MemoryLeadStore()), this.upstream, {
      // Read at send time: a queued lead goes out with the tenant's key of that moment.
      get apiKey() {
        return currentKey();
      },
      timeoutMs: this.base.upstreamTimeoutMs,
      now: this.deps.now,
      sinks: createLeadSinks(spec.leadSinks ?? {}, spec.apiKey, { mailer: this.deps.mailer, now: this.deps.now }),
    });
  }

  /**
   * New sinks from a reload: a new desk takes new leads at once; once the old one has finished what
   * it was sending, the new one starts and takes over every queued lead and pending job.
   */
  private replaceDesk(spec: TenantSpec): void {
    if (this.deps.openLeads) return; // the edge: each outbox object follows the tenants document itself (edge/lead-outbox.ts)
    const old = this.leads;
    const next = this.desk(spec);
    this.leads = next;
    void old.close().then(() => next.start());
  }

  async close(): Promise<void> {
    await this.leads.close();
    await this.store?.close();
  }

  /** The configuration and services for `spec`, reusing what a changed spec does not touch. */
  build(spec: TenantSpec, previous: Served | undefined): Served {
    const { base, deps } = this;
    const keyChanged = previous !== undefined && previous.config.apiKey !== spec.apiKey;
    if (keyChanged) this.generation++;
    if (previous !== undefined && !sameSinks(this.spec, spec)) this.replaceDesk(spec);
    const config: ProxyConfig = {
      ...base,
      tenant: spec.id,
      apiKey: spec.apiKey,
      allowedOrigins: spec.allowedOrigins,
      leadSinks: spec.leadSinks ?? {},
    };
    const services: ProxyServices = {
      upstream: this.upstream,
      assets: widgetsOnly(deps.assets),
      cache: new CachePart(deps.cache, `${spec.id}#${this.generation} `),
      leads: this.leads,
      limiter: new LimiterPart(deps.limiter, `${spec.id} `),
      sessions: this.sessions,
      cookie: cookieOptions(base, spec.id),
      origins: new Set(spec.allowedOrigins),
      health:
        previous && !keyChanged
          ? previous.services.health
          : new HealthProbe(this.upstream, spec.apiKey, base.upstreamTimeoutMs, deps.now),
      compress: deps.compress,
      render: deps.render,
      logger: jsonLogger(deps.log, base.log !== 'off', spec.apiKey, { tenant: spec.id }),
      metrics: deps.metrics,
    };
    return { config, services };
  }
}

export interface ReloadStatus {
  /** Successful loads of the tenants file, the first one included. */
  loads: number;
  /** Re-reads refused (the running configuration was kept). */
  refused: number;
  last?: { at: string; ok: boolean; message: string };
}

export class TenantRegistry {
  readonly reloads: ReloadStatus = { loads: 0, refused: 0 };
  private byId = new Map<string, Tenant>();
  private byHost = new Map<string, Tenant>();
  /** Removed tenants: not served, their outbox still delivering; revived as they were if added again. */
  private readonly retired = new Map<string, Tenant>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly secret: string;

  constructor(
    private readonly base: ProxyConfig,
    private readonly deps: TenantDeps,
  ) {
    this.secret = base.sessionSecret ?? crypto.randomUUID() + crypto.randomUUID();
  }

  /** The tenant served under `/d/<id>/`. */
  get(id: string): Served | undefined {
    return this.byId.get(id)?.served;
  }

  /** The tenant served at the root for this Host header. */
  forHost(host: string | undefined): Served | undefined {
    if (!host || !this.byHost.size) return undefined;
    const h = host.toLowerCase();
    return (this.byHost.get(h) ?? this.byHost.get(withoutPort(h)))?.served;
  }

  get size(): number {
    return this.byId.size;
  }

  /** Every served tenant, in file order, with what its last upstream call said. */
  served(): Array<{ id: string; lastUpstream: LastUpstream | undefined } & Served> {
    return [...this.byId.values()].map((t) => ({ id: t.id, lastUpstream: t.lastUpstream, ...t.served }));
  }

  /** Lead queues of every tenant with an outbox, removed ones still delivering included. */
  queues(now = Date.now()): QueueSample[] {
    const out: QueueSample[] = [];
    for (const t of [...this.byId.values(), ...this.retired.values()]) {
      const { depth, oldest } = t.leads.queue();
      const age = oldest === null ? 0 : Math.max(0, (now - Date.parse(oldest)) / 1000);
      out.push({ tenant: t.id, depth, oldestAgeSeconds: age });
    }
    return out;
  }

  /**
   * Serve exactly `specs` from now on. New tenants get their outbox opened first; only when every
   * one is ready does the whole set take effect at once. Reloads run one at a time.
   */
  apply(specs: TenantSpec[]): Promise<ReloadSummary> {
    const run = this.queue.then(() => this.swap(specs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async swap(specs: TenantSpec[]): Promise<ReloadSummary> {
    const summary: ReloadSummary = { added: [], removed: [], changed: [], tenants: specs.length };
    const fresh = new Map<string, Tenant>();
    for (const spec of specs) {
      if (this.byId.has(spec.id) || this.retired.has(spec.id)) continue;
      const store = this.deps.openLeads
        ? undefined
        : await (this.deps.openLeadStore?.(spec.id) ?? Promise.resolve(new MemoryLeadStore()));
      fresh.set(spec.id, new Tenant(spec, store, this.secret, this.base, this.deps));
    }
    // From here on nothing awaits: the new set takes effect in one step.
    const next = new Map<string, Tenant>();
    for (const spec of specs) {
      const known = this.byId.get(spec.id);
      const revived = this.retired.get(spec.id);
      const t = known ?? revived ?? fresh.get(spec.id);
      if (!t) continue;
      if (!known) summary.added.push(spec.id);
      else if (!sameSpec(known.spec, spec)) summary.changed.push(spec.id);
      if (known || revived) {
        if (!known || !sameSpec(t.spec, spec)) {
          t.served = t.build(spec, t.served);
          t.spec = spec;
        }
        this.retired.delete(spec.id);
      } else t.leads.start();
      next.set(spec.id, t);
    }
    for (const [id, t] of this.byId)
      if (!next.has(id)) {
        summary.removed.push(id);
        this.retired.set(id, t);
      }
    const hosts = new Map<string, Tenant>();
    for (const t of next.values()) for (const h of t.spec.hosts) hosts.set(h, t);
    this.byId = next;
    this.byHost = hosts;
    return summary;
  }

  /** Record the outcome of reading the tenants file (for `/healthz` and `/metrics`). */
  noteReload(ok: boolean, message: string): void {
    if (ok) this.reloads.loads++;
    else this.reloads.refused++;
    this.reloads.last = { at: new Date().toISOString(), ok, message };
    this.deps.metrics?.reload(ok ? 'ok' : 'error');
  }

  async close(): Promise<void> {
    const all = [...this.byId.values(), ...this.retired.values()];
    await Promise.allSettled(all.map((t) => t.close()));
  }
}

/**
 * The Workers `fetch` handler: the same web-standard app as on Node (`createProxyApp`), with the
 * edge's pieces as its dependencies:
 *
 * - upstream: the runtime's `fetch` (`redirect: "manual"`, a 3xx is an upstream error), every call
 *   kept alive with `waitUntil` until it settles (a cache refresh outlives the request that
 *   started it, and a coalesced call may be awaited by another request);
 * - leads and idempotency: the dealer's `LeadOutbox` Durable Object (`OutboxClient`);
 * - many dealers: tenants from the `TENANTS` KV namespace or `CARSTREL_TENANTS_JSON` (tenants.ts),
 *   served by the Node proxy's registry and routes, each with its own outbox object;
 * - rate limits: a `RateLimitBucket` Durable Object per client, the client being the platform's
 *   `CF-Connecting-IP` (one bucket per client, never one shared bucket);
 * - assets: the `ASSETS` binding; compression: the runtime's (see `platformCompressor`).
 *
 * A web `Request`'s URL is resolved before the app parses it (`..` and `%2e%2e` removed), so the
 * raw target is checked here first, as Node's server does with the request line.
 */
import { createProxyApp, type ProxyApp } from '../app.js';
import type { Compressor } from '../lib/compress.js';
import { ConfigError } from '../lib/config.js';
import { cloudflareConnInfo } from '../lib/conninfo.js';
import { refuse, refusalResponse } from '../lib/errors.js';
import { checkRequestTarget } from '../lib/phases.js';
import { fetchUpstream, type Upstream } from '../lib/upstream.js';
import { fetcherAssets } from './assets.js';
import { edgeConfig } from './config.js';
import { OutboxClient } from './outbox-client.js';
import type { EdgeEnv, ExecutionContext } from './platform.js';
import { edgeRateLimits } from './rate-limits.js';
import { TenantsCache, tenantSource } from './tenants.js';

/**
 * The runtime compresses: a response whose `Content-Encoding` is gzip or br and whose body is not
 * yet encoded is encoded by workerd (and by Cloudflare) on the way out. So the app's compression
 * phase negotiates as on Node (`Vary`, weak ETag) and leaves the bytes to the platform.
 */
export const platformCompressor: Compressor = (body) => body;

/** The request target as sent (path and query), before URL parsing resolves dot segments. */
export function rawTarget(url: string): string {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  return slash === -1 ? '/' : url.slice(slash);
}

/** Upstream calls in flight, so each request can keep the isolate working until they settle. */
function tracked(upstream: Upstream, inflight: Set<Promise<unknown>>): Upstream {
  return {
    request(req) {
      const p = upstream.request(req);
      inflight.add(p);
      p.then(
        () => inflight.delete(p),
        () => inflight.delete(p),
      );
      return p;
    },
    close: () => upstream.close(),
  };
}

interface Built {
  app: ProxyApp;
  /** Many dealers: the tenants document, read again every few seconds. */
  tenants?: TenantsCache;
}

/** Outboxes `/healthz` asks before it answers (each is one subrequest: the root asks at most this many). */
const HEALTH_OUTBOXES = 40;

export function createEdgeWorker() {
  let building: Promise<Built> | undefined;
  const inflight = new Set<Promise<unknown>>();
  const log = (line: string) => console.log(line);
  const warn = (msg: string) => log(JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg }));

  /** Built on the first request (a Worker may not generate randomness at start-up). */
  async function build(env: EdgeEnv): Promise<Built> {
    const config = edgeConfig(env);
    const upstream = tracked(
      fetchUpstream(config.apiUrl, (req) => fetch(req)),
      inflight,
    );
    const leads = env.LEADS;
    const limits = { maxDepth: config.leadQueueMax, maxBytes: config.leadQueueBytes };
    const source = tenantSource(env);
    // One dealer's outbox is named "dealer"; a tenant's is named by its id (its own instance).
    const outbox = source ? undefined : new OutboxClient(() => leads.get(leads.idFromName('dealer')), limits);
    const app = createProxyApp(config, {
      upstream,
      leads: outbox,
      tenantLeads: (id) => new OutboxClient(() => leads.get(leads.idFromName(id)), limits, id),
      // A tenant's buckets are its own: the registry scopes this limiter by tenant id (tenants/registry.ts).
      limiter: edgeRateLimits(env.RATE_LIMITS, config.rateLimit, '', (err) =>
        warn(`rate limit unavailable: ${String(err)}`),
      ),
      assets: env.ASSETS ? fetcherAssets(env.ASSETS) : undefined,
      media: config.sandboxUrl
        ? tracked(
            fetchUpstream(config.sandboxUrl, (req) => fetch(req)),
            inflight,
          )
        : undefined,
      compress: platformCompressor,
      connInfo: cloudflareConnInfo,
      log,
    });
    app.allowOrigins(...config.ownOrigins);
    const tenants = source && new TenantsCache(source, env, log);
    if (tenants) await follow(app, tenants);
    return { app, tenants };
  }

  /** Serve the tenants document as it is now (a changed one swapped in whole, as a reload on Node). */
  async function follow(app: ProxyApp, tenants: TenantsCache): Promise<void> {
    const { specs, changed } = await tenants.current();
    if (!changed || !app.tenants) return;
    const summary = await app.tenants.apply(specs);
    const message = `tenants: ${summary.tenants} served (added ${summary.added.length}, removed ${summary.removed.length}, changed ${summary.changed.length})`;
    app.tenants.noteReload(true, message);
    log(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: message }));
  }

  /**
   * The root `/healthz` of many dealers reports every tenant's outbox as it is now. (One dealer's
   * health, at `/healthz`, `/d/<id>/healthz` or the console, asks its own outbox: routes/health.ts.)
   */
  async function refreshOutboxes(built: Built, req: Request, pathname: string): Promise<void> {
    const registry = built.app.tenants;
    if (!registry || pathname.startsWith('/d/') || registry.forHost(req.headers.get('host') ?? undefined)) return;
    const outboxes = registry.served().slice(0, HEALTH_OUTBOXES);
    await Promise.all(outboxes.map((t) => t.services.leads.refresh?.() ?? Promise.resolve(undefined)));
  }

  return {
    async fetch(req: Request, env: EdgeEnv, ctx: ExecutionContext): Promise<Response> {
      const refusal = checkRequestTarget(rawTarget(req.url));
      if (refusal) return refusalResponse(refusal);
      let built: Built;
      try {
        building ??= build(env).catch((err: unknown) => {
          building = undefined; // a fixed document or setting is picked up by the next request
          throw err;
        });
        built = await building;
        if (built.tenants) await follow(built.app, built.tenants);
      } catch (err) {
        console.error(err instanceof ConfigError ? err.message : `proxy could not start: ${String(err)}`);
        return refusalResponse(refuse.internal());
      }
      const { pathname } = new URL(req.url);
      if (pathname.endsWith('/healthz')) await refreshOutboxes(built, req, pathname);
      const res = await built.app.fetch(req);
      if (inflight.size) ctx.waitUntil(Promise.allSettled([...inflight]));
      return res;
    },
  };
}
